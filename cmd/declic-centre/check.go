package main

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"declic/card"
	"declic/catalogue"
	"declic/records"
)

// checked is what checking one file as a record found.
type checked struct {
	File   string
	Data   []byte // the record's JSON (expanded from the QR text form)
	Record *records.Record
	Credit catalogue.Credit
	Err    error // why it is not creditable; nil when it is
	// Card is true for a carte Déclic found among the records: skipped, not refused.
	Card bool
}

// isCard reports whether data is a carte Déclic (a learner's USB stick holds both).
func isCard(data []byte) bool {
	var head struct{ Type string }
	return json.Unmarshal(data, &head) == nil && head.Type == card.Type
}

// checkRecord verifies a record (proof, shape, dates) and looks its module up in the
// catalogue (trusted pack, active time, hours): what verify, credit and sync all do.
func checkRecord(data []byte, now time.Time, cat *catalogue.Catalogue) (*records.Record, catalogue.Credit, error) {
	// The catalogue checks active time against the module's real length.
	rec, err := records.Verify(data, records.VerifyOptions{Now: now, MinActiveShare: -1})
	if err != nil {
		return rec, catalogue.Credit{}, err
	}
	credit, err := cat.Check(rec)
	return rec, credit, err
}

// checkFile reads path safely and checks it as a record.
func checkFile(path string, now time.Time, cat *catalogue.Catalogue) checked {
	c := checked{File: path}
	data, err := readInput(path)
	if err != nil {
		c.Err = err
		return c
	}
	if records.IsCompact(data) {
		if data, err = records.Expand(string(data)); err != nil {
			c.Err = &records.VerifyError{Reason: records.ReasonUnknownFormat, Err: err}
			return c
		}
	}
	if isCard(bytes.TrimSpace(data)) {
		c.Card = true
		return c
	}
	c.Data = data
	c.Record, c.Credit, c.Err = checkRecord(data, now, cat)
	return c
}

// checkEach checks files on all available cores and hands each result to use, in file
// order, as soon as it and those before it are ready: crediting starts with the first
// record instead of waiting for the last.
func checkEach(files []string, now time.Time, cat *catalogue.Catalogue, use func(checked)) {
	results := make([]checked, len(files))
	ready := make([]chan struct{}, len(files))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = checkFile(files[i], now, cat)
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
		results[i] = checked{} // free the record once used
	}
	wg.Wait()
}
