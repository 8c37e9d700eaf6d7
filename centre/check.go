// Package centre is what a Déclic centre does with what learners bring: it reads their
// files safely, verifies their records against the centre's catalogue, credits them to
// the ledger, reads their carte Déclic, adds up reports, and says every refusal as a
// message of the i18n catalogue (i18n/locales/centre.*.toml). The command line
// (cmd/declic-centre) and the web workspace (centreweb) both stand on it.
package centre

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"declic/bilan"
	"declic/card"
	"declic/catalogue"
	"declic/records"
)

// Checked is what checking one file as a record found.
type Checked struct {
	File   string
	Data   []byte // the record's JSON (expanded from the QR text form)
	Record *records.Record
	Credit catalogue.Credit
	Err    error // why it is not creditable; nil when it is
	// Card is true for a carte Déclic found among the records: skipped, not refused.
	Card bool
	// Holder is that card, when it is readable.
	Holder *card.Card
	// Bilan is true for a learner's « Mon bilan » found among the records: skipped (it
	// is read in her dossier, never credited).
	Bilan bool
}

// IsBilan reports whether data is a learner's « Mon bilan » file.
func IsBilan(data []byte) bool {
	// As for cards: a file without the type name anywhere is not one, and records
	// are not decoded twice to learn it.
	if !bytes.Contains(data, []byte(bilan.Type)) {
		return false
	}
	var head struct{ Type string }
	return json.Unmarshal(data, &head) == nil && head.Type == bilan.Type
}

// IsCard reports whether data is a carte Déclic (a learner's USB stick holds both).
func IsCard(data []byte) bool {
	// A file without the card's type name anywhere is not one: records are not
	// decoded twice to learn it.
	if !bytes.Contains(data, []byte(card.Type)) {
		return false
	}
	var head struct{ Type string }
	return json.Unmarshal(data, &head) == nil && head.Type == card.Type
}

// CheckRecord verifies a record (proof, shape, dates) and looks its module up in the
// catalogue (trusted pack, active time, hours): what verify, credit and sync all do.
func CheckRecord(data []byte, now time.Time, cat *catalogue.Catalogue) (*records.Record, catalogue.Credit, error) {
	// The catalogue checks active time against the module's real length.
	rec, err := records.Verify(data, records.VerifyOptions{Now: now, MinActiveShare: -1})
	if err != nil {
		return rec, catalogue.Credit{}, err
	}
	credit, err := cat.Check(rec)
	return rec, credit, err
}

// CheckFile reads path safely and checks it as a record (see CheckData).
func CheckFile(path string, now time.Time, cat *catalogue.Catalogue) Checked {
	data, err := ReadInput(path)
	if err != nil {
		return Checked{File: path, Err: err}
	}
	return CheckData(path, data, now, cat)
}

// CheckData checks the bytes of a file named name as a record: the QR text form is
// expanded first, and a carte Déclic is recognised (Card set, parsed into Holder when
// readable) instead of refused.
func CheckData(name string, data []byte, now time.Time, cat *catalogue.Catalogue) Checked {
	c := Checked{File: name}
	if records.IsCompact(data) {
		var err error
		if data, err = records.Expand(string(data)); err != nil {
			c.Err = &records.VerifyError{Reason: records.ReasonUnknownFormat, Err: err}
			return c
		}
	}
	if IsCard(bytes.TrimSpace(data)) {
		c.Card = true
		if k, err := card.Parse(data); err == nil {
			c.Holder = &k
		}
		return c
	}
	if IsBilan(bytes.TrimSpace(data)) {
		c.Bilan = true
		return c
	}
	c.Data = data
	c.Record, c.Credit, c.Err = CheckRecord(data, now, cat)
	return c
}

// filesPerChecker is how many files make another core worth it: checking a record
// takes about 0.1 ms, and handing files to other cores and waiting for them costs,
// in processor time, more than checking a learner's dozen records alone.
const filesPerChecker = 32

// CheckEach checks files and hands each result to use, in file order, as soon as it
// and those before it are ready: crediting starts with the first record instead of
// waiting for the last. Many files are checked on all available cores, a few on one.
func CheckEach(files []string, now time.Time, cat *catalogue.Catalogue, use func(Checked)) {
	workers := min(runtime.GOMAXPROCS(0), len(files)/filesPerChecker)
	if workers <= 1 {
		for _, f := range files {
			use(CheckFile(f, now, cat))
		}
		return
	}
	results := make([]Checked, len(files))
	ready := make([]chan struct{}, len(files))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = CheckFile(files[i], now, cat)
				close(ready[i])
			}
		}()
	}
	go func() {
		for i := range files {
			next <- i
		}
		close(next)
	}()
	for i := range files {
		<-ready[i]
		use(results[i])
		results[i] = Checked{} // free the record once used
	}
	wg.Wait()
}
