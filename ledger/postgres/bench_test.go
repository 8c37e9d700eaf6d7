package postgres

import (
	"context"
	"fmt"
	"testing"

	"declic/ledger/ledgertest"
)

// BenchmarkCreditNoVerification credits b.N distinct records through the store alone
// (no signature verification), one at a time, on a durable server (fsync on).
func BenchmarkCreditNoVerification(b *testing.B) {
	s, _ := openNew(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		req := ledgertest.Request([]string{"epn-nord", "epn-sud"}[i%2], fmt.Sprint("L", i%500), i)
		req.LearnerKey = ledgertest.KeyOf(fmt.Sprint("profile", i%500)).DID()
		if _, err := s.Credit(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkImport10k imports a centre's 10,000 local entries into a fresh shared ledger,
// then measures the idempotent re-run.
func BenchmarkImport10k(b *testing.B) {
	local := items("epn-nord", 0, 10000)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s, _ := openNew(b)
		b.StartTimer()
		rep, err := s.Import(ctx, "epn-nord", ledgertest.KeyOf("epn-nord"), local, ImportOptions{})
		if err != nil || rep.Added != 10000 {
			b.Fatal(rep, err)
		}
	}
	b.ReportMetric(10000*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}
