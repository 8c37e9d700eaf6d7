package attest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"declic/records"
)

// go test ./attest -run TestSamplePDF -sample-pdf FILE keeps the sample attestation
// (three starter modules, with a first name) to look at, e.g. through pdftoppm.
var samplePDF = flag.String("sample-pdf", "", "write a sample attestation PDF to this file")

// TestSamplePDF writes a three-module attestation with a first name and checks it is a
// whole PDF; with -sample-pdf it keeps it.
func TestSamplePDF(t *testing.T) {
	path := *samplePDF
	if path == "" {
		path = filepath.Join(t.TempDir(), "attestation.pdf")
	}
	f := newFixture(t)
	f.complete(t, "02-la-souris", "Utiliser la souris", 1.5, 0.9, day0)
	f.complete(t, "03-le-clavier", "Écrire avec le clavier", 2, 0.85, day0.Add(24*time.Hour))
	f.complete(t, "08-les-arnaques", "Reconnaître les arnaques", 2, 1, day0.Add(6*24*time.Hour))
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "Aïcha")
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WritePDF(out, Sheet{DisplayName: "Aïcha", LearnerID: f.profile.ID, IssuerName: records.IssuerDisplayName(""),
		DID: f.key.DID(), Credentials: creds, Printed: day0.Add(7 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF")) {
		t.Fatalf("%s is not a whole PDF (%d bytes)", path, len(data))
	}
	if n := bytes.Count(data, []byte("/Type /Page\n")) + bytes.Count(data, []byte("/Type /Page ")); n != 1 {
		t.Errorf("the attestation of 3 modules has %d pages, want 1", n)
	}
}
