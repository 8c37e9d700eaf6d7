package attest

import (
	"io"
	"testing"
	"time"
)

// BenchmarkIssueTwelveRecords measures an export's signing: 12 modules, issued
// again with their kept ids (the usual case after the first export).
func BenchmarkIssueTwelveRecords(b *testing.B) {
	f, mods := benchFixture(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.issuer.Issue(ctx, f.profile.ID, mods, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPDFTwelveModules measures the printable attestation with 12 QR codes.
func BenchmarkPDFTwelveModules(b *testing.B) {
	f, mods := benchFixture(b)
	creds, err := f.issuer.Issue(ctx, f.profile.ID, mods, "")
	if err != nil {
		b.Fatal(err)
	}
	sheet := Sheet{LearnerID: f.profile.ID, IssuerName: "Déclic – installation personnelle", DID: f.key.DID(),
		Credentials: creds, Printed: day0.Add(48 * time.Hour)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := WritePDF(io.Discard, sheet); err != nil {
			b.Fatal(err)
		}
	}
}
