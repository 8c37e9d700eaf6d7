package learner

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"declic/keys"
)

// homeAndCentre are two PCs: two learner stores in two folders, on one clock.
func homeAndCentre(t *testing.T) (home, centre *Store, clock *fakeClock) {
	t.Helper()
	clock = newFakeClock()
	return openTempAt(t, clock), openTempAt(t, clock), clock
}

// savedWithPIN makes Marie's profile with a PIN and some history on s, and returns it
// with its profile file.
func savedWithPIN(t *testing.T, s *Store) (Profile, []byte) {
	t.Helper()
	p := mustProfile(t, s, "Marie")
	fillProfile(t, s, p)
	if err := s.SetPIN(ctx, p.ID, "4821"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPreferences(ctx, p.ID, Preferences{TextScale: 1.5, Theme: "contraste", SpeechRate: 0.75}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.KeepIssuedRecord(ctx, p.ID, IssuedRecord{PackID: "declic-starter", ModuleID: "08-les-arnaques",
		RecordID: "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", IssuedAt: day0.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	data, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "4821"})
	if err != nil {
		t.Fatal(err)
	}
	return p, data
}

func importFile(t *testing.T, s *Store, data []byte, secret Secret) ImportResult {
	t.Helper()
	pp, err := ParseProfileFile(data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportProfile(ctx, pp, secret)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// exportWithout returns a profile's export with the fields that name the moment of
// the export left out, to compare two PCs.
func exportWithout(t *testing.T, s *Store, id string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(ctx, id, &buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	json.Unmarshal(buf.Bytes(), &doc)
	delete(doc, "exported_at")
	out, _ := json.Marshal(doc)
	return string(out)
}

func TestAProfileSavedAtHomeOpensAtTheCentreWithItsKeyAndHistory(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	p, data := savedWithPIN(t, home)
	pp, err := ParseProfileFile(data)
	if err != nil {
		t.Fatal(err)
	}
	homeKey, _ := home.ProfileKey(ctx, p.ID)
	if pp.ProfileID != p.ID || pp.FirstName != "Marie" || pp.Avatar != "chat" || pp.DID != homeKey.DID() || pp.Unlock != SecretPIN {
		t.Fatalf("pending profile %+v", pp)
	}
	if bytes.Contains(data, []byte(homeKey.SecretMultibase())) || bytes.Contains(data, []byte("4821")) {
		t.Fatal("the file holds the key or the PIN in clear")
	}
	res, err := centre.ImportProfile(ctx, pp, Secret{PIN: "4821"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Merged || res.KeyReplaced || res.Added != 5 || res.Profile.ID != p.ID || !res.Profile.HasPIN {
		t.Fatalf("result %+v; want a new profile with the 5 events", res)
	}
	centreKey, err := centre.ProfileKey(ctx, p.ID)
	if err != nil || centreKey.DID() != homeKey.DID() || centreKey.SecretMultibase() != homeKey.SecretMultibase() {
		t.Fatal("the centre does not have the home key")
	}
	if ok, err := centre.CheckPIN(ctx, p.ID, "4821"); !ok || err != nil {
		t.Fatalf("the PIN does not open the profile at the centre: %v, %v", ok, err)
	}
	if a, b := exportWithout(t, home, p.ID), exportWithout(t, centre, p.ID); a != b {
		t.Fatalf("the centre's profile differs from home's:\nhome   %s\ncentre %s", a, b)
	}
	sumHome, _ := home.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	sumCentre, _ := centre.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	for i := range sumHome.Modules {
		h, c := sumHome.Modules[i], sumCentre.Modules[i]
		if h.State != c.State || h.Active != c.Active || h.StepsSeen != c.StepsSeen || h.Attempts != c.Attempts ||
			h.ResumeLesson != c.ResumeLesson || h.ResumeStep != c.ResumeStep || !h.LastAt.Equal(c.LastAt) {
			t.Errorf("module %s: home %+v, centre %+v", h.ModuleID, h, c)
		}
	}
}

func TestAProfileSealedWithPicturesOpensWithThePictures(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	p := mustProfile(t, home, "Ahmed")
	home.SetPicturePassword(ctx, p.ID, []int{3, 11, 0})
	if _, err := home.ProfileFile(ctx, p.ID, Secret{PIN: "1234"}); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("sealing with a PIN the profile does not have: %v", err)
	}
	data, err := home.ProfileFile(ctx, p.ID, Secret{Pictures: []int{3, 11, 0}})
	if err != nil {
		t.Fatal(err)
	}
	pp, _ := ParseProfileFile(data)
	if pp.Unlock != SecretPictures {
		t.Fatalf("unlock %q", pp.Unlock)
	}
	if _, err := centre.ImportProfile(ctx, pp, Secret{PIN: "1234"}); !errors.Is(err, ErrWrongSecret) {
		t.Fatalf("a PIN for a file sealed with pictures: %v", err)
	}
	res := importFile(t, centre, data, Secret{Pictures: []int{3, 11, 0}})
	if !res.Profile.HasPicturePassword || res.Profile.HasPIN {
		t.Fatalf("%+v", res.Profile)
	}
}

func TestAProfileLeavesThePCOnlySealedWithItsOwnSecret(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	if _, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "4821"}); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("a profile without PIN: %v, want ErrNoSecret", err)
	}
	s.SetPIN(ctx, p.ID, "4821")
	if _, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "1111"}); !errors.Is(err, ErrWrongSecret) {
		t.Fatalf("a wrong PIN: %v, want ErrWrongSecret", err)
	}
	s.ProfileFile(ctx, p.ID, Secret{PIN: "2222"})
	if _, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "3333"}); !errors.Is(err, ErrLocked) {
		t.Fatalf("the third wrong PIN in a row: %v, want a wait", err)
	}
	if _, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "12"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a PIN of 2 digits: %v", err)
	}
}

func TestMergingTwoPCsLosesNoEventAndCountsNoneTwice(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	p, data := savedWithPIN(t, home)
	importFile(t, centre, data, Secret{PIN: "4821"})
	// Each PC then records something of its own.
	m := starterModules[2]
	if err := home.Record(ctx, StepView{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID, LessonID: "01", Step: 0, At: day0.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := centre.Record(ctx,
		StepView{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID, LessonID: "01", Step: 1, At: day0.Add(48 * time.Hour)},
		ActiveSpan{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID, Start: day0.Add(48 * time.Hour), End: day0.Add(49 * time.Hour), Active: 40 * time.Minute},
	); err != nil {
		t.Fatal(err)
	}
	before := countRows(t, home, p.ID)
	back, err := centre.ProfileFile(ctx, p.ID, Secret{PIN: "4821"})
	if err != nil {
		t.Fatal(err)
	}
	res := importFile(t, home, back, Secret{PIN: "4821"})
	if !res.Merged || res.Added != 2 {
		t.Fatalf("result %+v; want a merge adding the centre's 2 events", res)
	}
	if got := countRows(t, home, p.ID); got != before+2 {
		t.Fatalf("%d rows after the merge, want %d", got, before+2)
	}
	// The same file again adds nothing.
	if res := importFile(t, home, back, Secret{PIN: "4821"}); res.Added != 0 {
		t.Fatalf("importing the same file twice added %d events", res.Added)
	}
	sum, _ := home.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	clavier := sum.Modules[2]
	if clavier.StepsSeen != 2 || clavier.Active != 40*time.Minute || clavier.ResumeStep != 1 {
		t.Fatalf("merged module %+v; want both PCs' screens and the centre's time, resuming at the latest", clavier)
	}
}

func TestTheMergeKeepsTheFilesSettingsAndTheLatestPlacement(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	p, data := savedWithPIN(t, home)
	importFile(t, centre, data, Secret{PIN: "4821"})
	centre.SetPlacement(ctx, p.ID, Placement{State: PlacementDone, PackID: "declic-starter", ModuleID: "03-le-clavier", At: day0.Add(72 * time.Hour)})
	home.SetPlacement(ctx, p.ID, Placement{State: PlacementSkipped, At: day0.Add(24 * time.Hour)})
	home.RenameProfile(ctx, p.ID, "Marie-Claire")
	home.SetPIN(ctx, p.ID, "9999")
	again, err := home.ProfileFile(ctx, p.ID, Secret{PIN: "9999"})
	if err != nil {
		t.Fatal(err)
	}
	res := importFile(t, centre, again, Secret{PIN: "9999"})
	got := res.Profile
	if got.FirstName != "Marie-Claire" || got.Placement.State != PlacementDone || got.Placement.ModuleID != "03-le-clavier" {
		t.Fatalf("profile after the merge %+v; want the file's name and the centre's later placement", got)
	}
	if ok, _ := centre.CheckPIN(ctx, p.ID, "9999"); !ok {
		t.Fatal("the file's new PIN does not open the profile")
	}
}

func TestEachModuleKeepsTheRecordIdIssuedFirst(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	p, data := savedWithPIN(t, home) // home issued 08-les-arnaques at day0+2h
	importFile(t, centre, data, Secret{PIN: "4821"})
	// Both PCs issue the keyboard module, the centre first.
	centre.KeepIssuedRecord(ctx, p.ID, IssuedRecord{PackID: "declic-starter", ModuleID: "03-le-clavier",
		RecordID: "urn:uuid:11111111-1111-4111-8111-111111111111", IssuedAt: day0.Add(3 * time.Hour)})
	home.KeepIssuedRecord(ctx, p.ID, IssuedRecord{PackID: "declic-starter", ModuleID: "03-le-clavier",
		RecordID: "urn:uuid:22222222-2222-4222-8222-222222222222", IssuedAt: day0.Add(5 * time.Hour)})
	back, _ := centre.ProfileFile(ctx, p.ID, Secret{PIN: "4821"})
	importFile(t, home, back, Secret{PIN: "4821"})
	rec, found, err := home.IssuedRecordFor(ctx, p.ID, "declic-starter", "03-le-clavier")
	if err != nil || !found || rec.RecordID != "urn:uuid:11111111-1111-4111-8111-111111111111" {
		t.Fatalf("record kept %+v (%v, %v); want the centre's, issued first", rec, found, err)
	}
	shared, _, _ := home.IssuedRecordFor(ctx, p.ID, "declic-starter", "08-les-arnaques")
	if shared.RecordID != "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40" {
		t.Fatalf("the shared record changed to %s", shared.RecordID)
	}
}

func TestAProfileWithAnotherKeyTakesTheFilesKey(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	p, data := savedWithPIN(t, home)
	importFile(t, centre, data, Secret{PIN: "4821"})
	// As if the database had been copied by hand before keys travelled.
	other, _ := keys.Generate()
	centre.db.Exec("UPDATE profile_keys SET secret = ?, did = ?", other.SecretMultibase(), other.DID())
	res := importFile(t, centre, data, Secret{PIN: "4821"})
	homeKey, _ := home.ProfileKey(ctx, p.ID)
	if k, _ := centre.ProfileKey(ctx, p.ID); !res.KeyReplaced || k.DID() != homeKey.DID() {
		t.Fatalf("KeyReplaced %v, key %s; want the file's key %s", res.KeyReplaced, k.DID(), homeKey.DID())
	}
}

// resigned changes a profile file's head or data and signs it again with the
// profile's key, as only its owner could: the checks behind the signature still hold.
func resigned(t *testing.T, data []byte, key *keys.Key, change func(doc *profileFileDoc)) []byte {
	t.Helper()
	var doc profileFileDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	change(&doc)
	var compact bytes.Buffer
	json.Compact(&compact, doc.Data)
	sum := sha256.Sum256(compact.Bytes())
	doc.DataSHA256 = hex.EncodeToString(sum[:])
	input, err := doc.profileFileHead.signingInput()
	if err != nil {
		t.Fatal(err)
	}
	doc.Signature = base64.RawURLEncoding.EncodeToString(key.Sign(input))
	out, _ := json.Marshal(doc)
	return out
}

// snapshot is everything a store holds, to prove a refused import wrote nothing.
func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"profiles", "profile_keys", "step_views", "attempts", "completions", "active_spans", "issued_records", "module_progress"} {
		rows, err := s.db.Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			b.WriteString(table)
			for _, v := range vals {
				b.WriteString("|")
				b.WriteString(strings.TrimSpace(strings.ReplaceAll(jsonish(v), "\n", " ")))
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}

func jsonish(v any) string {
	out, _ := json.Marshal(v)
	return string(out)
}

func TestBadProfileFilesAreRefusedWithTheirReasonAndWriteNothing(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	p, good := savedWithPIN(t, home)
	key, _ := home.ProfileKey(ctx, p.ID)
	// The centre already has a profile of its own: it must stay as it is.
	other := mustProfile(t, centre, "Ahmed")
	fillProfile(t, centre, other)
	before := snapshot(t, centre)

	cardJSON := []byte(`{"type":"DeclicCard","version":1,"name":"Ana"}`)
	var exportDoc bytes.Buffer
	home.Export(ctx, p.ID, &exportDoc)
	flipped := bytes.Replace(good, []byte(`"step":3`), []byte(`"step":4`), 1)
	if bytes.Equal(flipped, good) {
		t.Fatal("the test could not change the data")
	}
	for _, tc := range []struct {
		name   string
		data   []byte
		secret Secret
		want   error
	}{
		{"a wrong PIN", good, Secret{PIN: "0000"}, ErrWrongSecret},
		{"pictures for a file sealed with a PIN", good, Secret{Pictures: []int{1, 2, 3}}, ErrWrongSecret},
		{"a file cut in the middle", good[:len(good)/2], Secret{PIN: "4821"}, ErrProfileFileDamaged},
		{"a screen changed in the data", flipped, Secret{PIN: "4821"}, ErrProfileFileDamaged},
		{"the name changed in the head", bytes.Replace(good, []byte(`"first_name":"Marie"`), []byte(`"first_name":"Maria"`), 1), Secret{PIN: "4821"}, ErrProfileFileDamaged},
		{"a file from a newer Déclic", bytes.Replace(good, []byte(`"version":1,`), []byte(`"version":2,`), 1), Secret{PIN: "4821"}, ErrProfileFileNewer},
		{"a carte Déclic", cardJSON, Secret{PIN: "4821"}, ErrNotAProfileFile},
		{"a « Mes données » copy", exportDoc.Bytes(), Secret{PIN: "4821"}, ErrNotAProfileFile},
		{"a picture file", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Secret{PIN: "4821"}, ErrNotAProfileFile},
		{"an empty file", nil, Secret{PIN: "4821"}, ErrNotAProfileFile},
		{"an attempt's score above 1, signed by its owner", resigned(t, good, key, func(d *profileFileDoc) {
			d.Data = bytes.Replace(d.Data, []byte(`"score":0.5`), []byte(`"score":7`), 1)
		}), Secret{PIN: "4821"}, ErrProfileFileDamaged},
		{"data of another profile, signed by its owner", resigned(t, good, key, func(d *profileFileDoc) {
			d.Data = bytes.Replace(d.Data, []byte(p.ID), []byte("3f2b8c1e-5d4a-4e7b-9c61-0a8d2f4b7e15"), 1)
		}), Secret{PIN: "4821"}, ErrProfileFileDamaged},
		{"an event without a date, signed by its owner", resigned(t, good, key, func(d *profileFileDoc) {
			d.Data = bytes.Replace(d.Data, []byte(`"at":"2026-10-01T09:00:00Z"`), []byte(`"at":"0001-01-01T00:00:00Z"`), 1)
		}), Secret{PIN: "4821"}, ErrProfileFileDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pp, err := ParseProfileFile(tc.data)
			if err == nil {
				_, err = centre.ImportProfile(ctx, pp, tc.secret)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if after := snapshot(t, centre); after != before {
				t.Fatal("a refused file changed the centre's data")
			}
		})
	}
}

func TestAHugeFileIsRefusedWithoutBeingRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "profil-declic-marie.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxProfileFileSize + 1); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	if _, err := ReadProfileFile(path); !errors.Is(err, ErrProfileFileTooLarge) {
		t.Fatalf("err = %v, want ErrProfileFileTooLarge", err)
	}
	if _, err := ParseProfileFile(make([]byte, MaxProfileFileSize+1)); !errors.Is(err, ErrProfileFileTooLarge) {
		t.Fatalf("Parse: err = %v", err)
	}
}

func TestWhatIsNotARegularFileIsRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadProfileFile(dir); !errors.Is(err, ErrNotAProfileFile) {
		t.Errorf("a folder: %v", err)
	}
	if runtime.GOOS == "windows" {
		return
	}
	fifo := filepath.Join(dir, "profil.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "lien.json")
	os.Symlink(fifo, link)
	for _, path := range []string{fifo, link, "/dev/zero"} {
		if _, err := ReadProfileFile(path); !errors.Is(err, ErrNotAProfileFile) {
			t.Errorf("%s: %v, want ErrNotAProfileFile without blocking", path, err)
		}
	}
	if _, err := ReadProfileFile(filepath.Join(dir, "absent.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

func TestAProfileFileOnDiskIsReadBack(t *testing.T) {
	home, centre, _ := homeAndCentre(t)
	_, data := savedWithPIN(t, home)
	path := filepath.Join(t.TempDir(), "profil-declic-marie.json")
	os.WriteFile(path, data, 0o600)
	pp, err := ReadProfileFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := centre.ImportProfile(ctx, pp, Secret{PIN: "4821"}); err != nil {
		t.Fatal(err)
	}
}
