package ledger

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Reader is what the centre's workspace reads from a ledger besides Store: a page of
// entries, the list of dossiers and a chain's head, computed by the database so that
// a page stays quick on a ledger of a hundred thousand entries. Both stores implement
// it; a shared ledger gives a centre's role its own rows only.
type Reader interface {
	// Page returns the entries matching q, newest first, without their record JSON,
	// and how many match in all.
	Page(ctx context.Context, q PageQuery) ([]Listed, int, error)
	// Dossiers returns the dossiers matching q, in alphabetical order, and how many
	// match in all.
	Dossiers(ctx context.Context, q DossierQuery) ([]Dossier, int, error)
	// Period returns the entries matching f as Network does (another centre's names as
	// pseudonyms), with only what reports read: centre, seq, kind, date, dossier, pass,
	// module, hours, operator, enrolment, record id and target.
	Period(ctx context.Context, f Filter) ([]Entry, error)
	// Head returns the number of entries in centre's chain (the whole file for
	// SQLite) and the hash of the last one.
	Head(ctx context.Context, centre string) (int64, string, error)
	// Since returns the lines of centre's chain after line seq (of the whole file for
	// SQLite), in chain order, with what Period reads and each line's previous and own
	// hash: what keeps a report up to date, checking that the new lines continue the
	// chain it had read.
	Since(ctx context.Context, centre string, seq int64) ([]Entry, error)
	// Matches returns every line of q.Centre's chain after line after that Page would
	// list for q (its search, dossier and kind; not its offset and limit), in Page's
	// order: what keeps a search up to date with the new lines alone.
	Matches(ctx context.Context, q PageQuery, after int64) ([]Match, error)
	// Lines returns centre's lines numbered seqs, in that order, as Page lists them.
	Lines(ctx context.Context, centre string, seqs []int64) ([]Listed, error)
}

// Match is a line a search finds: its number and, for a store that lists a search by
// date (PostgreSQL), its date (zero for a store that lists by line number alone).
type Match struct {
	Seq int64
	At  time.Time
}

// PageQuery selects a page of entries. Empty fields match everything.
type PageQuery struct {
	Centre string
	// Search matches the dossier, the module, the operator, the pass or the reason
	// (case-insensitive, anywhere in them), the record id exactly, or the line number.
	Search string
	// Learner matches the dossier exactly.
	Learner string
	// Kind is KindCredit, KindEnrol or KindCancel.
	Kind          string
	Offset, Limit int
}

// Listed is an entry of a page, with the line that cancels it (0 when none).
type Listed struct {
	Entry
	CancelledBy int64
}

// DossierQuery selects dossiers. Search matches the dossier's name anywhere in it.
type DossierQuery struct {
	Centre, Search string
	Offset, Limit  int
}

// Dossier is one learner's dossier at a centre, as its entries add up.
type Dossier struct {
	Centre, Learner string
	// Credits counts active credits, Hours their hours (cancels deducted).
	Credits int
	Hours   float64
	// Cards counts the keys enrolled for the dossier and not cancelled.
	Cards int
	// Last is the date of its latest entry.
	Last time.Time
}

// ErrNoReader is returned by ReaderOf for a store that cannot page.
var ErrNoReader = errors.New("ledger: this store cannot list pages")

// ReaderOf returns store as a Reader.
func ReaderOf(store Store) (Reader, error) {
	r, ok := store.(Reader)
	if !ok {
		return nil, ErrNoReader
	}
	return r, nil
}

// LikePattern is s as a LIKE pattern matching it anywhere, with the LIKE wildcards
// and the escape character of s escaped (ESCAPE '\').
func LikePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// PageLimit bounds q's limit to 1–500 (50 when unset).
func PageLimit(limit int) int {
	switch {
	case limit <= 0:
		return 50
	case limit > 500:
		return 500
	}
	return limit
}

// EnrolmentReader finds the active enrolment of a learner key at a centre.
type EnrolmentReader interface {
	Enrolled(ctx context.Context, centre, learnerKey string) (Entry, bool, error)
}

// InOrder returns the lines of found numbered seqs, in the order of seqs (a number
// not found is left out).
func InOrder(found []Listed, seqs []int64) []Listed {
	bySeq := make(map[int64]Listed, len(found))
	for _, l := range found {
		bySeq[l.Seq] = l
	}
	out := make([]Listed, 0, len(seqs))
	for _, n := range seqs {
		if l, ok := bySeq[n]; ok {
			out = append(out, l)
		}
	}
	return out
}
