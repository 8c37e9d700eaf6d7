package learner

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"declic/internal/prereq"

	"github.com/google/uuid"
)

// profileTables lists every table with a profile_key column, read from the schema
// itself so a table added later is covered by the deletion test too.
func profileTables(t testing.TB, s *Store) []string {
	t.Helper()
	rows, err := s.db.Query(`SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'profile_key'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func rowsOfKey(t testing.TB, s *Store, key int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range profileTables(t, s) {
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM "+table+" WHERE profile_key = ?", key).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM profiles WHERE key = ?", key).Scan(&n)
	out["profiles"] = n
	return out
}

// countRows counts the event rows of a profile across all tables (its key is not an
// event).
func countRows(t testing.TB, s *Store, id string) int {
	t.Helper()
	key, err := s.profileKey(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for table, n := range rowsOfKey(t, s, key) {
		if table != "profiles" && table != "profile_keys" {
			total += n
		}
	}
	return total
}

// fillProfile records one event of each kind for p.
func fillProfile(t testing.TB, s *Store, p Profile) {
	t.Helper()
	m := starterModules[1]
	err := s.Record(ctx,
		StepView{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID, LessonID: "01-tenir", Step: 3, At: day0},
		Attempt{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID, LessonID: "01-tenir", Step: 3, Kind: "quiz",
			Score: 0.5, Passed: false, Duration: 1500 * time.Millisecond, Answer: "a choisi « La molette »", At: day0.Add(time.Second)},
		Attempt{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID, LessonID: "01-tenir", Step: 5, Kind: "mouse",
			Skipped: true, At: day0.Add(2 * time.Second)},
		ActiveSpan{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID, Start: day0, End: day0.Add(time.Minute), Active: 45 * time.Second},
		completion(p, m, 0.9, true, day0.Add(time.Minute)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.KeepIssuedRecord(ctx, p.ID, IssuedRecord{PackID: m.PackID, ModuleID: m.ModuleID,
		RecordID: "urn:uuid:" + uuid.NewString(), IssuedAt: day0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
}

func TestDeleteProfileRemovesEveryRowOfItAndOnlyOfIt(t *testing.T) {
	s := openTemp(t)
	marie, ahmed := mustProfile(t, s, "Marie"), mustProfile(t, s, "Ahmed")
	s.SetPIN(ctx, marie.ID, "1234")
	fillProfile(t, s, marie)
	fillProfile(t, s, ahmed)
	key, _ := s.profileKey(ctx, marie.ID)
	before := rowsOfKey(t, s, key)
	if len(before) < 6 {
		t.Fatalf("expected at least 6 tables holding profile data, found %v", before)
	}
	for table, n := range before {
		if n == 0 {
			t.Fatalf("table %s holds nothing for Marie before deletion: the test would prove nothing", table)
		}
	}
	ahmedBefore := countRows(t, s, ahmed.ID)

	if err := s.DeleteProfile(ctx, marie.ID); err != nil {
		t.Fatal(err)
	}
	for table, n := range rowsOfKey(t, s, key) {
		if n != 0 {
			t.Errorf("%d rows of the deleted profile remain in %s", n, table)
		}
	}
	if got := countRows(t, s, ahmed.ID); got != ahmedBefore {
		t.Errorf("Ahmed's rows went from %d to %d", ahmedBefore, got)
	}
	// Nothing of Marie stays readable in the files either (secure_delete + checkpoint).
	s.Close()
	for _, suffix := range []string{"", "-wal"} {
		data, _ := os.ReadFile(s.Path() + suffix)
		if bytes.Contains(data, []byte(marie.ID)) {
			t.Errorf("the deleted profile's id is still in %s", filepath.Base(s.Path()+suffix))
		}
	}
}

func TestExportHoldsEverythingOfTheProfile(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	s.SetPIN(ctx, p.ID, "1234")
	s.SetPlacement(ctx, p.ID, Placement{State: PlacementDone, PackID: "declic-starter", ModuleID: "02-la-souris", At: day0})
	fillProfile(t, s, p)
	path := filepath.Join(t.TempDir(), "marie.json")
	if err := s.ExportFile(ctx, p.ID, path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("argon2id")) {
		t.Error("the export contains a secret hash")
	}
	var doc Export
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != ExportFormat || doc.Version != ExportVersion || doc.Profile.ID != p.ID ||
		doc.Profile.FirstName != "Marie" || !doc.Profile.HasPIN || doc.Profile.HasPicturePassword {
		t.Errorf("header/profile: %+v", doc)
	}
	if doc.Profile.Placement.State != "done" || doc.Profile.Placement.At == nil || !doc.Profile.Placement.At.Equal(day0) {
		t.Errorf("placement: %+v", doc.Profile.Placement)
	}
	if len(doc.StepViews) != 1 || doc.StepViews[0].Step != 3 || !doc.StepViews[0].At.Equal(day0) {
		t.Errorf("step views: %+v", doc.StepViews)
	}
	wantAttempt := ExportAttempt{PackID: "declic-starter", ModuleID: "02-la-souris", LessonID: "01-tenir", Step: 3,
		Kind: "quiz", Score: 0.5, DurationMs: 1500, Answer: "a choisi « La molette »", At: day0.Add(time.Second)}
	if len(doc.Attempts) != 2 || !reflect.DeepEqual(doc.Attempts[0], wantAttempt) || !doc.Attempts[1].Skipped {
		t.Errorf("attempts: %+v", doc.Attempts)
	}
	if len(doc.ActiveSpans) != 1 || doc.ActiveSpans[0].ActiveMs != 45000 || doc.ActiveMs != 45000 {
		t.Errorf("active time: %d ms in %+v", doc.ActiveMs, doc.ActiveSpans)
	}
	if len(doc.Completions) != 1 || !doc.Completions[0].Mastered || doc.Completions[0].FinalScore != 0.9 ||
		!reflect.DeepEqual(doc.Completions[0].Competencies, []string{"5.2", "socle.souris"}) {
		t.Errorf("completions: %+v", doc.Completions)
	}
	if len(doc.Competencies) != 2 || doc.Competencies[0].Code != "5.2" || doc.Competencies[0].Level != 1 ||
		len(doc.Competencies[0].Evidence) != 1 || !doc.Competencies[0].Evidence[0].Counts {
		t.Errorf("competencies: %+v", doc.Competencies)
	}
}

func TestExportOfAnEmptyProfileHasEmptyListsNotNull(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	var out bytes.Buffer
	if err := s.Export(ctx, p.ID, &out); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"active_spans", "step_views", "attempts", "completions", "issued_records", "competencies"} {
		if !strings.Contains(out.String(), `"`+field+`": []`) {
			t.Errorf("%s is not an empty list in\n%s", field, out.String())
		}
	}
}

func TestExportFileToAMissingFolderFailsCleanly(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	dir := t.TempDir()
	err := s.ExportFile(ctx, p.ID, filepath.Join(dir, "no", "such", "folder.json"))
	if err == nil {
		t.Fatal("export into a missing folder succeeded")
	}
	// An export of an unknown profile leaves no temporary file behind.
	if err := s.ExportFile(ctx, "nobody", filepath.Join(dir, "x.json")); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("export of unknown profile: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

// failingWriter accepts limit bytes, then fails like a full USB stick.
type failingWriter struct{ limit int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, errors.New("no space left on device")
	}
	w.limit -= len(p)
	return len(p), nil
}

func TestExportReportsAWriterThatFails(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	for i := 0; i < 50; i++ {
		fillProfile(t, s, p)
	}
	var full bytes.Buffer
	if err := s.Export(ctx, p.ID, &full); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{0, 100, full.Len() / 2, full.Len() - 1} {
		err := s.Export(ctx, p.ID, &failingWriter{limit: limit})
		if err == nil || !strings.Contains(err.Error(), "no space left") {
			t.Errorf("limit %d: Export = %v, want the writer's error", limit, err)
		}
	}
}

// TestExportListsTheIssuedRecordsAndTheSpeechRate exports a profile with two
// attestations handed out (and another profile's one, left out) and a slow voice.
func TestExportListsTheIssuedRecordsAndTheSpeechRate(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	other := mustProfile(t, s, "Ahmed")
	if err := s.SetPreferences(ctx, p.ID, Preferences{TextScale: 2, SpeechRate: 0.75}); err != nil {
		t.Fatal(err)
	}
	clavier := IssuedRecord{PackID: "declic-starter", ModuleID: "03-le-clavier",
		RecordID: "urn:uuid:0a5e1f3c-7d2b-4e8a-b1c9-2f4d6e8a0b13", IssuedAt: day0.Add(2 * time.Hour)}
	souris := IssuedRecord{PackID: "declic-starter", ModuleID: "02-la-souris",
		RecordID: "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", IssuedAt: day0.Add(time.Hour + 700*time.Millisecond)}
	for _, r := range []IssuedRecord{clavier, souris} {
		if _, err := s.KeepIssuedRecord(ctx, p.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.KeepIssuedRecord(ctx, other.ID, IssuedRecord{PackID: "declic-starter", ModuleID: "02-la-souris",
		RecordID: "urn:uuid:" + uuid.NewString(), IssuedAt: day0}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := s.Export(ctx, p.ID, &out); err != nil {
		t.Fatal(err)
	}
	var doc Export
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	want := []ExportIssuedRecord{
		{PackID: "declic-starter", ModuleID: "02-la-souris", RecordID: souris.RecordID, IssuedAt: day0.Add(time.Hour)},
		{PackID: "declic-starter", ModuleID: "03-le-clavier", RecordID: clavier.RecordID, IssuedAt: day0.Add(2 * time.Hour)},
	}
	if len(doc.IssuedRecords) != len(want) {
		t.Fatalf("issued records: %+v, want %+v", doc.IssuedRecords, want)
	}
	for i := range want {
		g := doc.IssuedRecords[i]
		if g.PackID != want[i].PackID || g.ModuleID != want[i].ModuleID || g.RecordID != want[i].RecordID ||
			!g.IssuedAt.Equal(want[i].IssuedAt) {
			t.Errorf("issued record %d = %+v, want %+v (oldest first, to the second)", i, g, want[i])
		}
	}
	if doc.Profile.Preferences.SpeechRate != 0.75 || doc.Profile.Preferences.TextScale != 2 {
		t.Errorf("preferences: %+v, want speech rate 0.75 and text scale 2", doc.Profile.Preferences)
	}
}

// TestTheDocumentedExportExampleIsAnExport decodes the example of
// docs/learner-data.md into Export, refusing unknown fields, so the documentation
// cannot drift from the format.
func TestTheDocumentedExportExampleIsAnExport(t *testing.T) {
	path := filepath.Join("..", "docs", "learner-data.md")
	prereq.File(t, path)
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```json\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("docs/learner-data.md has no JSON example")
	}
	var exp Export
	dec := json.NewDecoder(strings.NewReader(example))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&exp); err != nil {
		t.Fatalf("the documented example is not an export: %v", err)
	}
	if exp.Format != ExportFormat || exp.Version != ExportVersion || len(exp.IssuedRecords) != 1 ||
		exp.Profile.Preferences.SpeechRate != 1 {
		t.Errorf("the documented example = %+v", exp)
	}
	// Every field the code writes is in the example.
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(example), &fields); err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	var out bytes.Buffer
	if err := s.Export(ctx, p.ID, &out); err != nil {
		t.Fatal(err)
	}
	var written map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &written); err != nil {
		t.Fatal(err)
	}
	for name := range written {
		if _, ok := fields[name]; !ok {
			t.Errorf("the export writes %q, which the documented example lacks", name)
		}
	}
}
