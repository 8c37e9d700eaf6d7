package attest

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"declic/internal/prereq"
	"declic/keys"
	"declic/learner"
	"declic/records"
)

var ctx = context.Background()

// day0 is a Tuesday.
var day0 = time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)

// fixture is a real learner store in a temporary folder with one profile and its
// real key.
type fixture struct {
	store   *learner.Store
	profile learner.Profile
	key     *keys.Key
	issuer  *Issuer
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	s, err := learner.Open(filepath.Join(dir, "learner.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	p, err := s.CreateProfile(ctx, learner.NewProfile{FirstName: "Aïcha", Avatar: "chat"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := s.ProfileKey(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: s, profile: p, key: key}
	f.issuer = &Issuer{Store: s, Now: func() time.Time { return day0.Add(48 * time.Hour) },
		Describe: func(pack, module string) string { return "Tenir la souris et cliquer." }}
	return f
}

// complete records a module finished after an hour of active time.
func (f *fixture) complete(t testing.TB, moduleID, title string, hours, score float64, start time.Time) {
	t.Helper()
	err := f.store.Record(ctx,
		learner.StepView{ProfileID: f.profile.ID, PackID: "declic-starter", ModuleID: moduleID, LessonID: "01", Step: 0, At: start},
		learner.ActiveSpan{ProfileID: f.profile.ID, PackID: "declic-starter", ModuleID: moduleID, Start: start, End: start.Add(70 * time.Minute), Active: time.Hour},
		learner.Completion{ProfileID: f.profile.ID, PackID: "declic-starter", PackVersion: "1.0.0", ModuleID: moduleID,
			ModuleTitle: title, Level: "débutant", Competencies: []string{"5.2", "socle.souris"}, Hours: hours,
			FinalScore: score, Mastered: score >= 0.8, At: start.Add(70 * time.Minute)},
	)
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) modules(t testing.TB) []learner.CompletedModule {
	t.Helper()
	mods, err := f.store.CompletedModules(ctx, f.profile.ID)
	if err != nil {
		t.Fatal(err)
	}
	return mods
}

// verifyAt checks a credential as the centre would, two days after day0.
func verifyAt(t *testing.T, data []byte) *records.Record {
	t.Helper()
	rec, err := records.Verify(data, records.VerifyOptions{Now: day0.Add(72 * time.Hour)})
	if err != nil {
		t.Fatalf("records.Verify refused the credential: %v (%s)", err, records.ReasonOf(err))
	}
	return rec
}

func TestIssueSignsRecordsTheCentreAccepts(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 1 {
		t.Fatalf("%d credentials, want 1", len(creds))
	}
	rec := verifyAt(t, creds[0].JSON)
	if rec.ID != creds[0].RecordID || rec.IssuerDID != f.key.DID() || rec.SubjectID != "urn:uuid:"+f.profile.ID {
		t.Errorf("record %+v: id, issuer or subject wrong (want %s, %s)", rec, creds[0].RecordID, f.key.DID())
	}
	if rec.CreditsEarned != 1.5 || rec.ScorePercent != 90 || rec.ActiveMinutes != 60 {
		t.Errorf("record hours/score/minutes = %v/%v/%v, want 1.5/90/60", rec.CreditsEarned, rec.ScorePercent, rec.ActiveMinutes)
	}
	if rec.IssuerName != "Déclic – installation personnelle" {
		t.Errorf("issuer name %q", rec.IssuerName)
	}
	if bytes.Contains(creds[0].JSON, []byte("Aïcha")) || bytes.Contains(creds[0].JSON, []byte("identityHash")) {
		t.Error("the record carries the learner's name although she did not choose to add it")
	}
}

func TestReissuingKeepsTheIdAndTheBytes(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	first, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	// Later, with a clock that moved on and a better score since.
	f.issuer.Now = func() time.Time { return day0.Add(30 * 24 * time.Hour) }
	f.complete(t, "02-la-souris", "La souris", 1.5, 1, day0.Add(5*24*time.Hour))
	again, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if again[0].RecordID != first[0].RecordID {
		t.Fatalf("re-export changed the record id: %s then %s", first[0].RecordID, again[0].RecordID)
	}
	if !bytes.Equal(again[0].JSON, first[0].JSON) {
		t.Errorf("re-export changed the record:\n%s\n---\n%s", first[0].JSON, again[0].JSON)
	}
}

func TestDisplayNameOnlyWhenChosen(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	named, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "Aïcha")
	if err != nil {
		t.Fatal(err)
	}
	rec := verifyAt(t, named[0].JSON)
	if rec.DisplayName != "Aïcha" {
		t.Errorf("display name %q, want Aïcha", rec.DisplayName)
	}
	plain, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "  ")
	if err != nil {
		t.Fatal(err)
	}
	if verifyAt(t, plain[0].JSON).DisplayName != "" || bytes.Contains(plain[0].JSON, []byte("Aïcha")) {
		t.Error("a blank display name still put the name in the record")
	}
	if plain[0].RecordID != named[0].RecordID {
		t.Error("adding the name changed the record id")
	}
}

func TestCentreNameIsTheIssuer(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	f.issuer.CentreName = "Espace numérique de Villeneuve"
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if got := verifyAt(t, creds[0].JSON).IssuerName; got != "Déclic – Espace numérique de Villeneuve" {
		t.Errorf("issuer name %q", got)
	}
}

func TestIssueRefusesNothingAndBrokenCompletions(t *testing.T) {
	f := newFixture(t)
	if _, err := f.issuer.Issue(ctx, f.profile.ID, nil, ""); !errors.Is(err, ErrNothingToIssue) {
		t.Errorf("no module: %v", err)
	}
	// A completion recorded while its pack was missing has no hours: no record.
	if err := f.store.Record(ctx, learner.Completion{ProfileID: f.profile.ID, PackID: "gone", PackVersion: "1.0.0",
		ModuleID: "m", FinalScore: 1, Mastered: true, At: day0}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), ""); err == nil || !strings.Contains(err.Error(), "gone/m") {
		t.Errorf("module without hours or title: %v, want an error naming gone/m", err)
	}
	if _, err := (&Issuer{Store: f.store}).Issue(ctx, f.profile.ID, f.modules(t), ""); err == nil {
		t.Error("an issuer without a key issued something")
	}
}

func TestWriteFilesWritesEachRecordWhole(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	f.complete(t, "03-le-clavier", "Le clavier", 2, 0.85, day0.Add(24*time.Hour))
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for round := 0; round < 2; round++ { // the second export replaces the files
		paths, err := WriteFiles(dir, CredentialFiles(creds))
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 2 || filepath.Base(paths[0]) != "attestation-declic-starter-02-la-souris.json" {
			t.Fatalf("paths %v", paths)
		}
		for i, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if verifyAt(t, data).ID != creds[i].RecordID {
				t.Errorf("%s holds another record", p)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d entries after two exports, want 2 (no temporary file left)", len(entries))
	}
}

// makeReadOnly makes dir unwritable, even for root (chattr +i), or skips.
func makeReadOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return
	}
	if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
		prereq.Missing(t, "running as root and chattr +i is unavailable (%v): cannot make a read-only folder", err)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}

func TestWriteFilesSaysWhyAFolderCannotTakeThem(t *testing.T) {
	files := []File{{Name: "a.json", Data: []byte("{}")}}
	if _, err := WriteFiles(filepath.Join(t.TempDir(), "stick-pulled-out"), files); !errors.Is(err, ErrFolderMissing) {
		t.Errorf("missing folder: %v, want ErrFolderMissing", err)
	}
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, nil, 0o644)
	if _, err := WriteFiles(notDir, files); !errors.Is(err, ErrFolderMissing) {
		t.Errorf("a file instead of a folder: %v, want ErrFolderMissing", err)
	}
	ro := t.TempDir()
	makeReadOnly(t, ro)
	if _, err := WriteFiles(ro, files); !errors.Is(err, ErrFolderReadOnly) {
		t.Errorf("read-only folder: %v, want ErrFolderReadOnly", err)
	}
	if entries, _ := os.ReadDir(ro); len(entries) != 0 {
		t.Errorf("read-only folder got %d entries", len(entries))
	}
}

func TestRemovableDrivesListsMountedSticksOnly(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"media/marie/CLE-MARIE", "media/marie/SANDISK", "run/media/ahmed/USB"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "media/marie/not-a-drive.txt"), nil, 0o644)
	os.Symlink("/", filepath.Join(root, "media/marie/Macintosh HD"))
	got := mountedDrives([]string{filepath.Join(root, "media/*/*"), filepath.Join(root, "run/media/*/*")})
	var labels []string
	for _, d := range got {
		labels = append(labels, d.Label)
		if st, err := os.Stat(d.Path); err != nil || !st.IsDir() {
			t.Errorf("%s is not a folder", d.Path)
		}
	}
	if strings.Join(labels, ",") != "CLE-MARIE,SANDISK,USB" {
		t.Errorf("drives %v, want CLE-MARIE, SANDISK, USB", labels)
	}
}

func TestLongDateAndHours(t *testing.T) {
	for _, c := range []struct {
		t          time.Time
		lang, want string
	}{
		{time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), "fr", "lundi 2 mars 2026"},
		{time.Date(2026, 8, 1, 10, 0, 0, 0, time.UTC), "fr", "samedi 1er août 2026"},
		{time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC), "fr-FR", "dimanche 20 décembre 2026"},
		{time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), "en", "Monday 2 March 2026"},
	} {
		if got := LongDate(c.t, c.lang); got != c.want {
			t.Errorf("LongDate(%v, %s) = %q, want %q", c.t, c.lang, got, c.want)
		}
	}
	for _, c := range []struct {
		h          float64
		lang, want string
	}{{1.5, "fr", "1,5 h"}, {2, "fr", "2 h"}, {1.5, "en", "1.5 h"}, {1.3333333, "fr", "1,33 h"}} {
		if got := Hours(c.h, c.lang); got != c.want {
			t.Errorf("Hours(%v, %s) = %q, want %q", c.h, c.lang, got, c.want)
		}
	}
}

// decodeQR reads a QR code image back into its text.
func decodeQR(t *testing.T, data []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	// The picture is a clean, upright code with its quiet zone: read it as such. The
	// general detector, which looks for the code anywhere in a photo, misses about 1
	// in 20 of these.
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("the QR code cannot be read back: %v", err)
	}
	return res.GetText()
}

func TestQRCodeRoundTripsToAVerifiedRecord(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "Aïcha")
	if err != nil {
		t.Fatal(err)
	}
	// The code the PDF draws, as a picture with its quiet zone.
	q, err := newQR(creds[0].JSON)
	if err != nil {
		t.Fatal(err)
	}
	code, err := q.PNG(-4)
	if err != nil {
		t.Fatal(err)
	}
	text := decodeQR(t, code)
	if !records.IsCompact([]byte(text)) {
		t.Fatalf("the QR code holds %.40q…, not a compact record", text)
	}
	expanded, err := records.Expand(text)
	if err != nil {
		t.Fatal(err)
	}
	rec := verifyAt(t, expanded)
	if rec.ID != creds[0].RecordID || rec.DisplayName != "Aïcha" {
		t.Errorf("the QR code's record is %s (%q), want %s", rec.ID, rec.DisplayName, creds[0].RecordID)
	}
}

// pdfText returns the PDF's content streams, inflated, with the text of UTF-8
// fonts (UTF-16BE inside the strings) turned back into plain text where it is ASCII.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var out strings.Builder
	// fpdf writes "stream\n", the bytes, "\nendstream". A compressed stream may end
	// with the byte \r: the pattern must not take it for part of the line break, or
	// the stream loses its last byte and its text (1 run in about 256).
	streams := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`).FindAllSubmatch(pdf, -1)
	for _, m := range streams {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // an image or font stream that is not zlib
		}
		data, err := io.ReadAll(r)
		if err != nil {
			continue
		}
		out.Write(bytes.ReplaceAll(data, []byte{0}, nil))
	}
	return out.String()
}

func pageCount(pdf []byte) int {
	return len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(pdf, -1))
}

func TestPDFListsTheModulesAndTheirRecordIDs(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	f.complete(t, "03-le-clavier", "Le clavier", 2, 0.85, day0.Add(24*time.Hour))
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "Aïcha")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	sheet := Sheet{DisplayName: "Aïcha", LearnerID: f.profile.ID, IssuerName: records.IssuerDisplayName(""),
		DID: f.key.DID(), Credentials: creds, Printed: day0.Add(48 * time.Hour)}
	if err := WritePDF(&buf, sheet); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if n := pageCount(buf.Bytes()); n != 1 {
		t.Errorf("%d pages for 2 modules, want 1", n)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{creds[0].RecordID, creds[1].RecordID, f.key.DID(), f.key.Fingerprint(), f.profile.ID} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %s", want)
		}
	}
	// The same sheet without a name shows no name.
	sheet.DisplayName = ""
	var plain bytes.Buffer
	if err := WritePDF(&plain, sheet); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(pdfText(t, plain.Bytes()), "Nom") {
		t.Error("the PDF shows a name line without a name")
	}
	if !strings.Contains(pdfText(t, buf.Bytes()), "Nom") {
		t.Error("the PDF has no name line although a name was chosen")
	}
	if err := WritePDF(io.Discard, Sheet{}); !errors.Is(err, ErrNothingToIssue) {
		t.Errorf("empty sheet: %v", err)
	}
}

func TestPDFWithManyModulesKeepsReadableCodes(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 12; i++ {
		f.complete(t, "module-"+string(rune('a'+i)), "Un module au titre assez long numéro "+string(rune('A'+i)), 1, 0.9, day0.Add(time.Duration(i)*24*time.Hour))
	}
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, Sheet{LearnerID: f.profile.ID, IssuerName: records.IssuerDisplayName(""), DID: f.key.DID(),
		Credentials: creds, Printed: day0.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, c := range creds {
		if !strings.Contains(text, c.RecordID) {
			t.Errorf("record %s missing", c.RecordID)
		}
	}
	if got := strings.Count(text, "re f"); got < 12*100 {
		t.Errorf("%d filled squares: want one drawn QR code per module (12)", got)
	}
	if n := pageCount(buf.Bytes()); n < 1 || n > 3 {
		t.Errorf("%d pages", n)
	}
}

func TestCredentialFilesAreNamedPerModule(t *testing.T) {
	c := Credential{Module: learner.CompletedModule{PackID: "fr.centre/Pack Été", ModuleID: "../02_souris"}}
	if got := FileName(c); got != "attestation-fr.centre-pack-ete-02-souris.json" {
		t.Errorf("FileName = %q", got)
	}
}

func TestPrintedQRCodesReadBackFromTheRenderedPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		prereq.Missing(t, "pdftoppm is not installed (apt-get install poppler-utils): cannot render the PDF")
	}
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	f.complete(t, "03-le-clavier", "Le clavier", 2, 0.85, day0.Add(24*time.Hour))
	f.complete(t, "08-les-arnaques", "Les arnaques", 2, 1, day0.Add(48*time.Hour))
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdfPath := filepath.Join(dir, "a.pdf")
	out, _ := os.Create(pdfPath)
	if err := WritePDF(out, Sheet{LearnerID: f.profile.ID, IssuerName: records.IssuerDisplayName(""), DID: f.key.DID(),
		Credentials: creds, Printed: day0.Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	// 200 dpi: about what a phone photo of a printed page gives.
	if msg, err := exec.Command("pdftoppm", "-png", "-r", "200", "-singlefile", pdfPath, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	found, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp,
		map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code read on the printed page: %v", err)
	}
	seen := map[string]bool{}
	for _, r := range found {
		expanded, err := records.Expand(r.GetText())
		if err != nil {
			t.Fatal(err)
		}
		seen[verifyAt(t, expanded).ID] = true
	}
	for _, c := range creds {
		if !seen[c.RecordID] {
			t.Errorf("the printed page has no readable QR code for %s (%s)", c.RecordID, c.Module.ModuleTitle)
		}
	}
}

func benchFixture(b *testing.B) (*fixture, []learner.CompletedModule) {
	f := newFixture(b)
	for i := 0; i < 12; i++ {
		f.complete(b, "module-"+string(rune('a'+i)), "Module "+string(rune('A'+i)), 1, 0.9, day0.Add(time.Duration(i)*24*time.Hour))
	}
	return f, f.modules(b)
}
