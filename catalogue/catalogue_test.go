package catalogue

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/courses"
	"declic/keys"
	"declic/packsign"
	"declic/records"
)

// copyDir copies the example pack of courses/testdata into a temporary folder,
// changing its pack.toml with edit.
func examplePack(t *testing.T, edit func(manifest string) string) string {
	t.Helper()
	src := filepath.Join("..", "courses", "testdata", "example")
	dst := filepath.Join(t.TempDir(), "pack")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "pack.toml" && edit != nil {
			data = []byte(edit(string(data)))
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// signedPack builds the example pack into dir/name.declic, signed by key (unsigned when nil).
func signedPack(t *testing.T, dir, name string, key *keys.Key, edit func(string) string) string {
	t.Helper()
	out := filepath.Join(dir, name+".declic")
	if _, _, err := courses.Build(examplePack(t, edit), out); err != nil {
		t.Fatal(err)
	}
	if key != nil {
		if _, err := courses.Sign(out, key, "Centre Exemple"); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func trustStore(t *testing.T, k *keys.Key) *packsign.TrustStore {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "exemple.pub.toml"), packsign.PublicKeyFile("Centre Exemple", k), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, errs := packsign.LoadTrustStore(dir)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return ts
}

func mustKey(t *testing.T) *keys.Key {
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestTheEmbeddedStarterPackIsInTheCatalogue(t *testing.T) {
	c, problems := Load(Options{})
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	m, ok := c.Lookup(records.AchievementID("fr.declic.premiers-pas", "02-la-souris"))
	if !ok || m.Title != "La souris" || m.Hours != 1.5 || m.Minutes != 80 || m.Source != "embedded:starter" || m.Signer != "" {
		t.Fatalf("%+v %v", m, ok)
	}
	if n := len(c.Modules()); n < 12 {
		t.Fatalf("%d modules", n)
	}
	for _, m := range c.Modules() {
		if m.Hours <= 0 || m.Minutes <= 0 || m.Title == "" {
			t.Errorf("module %+v", m)
		}
	}
}

func TestOnlyPacksSignedByATrustedKeyAreAdded(t *testing.T) {
	trusted, stranger := mustKey(t), mustKey(t)
	dir := t.TempDir()
	signedPack(t, dir, "signe", trusted, nil)
	signedPack(t, dir, "inconnu", stranger, func(m string) string {
		return strings.Replace(m, `id = "org.example.decouverte"`, `id = "org.example.autre"`, 1)
	})
	signedPack(t, dir, "sans-signature", nil, func(m string) string {
		return strings.Replace(m, `id = "org.example.decouverte"`, `id = "org.example.libre"`, 1)
	})
	signedPack(t, dir, "imposteur", trusted, func(m string) string {
		return strings.Replace(m, `id = "org.example.decouverte"`, `id = "fr.declic.premiers-pas"`, 1)
	})
	signedPack(t, dir, "ancien", trusted, func(m string) string {
		return strings.Replace(m, `version = "1.2.0"`, `version = "1.0.0"`, 1)
	})
	os.WriteFile(filepath.Join(dir, "abime.declic"), []byte("pas un zip"), 0o644)
	c, problems := Load(Options{PacksDir: dir, Trust: trustStore(t, trusted)})
	m, ok := c.Lookup(records.AchievementID("org.example.decouverte", "02-le-clavier"))
	if !ok || m.Hours != 0.05 || m.PackVersion != "1.2.0" || m.Signer != trusted.DID() || m.SignerName != "Centre Exemple" || m.Minutes != 15 {
		t.Fatalf("signed pack: %+v %v", m, ok)
	}
	got := map[string]ProblemCode{}
	for _, p := range problems {
		got[filepath.Base(p.Path)] = p.Code
	}
	want := map[string]ProblemCode{
		"inconnu.declic": ProblemUnknownSigner, "sans-signature.declic": ProblemUnsigned,
		"imposteur.declic": ProblemEmbeddedID, "ancien.declic": ProblemOlder, "abime.declic": ProblemUnreadable,
	}
	for name, code := range want {
		if got[name] != code {
			t.Errorf("%s: %q, want %q (all: %v)", name, got[name], code, problems)
		}
	}
	if _, ok := c.Lookup(records.AchievementID("org.example.autre", "02-le-clavier")); ok {
		t.Error("a pack of an unknown signer is in the catalogue")
	}
	if m, _ := c.Lookup(records.AchievementID("fr.declic.premiers-pas", "01-la-souris")); m.Source != "" {
		t.Error("a signed pack replaced a module of the embedded starter pack")
	}
}

func TestATamperedSignedPackIsLeftOut(t *testing.T) {
	trusted := mustKey(t)
	dir := t.TempDir()
	pack := signedPack(t, dir, "signe", trusted, nil)
	// The same pack as a folder with 20 hours for a module, under the old signature.
	folder := examplePack(t, nil)
	os.WriteFile(filepath.Join(folder, "modules", "02-le-clavier", "module.toml"), []byte(strings.Replace(readFile(t, filepath.Join(folder, "modules", "02-le-clavier", "module.toml")), "hours = 0.05", "hours = 20", 1)), 0o644)
	unzipSignature(t, pack, folder)
	os.Remove(pack)
	dst := filepath.Join(dir, "signe-modifie")
	os.Rename(folder, dst)
	c, problems := Load(Options{PacksDir: dir, Trust: trustStore(t, trusted)})
	if len(problems) != 1 || problems[0].Code != ProblemTampered {
		t.Fatalf("%v", problems)
	}
	if _, ok := c.Lookup(records.AchievementID("org.example.decouverte", "02-le-clavier")); ok {
		t.Fatal("a tampered pack is in the catalogue")
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// unzipSignature copies the manifest and signature of a signed .declic into folder.
func unzipSignature(t *testing.T, pack, folder string) {
	t.Helper()
	fsys, closer, err := courses.Open(pack)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	for _, name := range []string{packsign.ManifestName, packsign.SignatureName} {
		f, err := fsys.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		buf, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(folder, name), buf, 0o644)
	}
}

func TestCheckTakesHoursFromTheCatalogue(t *testing.T) {
	c, _ := Load(Options{})
	souris := records.AchievementID("fr.declic.premiers-pas", "02-la-souris")
	cases := []struct {
		name  string
		rec   records.Record
		hours float64
		code  RefusalCode
	}{
		{"hours claimed above the module's are cut to the module's", records.Record{AchievementID: souris, CreditsEarned: 20, CreditsAvailable: 20, ActiveMinutes: 60}, 1.5, ""},
		{"fewer hours claimed are kept", records.Record{AchievementID: souris, CreditsEarned: 1, CreditsAvailable: 1.5, ActiveMinutes: 60}, 1, ""},
		{"a module no trusted pack has is refused", records.Record{AchievementID: "urn:declic:achievement:x:y", CreditsEarned: 1, ActiveMinutes: 60}, 0, RefusalUnknownAchievement},
		{"a record without active time is refused", records.Record{AchievementID: souris, CreditsEarned: 1.5, ActiveMinutes: -1}, 0, RefusalNoActiveTime},
		{"19 active minutes for an 80-minute module are too few", records.Record{AchievementID: souris, CreditsEarned: 1.5, ActiveMinutes: 19}, 0, RefusalTooShort},
		{"20 active minutes are enough", records.Record{AchievementID: souris, CreditsEarned: 1.5, ActiveMinutes: 20}, 1.5, ""},
		{"no hours claimed is refused", records.Record{AchievementID: souris, CreditsEarned: 0, ActiveMinutes: 60}, 0, RefusalNoHours},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Check(&tc.rec)
			var r *Refusal
			if tc.code != "" {
				if !errors.As(err, &r) || r.Code != tc.code {
					t.Fatalf("err %v, want %q", err, tc.code)
				}
				return
			}
			if err != nil || got.Hours != tc.hours || got.Module.Title != "La souris" {
				t.Fatalf("%+v %v", got, err)
			}
		})
	}
}
