package learner

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"declic/internal/migration"
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

// knownSteps returns the schema steps of this code, migrations/*.sql.
func knownSteps(t testing.TB) []migration.Step {
	t.Helper()
	steps, err := schemaSteps()
	if err != nil {
		t.Fatal(err)
	}
	return steps
}

// latestVersion is the schema version this code brings files to.
func latestVersion(t testing.TB) int { return len(knownSteps(t)) }

// withExtraStep returns this code's steps and one more, as a later Déclic has them.
func withExtraStep(t testing.TB, sql string) []migration.Step {
	steps := knownSteps(t)
	n := len(steps) + 1
	return append(steps[:n-1:n-1], migration.Step{Version: n, Name: fmt.Sprintf("%04d_later.sql", n), SQL: sql})
}

// openAtStep opens path with only the first step schema steps known, as an older
// Déclic would.
func openAtStep(t testing.TB, path string, step int) *Store {
	t.Helper()
	s, err := open(path, Options{}, knownSteps(t)[:step])
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
	if version != latestVersion(t) || version < 3 {
		t.Errorf("after the migration: version %d, want %d (at least 3)", version, latestVersion(t))
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
