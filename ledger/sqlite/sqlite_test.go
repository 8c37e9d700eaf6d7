package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"declic/ledger"
	"declic/ledger/ledgertest"
)

func newLedger(t *testing.T) func() (ledger.Store, error) {
	path := filepath.Join(t.TempDir(), "centre.db")
	return func() (ledger.Store, error) { return Open(path) }
}

func TestLedgerSuite(t *testing.T) { ledgertest.Run(t, newLedger, false) }

func TestAppendOnlyTriggers(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Credit(context.Background(), ledgertest.Request("c", "L", 1)); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE entries SET hours_credited = 9`, `DELETE FROM entries`} {
		if _, err := s.DB().Exec(q); err == nil || !strings.Contains(err.Error(), "ajout seul") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// A ledger written by the first release (no centre, no operator, no schema_migrations)
// is migrated in place and its chain still checks.
func TestOpensAFirstReleaseLedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ancien.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := migrationFiles.ReadFile("migrations/0001_entries.sql")
	if _, err := raw.Exec(string(first)); err != nil {
		t.Fatal(err)
	}
	old := ledger.Link(ledger.Entry{Kind: ledger.KindCredit, RecordID: "urn:uuid:1", Learner: "L", LearnerKey: "did:key:z6Mk1",
		HoursEarned: 2, HoursCredited: 2, CreatedAt: time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)}, 0, "", nil)
	if _, err := raw.Exec(`INSERT INTO entries (seq, kind, record_id, learner, pass, device, hours_earned, hours_credited, created_at, prev_hash, hash)
		VALUES (1, 'credit', ?, 'L', '', ?, 2, 2, ?, ?, ?)`, old.RecordID, old.LearnerKey, old.CreatedAt.Format(time.RFC3339Nano), old.PrevHash, old.Hash); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	if err := s.DB().QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil || version != 7 {
		t.Fatalf("schema version %d, %v", version, err)
	}
	e, err := s.Credit(context.Background(), ledgertest.Request("epn-nord", "M", 2))
	if err != nil || e.Seq != 2 || e.PrevHash != old.Hash {
		t.Fatalf("credit after migration: %+v %v", e, err)
	}
	if problems, err := s.CheckChain(context.Background()); err != nil || len(problems) != 0 {
		t.Fatalf("chain: %v %v", problems, err)
	}
	if _, err := s.Credit(context.Background(), ledgertest.Request("epn-nord", "M", 2)); err == nil {
		t.Fatal("duplicate accepted after migration")
	}
}

func TestCheckChainFindsAlteredAndMissingRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 4 {
		if _, err := s.Credit(context.Background(), ledgertest.Request("c", "L", i)); err != nil {
			t.Fatal(err)
		}
	}
	// Someone with direct access drops the triggers, edits row 2 and deletes row 4's predecessor.
	if _, err := s.DB().Exec(`DROP TRIGGER entries_no_update; DROP TRIGGER entries_no_delete;
		UPDATE entries SET hours_credited = 9 WHERE seq = 2; DELETE FROM entries WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	problems, err := s.CheckChain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, string(p.Code))
	}
	text := strings.Join(got, " | ")
	if len(problems) != 3 || problems[0].Seq != 2 || text != "altered | missing-line | broken-link" {
		t.Fatalf("%+v", problems)
	}
}

// The file itself refuses a second credit of a record, of a module for a dossier or for
// a key, a credit taking a place no cancel freed, and a cancel of nothing, whoever
// inserts the row.
func TestTheFileRefusesDuplicatesWithoutTheCode(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	key := ledgertest.KeyOf("epn-nord")
	req := ledgertest.Request("epn-nord", "A", 1)
	first, err := s.Credit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		change func(e *ledger.Entry)
		want   string
	}{
		"the same record to another dossier":       {func(e *ledger.Entry) { e.Learner, e.LearnerKey = "B", "did:key:zB" }, "UNIQUE constraint failed: entries.record_id"},
		"a new record id, same dossier and module": {func(e *ledger.Entry) { e.RecordID, e.LearnerKey = ledgertest.RecordID(2), "did:key:zB" }, "UNIQUE constraint failed: entries.centre, entries.learner"},
		"a new record id, same key and module":     {func(e *ledger.Entry) { e.RecordID, e.Learner = ledgertest.RecordID(2), "B" }, "UNIQUE constraint failed: entries.device"},
		"a place no cancel freed":                  {func(e *ledger.Entry) { e.Attempts = ledger.Attempts{Record: 1, Dossier: 1, Key: 1} }, "une fois"},
		"a cancel of no entry": {func(e *ledger.Entry) {
			e.Kind, e.Target, e.HoursCredited, e.RecordID = ledger.KindCancel, 7, -1.5, ledgertest.RecordID(3)
		}, "annulation refusée"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := first
			c.change(&e)
			e = ledger.Link(e, first.Seq, first.Hash, key)
			var attempts [3]any
			if e.Kind == ledger.KindCredit {
				attempts = [3]any{e.Attempts.Record, e.Attempts.Dossier, e.Attempts.Key}
			}
			_, err := s.DB().Exec(`INSERT INTO entries (seq, centre, operator, kind, record_id, learner, pass, device, achievement_id,
				module, hours_earned, hours_credited, target, record_attempt, dossier_attempt, key_attempt, created_at, prev_hash, hash, signer, signature)
				VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, e.Seq, e.Centre, e.Operator, e.Kind, e.RecordID, e.Learner, e.Pass,
				e.LearnerKey, e.AchievementID, e.Module, e.HoursEarned, e.HoursCredited, e.Target, attempts[0], attempts[1], attempts[2],
				e.CreatedAt.Format(time.RFC3339Nano), e.PrevHash, e.Hash, e.Signer, e.Signature)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%v, want %q", err, c.want)
			}
		})
	}
}
