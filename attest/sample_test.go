package attest

import (
	"flag"
	"os"
	"testing"
	"time"

	"declic/records"
)

// go test ./attest -run TestSamplePDF -sample-pdf FILE writes a sample attestation
// (three starter modules, with a first name) to look at, e.g. through pdftoppm.
var samplePDF = flag.String("sample-pdf", "", "write a sample attestation PDF to this file")

func TestSamplePDF(t *testing.T) {
	if *samplePDF == "" {
		t.Skip("pass -sample-pdf FILE to write a sample attestation")
	}
	f := newFixture(t)
	f.complete(t, "02-la-souris", "Utiliser la souris", 1.5, 0.9, day0)
	f.complete(t, "03-le-clavier", "Écrire avec le clavier", 2, 0.85, day0.Add(24*time.Hour))
	f.complete(t, "08-les-arnaques", "Reconnaître les arnaques", 2, 1, day0.Add(6*24*time.Hour))
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "Aïcha")
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(*samplePDF)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := WritePDF(out, Sheet{DisplayName: "Aïcha", LearnerID: f.profile.ID, IssuerName: records.IssuerDisplayName(""),
		DID: f.key.DID(), Credentials: creds, Printed: day0.Add(7 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
}
