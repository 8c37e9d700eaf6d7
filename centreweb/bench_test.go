package centreweb

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"declic/catalogue"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/ledgertest"
	"declic/ledger/pgtest"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// benchEntries is the size of the benchmarks' ledger.
const benchEntries = 100_000

// benchRecord is a record's JSON of the size a real one has (about 2.5 KB).
var benchRecord = []byte(`{"padding":"` + strings.Repeat("x", 2500) + `"}`)

// fillLedger writes n entries like a centre's two years: dossiers of 12 starter modules
// credited each (signed, chained, checked by the same rules as Credit), some cards
// enrolled, some credits cancelled, dates spread over 24 months before testNow.
func fillLedger(b *testing.B, st ledger.Store, centre string, n int) {
	b.Helper()
	ctx := context.Background()
	cat, _ := catalogue.Load(catalogue.Options{})
	var modules []catalogue.Module
	for _, m := range cat.Modules() {
		if m.PackID == "fr.declic.premiers-pas" {
			modules = append(modules, m)
		}
	}
	key := ledgertest.KeyOf(centre)
	start := testNow.AddDate(-2, 0, 0)
	step := testNow.Sub(start) / time.Duration(n)
	written := 0
	at := func() time.Time { return start.Add(time.Duration(written) * step) }
	policy := ledger.Policy{HoursPerPass: 1e6, HomeHoursCap: 1e6, CreditRatio: 1, AcceptUnenrolled: true}
	for d := 0; written < n; d++ {
		learner := fmt.Sprintf("Dossier %05d", d)
		profile := keys.DID(ledgertest.KeyOf(fmt.Sprint("profil-", d)).Public())
		if d%8 == 0 {
			if _, err := st.Enrol(ctx, ledger.EnrolRequest{Centre: centre, Operator: "Claire", CentreKey: key, LearnerKey: profile,
				Learner: learner, Reason: "carte", Now: at()}); err != nil {
				b.Fatal(err)
			}
			written++
		}
		for i, m := range modules {
			if written >= n {
				break
			}
			e, err := st.Credit(ctx, ledger.CreditRequest{Centre: centre, Operator: []string{"Claire", "Paul", "Sophie"}[d%3], CentreKey: key,
				RecordID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%06d%06d", d, i), Learner: learner, Pass: "PASS-" + strconv.Itoa(d),
				LearnerKey: profile, AchievementID: m.AchievementID, Module: m.Title, ActivityEnd: at().Format(time.RFC3339),
				HoursEarned: m.Hours, Hours: m.Hours, RecordJSON: benchRecord, Policy: policy, Now: at()})
			if err != nil {
				b.Fatal(err)
			}
			written++
			if d%16 == 0 && i == 0 && written < n {
				if _, err := st.Cancel(ctx, ledger.CancelRequest{Centre: centre, Operator: "Claire", CentreKey: key, Seq: e.Seq,
					Reason: "mauvais dossier", Now: at()}); err != nil {
					b.Fatal(err)
				}
				written++
			}
		}
	}
}

// growBy returns a function that adds one entry to the ledger (a card enrolled for a
// new dossier), as another desk of the centre would between two page loads.
func growBy(b *testing.B, st ledger.Store, centre string) func(int) {
	return func(i int) {
		k := ledgertest.KeyOf(fmt.Sprint("nouveau-", i))
		if _, err := st.Enrol(context.Background(), ledger.EnrolRequest{Centre: centre, Operator: "Claire", CentreKey: ledgertest.KeyOf(centre),
			LearnerKey: keys.DID(k.Public()), Learner: fmt.Sprintf("Nouveau %04d", i), Reason: "carte", Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// rssMB is this process's resident memory, in MB (10^6 bytes), from /proc.
func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024 / 1e6
		}
	}
	return 0
}

// benchPages loads each page of the workspace b.N times over HTTP and reports each
// page's 95th percentile, in milliseconds: « new » just after grow added an entry (the
// workspace computes everything again), « again » loaded a second time (what it kept
// for the same head). Then the heap the server holds and the process's memory.
func benchPages(b *testing.B, cfg Config, grow func(i int)) {
	srv, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	jar, _ := cookiejar.New(nil)
	client := hs.Client()
	client.Jar = jar
	get := func(path string) time.Duration {
		t0 := time.Now()
		resp, err := client.Get(hs.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return time.Since(t0)
	}
	get(srv.LoginLink())
	pages := []struct{ name, path string }{
		{"deposer", "/deposer"}, {"apprenants", "/apprenants"}, {"apprenants-p50", "/apprenants?page=50"},
		{"dossier", "/apprenants/dossier?nom=Dossier+04000"}, {"registre", "/registre"}, {"registre-p1000", "/registre?page=1000"},
		{"registre-recherche", "/registre?q=Dossier+04000"}, {"rapports-mois", "/rapports"},
		{"rapports-annee", "/rapports?du=" + testNow.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + testNow.Format("2006-01-02")},
	}
	for _, p := range pages {
		get(p.path) // warm
	}
	fresh, again := map[string][]time.Duration{}, map[string][]time.Duration{}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		grow(i)
		b.StartTimer()
		for _, p := range pages {
			fresh[p.name] = append(fresh[p.name], get(p.path))
		}
		for _, p := range pages {
			again[p.name] = append(again[p.name], get(p.path))
		}
	}
	b.StopTimer()
	p95 := func(ts []time.Duration) float64 {
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		return float64(ts[(len(ts)*95+99)/100-1].Microseconds()) / 1000
	}
	for _, p := range pages {
		b.ReportMetric(p95(fresh[p.name]), p.name+"-new-p95-ms")
		b.ReportMetric(p95(again[p.name]), p.name+"-again-p95-ms")
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/1e6, "heap-MB")
	b.ReportMetric(rssMB(), "rss-MB")
}

// BenchmarkPagesSQLite100k: every page on a one-centre ledger file of 100,000 entries.
//
//	go test -tags no_emoji -run NONE -bench BenchmarkPagesSQLite100k -benchtime 100x ./centreweb/
func BenchmarkPagesSQLite100k(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "registre", "centre.db")
	os.MkdirAll(filepath.Dir(path), 0o700)
	st, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	fillLedger(b, st, "epn-test", benchEntries)
	b.Logf("100,000 entries written in %v", time.Since(t0).Round(time.Second))
	defer st.Close()
	keyDir := filepath.Join(dir, "cle")
	keys.Save(filepath.Join(keyDir, keys.FileName), ledgertest.KeyOf("epn-test"), "")
	benchPages(b, Config{Ledger: path, Centre: "epn-test", KeyPath: filepath.Join(keyDir, keys.FileName), Operator: "Claire",
		Local: true, Now: func() time.Time { return testNow }, Language: language.French}, growBy(b, st, "epn-test"))
}

// BenchmarkPagesPostgreSQL100k: every page on a shared ledger of 100,000 entries of
// one centre, read through that centre's role (row-level security on). The server runs
// without disk flushes (fsync off) so the 100,000 credits are written in minutes: page
// loads only read.
//
//	go test -tags no_emoji -run NONE -bench BenchmarkPagesPostgreSQL100k -benchtime 100x ./centreweb/
func BenchmarkPagesPostgreSQL100k(b *testing.B) {
	server, err := pgtest.Start(false)
	if err != nil {
		b.Skip(pgtest.Banner(err))
	}
	defer server.Stop()
	script, _ := filepath.Abs("../scripts/pg-centre-role.sh")
	n, err := server.NewNetwork(script, func(owner string) error {
		st, err := postgres.Open(context.Background(), owner)
		if err == nil {
			st.Close()
		}
		return err
	}, "epn-test")
	if err != nil {
		b.Fatal(err)
	}
	st, err := postgres.Open(context.Background(), n.CentreURL("epn-test"))
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	fillLedger(b, st, "epn-test", benchEntries)
	b.Logf("100,000 entries written in %v", time.Since(t0).Round(time.Second))
	defer st.Close()
	if err := n.Exec("ANALYZE"); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	keys.Save(filepath.Join(dir, keys.FileName), ledgertest.KeyOf("epn-test"), "")
	benchPages(b, Config{Ledger: n.CentreURL("epn-test"), Centre: "epn-test", KeyPath: filepath.Join(dir, keys.FileName), Operator: "Claire",
		Local: true, Now: func() time.Time { return testNow }, Language: language.French}, growBy(b, st, "epn-test"))
}
