package learner

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// slowHandsStep is the schema version that adds slow_hands: found among the
// steps by its file's name, so the tests hold whatever place the step takes.
func slowHandsStep(t *testing.T) int {
	t.Helper()
	for _, step := range knownSteps(t) {
		if strings.HasSuffix(step.Name, "_slow_hands.sql") {
			return step.Version
		}
	}
	t.Fatal("no schema step adds slow_hands")
	return 0
}

// TestMigrationToSlowHandsKeepsTheFileBeforeIt opens a file written by the schema
// just before the slow-hands step, migrates it, and finds the profile's other
// settings kept and the usual gestures; the migrated profile then keeps slow hands.
func TestMigrationToSlowHandsKeepsTheFileBeforeIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	step := slowHandsStep(t)
	s := openAtStep(t, path, step-1)
	p := oldProfile(t, s, "Marie", 1.5, "contraste")
	if _, err := s.db.ExecContext(ctx, "UPDATE profiles SET speech_rate = 0.75 WHERE id = ?", p.ID); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	if latest := latestVersion(t); version != latest || version < step {
		t.Errorf("after the migration: version %d, want %d (at least %d)", version, latest, step)
	}
	got, err := s.Profile(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := Preferences{TextScale: 1.5, Theme: "contraste", Language: "uk", ReadAloud: true, SpeechRate: 0.75}
	if got.Preferences != want {
		t.Errorf("preferences after the migration: %+v, want %+v (usual gestures)", got.Preferences, want)
	}
	want.SlowHands = true
	if err := s.SetPreferences(ctx, p.ID, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Profile(ctx, p.ID); got.Preferences != want {
		t.Errorf("after choosing slow hands: %+v, want %+v", got.Preferences, want)
	}
}

// TestSlowHandsAreKeptPerProfileInTheFile gives one profile slow hands at
// creation and another later, closes the file and finds each setting again.
func TestSlowHandsAreKeptPerProfileInTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	marie := mustProfile(t, s, "Marie")
	if marie.Preferences.SlowHands {
		t.Error("a new profile starts with slow hands, want the usual gestures")
	}
	ahmed, err := s.CreateProfile(ctx, NewProfile{FirstName: "Ahmed", Avatar: "soleil", Preferences: Preferences{SlowHands: true}})
	if err != nil {
		t.Fatal(err)
	}
	lea := mustProfile(t, s, "Léa")
	if err := s.SetPreferences(ctx, lea.ID, Preferences{TextScale: 2, SlowHands: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		id   string
		name string
		slow bool
	}{{marie.ID, "Marie", false}, {ahmed.ID, "Ahmed", true}, {lea.ID, "Léa", true}} {
		got, err := s.Profile(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Preferences.SlowHands != c.slow {
			t.Errorf("%s: slow hands read back as %v, want %v", c.name, got.Preferences.SlowHands, c.slow)
		}
	}
}

// TestExportSaysWhetherTheProfileHasSlowHands: the export carries the setting.
func TestExportSaysWhetherTheProfileHasSlowHands(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	if err := s.SetPreferences(ctx, p.ID, Preferences{SlowHands: true}); err != nil {
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
	if !doc.Profile.Preferences.SlowHands {
		t.Errorf("exported preferences %+v: want slow_hands true", doc.Profile.Preferences)
	}
}
