package learner

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProfilesCreateListRenameDelete(t *testing.T) {
	s := openTemp(t)
	marie := mustProfile(t, s, "  Marie ")
	ahmed, err := s.CreateProfile(ctx, NewProfile{FirstName: "Ahmed", Avatar: "soleil",
		Preferences: Preferences{TextScale: 1.5, Theme: "contraste", Language: "fr", ReadAloud: true}})
	if err != nil {
		t.Fatal(err)
	}
	if marie.FirstName != "Marie" {
		t.Errorf("first name not trimmed: %q", marie.FirstName)
	}
	if marie.ID == ahmed.ID || len(marie.ID) != 36 {
		t.Errorf("ids %q and %q are not two distinct uuids", marie.ID, ahmed.ID)
	}
	if marie.Preferences.TextScale != 1 {
		t.Errorf("default text scale %v, want 1", marie.Preferences.TextScale)
	}
	list, err := s.Profiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != marie.ID || list[1].ID != ahmed.ID {
		t.Fatalf("Profiles = %+v, want Marie then Ahmed", list)
	}
	if got := list[1].Preferences; got != (Preferences{TextScale: 1.5, Theme: "contraste", Language: "fr", ReadAloud: true, SpeechRate: 1}) {
		t.Errorf("preferences read back as %+v", got)
	}

	if err := s.RenameProfile(ctx, marie.ID, "Marie-Claire"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAvatar(ctx, marie.ID, "fleur"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPreferences(ctx, marie.ID, Preferences{TextScale: 2, Theme: "sombre"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Profile(ctx, marie.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FirstName != "Marie-Claire" || got.Avatar != "fleur" || got.Preferences.TextScale != 2 || got.Preferences.Theme != "sombre" {
		t.Errorf("after changes: %+v", got)
	}

	if err := s.DeleteProfile(ctx, marie.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Profile(ctx, marie.ID); !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("Profile(deleted) = %v, want ErrProfileNotFound", err)
	}
	if err := s.DeleteProfile(ctx, marie.ID); !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("DeleteProfile twice = %v, want ErrProfileNotFound", err)
	}
	if list, _ := s.Profiles(ctx); len(list) != 1 || list[0].ID != ahmed.ID {
		t.Errorf("after delete: %+v", list)
	}
}

func TestProfileBadInputsAreRefused(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	tests := []struct {
		name string
		err  error
	}{
		{"empty first name", func() error { _, err := s.CreateProfile(ctx, NewProfile{FirstName: "  ", Avatar: "chat"}); return err }()},
		{"first name too long", func() error {
			_, err := s.CreateProfile(ctx, NewProfile{FirstName: strings.Repeat("é", MaxFirstNameLength+1), Avatar: "chat"})
			return err
		}()},
		{"control character in name", s.RenameProfile(ctx, p.ID, "Ma\x00rie")},
		{"invalid UTF-8 name", s.RenameProfile(ctx, p.ID, "Ma\xffrie")},
		{"no avatar", func() error { _, err := s.CreateProfile(ctx, NewProfile{FirstName: "Jo"}); return err }()},
		{"avatar with spaces", s.SetAvatar(ctx, p.ID, "un chat")},
		{"text scale too big", s.SetPreferences(ctx, p.ID, Preferences{TextScale: 9})},
		{"negative text scale", s.SetPreferences(ctx, p.ID, Preferences{TextScale: -1})},
		{"speech rate too fast", s.SetPreferences(ctx, p.ID, Preferences{SpeechRate: 3})},
		{"speech rate too slow", s.SetPreferences(ctx, p.ID, Preferences{SpeechRate: 0.2})},
		{"negative speech rate", s.SetPreferences(ctx, p.ID, Preferences{SpeechRate: -1})},
		{"speech rate not a number", s.SetPreferences(ctx, p.ID, Preferences{SpeechRate: math.NaN()})},
		{"new profile with a bad speech rate", func() error {
			_, err := s.CreateProfile(ctx, NewProfile{FirstName: "Jo", Avatar: "chat", Preferences: Preferences{SpeechRate: 5}})
			return err
		}()},
		{"PIN of 3 digits", s.SetPIN(ctx, p.ID, "123")},
		{"PIN with a letter", s.SetPIN(ctx, p.ID, "12a4")},
		{"PIN with Arabic-Indic digits", s.SetPIN(ctx, p.ID, "١٢٣٤")},
		{"picture password of 2", s.SetPicturePassword(ctx, p.ID, []int{1, 2})},
		{"picture out of range", s.SetPicturePassword(ctx, p.ID, []int{1, 2, PictureCount})},
		{"same picture twice", s.SetPicturePassword(ctx, p.ID, []int{4, 4, 5})},
		{"unknown placement state", s.SetPlacement(ctx, p.ID, Placement{State: "maybe"})},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", tt.name, tt.err)
		}
	}
	got, _ := s.Profile(ctx, p.ID)
	if got.FirstName != "Marie" || got.HasPIN || got.HasPicturePassword || got.Preferences.TextScale != 1 ||
		got.Preferences.SpeechRate != 1 {
		t.Errorf("a refused change was applied: %+v", got)
	}
}

func TestUnknownProfileIsReportedEverywhere(t *testing.T) {
	s := openTemp(t)
	const id = "00000000-0000-4000-8000-000000000000"
	_, checkErr := s.CheckPIN(ctx, id, "1234")
	_, pictErr := s.CheckPicturePassword(ctx, id, []int{1})
	_, sumErr := s.Summary(ctx, id, nil, SummaryOptions{})
	for name, err := range map[string]error{
		"rename":      s.RenameProfile(ctx, id, "Jo"),
		"set PIN":     s.SetPIN(ctx, id, "1234"),
		"check PIN":   checkErr,
		"check pict":  pictErr,
		"placement":   s.SetPlacement(ctx, id, Placement{State: PlacementSkipped}),
		"summary":     sumErr,
		"record":      s.Record(ctx, StepView{ProfileID: id, PackID: "p", ModuleID: "m", LessonID: "l"}),
		"export":      s.Export(ctx, id, &strings.Builder{}),
		"delete":      s.DeleteProfile(ctx, id),
		"preferences": s.SetPreferences(ctx, id, Preferences{}),
	} {
		if !errors.Is(err, ErrProfileNotFound) {
			t.Errorf("%s: err = %v, want ErrProfileNotFound", name, err)
		}
	}
}

func TestPINIsHashedAndChecked(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	if ok, err := s.CheckPIN(ctx, p.ID, "0000"); err != nil || !ok {
		t.Fatalf("a profile without PIN must open: %v %v", ok, err)
	}
	if err := s.SetPIN(ctx, p.ID, "4821"); err != nil {
		t.Fatal(err)
	}
	var stored string
	s.db.QueryRow("SELECT pin_hash FROM profiles WHERE id = ?", p.ID).Scan(&stored)
	if strings.Contains(stored, "4821") || !strings.HasPrefix(stored, "argon2id$") {
		t.Fatalf("PIN stored as %q", stored)
	}
	for pin, want := range map[string]bool{"4821": true, "4822": false, "1284": false, "": false, "48210": false} {
		ok, err := s.CheckPIN(ctx, p.ID, pin)
		if errors.Is(err, ErrLocked) && !want {
			err = nil // the third wrong try in a row imposes a wait (unlock_test.go)
		}
		if err != nil || ok != want {
			t.Errorf("CheckPIN(%q) = %v, %v; want %v", pin, ok, err, want)
		}
		clock.advance(MaxUnlockWait)
	}
	if got, _ := s.Profile(ctx, p.ID); !got.HasPIN {
		t.Error("HasPIN false after SetPIN")
	}
	// Same PIN on another profile: a different salt, so a different hash.
	q := mustProfile(t, s, "Ahmed")
	s.SetPIN(ctx, q.ID, "4821")
	var other string
	s.db.QueryRow("SELECT pin_hash FROM profiles WHERE id = ?", q.ID).Scan(&other)
	if other == stored {
		t.Error("two profiles with the same PIN have the same hash (no salt)")
	}
	if err := s.SetPIN(ctx, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Profile(ctx, p.ID); got.HasPIN {
		t.Error("HasPIN true after removing the PIN")
	}
}

func TestPicturePasswordOrderMatters(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	if err := s.SetPicturePassword(ctx, p.ID, []int{3, 11, 0}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		guess []int
		want  bool
	}{
		{[]int{3, 11, 0}, true},
		{[]int{0, 11, 3}, false},
		{[]int{3, 11, 1}, false},
		{[]int{3, 11}, false},
		{[]int{3, 11, 0, 5}, false},
		{[]int{3, 3, 3}, false},
		{nil, false},
	}
	for _, tt := range tests {
		ok, err := s.CheckPicturePassword(ctx, p.ID, tt.guess)
		if errors.Is(err, ErrLocked) && !tt.want {
			err = nil // the third wrong try in a row imposes a wait (unlock_test.go)
		}
		if err != nil || ok != tt.want {
			t.Errorf("CheckPicturePassword(%v) = %v, %v; want %v", tt.guess, ok, err, tt.want)
		}
		clock.advance(MaxUnlockWait)
	}
	if got, _ := s.Profile(ctx, p.ID); !got.HasPicturePassword || got.HasPIN {
		t.Errorf("flags after SetPicturePassword: %+v", got)
	}
	s.SetPicturePassword(ctx, p.ID, nil)
	if got, _ := s.Profile(ctx, p.ID); got.HasPicturePassword {
		t.Error("picture password still set after removing it")
	}
}

func TestPlacementIsStoredAndReplaced(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	if got, _ := s.Profile(ctx, p.ID); got.Placement.State != PlacementNotYet {
		t.Fatalf("new profile placement %+v", got.Placement)
	}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s.SetPlacement(ctx, p.ID, Placement{State: PlacementDone, PackID: "declic-starter", ModuleID: "03-le-clavier", At: at})
	got, _ := s.Profile(ctx, p.ID)
	if got.Placement != (Placement{State: PlacementDone, PackID: "declic-starter", ModuleID: "03-le-clavier", At: at}) {
		t.Errorf("placement read back as %+v", got.Placement)
	}
	s.SetPlacement(ctx, p.ID, Placement{State: PlacementSkipped})
	got, _ = s.Profile(ctx, p.ID)
	if got.Placement.State != PlacementSkipped || got.Placement.ModuleID != "" || got.Placement.At.IsZero() {
		t.Errorf("redone placement read back as %+v", got.Placement)
	}
}

func TestVerifySecretRefusesMalformedHashes(t *testing.T) {
	const salt, key = "AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	for _, h := range []string{
		"", "plain",
		"argon2id$v=19$m=0,t=1,p=1$" + salt + "$" + key,
		"argon2id$v=19$m=8,t=1,p=1$!!$" + key,
		"argon2id$v=18$m=8,t=1,p=1$" + salt + "$" + key,
		"argon2id$v=19$m=x,t=1,p=1$" + salt + "$" + key,
		"argon2id$v=19$m=8,t=1,p=1$" + salt + "$",
		"argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key, // 4 TiB: refused, not attempted
		"argon2id$v=19$m=8,t=1000000,p=1$" + salt + "$" + key,
		"argon2id$v=19$m=8,t=1,p=1,q=2$" + salt + "$" + key,
	} {
		if ok, err := verifySecret(h, "1234"); ok || !errors.Is(err, ErrInvalid) {
			t.Errorf("verifySecret(%q) = %v, %v; want false, ErrInvalid", h, ok, err)
		}
	}
	good := "argon2id$v=19$m=8,t=1,p=1$" + salt + "$" + key
	if _, err := parseSecretHash(good); err != nil {
		t.Errorf("a well-formed small hash is refused: %v", err)
	}
}

// FuzzParseSecretHash feeds stored hash strings (they come from a file on disk, so
// from outside) to the parser: it must never panic, and whatever it accepts must
// stay within the bounds that keep verification cheap.
func FuzzParseSecretHash(f *testing.F) {
	good, _ := hashSecret("1234")
	f.Add(good)
	f.Add("argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("argon2id$v=19$m=8,t=1,p=300$AAAA$AAAA")
	f.Fuzz(func(t *testing.T, encoded string) {
		h, err := parseSecretHash(encoded)
		if err != nil {
			return
		}
		if h.memory > maxArgonMemory || h.time > maxArgonTime || h.threads == 0 || len(h.key) > maxArgonLen {
			t.Fatalf("parseSecretHash(%q) accepted out-of-bounds parameters %+v", encoded, h)
		}
	})
}

// TestSpeechRateIsKeptInTheFile stores a reading speed, closes the file and finds
// the speed again in a new store on the same file.
func TestSpeechRateIsKeptInTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	marie := mustProfile(t, s, "Marie")
	if marie.Preferences.SpeechRate != 1 {
		t.Errorf("default speech rate %v, want 1 (normal)", marie.Preferences.SpeechRate)
	}
	ahmed, err := s.CreateProfile(ctx, NewProfile{FirstName: "Ahmed", Avatar: "soleil", Preferences: Preferences{SpeechRate: 1.3}})
	if err != nil {
		t.Fatal(err)
	}
	slow := Preferences{TextScale: 1.5, Theme: "contraste", Language: "fr", SpeechRate: 0.75}
	if err := s.SetPreferences(ctx, marie.ID, slow); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Profile(ctx, marie.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Preferences != slow {
		t.Errorf("Marie's preferences read back as %+v, want %+v", got.Preferences, slow)
	}
	list, err := s.Profiles(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("Profiles = %v, %v", list, err)
	}
	if list[1].ID != ahmed.ID || list[1].Preferences.SpeechRate != 1.3 {
		t.Errorf("Ahmed's speed read back as %v, want 1.3", list[1].Preferences.SpeechRate)
	}
}
