package search

import (
	"context"
	"sort"

	index "github.com/blevesearch/bleve_index_api"
)

// maxDictScan bounds how many dictionary entries one lookup reads, so that a
// short prefix on a large index stays fast.
const maxDictScan = 2000

// readerDict is a dictionary over the plain field of one language, read from a
// snapshot of the index.
type readerDict struct {
	r     index.IndexReader
	field string
}

var _ dictionary = readerDict{}

func (d readerDict) count(word string) uint64 {
	tfr, err := d.r.TermFieldReader(context.Background(), []byte(word), d.field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

func (d readerDict) near(word string, distance int) []dictEntry {
	fz, ok := d.r.(index.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	// Bleve's fuzzy dictionary leaves Count and EditDistance empty: the
	// automaton gives the distance and a term reader the count.
	fd, auto, err := fz.FieldDictFuzzyAutomaton(d.field, word, distance, "")
	if err != nil {
		return nil
	}
	out := drain(fd, false)
	kept := out[:0]
	for _, e := range out {
		_, dist := auto.MatchAndDistance(e.term)
		e.distance = int(dist)
		if e.count = d.count(e.term); e.count > 0 {
			kept = append(kept, e)
		}
	}
	out = kept
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].distance != out[j].distance {
			return out[i].distance < out[j].distance
		}
		return out[i].count > out[j].count
	})
	return out
}

func (d readerDict) completions(prefix string) []dictEntry {
	fd, err := d.r.FieldDictPrefix(d.field, []byte(prefix))
	if err != nil {
		return nil
	}
	out := drain(fd, true)
	sort.SliceStable(out, func(i, j int) bool { return out[i].count > out[j].count })
	return out
}

// drain reads up to maxDictScan entries of fd, in dictionary order, and closes
// it. With withCount, entries whose count is 0 (deleted steps) are dropped.
func drain(fd index.FieldDict, withCount bool) []dictEntry {
	defer fd.Close()
	var out []dictEntry
	for i := 0; i < maxDictScan; i++ {
		e, err := fd.Next()
		if err != nil || e == nil {
			break
		}
		if withCount && e.Count == 0 {
			continue
		}
		out = append(out, dictEntry{term: e.Term, count: e.Count})
	}
	return out
}
