package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"declic/i18n"
	"declic/internal/cli"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/pgtest"
	"declic/ledger/sqlite"
)

var (
	samplesMu   sync.Mutex
	samplesDirs = map[int]string{}
	sampleSets  = map[int]sampleSet{}
)

// samples writes n sample records once per test binary run and size.
func samples(b *testing.B, n int) (string, sampleSet) {
	samplesMu.Lock()
	defer samplesMu.Unlock()
	if dir, ok := samplesDirs[n]; ok {
		return dir, sampleSets[n]
	}
	dir, err := os.MkdirTemp("", "declic-samples-")
	var set sampleSet
	if err == nil {
		set, err = writeSamples(dir, n, testNow)
	}
	if err != nil {
		b.Fatal(err)
	}
	samplesDirs[n], sampleSets[n] = dir, set
	return dir, set
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// quietApp runs commands in-process with env, their output discarded.
type quietApp map[string]string

func (q quietApp) run(args ...string) int {
	getenv := func(k string) string { return q[k] }
	e := &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: getenv,
		Tr: i18n.New(i18n.DetectFrom(getenv)), Now: func() time.Time { return testNow }}
	return program().Main(context.Background(), e, args)
}

// BenchmarkVerify10k runs `verify` over 10,000 sample records (eddsa-rdfc-2022); run
// with -cpu 1 -benchtime 1x for the one-core figure.
func BenchmarkVerify10k(b *testing.B) {
	dir, _ := samples(b, 10000)
	a := quietApp(nil)
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		if code := a.run(append([]string{"verify"}, []string{dir}...)...); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	n := float64(b.N * 10000)
	b.ReportMetric(n/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(n/(cpuTime()-cpu).Seconds(), "records/cpu-s")
}

// creditAll enrols every sample profile's card (not timed) and credits its records to
// its own dossier, one credit command per profile, into the ledger of env. It returns
// the CPU time of the credit commands alone.
func creditAll(b *testing.B, dir string, set sampleSet, env map[string]string) time.Duration {
	a := quietApp(env)
	b.StopTimer()
	enrolAll(b, dir, set, env)
	b.StartTimer()
	cpu := cpuTime()
	for i := range set.Profiles {
		var files []string
		for k, f := range set.Records {
			if set.Owner[k] == i {
				files = append(files, f)
			}
		}
		if code := a.run(append([]string{"credit"}, append([]string{"--learner", fmt.Sprint("Dossier ", i)}, files...)...)...); code != exitOK {
			b.Fatalf("credit: exit %d", code)
		}
	}
	return cpuTime() - cpu
}

// enrolAll enrols every sample profile's card, each for its own dossier, in a new
// ledger (the timer stopped by the caller).
func enrolAll(b *testing.B, dir string, set sampleSet, env map[string]string) {
	a := quietApp(env)
	for i, p := range set.Profiles {
		card := filepath.Join(dir, "cartes", "carte-declic-"+p.ID+".json")
		args := []string{"enrol", "--card", card, "--learner", fmt.Sprint("Dossier ", i)}
		if i == 0 {
			args = append(args, "--new-ledger") // each iteration starts a ledger of its own
		}
		if code := a.run(args...); code != exitOK {
			b.Fatalf("enrol: exit %d", code)
		}
	}
}

// BenchmarkCredit1000 enrols 84 cards, then verifies and credits 1,000 sample records
// into a fresh SQLite ledger per iteration, one credit command per card (the credits
// are timed and their CPU time counted, not the enrolments').
func BenchmarkCredit1000(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(gcPercent([]string{"credit"}))) // as main sets it
	dir, set := samples(b, 1000)
	c := newCentre(b)
	b.ResetTimer()
	var cpu time.Duration
	for i := range b.N {
		env := map[string]string{envKey: c.keyDir, envLedger: filepath.Join(filepath.Dir(c.db), fmt.Sprintf("c%d.db", i))}
		cpu += creditAll(b, dir, set, env)
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/1000")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/1000")
}

// BenchmarkCredit1000Commands is BenchmarkCredit1000 as centre staff run it: the
// built declic-centre started once per card (84 processes), its processor time
// counted with the start of each process.
func BenchmarkCredit1000Commands(b *testing.B) {
	dir, set := samples(b, 1000)
	c := newCentre(b)
	bin := builtCommand(b)
	b.ResetTimer()
	var cpu time.Duration
	for i := range b.N {
		env := map[string]string{envKey: c.keyDir, envLedger: filepath.Join(filepath.Dir(c.db), fmt.Sprintf("p%d.db", i))}
		enrolAll(b, dir, set, env)
		for p := range set.Profiles {
			args := []string{"credit", "--learner", fmt.Sprint("Dossier ", p)}
			for k, f := range set.Records {
				if set.Owner[k] == p {
					args = append(args, f)
				}
			}
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), envKey+"="+env[envKey], envLedger+"="+env[envLedger])
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("credit: %v\n%s", err, out)
			}
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/1000")
}

// BenchmarkLedgerSize10k appends 10,000 signed credit entries, each keeping a real
// record's JSON, and reports the file size.
func BenchmarkLedgerSize10k(b *testing.B) {
	_, set := samples(b, 12)
	record, err := os.ReadFile(set.Records[1])
	if err != nil {
		b.Fatal(err)
	}
	key := newKey(b)
	for i := range b.N {
		dir := b.TempDir()
		db := filepath.Join(dir, "centre.db")
		store, err := sqlite.Open(db)
		if err != nil {
			b.Fatal(err)
		}
		for j := range 10000 {
			_, err := store.Credit(context.Background(), ledger.CreditRequest{
				CentreKey: key, RecordID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", j), Learner: fmt.Sprintf("Dossier %d", j%500),
				Pass: fmt.Sprintf("PASS-%d", j%500), LearnerKey: fmt.Sprintf("did:key:z6MktrC1pmB51Xq5vby8JFngDuaWUQSdH4r1oTD5nf%06d", j%500),
				AchievementID: fmt.Sprintf("urn:declic:achievement:fr.declic.premiers-pas:%02d", j/500), Module: "La souris",
				ActivityEnd: testNow.Add(-20 * 24 * time.Hour).Format(time.RFC3339), HoursEarned: 1.5, Hours: 1.5, RecordJSON: record,
				Policy: ledger.Policy{HoursPerPass: 1e6, HomeHoursCap: 1e6, CreditRatio: 1, AcceptUnenrolled: true}, Now: testNow,
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		store.Close()
		var size int64
		for _, f := range []string{db, db + "-wal"} {
			if info, err := os.Stat(f); err == nil {
				size += info.Size()
			}
		}
		if i == 0 {
			b.ReportMetric(float64(size)/1e6, "MB/10k-entries")
		}
	}
}

func newKey(b testing.TB) *keys.Key {
	k, err := keys.Generate()
	if err != nil {
		b.Fatal(err)
	}
	return k
}

// BenchmarkCreditPostgres1000 verifies and credits 1,000 sample records into a fresh
// shared ledger per iteration, through the credit command.
func BenchmarkCreditPostgres1000(b *testing.B) {
	dir, set := samples(b, 1000)
	c := newCentre(b)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		url := sharedLedger(b)
		b.StartTimer()
		creditAll(b, dir, set, map[string]string{envKey: c.keyDir, envLedger: url, envCentre: "epn-nord"})
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSync1000 sends a centre's local ledger (84 enrolments, 1,000 credits) to a
// fresh shared ledger with the sync command: it reads SQLite, checks the chain, verifies
// every record again and applies the network's rules; the idempotent rerun is reported too.
func BenchmarkSync1000(b *testing.B) {
	dir, set := samples(b, 1000)
	c := newCentre(b)
	creditAll(b, dir, set, map[string]string{envKey: c.keyDir, envLedger: c.db, envCentre: "epn-nord"})
	a := quietApp(map[string]string{envKey: c.keyDir, envCentre: "epn-nord"})
	var rerun time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		url := sharedLedger(b)
		b.StartTimer()
		if code := a.run(append([]string{"sync"}, []string{"--from", c.db, "--to", url}...)...); code != exitOK {
			b.Fatalf("exit %d", code)
		}
		b.StopTimer()
		start := time.Now()
		if code := a.run(append([]string{"sync"}, []string{"--from", c.db, "--to", url}...)...); code != exitOK {
			b.Fatalf("rerun: exit %d", code)
		}
		rerun += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(set.Records)+len(set.Profiles))*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(rerun.Seconds()/float64(b.N), "rerun-s")
}

// TestMain starts the real PostgreSQL server the network tests use (or says loudly why
// it cannot), and at the end stops it and removes the sample folders.
func TestMain(m *testing.M) {
	durable := false              // benchmarks measure a durable server (fsync on), tests a fast one
	for _, arg := range os.Args { // DECLIC_PG_FSYNC=off: without disk flushes
		durable = durable || strings.HasPrefix(arg, "-test.bench") && os.Getenv("DECLIC_PG_FSYNC") != "off"
	}
	pgServer, pgErr = pgtest.Start(durable)
	if pgErr != nil {
		fmt.Fprint(os.Stderr, pgtest.Banner(pgErr))
	}
	code := m.Run()
	if pgServer != nil {
		pgServer.Stop()
	}
	for _, dir := range samplesDirs {
		os.RemoveAll(dir)
	}
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}
