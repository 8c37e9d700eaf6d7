// Package ledgertest is the behaviour every ledger.Store must have, as one test suite
// that each store's tests run against a real database (table-driven over a factory).
package ledgertest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/keys"
	"declic/ledger"
)

// Factory makes a fresh, empty ledger and returns a function that opens it (as often as
// a test needs, each call a new connection, as separate processes would have).
type Factory func(t *testing.T) (open func() (ledger.Store, error))

// Now is the time tests credit at.
var Now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// Generous is a policy whose caps no test reaches.
var Generous = ledger.Policy{HoursPerPass: 1e6, HomeHoursCap: 1e6, CreditRatio: 1}

// KeyOf returns a fixed key for a name (a centre or a learner profile): the same name
// gives the same key in every test and process.
func KeyOf(name string) *keys.Key {
	seed := sha256.Sum256([]byte("ledgertest:" + name))
	k, err := keys.FromBytes(seed[:])
	if err != nil {
		panic(err)
	}
	return k
}

// RecordID is the record id of record n.
func RecordID(n int) string { return fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", n) }

// Achievement is the id of module m.
func Achievement(m int) string {
	return fmt.Sprintf("urn:declic:achievement:fr.declic.premiers-pas:%02d-module", m)
}

// Request is a valid credit at centre of record n, for module n, signed by learner's
// profile key, to dossier learner. Policies accept unenrolled keys unless a test enrols.
func Request(centre, learner string, n int) ledger.CreditRequest {
	return ledger.CreditRequest{
		Centre: centre, Operator: "agent-" + centre, CentreKey: KeyOf(centre), RecordID: RecordID(n),
		Learner: learner, Pass: "PASS-" + learner, LearnerKey: KeyOf(learner).DID(),
		AchievementID: Achievement(n), Module: "Module " + fmt.Sprint(n), ActivityEnd: "2026-11-20T10:00:00Z",
		HoursEarned: 1.5, Hours: 1.5, RecordJSON: []byte(fmt.Sprintf(`{"record":%d}`, n)),
		Policy: withUnenrolled(Generous), Now: Now,
	}
}

func withUnenrolled(p ledger.Policy) ledger.Policy { p.AcceptUnenrolled = true; return p }

// Enrol is the enrolment at centre of learner's profile key for dossier learner.
func Enrol(centre, learner string) ledger.EnrolRequest {
	return ledger.EnrolRequest{Centre: centre, Operator: "agent-" + centre, CentreKey: KeyOf(centre),
		LearnerKey: KeyOf(learner).DID(), Learner: learner, Reason: "card", Now: Now}
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

func refusal(t *testing.T, err error, code ledger.Code) *ledger.Refusal {
	t.Helper()
	r := ledger.RefusalOf(err)
	if r == nil || r.Code != code {
		t.Fatalf("want a refusal %q, got %v", code, err)
	}
	return r
}

func second(_ ledger.Entry, err error) error { return err }

// suite is one run's store and how its centres sign: a one-centre file has one key, a
// network one key per centre.
type suite struct {
	open    func() (ledger.Store, error)
	network bool
}

func (st suite) mustOpen(t *testing.T) ledger.Store { return mustOpen(t, st.open) }

// key is the key centre signs with: its own on a network, the file's in a one-centre ledger.
func (st suite) key(centre string) *keys.Key {
	if st.network {
		return KeyOf(centre)
	}
	return KeyOf("the centre's file")
}

func (st suite) request(centre, learner string, n int) ledger.CreditRequest {
	r := Request(centre, learner, n)
	r.CentreKey = st.key(centre)
	return r
}

func (st suite) enrol(centre, learner string) ledger.EnrolRequest {
	r := Enrol(centre, learner)
	r.CentreKey = st.key(centre)
	return r
}

// Run runs the whole suite against the stores newLedger makes; network says whether
// they hold several centres' chains (each centre signing with its own key).
func Run(t *testing.T, newLedger Factory, network bool) {
	tests := []struct {
		name string
		run  func(t *testing.T, st suite)
	}{
		{"ARecordIsCreditedOnceAndTheRefusalNamesItsHolder", creditOnce},
		{"AnUnenrolledKeyIsRefusedUnlessThePolicyAcceptsIt", unenrolled},
		{"AKeyEnrolledForAnotherDossierIsRefused", otherDossier},
		{"ANewRecordForTheSameModuleIsRefusedForTheDossierAndTheKey", oneModuleOnce},
		{"ACancelFreesThePlaceForOneNewCreditAndNothingIsDeleted", cancelFrees},
		{"PolicyCapsAndRatioCountPerPass", policy},
		{"BadRequestsAreRefusedAndNothingIsWritten", badRequests},
		{"AnotherCentreKeyCannotWriteOnTheChain", otherCentreKey},
		{"EntriesFilterAndOrder", entriesFilter},
		{"PagesOfAChainGoNewestFirstWithTheirCancels", chainPages},
		{"ChainIsSignedIntactAndSurvivesReopening", chainAndReopen},
		{"FreshLedgerOpenedByFourAtOnce", concurrentOpens},
		{"EightWritersTwoCentresOverlappingRecords", eightWriters},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, suite{open: newLedger(t), network: network}) })
	}
}

func creditOnce(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	e, err := s.Credit(ctx, st.request("epn-nord", "Dossier 42", 1))
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 1 || e.Centre != "epn-nord" || e.Operator != "agent-epn-nord" || e.HoursCredited != 1.5 || e.Kind != ledger.KindCredit ||
		e.PrevHash != ledger.GenesisHash || e.Hash != ledger.Hash(e) || e.Enrolled || e.Signer != st.key("epn-nord").DID() ||
		e.RecordHash != ledger.RecordHash([]byte(`{"record":1}`)) {
		t.Fatalf("entry %+v", e)
	}
	// Same record again, same centre, other learner: refused, naming the holder.
	req := st.request("epn-nord", "Dossier 43", 1)
	r := refusal(t, second(s.Credit(ctx, req)), ledger.CodeDuplicateRecord)
	if r.Holder == nil || r.Holder.Seq != 1 || r.Holder.Centre != "epn-nord" || r.Holder.Learner != "Dossier 42" || !r.Holder.CreatedAt.Equal(Now) {
		t.Fatalf("holder %+v", r.Holder)
	}
	// From another centre: refused, the holder's centre and date known.
	r = refusal(t, second(s.Credit(ctx, st.request("epn-sud", "Dossier 7", 1))), ledger.CodeDuplicateRecord)
	if r.Holder == nil || r.Holder.Centre != "epn-nord" || !r.Holder.CreatedAt.Equal(Now) {
		t.Fatalf("holder seen from another centre: %+v", r.Holder)
	}
	all, err := s.Entries(ctx, ledger.Filter{})
	if err != nil || len(all) != 1 || string(all[0].RecordJSON) != `{"record":1}` {
		t.Fatalf("%d entries, %v", len(all), err)
	}
}

func unenrolled(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	req := st.request("epn-nord", "Mme Exemple", 1)
	req.Policy = Generous
	refusal(t, second(s.Credit(ctx, req)), ledger.CodeNotEnrolled)
	en, err := s.Enrol(ctx, st.enrol("epn-nord", "Mme Exemple"))
	if err != nil || en.Kind != ledger.KindEnrol || en.LearnerKey != KeyOf("Mme Exemple").DID() || en.Reason != "card" {
		t.Fatalf("enrol %+v %v", en, err)
	}
	e, err := s.Credit(ctx, req)
	if err != nil || !e.Enrolled || e.PrevHash != en.Hash {
		t.Fatalf("credit after enrolment %+v %v", e, err)
	}
	// The policy's opt-out credits an unenrolled key, marked as such.
	other := st.request("epn-nord", "M. Autre", 2)
	if e, err := s.Credit(ctx, other); err != nil || e.Enrolled {
		t.Fatalf("unenrolled accepted by policy: %+v %v", e, err)
	}
	refusal(t, second(s.Enrol(ctx, st.enrol("epn-nord", "Mme Exemple"))), ledger.CodeAlreadyEnrolled)
	if _, err := s.Enrol(ctx, ledger.EnrolRequest{Centre: "epn-nord", CentreKey: st.key("epn-nord"), Learner: "X", LearnerKey: "did:web:example.org"}); !errors.Is(err, ledger.ErrInvalid) {
		t.Fatalf("enrolment of a key that is no did:key: %v", err)
	}
}

func otherDossier(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	if _, err := s.Enrol(ctx, st.enrol("epn-nord", "A")); err != nil {
		t.Fatal(err)
	}
	req := st.request("epn-nord", "B", 1)
	req.LearnerKey = KeyOf("A").DID() // A's records, credited to B's dossier
	req.Policy = Generous
	r := refusal(t, second(s.Credit(ctx, req)), ledger.CodeOtherDossier)
	if r.Holder == nil || r.Holder.Learner != "A" || r.Holder.Kind != ledger.KindEnrol {
		t.Fatalf("holder %+v", r.Holder)
	}
	enrolB := st.enrol("epn-nord", "B")
	enrolB.LearnerKey = KeyOf("A").DID()
	refusal(t, second(s.Enrol(ctx, enrolB)), ledger.CodeOtherDossier)
}

func oneModuleOnce(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	if _, err := s.Credit(ctx, st.request("epn-nord", "A", 1)); err != nil {
		t.Fatal(err)
	}
	// The learner re-signs the same module with a new record id, same key.
	again := st.request("epn-nord", "A", 2)
	again.AchievementID = Achievement(1)
	refusal(t, second(s.Credit(ctx, again)), ledger.CodeDuplicateDossier)
	// The same key's new record, credited to another dossier, or at another centre.
	again.Learner = "A-bis"
	refusal(t, second(s.Credit(ctx, again)), ledger.CodeDuplicateKey)
	elsewhere := st.request("epn-sud", "A", 3)
	elsewhere.AchievementID = Achievement(1)
	r := refusal(t, second(s.Credit(ctx, elsewhere)), ledger.CodeDuplicateKey)
	if r.Holder == nil || r.Holder.Centre != "epn-nord" {
		t.Fatalf("holder %+v", r.Holder)
	}
}

func cancelFrees(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	wrong, err := s.Credit(ctx, st.request("epn-nord", "Dossier 41", 1))
	if err != nil {
		t.Fatal(err)
	}
	cancel := ledger.CancelRequest{Centre: "epn-nord", Operator: "Claire", CentreKey: st.key("epn-nord"), Seq: wrong.Seq, Reason: "mauvais dossier", Now: Now}
	c, err := s.Cancel(ctx, cancel)
	if err != nil || c.Kind != ledger.KindCancel || c.Target != wrong.Seq || c.HoursCredited != -1.5 || c.RecordID != wrong.RecordID || c.Reason != "mauvais dossier" {
		t.Fatalf("cancel %+v %v", c, err)
	}
	refusal(t, second(s.Cancel(ctx, cancel)), ledger.CodeAlreadyCancelled)
	cancelOfCancel := cancel
	cancelOfCancel.Seq = c.Seq
	refusal(t, second(s.Cancel(ctx, cancelOfCancel)), ledger.CodeNotCancellable)
	none := cancel
	none.Seq = 99
	refusal(t, second(s.Cancel(ctx, none)), ledger.CodeNoEntry)
	// The record can now be credited once more, to the right dossier.
	right := st.request("epn-nord", "Dossier 42", 1)
	right.LearnerKey = KeyOf("Dossier 41").DID()
	e, err := s.Credit(ctx, right)
	if err != nil || e.Attempts != (ledger.Attempts{Record: 1, Dossier: 0, Key: 1}) {
		t.Fatalf("credit after the cancel %+v %v", e, err)
	}
	refusal(t, second(s.Credit(ctx, right)), ledger.CodeDuplicateRecord)
	all, err := s.Entries(ctx, ledger.Filter{})
	var total float64
	for _, x := range all {
		total += x.HoursCredited
	}
	if err != nil || len(all) != 3 || total != 1.5 {
		t.Fatalf("%d entries, %v h, %v", len(all), total, err)
	}
}

func policy(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	p := withUnenrolled(ledger.Policy{HoursPerPass: 10, HomeHoursCap: 2.5, CreditRatio: 0.5})
	var got []float64
	var codes []ledger.Code
	for i := range 4 {
		req := st.request([]string{"epn-nord", "epn-sud"}[i%2], "L", i+1)
		req.HoursEarned, req.Hours, req.Policy, req.Pass = 2, 2, p, "PASS-1"
		e, err := s.Credit(ctx, req)
		switch r := ledger.RefusalOf(err); {
		case r != nil:
			codes = append(codes, r.Code)
			if r.Cap != 2.5 {
				t.Errorf("cap %v", r.Cap)
			}
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, e.HoursCredited)
		}
	}
	// 2 h × 0.5 = 1 h each; the 2.5 h home cap of the pass, counted across both
	// centres, leaves 0.5 h for the third, nothing for the fourth.
	if fmt.Sprint(got) != "[1 1 0.5]" || fmt.Sprint(codes) != "[home-cap]" {
		t.Fatalf("credited %v, refused %v", got, codes)
	}
	// Caps are per pass: another pass starts afresh.
	req := st.request("epn-nord", "M", 9)
	req.HoursEarned, req.Hours, req.Policy = 2, 2, p
	if e, err := s.Credit(ctx, req); err != nil || e.HoursCredited != 1 {
		t.Fatalf("other pass: %+v %v", e, err)
	}
}

func badRequests(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	cases := map[string]struct {
		change func(*ledger.CreditRequest)
		field  ledger.Field
	}{
		"no record id":            {func(r *ledger.CreditRequest) { r.RecordID = "" }, ledger.FieldRecordID},
		"no learner":              {func(r *ledger.CreditRequest) { r.Learner = "  " }, ledger.FieldLearner},
		"no learner key":          {func(r *ledger.CreditRequest) { r.LearnerKey = "" }, ledger.FieldLearnerKey},
		"no achievement":          {func(r *ledger.CreditRequest) { r.AchievementID = "" }, ledger.FieldAchievement},
		"negative hours":          {func(r *ledger.CreditRequest) { r.Hours = -1 }, ledger.FieldHours},
		"NaN hours":               {func(r *ledger.CreditRequest) { r.HoursEarned = math.NaN() }, ledger.FieldHours},
		"more hours than claimed": {func(r *ledger.CreditRequest) { r.Hours = 3 }, ledger.FieldHours},
		"newline in name":         {func(r *ledger.CreditRequest) { r.Learner = "A\nB" }, ledger.FieldLearner},
		"escape in module":        {func(r *ledger.CreditRequest) { r.Module = "La souris\x1b[31m" }, ledger.FieldModule},
		"NUL in pass":             {func(r *ledger.CreditRequest) { r.Pass = "P\x00" }, ledger.FieldPass},
		"huge module":             {func(r *ledger.CreditRequest) { r.Module = strings.Repeat("m", 5000) }, ledger.FieldModule},
		"no record JSON":          {func(r *ledger.CreditRequest) { r.RecordJSON = nil }, ledger.FieldRecord},
		"no centre key":           {func(r *ledger.CreditRequest) { r.CentreKey = nil }, ledger.FieldCentreKey},
	}
	for name, c := range cases {
		req := st.request("epn-nord", "L", 1)
		c.change(&req)
		var inv *ledger.InvalidError
		if _, err := s.Credit(ctx, req); !errors.Is(err, ledger.ErrInvalid) || !errors.As(err, &inv) || inv.Field != c.field {
			t.Errorf("%s: err %v, want an invalid %s", name, err, c.field)
		}
	}
	if _, err := s.Cancel(ctx, ledger.CancelRequest{Centre: "epn-nord", CentreKey: st.key("epn-nord"), Seq: 1}); !errors.Is(err, ledger.ErrInvalid) {
		t.Errorf("cancel without a reason: %v", err)
	}
	if all, err := s.Entries(ctx, ledger.Filter{}); err != nil || len(all) != 0 {
		t.Fatalf("bad requests wrote %d entries (%v)", len(all), err)
	}
}

func otherCentreKey(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	if _, err := s.Credit(ctx, st.request("epn-nord", "A", 1)); err != nil {
		t.Fatal(err)
	}
	req := st.request("epn-nord", "B", 2)
	req.CentreKey = KeyOf("someone else")
	r := refusal(t, second(s.Credit(ctx, req)), ledger.CodeCentreKey)
	if r.Signer != st.key("epn-nord").DID() {
		t.Fatalf("signer %q", r.Signer)
	}
}

func entriesFilter(t *testing.T, st suite) {
	s := st.mustOpen(t)
	ctx := context.Background()
	for i, c := range []struct {
		centre, learner string
		at              time.Time
	}{
		{"epn-nord", "A", Now.AddDate(0, -1, 0)}, {"epn-nord", "B", Now}, {"epn-sud", "A", Now}, {"epn-sud", "C", Now.AddDate(0, 1, 0)},
	} {
		req := st.request(c.centre, c.learner, i)
		req.Now, req.LearnerKey = c.at, KeyOf(fmt.Sprint("profile", i)).DID()
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
	if net, err := s.Network(ctx, ledger.Filter{Centre: "epn-sud"}); err != nil || len(net) != 2 || net[0].RecordJSON != nil {
		t.Errorf("network view: %d %v", len(net), err)
	}
}

func chainAndReopen(t *testing.T, st suite) {
	ctx := context.Background()
	s, err := st.open()
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		centre := []string{"epn-nord", "epn-sud"}[i%2]
		req := st.request(centre, fmt.Sprint("L", i%5), i)
		req.Now = Now.Add(time.Duration(i) * time.Minute)
		if _, err := s.Credit(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s = st.mustOpen(t) // reopening applies no migration twice and keeps every entry
	problems, err := s.CheckChain(ctx)
	if err != nil || len(problems) != 0 {
		t.Fatalf("fresh chain: %v %v", problems, err)
	}
	all, _ := s.Entries(ctx, ledger.Filter{})
	if len(all) != 30 {
		t.Fatalf("%d entries after reopening", len(all))
	}
	for _, e := range all {
		if e.Hash != ledger.Hash(e) || e.Signature == "" {
			t.Fatalf("entry read back differs from what was hashed and signed: %+v", e)
		}
	}
}

// eightWriters is the race: 8 goroutines, each with its own connection, 4 per centre,
// credit overlapping sets of 1,000 records; every record ends up credited exactly once.
func eightWriters(t *testing.T, st suite) {
	const records, writers = 1000, 8
	ctx := context.Background()
	var wg sync.WaitGroup
	credited := make([][]int, writers)
	errs := make(chan error, writers)
	for w := range writers {
		s := st.mustOpen(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			centre := []string{"epn-nord", "epn-sud"}[w%2]
			// Writer w covers records [w*125, w*125+500): each record is wanted by 4 writers.
			for k := range 500 {
				n := (w*125 + k*7) % records // interleaved, so writers collide all along
				req := st.request(centre, fmt.Sprint("L", n%50), n)
				req.LearnerKey = KeyOf(fmt.Sprint("profile", n%50)).DID()
				_, err := s.Credit(ctx, req)
				r := ledger.RefusalOf(err)
				switch {
				case err == nil:
					credited[w] = append(credited[w], n)
				case r != nil && (r.Code == ledger.CodeDuplicateRecord || r.Code == ledger.CodeDuplicateKey):
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
	s := st.mustOpen(t)
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
func concurrentOpens(t *testing.T, st suite) {
	var wg sync.WaitGroup
	stores := make([]ledger.Store, 4)
	errs := make([]error, 4)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = st.open()
		}()
	}
	wg.Wait()
	for i, s := range stores {
		if errs[i] != nil {
			t.Fatalf("open %d: %v", i, errs[i])
		}
		defer s.Close()
		if _, err := s.Credit(context.Background(), st.request("epn-nord", fmt.Sprint("L", i), i)); err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
	}
}

// chainPages: the pages of one centre's chain (what the ledger's screen lists), newest
// line first, each with the line that cancels it; a filtered page counts its matches.
func chainPages(t *testing.T, st suite) {
	s := st.mustOpen(t)
	r, err := ledger.ReaderOf(s)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for n := 1; n <= 7; n++ {
		if _, err := s.Credit(ctx, st.request("epn-nord", "Dossier 7", n)); err != nil {
			t.Fatal(err)
		}
	}
	if st.network { // another centre's lines are on no page of epn-nord's
		for n := 8; n <= 9; n++ {
			if _, err := s.Credit(ctx, st.request("epn-sud", "Dossier S", n)); err != nil {
				t.Fatal(err)
			}
		}
	}
	cancel := ledger.CancelRequest{Centre: "epn-nord", Operator: "Claire", CentreKey: st.key("epn-nord"), Seq: 2, Reason: "mauvais dossier", Now: Now}
	if _, err := s.Cancel(ctx, cancel); err != nil {
		t.Fatal(err)
	}
	seqs := func(list []ledger.Listed) []int64 {
		var out []int64
		for _, l := range list {
			if l.Centre != "epn-nord" {
				t.Errorf("line %d of %s on epn-nord's page", l.Seq, l.Centre)
			}
			out = append(out, l.Seq)
		}
		return out
	}
	for i, want := range [][]int64{{8, 7, 6}, {5, 4, 3}, {2, 1}, nil} {
		list, total, err := r.Page(ctx, ledger.PageQuery{Centre: "epn-nord", Offset: i * 3, Limit: 3})
		if got := seqs(list); err != nil || total != 8 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("page %d: lines %v of %d (%v), want %v of 8", i+1, got, total, err, want)
		}
		for _, l := range list {
			if want := map[int64]int64{2: 8}[l.Seq]; l.CancelledBy != want {
				t.Errorf("line %d cancelled by %d, want %d", l.Seq, l.CancelledBy, want)
			}
		}
	}
	list, total, err := r.Page(ctx, ledger.PageQuery{Centre: "epn-nord", Kind: ledger.KindCredit, Limit: 3})
	if got := seqs(list); err != nil || total != 7 || fmt.Sprint(got) != "[7 6 5]" {
		t.Fatalf("the credits: lines %v of %d (%v), want [7 6 5] of 7", got, total, err)
	}

	// What keeps a search and a report up to date: lines by number, the lines after
	// one (linked to it), and a search of them; epn-nord's chain alone.
	lines, err := r.Lines(ctx, "epn-nord", []int64{2, 8, 6, 99})
	if got := seqs(lines); err != nil || fmt.Sprint(got) != "[2 8 6]" || lines[0].CancelledBy != 8 {
		t.Fatalf("lines 2, 8, 6 and 99: %v (%v), want [2 8 6] with line 2 cancelled by 8", got, err)
	}
	since, err := r.Since(ctx, "epn-nord", 6)
	if err != nil || len(since) != 2 || since[0].Seq != 7 || since[1].Seq != 8 || since[0].PrevHash != lines[2].Hash ||
		since[1].PrevHash != since[0].Hash || since[0].Centre != "epn-nord" || since[1].Centre != "epn-nord" {
		t.Fatalf("the lines after line 6: %+v (%v), want lines 7 and 8 of epn-nord, linked to line 6", since, err)
	}
	for _, c := range []struct {
		q     ledger.PageQuery
		after int64
		want  string
	}{
		{ledger.PageQuery{Search: "MAUVAIS"}, 0, "[8]"},
		{ledger.PageQuery{Kind: ledger.KindCredit}, 0, "[7 6 5 4 3 2 1]"},
		{ledger.PageQuery{Kind: ledger.KindCredit}, 4, "[7 6 5]"},
		{ledger.PageQuery{Search: "dossier"}, 7, "[8]"},
		{ledger.PageQuery{Search: "Dossier S"}, 0, "[]"},
	} {
		c.q.Centre = "epn-nord"
		found, err := r.Matches(ctx, c.q, c.after)
		var got []int64
		for _, m := range found {
			got = append(got, m.Seq)
		}
		if err != nil || fmt.Sprint(got) != c.want {
			t.Fatalf("lines after %d matching %+v: %v (%v), want %s", c.after, c.q, got, err, c.want)
		}
	}
}
