package learner

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
)

// oldProfile writes a profile row the way code of schema step 1 or 2 did (no
// column of a later step), so a migration test can start from a genuine old file.
func oldProfile(t testing.TB, s *Store, name string, textScale float64, theme string) Profile {
	t.Helper()
	id := uuid.NewString()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO profiles
		(id, first_name, avatar, text_scale, theme, language, read_aloud, created_at)
		VALUES (?, ?, 'chat', ?, ?, 'uk', 1, ?)`, id, name, textScale, theme, day0.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	return Profile{ID: id, FirstName: name}
}

// openAtStep opens path with only the first step schema steps known, as an older
// Déclic would; t.Cleanup puts every step back.
func openAtStep(t *testing.T, path string, step int) *Store {
	t.Helper()
	saved := migrations
	t.Cleanup(func() { migrations, schemaVersion = saved, len(saved) })
	migrations, schemaVersion = saved[:step], step
	s, err := Open(path)
	migrations, schemaVersion = saved, len(saved)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMigrationToSpeechRateKeepsAVersion2File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s := openAtStep(t, path, 2)
	var version int
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	if version != 2 {
		t.Fatalf("the old file is at version %d, want 2", version)
	}
	p := oldProfile(t, s, "Marie", 2, "contraste")
	if err := s.Record(ctx, completion(p, starterModules[1], 0.9, true, day0)); err != nil {
		t.Fatal(err)
	}
	rec := IssuedRecord{PackID: "declic-starter", ModuleID: "02-la-souris",
		RecordID: "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", IssuedAt: day0.Add(time.Hour)}
	if _, err := s.KeepIssuedRecord(ctx, p.ID, rec); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	if version != schemaVersion || schemaVersion < 3 {
		t.Errorf("after the migration: version %d, want %d (at least 3)", version, schemaVersion)
	}
	got, err := s.Profile(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Preferences{TextScale: 2, Theme: "contraste", Language: "uk", ReadAloud: true, SpeechRate: 1}
	if got.FirstName != "Marie" || got.Preferences != want || !got.Created.Equal(day0) {
		t.Errorf("profile after the migration: %+v, want Marie with %+v (speed normal)", got, want)
	}
	kept, found, err := s.IssuedRecordFor(ctx, p.ID, rec.PackID, rec.ModuleID)
	if err != nil || !found || kept.RecordID != rec.RecordID || !kept.IssuedAt.Equal(rec.IssuedAt) {
		t.Errorf("issued record after the migration: %+v found=%v err=%v", kept, found, err)
	}
	if mods, err := s.CompletedModules(ctx, p.ID); err != nil || len(mods) != 1 {
		t.Errorf("completion after the migration: %v, %v", mods, err)
	}
	// The migrated profile takes a new speed like any other.
	want.SpeechRate = 0.75
	if err := s.SetPreferences(ctx, p.ID, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Profile(ctx, p.ID); got.Preferences != want {
		t.Errorf("speed after the migration: %+v, want %+v", got.Preferences, want)
	}
}
