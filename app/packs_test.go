package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/keys"
	"declic/packsign"
	"declic/plugins/view"
)

// overlayButton finds a button of the top dialog.
func overlayButton(t *testing.T, w fyne.Window, label string) *view.PushButton {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open (looking for %q)", label)
	}
	var found *view.PushButton
	walk(t, top, func(o fyne.CanvasObject) {
		if b, ok := o.(*view.PushButton); ok && b.Text == label {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q in the dialog", label)
	}
	return found
}

// overlayShows reports whether the top dialog holds a label containing text.
func overlayShows(t *testing.T, w fyne.Window, text string) bool {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	seen := false
	if top != nil {
		walk(t, top, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, text) {
				seen = true
			}
		})
	}
	return seen
}

// packFixture is a data folder, a USB stick folder holding built packs, and a
// centre key in the trust store.
type packFixture struct {
	library, stick, trust string
	key                   *keys.Key
}

func newPackFixture(t *testing.T) packFixture {
	t.Helper()
	root := t.TempDir()
	f := packFixture{library: filepath.Join(root, "packs"), stick: filepath.Join(root, "media", "CLE"), trust: filepath.Join(root, "trust")}
	os.MkdirAll(f.stick, 0o755)
	os.MkdirAll(f.trust, 0o755)
	var err error
	if f.key, err = keys.Generate(); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(f.trust, "centre.pub.toml"), packsign.PublicKeyFile("Centre social Exemple", f.key), 0o644)
	return f
}

// build writes the example pack, with version, onto the stick; signed when sign.
func (f packFixture) build(t *testing.T, name, version string, sign bool) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	copyTree(t, "../courses/testdata/example", src)
	manifest := filepath.Join(src, "pack.toml")
	data, _ := os.ReadFile(manifest)
	os.WriteFile(manifest, []byte(strings.Replace(string(data), `version = "1.2.0"`, `version = "`+version+`"`, 1)), 0o644)
	out := filepath.Join(f.stick, name)
	if _, _, err := courses.Build(src, out); err != nil {
		t.Fatal(err)
	}
	if sign {
		if _, err := courses.Sign(out, f.key, "Centre"); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (f packFixture) manager(t *testing.T) (*packManager, *ui, fyne.Window, *[]*courses.Pack) {
	t.Helper()
	u, w, _ := newUI(t, []*courses.Pack{loadStarter(t)}, language.French)
	var changed []*courses.Pack
	m := u.NewPackManager(packManagerOptions{
		Library:    f.library,
		TrustDirs:  []string{f.trust},
		SearchDirs: func() []string { return []string{f.stick} },
		OnChange: func(p []*courses.Pack) {
			changed = p
			u.ReplaceInstalledPacks(p)
		},
	})
	return m, u, w, &changed
}

func TestPackManagerInstallsATrustedPackFromTheStick(t *testing.T) {
	f := newPackFixture(t)
	f.build(t, "decouverte.declic", "1.2.0", true)
	os.WriteFile(filepath.Join(f.stick, "abime.declic"), []byte("pas une archive"), 0o644)
	m, u, w, changed := f.manager(t)
	m.Show()
	if len(m.Found()) != 1 {
		t.Fatalf("found %d packs on the stick, want 1 (the damaged file is not offered)", len(m.Found()))
	}
	for _, want := range []string{"Découvrir l'ordinateur", "Version 1.2.0", "Signé par Centre social Exemple", "Ko"} {
		if !shows(t, w, want) {
			t.Errorf("the screen does not show %q", want)
		}
	}
	test.Tap(button(t, w, "Installer"))
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("a trusted pack asked for a confirmation")
	}
	if !strings.Contains(m.Status(), "est installé") || len(*changed) != 1 {
		t.Fatalf("status %q, %d packs", m.Status(), len(*changed))
	}
	if len(u.opts.Packs) != 2 || u.opts.Packs[0].Source != "embedded:starter" {
		t.Errorf("home packs: %d", len(u.opts.Packs))
	}
	// The installed pack is listed with a Remove button, and no longer offered; the
	// screen says why the stick's list is empty.
	if !shows(t, w, "Cours installés") || len(buttons(t, w, "Installer")) != 0 {
		t.Error("the installed pack is still offered")
	}
	if !shows(t, w, "Les cours de la clé USB sont déjà installés.") || shows(t, w, "Cours trouvés sur la clé USB :") {
		t.Error("after the install, the stick's heading does not say its courses are installed")
	}
	test.Tap(button(t, w, "Retirer"))
	if !overlayShows(t, w, "Vos progrès sont gardés") {
		t.Fatal("no confirmation before removing")
	}
	test.Tap(overlayButton(t, w, "Retirer"))
	if !strings.Contains(m.Status(), "est retiré") || len(*changed) != 0 {
		t.Errorf("status %q, %d packs", m.Status(), len(*changed))
	}
	if entries, _ := os.ReadDir(f.library); len(entries) != 0 {
		t.Errorf("library not empty: %v", entries)
	}
}

func buttons(t *testing.T, w fyne.Window, label string) []*view.PushButton {
	var out []*view.PushButton
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*view.PushButton); ok && b.Text == label {
			out = append(out, b)
		}
	})
	return out
}

func TestPackManagerAsksBeforeAnUnsignedPack(t *testing.T) {
	f := newPackFixture(t)
	f.build(t, "decouverte.declic", "1.2.0", false)
	m, _, w, changed := f.manager(t)
	m.Show()
	if !shows(t, w, "Pas signé") {
		t.Error("the unsigned status is not shown")
	}
	test.Tap(button(t, w, "Installer"))
	if !overlayShows(t, w, "n'est pas signé") {
		t.Fatal("no warning before installing an unsigned pack")
	}
	test.Tap(overlayButton(t, w, "Annuler"))
	if entries, _ := os.ReadDir(f.library); len(entries) != 0 || len(*changed) != 0 {
		t.Fatal("cancel installed the pack")
	}
	test.Tap(button(t, w, "Installer"))
	test.Tap(overlayButton(t, w, "Installer quand même"))
	if len(*changed) != 1 {
		t.Fatal("not installed after confirmation")
	}
	// A higher version on the stick is offered as an update.
	f.build(t, "decouverte-2.declic", "2.0.0", true)
	m.Show()
	test.Tap(button(t, w, "Mettre à jour"))
	if !strings.Contains(m.Status(), "mis à jour") || (*changed)[0].Version != "2.0.0" {
		t.Errorf("status %q", m.Status())
	}
}

func TestPackManagerExplainsARefusal(t *testing.T) {
	f := newPackFixture(t)
	p := f.build(t, "decouverte.declic", "1.2.0", true)
	m, _, w, _ := f.manager(t)
	m.Show()
	// A truncated copy of the file, picked by hand.
	data, _ := os.ReadFile(p)
	bad := filepath.Join(t.TempDir(), "tronque.declic")
	os.WriteFile(bad, data[:len(data)-40], 0o644)
	m.InspectAndInstall(bad)
	if !overlayShows(t, w, "ne peut pas être lu") || !overlayShows(t, w, "ce n'est pas un fichier .declic lisible") {
		t.Error("the refusal is not explained")
	}
	if entries, _ := os.ReadDir(f.library); len(entries) != 0 {
		t.Error("something was installed")
	}
}

func TestFindPackFilesOnAStick(t *testing.T) {
	stick := t.TempDir()
	os.MkdirAll(filepath.Join(stick, "cours"), 0o755)
	for _, n := range []string{"a.declic", "cours/b.DECLIC", "c.zip", ".cache.declic", "cours/d.txt"} {
		os.WriteFile(filepath.Join(stick, n), []byte("x"), 0o644)
	}
	os.MkdirAll(filepath.Join(stick, "dossier.declic"), 0o755)
	got := findPackFiles([]string{stick, filepath.Join(stick, "absent")})
	if len(got) != 2 || filepath.Base(got[0]) != "a.declic" || filepath.Base(got[1]) != "b.DECLIC" {
		t.Errorf("FindPackFiles = %v", got)
	}
}

func TestSizeText(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{{"fr", 10, "1 Ko"}, {"fr", 2048, "2 Ko"}, {"fr", 3 << 20, "3,0 Mo"}, {"en", 1536 << 10, "1.5 MB"}} {
		if got := sizeText(c.lang, c.n); got != c.want {
			t.Errorf("sizeText(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestPackManagerAddsATrustedCentreAfterAWarning(t *testing.T) {
	f := newPackFixture(t)
	other, _ := keys.Generate()
	f.key = other // the stick's pack is signed by a centre not yet trusted
	f.build(t, "decouverte.declic", "1.2.0", true)
	pub := filepath.Join(t.TempDir(), "autre.pub.toml")
	os.WriteFile(pub, packsign.PublicKeyFile("Centre de Lyon", other), 0o644)
	m, _, w, _ := f.manager(t)
	m.Show()
	if !shows(t, w, "Signé par un centre inconnu") {
		t.Fatal("unknown signer not shown")
	}
	m.ConfirmTrustedKey(pub)
	if !overlayShows(t, w, "Centre de Lyon") || !overlayShows(t, w, packsign.Fingerprint(other.Public())) {
		t.Fatal("the warning does not name the centre and its fingerprint")
	}
	test.Tap(overlayButton(t, w, "Faire confiance"))
	if !strings.Contains(m.Status(), "Centre de Lyon") || !shows(t, w, "Signé par Centre de Lyon") {
		t.Errorf("status %q", m.Status())
	}
	if _, err := os.Stat(filepath.Join(f.trust, "autre.pub.toml")); err != nil {
		t.Error(err)
	}
}

// A centre bundle's keys join the trust store: a pack signed by the centre, or by a
// partner it names or only lists, installs without a question and shows who signed it.
func TestPackManagerTrustsTheKeysOfTheCentreBundle(t *testing.T) {
	for _, c := range []struct {
		name, keyName, shown string
	}{
		{"the centre's own key", "EPN des Tilleuls", "Signé par EPN des Tilleuls"},
		{"a partner the centre named", "Centre social du Port", "Signé par Centre social du Port"},
		{"a key the centre only listed", "", "Signé par un partenaire du centre EPN des Tilleuls"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newPackFixture(t)
			bundleKey, _ := keys.Generate()
			f.key = bundleKey // not in the trust folder: trusted through the bundle only
			f.build(t, "decouverte.declic", "1.2.0", true)
			m, _, w, changed := f.manager(t)
			m.opts.BundleCentre = "EPN des Tilleuls"
			m.opts.BundleTrust = []packsign.TrustedKey{{Name: c.keyName, DID: bundleKey.DID(), Key: bundleKey.Public()}}
			m.Show()
			if !shows(t, w, c.shown) {
				t.Fatalf("the screen does not show %q", c.shown)
			}
			test.Tap(button(t, w, "Installer"))
			if w.Canvas().Overlays().Top() != nil {
				t.Fatal("a pack signed by a key of the bundle asked for a confirmation")
			}
			if len(*changed) != 1 {
				t.Fatalf("status %q, %d packs installed", m.Status(), len(*changed))
			}
		})
	}
	// Without the bundle the same pack is from an unknown centre.
	f := newPackFixture(t)
	f.key, _ = keys.Generate()
	f.build(t, "decouverte.declic", "1.2.0", true)
	m, _, w, _ := f.manager(t)
	m.Show()
	if !shows(t, w, "Signé par un centre inconnu") {
		t.Fatal("a key of no bundle and no folder is trusted")
	}
}
