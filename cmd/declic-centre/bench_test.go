package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"declic/ledger"
	"declic/ledger/pgtest"
	"declic/ledger/sqlite"
)

var (
	samplesMu   sync.Mutex
	samplesDirs = map[int]string{}
)

// samples writes n sample records once per test binary run and size.
func samples(b *testing.B, n int) string {
	samplesMu.Lock()
	defer samplesMu.Unlock()
	if dir, ok := samplesDirs[n]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "declic-samples-")
	if err == nil {
		err = writeSamples(dir, n, testNow)
	}
	if err != nil {
		b.Fatal(err)
	}
	samplesDirs[n] = dir
	return dir
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func quietApp() app {
	return app{stdout: io.Discard, stderr: io.Discard, now: func() time.Time { return testNow }}
}

// BenchmarkVerify10k runs `verify` over 10,000 sample records (eddsa-rdfc-2022); run
// with -cpu 1 -benchtime 1x for the one-core figure.
func BenchmarkVerify10k(b *testing.B) {
	dir := samples(b, 10000)
	a := quietApp()
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		if code := cmdVerify(a, []string{dir}); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	n := float64(b.N * 10000)
	b.ReportMetric(n/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(n/(cpuTime()-cpu).Seconds(), "records/cpu-s")
}

// BenchmarkCredit1000 credits 1,000 sample records into a fresh ledger per iteration.
func BenchmarkCredit1000(b *testing.B) {
	src := samples(b, 1000)
	dir := b.TempDir()
	files := make([]string, 1000)
	for i := range files {
		files[i] = filepath.Join(src, fmt.Sprintf("attestation-%05d.json", i+1))
	}
	policy := filepath.Join(dir, "p.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 100000\nhome_hours_cap = 100000\n"), 0o600)
	a := quietApp()
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		db := filepath.Join(dir, fmt.Sprintf("c%d.db", i))
		args := append(append([]string{}, files...), "--ledger", db, "--learner", "L", "--policy", policy, "--rebind")
		if code := cmdCredit(a, args); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/1000")
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/1000")
}

// BenchmarkLedgerSize10k appends 10,000 credit entries and reports the file size.
func BenchmarkLedgerSize10k(b *testing.B) {
	for i := range b.N {
		dir := b.TempDir()
		db := filepath.Join(dir, "centre.db")
		store, err := sqlite.Open(db)
		if err != nil {
			b.Fatal(err)
		}
		for j := range 10000 {
			_, err := store.Credit(context.Background(), ledger.CreditRequest{
				RecordID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", j), Learner: fmt.Sprintf("Dossier %d", j%500),
				Pass: fmt.Sprintf("PASS-%d", j%500), Device: fmt.Sprintf("did:key:z6MktrC1pmB51Xq5vby8JFngDuaWUQSdH4r1oTD5nf%06d", j%500),
				AchievementID: "urn:declic:achievement:fr.declic.premiers-pas:02-la-souris", Module: "La souris",
				ActivityEnd: testNow.Add(-20 * 24 * time.Hour).Format(time.RFC3339), HoursEarned: 1.5,
				Policy: ledger.Policy{HoursPerPass: 1e6, HomeHoursCap: 1e6, CreditRatio: 1}, Now: testNow,
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

// BenchmarkCreditPostgres1000 verifies and credits 1,000 sample records into a fresh
// shared ledger per iteration, through the credit command.
func BenchmarkCreditPostgres1000(b *testing.B) {
	src := samples(b, 1000)
	files := make([]string, 1000)
	for i := range files {
		files[i] = filepath.Join(src, fmt.Sprintf("attestation-%05d.json", i+1))
	}
	policy := filepath.Join(b.TempDir(), "p.toml")
	os.WriteFile(policy, []byte("hours_per_pass = 100000\nhome_hours_cap = 100000\n"), 0o600)
	a := quietApp()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		url := sharedLedger(b)
		b.StartTimer()
		args := append(append([]string{}, files...), "--ledger", url, "--centre", "epn-nord", "--learner", "L", "--policy", policy)
		if code := cmdCredit(a, args); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSync10k pushes a centre's local ledger of 10,000 entries into a fresh shared
// ledger with the sync command (reading SQLite, checking its chain, copying), and
// reports the idempotent second run too.
func BenchmarkSync10k(b *testing.B) {
	local := filepath.Join(b.TempDir(), "centre.db")
	store, err := sqlite.Open(local)
	if err != nil {
		b.Fatal(err)
	}
	for j := range 10000 {
		_, err := store.Credit(context.Background(), ledger.CreditRequest{
			Centre: "epn-nord", Operator: "Claire",
			RecordID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", j), Learner: fmt.Sprintf("Dossier %d", j%500),
			Pass: fmt.Sprintf("PASS-%d", j%500), Device: fmt.Sprintf("did:key:z6MktrC1pmB51Xq5vby8JFngDuaWUQSdH4r1oTD5nf%06d", j%500),
			AchievementID: "urn:declic:achievement:fr.declic.premiers-pas:02-la-souris", Module: "La souris",
			ActivityEnd: testNow.Add(-20 * 24 * time.Hour).Format(time.RFC3339), HoursEarned: 1.5,
			Policy: ledger.Policy{HoursPerPass: 1e6, HomeHoursCap: 1e6, CreditRatio: 1}, Now: testNow,
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	store.Close()
	a := quietApp()
	var rerun time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		url := sharedLedger(b)
		b.StartTimer()
		if code := cmdSync(a, []string{"--from", local, "--to", url}); code != exitOK {
			b.Fatalf("exit %d", code)
		}
		b.StopTimer()
		start := time.Now()
		if code := cmdSync(a, []string{"--from", local, "--to", url}); code != exitOK {
			b.Fatalf("rerun: exit %d", code)
		}
		rerun += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(10000*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
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
