package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"declic/catalogue"
	"declic/centre"
	"declic/ledger"
	"declic/ledger/sqlite"
)

// commitFails is the real SQLite ledger whose batches all fail at the end, as when the
// disk fills up while the transaction is written.
type commitFails struct{ *sqlite.Store }

var errDiskFull = errors.New("disk full")

func (c commitFails) InBatch(ctx context.Context, fn func(ledger.Writer) error) error {
	return c.Store.InBatch(ctx, func(w ledger.Writer) error {
		if err := fn(w); err != nil {
			return err
		}
		return errDiskFull
	})
}

// creditBatch checks two of Ana's records and a missing file, and credits them in one
// group on store.
func creditBatch(t *testing.T, c *testCentre, store ledger.Store, files []string) []centre.CreditResult {
	t.Helper()
	cat, _ := catalogue.Load(catalogue.Options{})
	var checked []centre.Checked
	centre.CheckEach(files, testNow, cat, func(ch centre.Checked) { checked = append(checked, ch) })
	in := centre.CreditInput{Learner: "Ana", Key: c.key, Policy: ledger.DefaultPolicy(), Now: testNow}
	return centre.CreditEach(context.Background(), store, in, checked)
}

func batchFiles(t *testing.T) (*testCentre, []string) {
	t.Helper()
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "Ana")
	return c, []string{
		issueTo(t, dir, p, "souris.json", souris(p)),
		issueTo(t, dir, p, "clavier.json", module(p, "03-le-clavier")),
		filepath.Join(dir, "absent.json"),
	}
}

func TestCreditEachGivesEachFileItsResultInOrderAfterOneCommit(t *testing.T) {
	c, files := batchFiles(t)
	store, err := sqlite.Open(c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	got := creditBatch(t, c, store, files)
	if len(got) != 3 || got[0].File != files[0] || got[1].File != files[1] || got[2].File != files[2] {
		t.Fatalf("results %+v", got)
	}
	if !got[0].Credited || !got[1].Credited || got[2].Credited || got[2].Reason != centre.CodeUnreadable {
		t.Fatalf("results %+v", got)
	}
	if got[1].Entry != got[0].Entry+1 {
		t.Fatalf("entries %d then %d: one chain, in file order", got[0].Entry, got[1].Entry)
	}
}

func TestNoFileIsSaidCreditedWhenTheGroupCannotBeWritten(t *testing.T) {
	c, files := batchFiles(t)
	store, err := sqlite.Open(c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, r := range creditBatch(t, c, commitFails{store}, files) {
		if r.Credited || r.Hours != 0 || r.Why.ID == "" {
			t.Fatalf("a file of a group never written: %+v", r)
		}
	}
	entries, err := store.Entries(context.Background(), ledger.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Kind == ledger.KindCredit {
			t.Fatalf("a credit was written: %+v", e)
		}
	}
}
