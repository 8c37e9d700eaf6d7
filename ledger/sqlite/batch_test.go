package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"declic/ledger"
	"declic/ledger/ledgertest"
)

// batchedStore writes every change through a batch of one, so that the whole ledger
// suite runs through the batch's savepoints and prepared statements too.
type batchedStore struct{ *Store }

func (b batchedStore) Credit(ctx context.Context, req ledger.CreditRequest) (e ledger.Entry, err error) {
	batchErr := b.InBatch(ctx, func(w ledger.Writer) error { e, err = w.Credit(ctx, req); return nil })
	return e, errors.Join(err, batchErr)
}

func (b batchedStore) Enrol(ctx context.Context, req ledger.EnrolRequest) (e ledger.Entry, err error) {
	batchErr := b.InBatch(ctx, func(w ledger.Writer) error { e, err = w.Enrol(ctx, req); return nil })
	return e, errors.Join(err, batchErr)
}

func (b batchedStore) Cancel(ctx context.Context, req ledger.CancelRequest) (e ledger.Entry, err error) {
	batchErr := b.InBatch(ctx, func(w ledger.Writer) error { e, err = w.Cancel(ctx, req); return nil })
	return e, errors.Join(err, batchErr)
}

func TestLedgerSuiteThroughBatches(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T) func() (ledger.Store, error) {
		path := filepath.Join(t.TempDir(), "centre.db")
		return func() (ledger.Store, error) {
			s, err := Open(path)
			if err != nil {
				return nil, err
			}
			return batchedStore{s}, nil
		}
	}, false)
}

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "centre.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestABatchWritesItsCreditsInOrderAndRefusesOnlyWhatBreaksARule(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	other, err := Open(path) // another connection: sees nothing before the commit
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var seqs []int64
	err = s.InBatch(ctx, func(w ledger.Writer) error {
		for n := 1; n <= 5; n++ {
			e, err := w.Credit(ctx, ledgertest.Request("c", "L", n))
			if err != nil {
				return err
			}
			seqs = append(seqs, e.Seq)
			if n == 3 { // the same record again: refused, seeing the batch's own credit
				_, err := w.Credit(ctx, ledgertest.Request("c", "L", 3))
				if r := ledger.RefusalOf(err); r == nil || r.Code != ledger.CodeDuplicateRecord {
					t.Errorf("a record credited twice in one batch: %v", err)
				}
			}
		}
		if seen, err := other.Entries(ctx, ledger.Filter{}); err != nil || len(seen) != 0 {
			t.Errorf("another connection sees %d entries before the commit (%v)", len(seen), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 2, 3, 4, 5}; !equalSeqs(seqs, want) {
		t.Fatalf("seqs %v, want %v (the refused credit took no place)", seqs, want)
	}
	all, err := other.Entries(ctx, ledger.Filter{})
	if err != nil || len(all) != 5 {
		t.Fatalf("%d entries after the commit (%v)", len(all), err)
	}
	if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("chain: %v %v", problems, err)
	}
}

func equalSeqs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAFailedBatchWritesNothing(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	stop := errors.New("the operator stopped")
	err := s.InBatch(ctx, func(w ledger.Writer) error {
		for n := 1; n <= 3; n++ {
			if _, err := w.Credit(ctx, ledgertest.Request("c", "L", n)); err != nil {
				return err
			}
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err %v", err)
	}
	if all, err := s.Entries(ctx, ledger.Filter{}); err != nil || len(all) != 0 {
		t.Fatalf("%d entries written by a failed batch (%v)", len(all), err)
	}
}

func TestAnInvalidRequestInABatchLeavesTheOthers(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	err := s.InBatch(ctx, func(w ledger.Writer) error {
		bad := ledgertest.Request("c", "L", 2)
		bad.RecordID = ""
		if _, err := w.Credit(ctx, bad); !errors.Is(err, ledger.ErrInvalid) {
			t.Errorf("a request without record id: %v", err)
		}
		for _, n := range []int{1, 3} {
			if _, err := w.Credit(ctx, ledgertest.Request("c", "L", n)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if all, _ := s.Entries(ctx, ledger.Filter{}); len(all) != 2 {
		t.Fatalf("%d entries, want 2", len(all))
	}
}

// queryPlan returns SQLite's plan for query, its steps joined by "; ".
func queryPlan(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.DB().Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}

// Migration 0007 dropped the index on the date alone: the entries of a period are
// still found by the date, through the report index that starts with it.
func TestEntriesOfAPeriodAreFoundByTheDate(t *testing.T) {
	s, _ := openTemp(t)
	w, args := where(ledger.Filter{From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	plan := queryPlan(t, s, `SELECT `+columns+` FROM entries`+w+` ORDER BY seq`, args...)
	if !strings.Contains(plan, "INDEX entries_report (created_at>? AND created_at<?)") {
		t.Fatalf("plan: %s", plan)
	}
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'entries_created'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("entries_created: %d (%v)", n, err)
	}
}

// A dossier without pass number sums its hours by the learner's index, not by reading
// every entry without a pass (most of them, in a centre that does not note passes).
func TestHoursOfADossierWithoutPassAreReadByTheLearnersIndex(t *testing.T) {
	s, _ := openTemp(t)
	plan := queryPlan(t, s, `SELECT COALESCE(SUM(hours_credited), 0) FROM entries WHERE kind IN ('credit','cancel') AND +pass = '' AND learner = ?`, "L")
	if !strings.Contains(plan, "INDEX entries_learner (learner=?)") {
		t.Fatalf("plan: %s", plan)
	}
	ctx := context.Background()
	for n, learner := range []string{"A", "B", "A"} {
		req := ledgertest.Request("c", learner, n+1)
		req.Pass = ""
		if _, err := s.Credit(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	err := s.InBatch(ctx, func(w ledger.Writer) error {
		var total float64
		err := w.(*batch).t.QueryRowContext(ctx, `SELECT COALESCE(SUM(hours_credited), 0) FROM entries WHERE kind IN ('credit','cancel') AND +pass = '' AND learner = ?`, "A").Scan(&total)
		if h, _ := w.(*batch).t.PassHours(ctx, "c", "A", ""); err != nil || total != 3 || h != 3 {
			t.Errorf("A's hours: %v %v (%v)", total, h, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
