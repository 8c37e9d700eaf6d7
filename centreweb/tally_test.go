package centreweb

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"declic/centre"
	"declic/internal/prereq"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/ledgertest"
	"declic/ledger/pgtest"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// tallyLedger is a centre's ledger on one of the two databases, read by the centre.
type tallyLedger struct {
	name string
	open func(t *testing.T, centre string) ledger.Store
}

var tallyLedgers = []tallyLedger{
	{"a SQLite file", func(t *testing.T, _ string) ledger.Store {
		st, err := sqlite.Open(filepath.Join(t.TempDir(), "centre.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}},
	{"a shared PostgreSQL ledger read through the centre's role", func(t *testing.T, c string) ledger.Store {
		if pgServer == nil {
			prereq.Missing(t, "%s", pgtest.Banner(pgErr))
		}
		script, _ := filepath.Abs("../scripts/pg-centre-role.sh")
		n, err := pgServer.NewNetwork(script, func(owner string) error {
			s, err := postgres.Open(context.Background(), owner)
			if err == nil {
				s.Close()
			}
			return err
		}, c, "epn-autre")
		if err != nil {
			t.Fatal(err)
		}
		// Another centre writes in the same period: a centre's report never counts it.
		other, err := postgres.Open(context.Background(), n.CentreURL("epn-autre"))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		req := ledgertest.Request("epn-autre", "Dossier Ailleurs", 90)
		req.Now = testNow.AddDate(0, 0, -3)
		if _, err := other.Credit(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		st, err := postgres.Open(context.Background(), n.CentreURL(c))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}},
}

// tallyWriter writes a centre's lines at chosen dates.
type tallyWriter struct {
	t      *testing.T
	st     ledger.Store
	centre string
	// records numbers the records written.
	records *int
}

func (w tallyWriter) credit(learner string, n int, daysAgo int) ledger.Entry {
	w.t.Helper()
	req := ledgertest.Request(w.centre, learner, n)
	req.Operator = []string{"Claire", "Paul"}[n%2]
	req.Hours = 0.5 * float64(1+n%4)
	req.HoursEarned = req.Hours
	req.Now = testNow.AddDate(0, 0, -daysAgo)
	*w.records++
	req.RecordID = ledgertest.RecordID(*w.records)
	e, err := w.st.Credit(context.Background(), req)
	if err != nil {
		w.t.Fatal(err)
	}
	return e
}

func (w tallyWriter) enrol(learner string, daysAgo int) ledger.Entry {
	w.t.Helper()
	req := ledgertest.Enrol(w.centre, learner)
	req.Now = testNow.AddDate(0, 0, -daysAgo)
	e, err := w.st.Enrol(context.Background(), req)
	if err != nil {
		w.t.Fatal(err)
	}
	return e
}

func (w tallyWriter) cancel(seq int64, daysAgo int) {
	w.t.Helper()
	if _, err := w.st.Cancel(context.Background(), ledger.CancelRequest{Centre: w.centre, Operator: "Claire", CentreKey: ledgertest.KeyOf(w.centre),
		Seq: seq, Reason: "mauvais dossier", Now: testNow.AddDate(0, 0, -daysAgo)}); err != nil {
		w.t.Fatal(err)
	}
}

// wholeReport is the report of f made from every entry of the period, as before a
// report was kept.
func wholeReport(t *testing.T, st ledger.Store, f ledger.Filter, from, to time.Time) centre.Report {
	t.Helper()
	ctx := context.Background()
	entries, err := centre.PeriodEntries(ctx, st, f)
	if err != nil {
		t.Fatal(err)
	}
	rep := centre.Summarise(entries, from, to, mustCatalogue(t), "fr")
	if rep.Heads, err = centre.Heads(ctx, st, f.Centre); err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAReportKeptLineByLineEqualsTheReportOfTheWholePeriod(t *testing.T) {
	for _, l := range tallyLedgers {
		t.Run("on "+l.name, func(t *testing.T) {
			const c = "epn-test"
			ctx := context.Background()
			st := l.open(t, c)
			r, err := ledger.ReaderOf(st)
			if err != nil {
				t.Fatal(err)
			}
			w := tallyWriter{t, st, c, new(int)}
			from, to := testNow.AddDate(0, 0, -30), testNow
			f := centre.Period(from, to)
			f.Centre = c
			cat := mustCatalogue(t)
			start := func() *centre.Tally { return centre.NewTally(from, to, cat, "fr") }
			kept := &keptTally{}
			check := func(when string) {
				t.Helper()
				got, seq, err := kept.report(ctx, st, r, f, start)
				if err != nil {
					t.Fatal(err)
				}
				want := wholeReport(t, st, f, from, to)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, the kept report differs from the whole period's:\n got %+v\nwant %+v", when, got, want)
				}
				if head, _, _ := r.Head(ctx, c); seq != head {
					t.Fatalf("%s, the kept report counts up to line %d, the chain has %d", when, seq, head)
				}
			}

			// Before the period, in it, and a dossier with a card.
			w.enrol("Dossier Ana", 60)
			old := w.credit("Dossier Ana", 1, 45)
			ana2 := w.credit("Dossier Ana", 2, 20)
			w.credit("Dossier Ana", 3, 10)
			w.credit("Dossier Bruno", 1, 5)
			check("first made")
			counted := kept.tally

			// New credits, a cancelled credit of the period and one from before it (its
			// cancel falls in the period), a cancelled card, and a credit dated before the
			// period appended late.
			w.credit("Dossier Bruno", 2, 2)
			w.credit("Dossier Chloé", 4, 1)
			w.cancel(ana2.Seq, 1)
			w.cancel(old.Seq, 1)
			card := w.enrol("Dossier Chloé", 1)
			w.cancel(card.Seq, 0)
			w.credit("Dossier Denis", 5, 40)
			check("after appends and cancels")
			if kept.tally != counted {
				t.Fatal("the report counted the whole period again instead of adding the new lines")
			}
			check("loaded again without a new line")
			if kept.tally != counted {
				t.Fatal("the report was counted again without a new line")
			}

			// Lines that do not continue the chain it had read: counted again from the start.
			kept.hash = fmt.Sprintf("%064d", 7)
			w.credit("Dossier Émile", 6, 0)
			check("after the chain it had read was altered")
			if kept.tally == counted {
				t.Fatal("the report added lines that do not continue the chain it had read")
			}
		})
	}
}

func TestContinuesAcceptsOnlyLinesThatFollowTheChainOneByOne(t *testing.T) {
	line := func(seq int64, prev, hash string) ledger.Entry {
		return ledger.Entry{Seq: seq, PrevHash: prev, Hash: hash}
	}
	for _, c := range []struct {
		name  string
		lines []ledger.Entry
		want  bool
	}{
		{"two lines linked to the head continue it", []ledger.Entry{line(5, "h4", "h5"), line(6, "h5", "h6")}, true},
		{"no line does not", nil, false},
		{"a line after a gap does not", []ledger.Entry{line(6, "h4", "h6")}, false},
		{"a line linked to another hash does not", []ledger.Entry{line(5, "hx", "h5")}, false},
		{"a second line not linked to the first does not", []ledger.Entry{line(5, "h4", "h5"), line(6, "hx", "h6")}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := continues(c.lines, 4, "h4"); got != c.want {
				t.Fatalf("continues = %v, want %v", got, c.want)
			}
		})
	}
}

// countingReader is a real ledger's Reader that counts the searches of a whole chain.
type countingReader struct {
	ledger.Reader
	whole int
}

func (c *countingReader) Matches(ctx context.Context, q ledger.PageQuery, after int64) ([]ledger.Match, error) {
	if after == 0 {
		c.whole++
	}
	return c.Reader.Matches(ctx, q, after)
}

func TestASearchKeptLineByLineListsWhatTheDatabaseListsForTheWholeChain(t *testing.T) {
	for _, l := range tallyLedgers {
		t.Run("on "+l.name, func(t *testing.T) {
			const c = "epn-test"
			ctx := context.Background()
			st := l.open(t, c)
			plain, err := ledger.ReaderOf(st)
			if err != nil {
				t.Fatal(err)
			}
			r := &countingReader{Reader: plain}
			w := tallyWriter{t, st, c, new(int)}
			s := &Server{searches: recent[keptSearch]{max: maxSearches}}
			queries := []ledger.PageQuery{
				{Search: "Dossier Ana"}, {Search: "claire"}, {Search: "MAUVAIS"}, {Search: "Module 2"}, {Search: "3"},
				{Kind: ledger.KindCancel}, {Kind: ledger.KindCredit, Search: "Bruno"}, {Search: "personne"},
			}
			check := func(when string) {
				t.Helper()
				for _, q := range queries {
					q.Centre = c
					for _, offset := range []int{0, 2, 4} {
						q.Offset, q.Limit = offset, 2
						got, gotTotal, err := s.registryPage(ctx, r, q)
						if err != nil {
							t.Fatal(err)
						}
						want, wantTotal, err := plain.Page(ctx, q)
						if err != nil {
							t.Fatal(err)
						}
						if len(got) == 0 && len(want) == 0 {
							got, want = nil, nil
						}
						if gotTotal != wantTotal || !reflect.DeepEqual(got, want) {
							t.Fatalf("%s, search %q kind %q from %d: kept gives %d lines %v, the database %d lines %v",
								when, q.Search, q.Kind, offset, gotTotal, seqsOf(got), wantTotal, seqsOf(want))
						}
					}
				}
			}

			w.enrol("Dossier Ana", 60)
			ana1 := w.credit("Dossier Ana", 1, 45)
			ana2 := w.credit("Dossier Ana", 2, 20)
			w.credit("Dossier Bruno", 3, 10)
			check("first searched")
			searched := r.whole

			// New lines, dated after the others: only they are searched.
			w.credit("Dossier Bruno", 2, 5)
			w.cancel(ana2.Seq, 4)
			w.credit("Dossier Chloé", 4, 3)
			check("after new lines and a cancel")
			if r.whole != searched {
				t.Fatalf("the whole chain was searched %d times again for new lines", r.whole-searched)
			}
			check("loaded again")
			if r.whole != searched {
				t.Fatal("the whole chain was searched again without a new line")
			}

			// A cancel dated before the lines already found, and an altered chain.
			w.cancel(ana1.Seq, 50)
			check("after a line dated before the others")
			kept := s.searches.of("Dossier Ana\x00")
			kept.hash = fmt.Sprintf("%064d", 7)
			w.credit("Dossier Ana", 5, 0)
			before := r.whole
			check("after the chain it had read was altered")
			if r.whole == before {
				t.Fatal("the search added lines that do not continue the chain it had read")
			}
		})
	}
}

func seqsOf(list []ledger.Listed) []int64 {
	var out []int64
	for _, l := range list {
		out = append(out, l.Seq)
	}
	return out
}

func TestRecentKeepsTheValuesUsedLatelyAndLetsTheOldestGo(t *testing.T) {
	rv := recent[int]{max: 2}
	a, b := rv.of("a"), rv.of("b")
	*a, *b = 1, 2
	if rv.of("a") != a {
		t.Fatal("a value kept under a key is not given back")
	}
	c := rv.of("c") // b is the one used least lately
	*c = 3
	if got := rv.of("a"); got != a || *got != 1 {
		t.Fatal("the value used lately was let go")
	}
	if got := rv.of("b"); got == b || *got != 0 {
		t.Fatal("the value used least lately was kept beyond the bound")
	}
	if len(rv.kept) != 2 {
		t.Fatalf("%d values kept, want at most 2", len(rv.kept))
	}
}

func TestTheCancelFormFindsAnOldLineHoweverManyNewerLinesHoldItsNumber(t *testing.T) {
	w := newWorkspace(t)
	key, err := keys.LoadOrCreate(filepath.Join(w.dir, "cle"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(w.ledger)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Line 1, then 520 lines of dossiers whose names hold « 1 » (a page of a search
	// lists 500 lines at most).
	for i := range 521 {
		req := ledgertest.Enrol("epn-test", fmt.Sprintf("Dossier 1-%03d", i))
		req.CentreKey, req.Now = key, testNow
		if _, err := st.Enrol(context.Background(), req); err != nil {
			t.Fatal(err)
		}
	}
	w.login()
	r := w.get("/registre/annuler?ligne=1")
	if r.status != 200 || !strings.Contains(r.body, "Dossier 1-000") {
		t.Fatalf("the cancel form of line 1: %d\n%s", r.status, r.body)
	}
	if r := w.get("/registre/annuler?ligne=522"); r.status != 404 {
		t.Fatalf("the cancel form of a line past the chain's end: %d, want 404", r.status)
	}
}
