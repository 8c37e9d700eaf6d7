// Package ledgertest is the behaviour every ledger.Store must have, as one test suite
// that each store's tests run against a real database (table-driven over a factory).
package ledgertest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/ledger"
)

// Factory makes a fresh, empty ledger and returns a function that opens it (as often as
// a test needs, each call a new connection, as separate processes would have).
type Factory func(t *testing.T) (open func() (ledger.Store, error))

// Now is the time tests credit at.
var Now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

var generous = ledger.Policy{HoursPerPass: 1e6, HomeHoursCap: 1e6, CreditRatio: 1}

// Request is a valid credit of record n to learner at centre.
func Request(centre, learner string, n int) ledger.CreditRequest {
	return ledger.CreditRequest{
		Centre: centre, Operator: "agent-" + centre, RecordID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", n),
		Learner: learner, Pass: "PASS-" + learner, Device: "did:key:z6Mk" + learner,
		AchievementID: "urn:declic:achievement:fr.declic.premiers-pas:02-la-souris", Module: "La souris",
		ActivityEnd: "2026-11-20T10:00:00Z", HoursEarned: 1.5, Policy: generous, Now: Now,
	}
}

func mustOpen(t *testing.T, open func() (ledger.Store, error)) ledger.Store {
	t.Helper()
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func refusal(t *testing.T, err error) *ledger.Refusal {
	t.Helper()
	var r *ledger.Refusal
	if !errors.As(err, &r) {
		t.Fatalf("want a refusal, got %v", err)
	}
	return r
}

// Run runs the whole suite against the stores newLedger makes.
func Run(t *testing.T, newLedger Factory) {
	tests := []struct {
		name string
		run  func(t *testing.T, open func() (ledger.Store, error))
	}{
		{"CreditOnceThenRefuseNamingCentreAndDate", creditOnce},
		{"DeviceBoundToAnotherLearnerNeedsRebind", deviceBinding},
		{"EnrolmentMarksLaterCredits", enrolment},
		{"PolicyCapsAndRatio", policy},
		{"BadRequestsAreRefusedAndNothingIsWritten", badRequests},
		{"EntriesFilterAndOrder", entriesFilter},
		{"ChainIsIntactAndSurvivesReopening", chainAndReopen},
		{"FreshLedgerOpenedByFourAtOnce", concurrentOpens},
		{"EightWritersTwoCentresOverlappingRecords", eightWriters},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newLedger(t)) })
	}
}

func creditOnce(t *testing.T, open func() (ledger.Store, error)) {
	s := mustOpen(t, open)
	ctx := context.Background()
	e, err := s.Credit(ctx, Request("epn-nord", "Dossier 42", 1))
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 1 || e.Centre != "epn-nord" || e.Operator != "agent-epn-nord" || e.HoursCredited != 1.5 || e.Kind != ledger.KindCredit ||
		e.PrevHash != ledger.GenesisHash || e.Hash != ledger.Hash(e) || e.Enrolled {
		t.Fatalf("entry %+v", e)
	}
	// Same record again, same centre, other learner: refused, naming learner and date.
	_, err = s.Credit(ctx, Request("epn-nord", "Dossier 43", 1))
	r := refusal(t, err)
	if !strings.Contains(r.Message, "déjà crédité par epn-nord le 23/11/2026") || !strings.Contains(r.Message, "(à Dossier 42)") || r.Holder == nil || r.Holder.Seq != 1 {
		t.Fatalf("refusal %q %+v", r.Message, r.Holder)
	}
	// From another centre: the centre and date, not the other centre's learner.
	_, err = s.Credit(ctx, Request("epn-sud", "Dossier 7", 1))
	r = refusal(t, err)
	if !strings.Contains(r.Message, "déjà crédité par epn-nord le 23/11/2026") || strings.Contains(r.Message, "Dossier 42") {
		t.Fatalf("refusal seen from another centre: %q", r.Message)
	}
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil || len(all) != 1 {
		t.Fatalf("%d entries, %v", len(all), err)
	}
}

func deviceBinding(t *testing.T, open func() (ledger.Store, error)) {
	s := mustOpen(t, open)
	ctx := context.Background()
	first := Request("epn-nord", "A", 1)
	if _, err := s.Credit(ctx, first); err != nil {
		t.Fatal(err)
	}
	other := Request("epn-nord", "B", 2)
	other.Device = first.Device
	r := refusal(t, second(s.Credit(ctx, other)))
	if !strings.Contains(r.Message, "lié à « A »") {
		t.Fatalf("refusal %q", r.Message)
	}
	other.Rebind = true
	e, err := s.Credit(ctx, other)
	if err != nil || !e.Enrolled || e.Seq != 3 {
		t.Fatalf("rebind: %+v %v", e, err)
	}
	all, _ := s.Entries(ctx, ledger.Filter{Learner: "B"})
	if len(all) != 2 || all[0].Kind != ledger.KindEnrol || all[1].Kind != ledger.KindCredit {
		t.Fatalf("rebind writes an enrolment then the credit: %+v", all)
	}
}

func second(_ ledger.Entry, err error) error { return err }

func enrolment(t *testing.T, open func() (ledger.Store, error)) {
	s := mustOpen(t, open)
	ctx := context.Background()
	req := Request("epn-nord", "Mme Exemple", 1)
	en, err := s.Enrol(ctx, ledger.EnrolRequest{Centre: "epn-nord", Operator: "Claire", Device: req.Device, Learner: "Mme Exemple", Now: Now})
	if err != nil || en.Kind != ledger.KindEnrol || en.Operator != "Claire" || en.Seq != 1 {
		t.Fatalf("enrol %+v %v", en, err)
	}
	e, err := s.Credit(ctx, req)
	if err != nil || !e.Enrolled || e.PrevHash != en.Hash {
		t.Fatalf("credit after enrolment %+v %v", e, err)
	}
	if _, err := s.Enrol(ctx, ledger.EnrolRequest{Centre: "epn-nord", Learner: "X"}); !errors.Is(err, ledger.ErrInvalid) {
		t.Fatalf("enrolment without device: %v", err)
	}
}

func policy(t *testing.T, open func() (ledger.Store, error)) {
	s := mustOpen(t, open)
	ctx := context.Background()
	p := ledger.Policy{HoursPerPass: 10, HomeHoursCap: 2.5, CreditRatio: 0.5}
	var got []float64
	var notes []string
	for i := range 4 {
		req := Request("epn-nord", "L", i+1)
		req.HoursEarned, req.Policy = 2, p
		e, err := s.Credit(ctx, req)
		var r *ledger.Refusal
		switch {
		case errors.As(err, &r):
			notes = append(notes, r.Message)
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, e.HoursCredited)
		}
	}
	// 2 h × 0.5 = 1 h each; the 2.5 h home cap leaves 0.5 h for the third, nothing for the fourth.
	if fmt.Sprint(got) != "[1 1 0.5]" || len(notes) != 1 || !strings.Contains(notes[0], "plafond des heures à domicile") {
		t.Fatalf("credited %v, refused %q", got, notes)
	}
	// Caps are per learner and pass: another learner starts afresh.
	req := Request("epn-nord", "M", 9)
	req.HoursEarned, req.Policy = 2, p
	if e, err := s.Credit(ctx, req); err != nil || e.HoursCredited != 1 {
		t.Fatalf("other learner: %+v %v", e, err)
	}
}

func badRequests(t *testing.T, open func() (ledger.Store, error)) {
	s := mustOpen(t, open)
	ctx := context.Background()
	cases := map[string]func(*ledger.CreditRequest){
		"no record id":    func(r *ledger.CreditRequest) { r.RecordID = "" },
		"no learner":      func(r *ledger.CreditRequest) { r.Learner = "  " },
		"no device":       func(r *ledger.CreditRequest) { r.Device = "" },
		"negative hours":  func(r *ledger.CreditRequest) { r.HoursEarned = -1 },
		"NaN hours":       func(r *ledger.CreditRequest) { r.HoursEarned = math.NaN() },
		"newline in name": func(r *ledger.CreditRequest) { r.Learner = "A\nB" },
		"NUL in pass":     func(r *ledger.CreditRequest) { r.Pass = "P\x00" },
		"huge module":     func(r *ledger.CreditRequest) { r.Module = strings.Repeat("m", 5000) },
	}
	for name, change := range cases {
		req := Request("epn-nord", "L", 1)
		change(&req)
		if _, err := s.Credit(ctx, req); !errors.Is(err, ledger.ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", name, err)
		}
	}
	if all, err := s.Entries(ctx, ledger.Filter{}); err != nil || len(all) != 0 {
		t.Fatalf("bad requests wrote %d entries (%v)", len(all), err)
	}
}

func entriesFilter(t *testing.T, open func() (ledger.Store, error)) {
	s := mustOpen(t, open)
	ctx := context.Background()
	for i, c := range []struct {
		centre, learner string
		at              time.Time
	}{
		{"epn-nord", "A", Now.AddDate(0, -1, 0)}, {"epn-nord", "B", Now}, {"epn-sud", "A", Now}, {"epn-sud", "C", Now.AddDate(0, 1, 0)},
	} {
		req := Request(c.centre, c.learner, i)
		req.Now, req.Device = c.at, fmt.Sprint("did:key:z6Mk", i)
		if _, err := s.Credit(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	count := func(f ledger.Filter) int {
		all, err := s.Entries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range all {
			if !f.Match(e) {
				t.Errorf("entry %+v does not match %+v", e, f)
			}
		}
		return len(all)
	}
	for f, want := range map[*ledger.Filter]int{
		{}: 4, {Centre: "epn-sud"}: 2, {Learner: "A"}: 2, {Pass: "PASS-C"}: 1, {Centre: "epn-nord", Learner: "A"}: 1,
		{From: Now}: 3, {To: Now}: 1, {From: Now, To: Now.Add(time.Hour)}: 2, {Centre: "ailleurs"}: 0,
	} {
		if got := count(*f); got != want {
			t.Errorf("%+v: %d entries, want %d", *f, got, want)
		}
	}
}

func chainAndReopen(t *testing.T, open func() (ledger.Store, error)) {
	ctx := context.Background()
	s, err := open()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		centre := []string{"epn-nord", "epn-sud"}[i%2]
		req := Request(centre, fmt.Sprint("L", i%5), i)
		req.Now = Now.Add(time.Duration(i) * time.Minute)
		if _, err := s.Credit(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s = mustOpen(t, open) // reopening applies no migration twice and keeps every entry
	problems, err := s.CheckChain(ctx)
	if err != nil || len(problems) != 0 {
		t.Fatalf("fresh chain: %v %v", problems, err)
	}
	all, _ := s.Entries(ctx, ledger.Filter{})
	if len(all) != 30 {
		t.Fatalf("%d entries after reopening", len(all))
	}
	for _, e := range all {
		if e.Hash != ledger.Hash(e) {
			t.Fatalf("entry read back differs from what was hashed: %+v", e)
		}
	}
}

// eightWriters is the race: 8 goroutines, each with its own connection, 4 per centre,
// credit overlapping sets of 1,000 records; every record ends up credited exactly once.
func eightWriters(t *testing.T, open func() (ledger.Store, error)) {
	const records, writers = 1000, 8
	ctx := context.Background()
	var wg sync.WaitGroup
	credited := make([][]int, writers)
	errs := make(chan error, writers)
	for w := range writers {
		s := mustOpen(t, open)
		wg.Add(1)
		go func() {
			defer wg.Done()
			centre := []string{"epn-nord", "epn-sud"}[w%2]
			// Writer w covers records [w*125, w*125+500): each record is wanted by 4 writers.
			for k := range 500 {
				n := (w*125 + k*7) % records // interleaved, so writers collide all along
				req := Request(centre, fmt.Sprint("L", n%50), n)
				req.Device = fmt.Sprint("did:key:z6Mk", centre, n%50)
				_, err := s.Credit(ctx, req)
				var r *ledger.Refusal
				switch {
				case err == nil:
					credited[w] = append(credited[w], n)
				case errors.As(err, &r) && strings.HasPrefix(r.Message, "déjà crédité"):
				default:
					errs <- fmt.Errorf("writer %d record %d: %w", w, n, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	wanted := map[int]bool{}
	for w := range writers {
		for k := range 500 {
			wanted[(w*125+k*7)%records] = true
		}
	}
	seen := map[int]int{}
	for w := range writers {
		for _, n := range credited[w] {
			seen[n]++
		}
	}
	for n := range wanted {
		if seen[n] != 1 {
			t.Errorf("record %d credited %d times", n, seen[n])
		}
	}
	s := mustOpen(t, open)
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var hours float64
	for _, e := range all {
		hours += e.HoursCredited
	}
	if len(all) != len(wanted) || hours != 1.5*float64(len(wanted)) {
		t.Fatalf("%d entries and %v h for %d distinct records", len(all), hours, len(wanted))
	}
	if problems, err := s.CheckChain(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("chains after the race: %v %v", problems, err)
	}
}

// concurrentOpens opens a fresh ledger from four connections at once, as several
// processes starting together do: the schema is created once, without error.
func concurrentOpens(t *testing.T, open func() (ledger.Store, error)) {
	var wg sync.WaitGroup
	stores := make([]ledger.Store, 4)
	errs := make([]error, 4)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = open()
		}()
	}
	wg.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Fatalf("open %d: %v", i, errs[i])
		}
		defer s.Close()
		if _, err := s.Credit(context.Background(), Request("epn-nord", "L", i)); err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
	}
}
