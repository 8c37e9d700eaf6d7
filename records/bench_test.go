package records_test

import (
	"fmt"
	"testing"
	"time"

	"declic/records"
)

// sampleBatch issues n distinct records with one key, as `declic-centre sample` does.
func sampleBatch(b *testing.B, n int) [][]byte {
	b.Helper()
	key := mustKey(b)
	out := make([][]byte, n)
	for i := range out {
		in := sampleInput()
		in.LearnerID = fmt.Sprintf("3f2b6c1e-8a4d-4e7b-9c55-%012d", i)
		in.ActiveMinutes = 60 + i%30
		out[i] = mustIssue(b, key, in)
	}
	return out
}

// BenchmarkVerifyRDFC measures eddsa-rdfc-2022 verification; run with -cpu 1 for the
// one-core records/s figure.
func BenchmarkVerifyRDFC(b *testing.B) {
	batch := sampleBatch(b, 200)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	cpu := processCPU()
	for i := range b.N {
		if _, err := records.Verify(batch[i%len(batch)], records.VerifyOptions{Now: now}); err != nil {
			b.Fatal(err)
		}
	}
	reportThroughput(b, processCPU()-cpu)
}

// BenchmarkVerifyJCS measures eddsa-jcs-2022 verification.
func BenchmarkVerifyJCS(b *testing.B) {
	key := mustKey(b)
	data := jcsCredential(key, 2, 2)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	cpu := processCPU()
	for range b.N {
		if _, err := records.Verify(data, records.VerifyOptions{Now: now}); err != nil {
			b.Fatal(err)
		}
	}
	reportThroughput(b, processCPU()-cpu)
}

// BenchmarkIssue measures signing one record with eddsa-rdfc-2022.
func BenchmarkIssue(b *testing.B) {
	key := mustKey(b)
	in := sampleInput()
	b.ResetTimer()
	for range b.N {
		if _, err := records.Issue(key, in); err != nil {
			b.Fatal(err)
		}
	}
}

// reportThroughput reports records per wall-clock second and, when the process CPU time
// is known, records per CPU-second (what one dedicated core would do).
func reportThroughput(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "records/cpu-s")
	}
}
