package branding

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"declic/courses"
	"declic/courses/starter"
	"declic/i18n"
	"declic/internal/prereq"
	"declic/keys"
	_ "declic/plugins/builtin" // Build validates packs: the activity kinds must be known
)

// starterPack zips the embedded starter pack into a real .declic file.
func starterPack(t testing.TB, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = fs.WalkDir(starter.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(starter.FS(), path)
		if err != nil {
			return err
		}
		w, err := zw.Create(path)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func pngFile(t testing.TB, dir string, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "logo-source.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func newKey(t testing.TB) *keys.Key {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// built returns the folder holding the executable and its freshly built bundle.
func built(t *testing.T) (exeDir string, key *keys.Key, extra *keys.Key) {
	t.Helper()
	src := t.TempDir()
	exeDir = t.TempDir()
	key, extra = newKey(t), newKey(t)
	_, err := Build(BuildOptions{
		Dir:     filepath.Join(exeDir, DirName),
		Name:    "EPN des Tilleuls",
		Contact: "Besoin d'aide ? Appelez le 01 00 00 00 00",
		Logo:    pngFile(t, src, 64, 32),
		Packs:   []string{starterPack(t, src, "premiers-pas.declic")},
		Trust:   []TrustEntry{{Key: extra.PublicMultibase()}},
		Key:     key,
	})
	if err != nil {
		t.Fatal(err)
	}
	return exeDir, key, extra
}

func TestBuildThenLoad(t *testing.T) {
	exeDir, key, extra := built(t)
	b, err := Load(exeDir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "EPN des Tilleuls" || b.Contact != "Besoin d'aide ? Appelez le 01 00 00 00 00" {
		t.Errorf("name/contact = %q / %q", b.Name, b.Contact)
	}
	if b.SignerDID != key.DID() || !b.Signer.Equal(key.Public()) {
		t.Errorf("signer = %s, want %s", b.SignerDID, key.DID())
	}
	if len(b.Trusted) != 2 || b.Trusted[0].DID != key.DID() || b.Trusted[1].DID != extra.DID() || !b.Trusted[1].Key.Equal(extra.Public()) {
		t.Fatalf("trust = %+v, want the centre key then the extra key", b.Trusted)
	}
	// The signer is named after the centre; a key given as a bare did:key has no name.
	if b.Trusted[0].Name != "EPN des Tilleuls" || b.Trusted[1].Name != "" {
		t.Errorf("trusted names = %q, %q", b.Trusted[0].Name, b.Trusted[1].Name)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b.Logo))
	if err != nil || cfg.Width != 64 || cfg.Height != 32 {
		t.Errorf("logo: %v %dx%d", err, cfg.Width, cfg.Height)
	}
	if len(b.Packs) != 1 || !filepath.IsAbs(b.Packs[0]) {
		t.Fatalf("packs = %v", b.Packs)
	}
	pack, problems, err := courses.LoadPath(b.Packs[0])
	if err != nil || problems.HasErrors() {
		t.Fatalf("the bundled pack does not load: %v %v", err, problems)
	}
	if pack.Title == "" {
		t.Error("bundled pack has no title")
	}
	entries, _ := os.ReadDir(exeDir)
	if len(entries) != 1 {
		t.Errorf("build left extra files beside the bundle: %v", entries)
	}
}

func TestLoadWithoutBundle(t *testing.T) {
	_, err := Load(t.TempDir())
	if !errors.Is(err, ErrNoBundle) {
		t.Fatalf("err = %v, want ErrNoBundle", err)
	}
}

func TestLoadEmptyBundleFolderIsInvalid(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, DirName), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}

func TestTamperedBundlesAreRefused(t *testing.T) {
	cases := map[string]func(t *testing.T, dir string){
		"manifest name changed": func(t *testing.T, dir string) {
			rewrite(t, filepath.Join(dir, ManifestName), func(s string) string {
				return strings.Replace(s, "EPN des Tilleuls", "EPN des Tilleuls (faux)", 1)
			})
		},
		"signature flipped": func(t *testing.T, dir string) {
			p := filepath.Join(dir, SignatureName)
			sig, _ := os.ReadFile(p)
			sig[10] ^= 1
			os.WriteFile(p, sig, 0o644)
		},
		"signature truncated": func(t *testing.T, dir string) {
			p := filepath.Join(dir, SignatureName)
			sig, _ := os.ReadFile(p)
			os.WriteFile(p, sig[:40], 0o644)
		},
		"logo byte changed": func(t *testing.T, dir string) { flipLastByte(t, filepath.Join(dir, "logo.png")) },
		"pack byte changed": func(t *testing.T, dir string) {
			flipLastByte(t, filepath.Join(dir, "packs", "premiers-pas.declic"))
		},
		"pack grown": func(t *testing.T, dir string) {
			f, _ := os.OpenFile(filepath.Join(dir, "packs", "premiers-pas.declic"), os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte("x"))
			f.Close()
		},
		"re-signed by someone else": func(t *testing.T, dir string) {
			// An attacker re-signs the changed manifest with their own key but keeps the
			// centre as signer: the signature no longer matches the signer.
			p := filepath.Join(dir, ManifestName)
			rewrite(t, p, func(s string) string { return strings.Replace(s, "01 00 00 00 00", "01 99 99 99 99", 1) })
			data, _ := os.ReadFile(p)
			sig, err := Sign(newKey(t), data)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, SignatureName), sig, 0o644)
		},
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			exeDir, _, _ := built(t)
			tamper(t, filepath.Join(exeDir, DirName))
			b, err := Load(exeDir)
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("err = %v (bundle %v), want ErrTampered", err, b)
			}
			if b != nil {
				t.Error("a tampered bundle was returned")
			}
		})
	}
}

func TestBrokenBundlesAreInvalid(t *testing.T) {
	cases := map[string]func(t *testing.T, dir string){
		"no signature": func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, SignatureName)) },
		"pack missing": func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "packs", "premiers-pas.declic")) },
		"pack is a symlink": func(t *testing.T, dir string) {
			p := filepath.Join(dir, "packs", "premiers-pas.declic")
			os.Rename(p, p+".real")
			if err := os.Symlink(p+".real", p); err != nil {
				prereq.Missing(t, "no symlinks here: %v", err)
			}
		},
		"manifest too big": func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, ManifestName), bytes.Repeat([]byte("#"), MaxManifestBytes+1), 0o644)
		},
	}
	for name, breakIt := range cases {
		t.Run(name, func(t *testing.T) {
			exeDir, _, _ := built(t)
			breakIt(t, filepath.Join(exeDir, DirName))
			if _, err := Load(exeDir); !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestParseManifestErrors(t *testing.T) {
	signer := newKey(t).DID()
	sum := strings.Repeat("ab", 32)
	head := "format = 1\nname = \"EPN\"\nsigner = \"" + signer + "\"\ntrust = []\n"
	cases := []struct{ name, toml, want string }{
		{"unknown field with its line", head + "colour = \"red\"\n", "bundle.toml:5: unknown field \"colour\""},
		{"bad TOML with its line", head + "name = \n", "bundle.toml:5"},
		{"future format", strings.Replace(head, "format = 1", "format = 2", 1), "format 2 is not supported"},
		{"empty name", strings.Replace(head, `"EPN"`, `"  "`, 1), "Le nom du centre est vide"},
		{"name too long", strings.Replace(head, `"EPN"`, `"`+strings.Repeat("é", 81)+`"`, 1), "name a 81 caractères, 80 au plus"},
		{"control character", strings.Replace(head, `"EPN"`, `"EPN\u0007"`, 1), "name contient un caractère de contrôle (U+0007)"},
		{"contact too long", head + "contact = \"" + strings.Repeat("a", 121) + "\"\n", "contact a 121 caractères"},
		{"signer not a did:key", strings.Replace(head, signer, "did:web:example.org", 1), "signer:"},
		{"bad trust key", strings.Replace(head, "trust = []", "[[trust]]\nkey = \"z6MkNOPE\"", 1), "trust[0]"},
		{"trust as a plain list", strings.Replace(head, "trust = []", `trust = ["`+signer+`"]`, 1), "bundle.toml:4"},
		{"trust name too long", strings.Replace(head, "trust = []", "[[trust]]\nname = \""+strings.Repeat("a", 81)+"\"\nkey = \""+signer+"\"", 1), "trust[0].name a 81 caractères"},
		{"pack escapes", head + "[[packs]]\npath = \"../x.declic\"\nsize = 1\nsha256 = \"" + sum + "\"\n", "stay inside the bundle"},
		{"absolute pack", head + "[[packs]]\npath = \"/etc/x.declic\"\nsize = 1\nsha256 = \"" + sum + "\"\n", "stay inside the bundle"},
		{"backslash pack", head + "[[packs]]\npath = 'packs\\x.declic'\nsize = 1\nsha256 = \"" + sum + "\"\n", "stay inside the bundle"},
		{"pack not .declic", head + "[[packs]]\npath = \"packs/x.zip\"\nsize = 1\nsha256 = \"" + sum + "\"\n", "must be a .declic file"},
		{"logo not png", head + "[logo]\npath = \"logo.jpg\"\nsize = 1\nsha256 = \"" + sum + "\"\n", "must be a .png file"},
		{"short checksum", head + "[[packs]]\npath = \"packs/x.declic\"\nsize = 1\nsha256 = \"abcd\"\n", "64 hexadecimal digits"},
		{"negative size", head + "[[packs]]\npath = \"packs/x.declic\"\nsize = -1\nsha256 = \"" + sum + "\"\n", "negative size"},
		{"listed twice", head + strings.Repeat("[[packs]]\npath = \"packs/x.declic\"\nsize = 1\nsha256 = \""+sum+"\"\n", 2), "listed twice"},
		{"reserved name", head + "[[packs]]\npath = \"bundle.toml\"\nsize = 1\nsha256 = \"" + sum + "\"\n", "reserved name"},
		{"not UTF-8", head + "contact = \"\xff\"\n", "not UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseManifest([]byte(c.toml), ManifestName)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want ErrInvalid containing %q", err, c.want)
			}
		})
	}
	if _, err := ParseManifest([]byte(head), ManifestName); err != nil {
		t.Fatalf("the valid head is refused: %v", err)
	}
}

func TestBuildRefusesBadInput(t *testing.T) {
	src := t.TempDir()
	key := newKey(t)
	goodPack := starterPack(t, src, "ok.declic")
	notPNG := filepath.Join(src, "logo.png")
	os.WriteFile(notPNG, []byte("GIF89a not a png"), 0o644)
	brokenPack := filepath.Join(src, "broken.declic")
	os.WriteFile(brokenPack, []byte("not a zip"), 0o644)
	hugeLogo := pngFile(t, t.TempDir(), MaxLogoSide+1, 2)
	existing := filepath.Join(src, "exists")
	os.Mkdir(existing, 0o755)
	ok := BuildOptions{Name: "EPN", Key: key, Packs: []string{goodPack}}
	cases := []struct {
		name   string
		change func(o *BuildOptions)
		want   string
	}{
		{"no key", func(o *BuildOptions) { o.Key = nil }, "no centre key"},
		{"no name", func(o *BuildOptions) { o.Name = " " }, "Le nom du centre est vide"},
		{"folder exists", func(o *BuildOptions) { o.Dir = existing }, "existe déjà"},
		{"logo not PNG", func(o *BuildOptions) { o.Logo = notPNG }, "ne convient pas : ce n'est pas une image PNG lisible"},
		{"logo too wide", func(o *BuildOptions) { o.Logo = hugeLogo }, "1025 × 2 pixels, 1024 × 1024 au plus"},
		{"logo missing", func(o *BuildOptions) { o.Logo = filepath.Join(src, "none.png") }, "none.png est introuvable"},
		{"pack not .declic", func(o *BuildOptions) { o.Packs = []string{notPNG} }, "n'est pas un fichier .declic"},
		{"pack broken", func(o *BuildOptions) { o.Packs = []string{brokenPack} }, "broken.declic"},
		{"same pack twice", func(o *BuildOptions) { o.Packs = []string{goodPack, goodPack} }, "Deux parcours s'appellent ok.declic"},
		{"bad trust key", func(o *BuildOptions) { o.Trust = []TrustEntry{{Key: "did:key:zNOPE"}} }, "« did:key:zNOPE » n'est pas une clé lisible"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			o := ok
			o.Dir = filepath.Join(out, DirName)
			c.change(&o)
			_, err := Build(o)
			var coded *i18n.Error
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			if c.name != "no key" && !errors.As(err, &coded) {
				t.Errorf("err = %v: not a message of the catalogue", err)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("a failed build left files behind: %v", entries)
			}
		})
	}
}

func TestSignVerifyAndPEM(t *testing.T) {
	k := newKey(t)
	data := []byte("abc  declic-0.1.0-linux-amd64.tar.xz\n")
	sig, err := Sign(k, data)
	if err != nil {
		t.Fatal(err)
	}
	if !Verify(k.Public(), data, sig) {
		t.Fatal("a fresh signature does not verify")
	}
	if Verify(k.Public(), append(data, ' '), sig) || Verify(newKey(t).Public(), data, sig) || Verify(k.Public(), data, sig[:63]) {
		t.Fatal("a wrong message, key or signature verifies")
	}
	pemBytes, err := PublicKeyPEM(k.Public())
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil || !pub.(ed25519.PublicKey).Equal(k.Public()) {
		t.Fatalf("PEM round trip: %v", err)
	}
	if _, err := Sign(nil, data); err == nil {
		t.Error("signing with no key succeeded")
	}
}

func rewrite(t *testing.T, p string, change func(string) string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	after := change(string(data))
	if after == string(data) {
		t.Fatalf("%s: nothing changed", p)
	}
	if err := os.WriteFile(p, []byte(after), 0o644); err != nil {
		t.Fatal(err)
	}
}

func flipLastByte(t *testing.T, p string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 0xff
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzParseManifest(f *testing.F) {
	signer := newKey(f).DID()
	f.Add([]byte("format = 1\nname = \"EPN\"\nsigner = \"" + signer + "\"\ntrust = []\n"))
	f.Add([]byte("format = 1\nname = \"EPN\"\nsigner = \"" + signer + "\"\n[[packs]]\npath = \"packs/a.declic\"\nsize = 3\nsha256 = \"" + strings.Repeat("0", 64) + "\"\n"))
	f.Add([]byte("[logo]\npath = \"../../x.png\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data, ManifestName)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error not wrapping ErrInvalid: %v", err)
			}
			return
		}
		for _, r := range m.Packs {
			if !fs.ValidPath(r.Path) || strings.Contains(r.Path, "..") && !strings.Contains(r.Path, "...") && strings.HasPrefix(r.Path, "..") {
				t.Fatalf("accepted an escaping path %q", r.Path)
			}
		}
		if strings.TrimSpace(m.Name) == "" || m.Format != FormatVersion {
			t.Fatalf("accepted %+v", m)
		}
	})
}

// A pack with errors is named with its first problem and where it is, in the
// reader's language.
func TestBuildNamesThePacksFirstErrorInTheReadersLanguage(t *testing.T) {
	src := t.TempDir()
	p := filepath.Join(src, "faux.declic")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("pack.toml")
	w.Write([]byte("id = \"fr.exemple.faux\"\nversion = \"1.0.0\"\n"))
	zw.Close()
	f.Close()
	_, err = Build(BuildOptions{Dir: filepath.Join(t.TempDir(), DirName), Name: "EPN", Key: newKey(t), Packs: []string{p}})
	var coded *i18n.Error
	if !errors.As(err, &coded) || coded.ID != "branding.build_pack_errors" || coded.Args["File"] == "" {
		t.Fatalf("Build = %v, want branding.build_pack_errors with the problem's file", err)
	}
	if fr := err.Error(); !strings.Contains(fr, "faux.declic a des erreurs (la première : ") || !strings.Contains(fr, "declic-pack validate") {
		t.Errorf("in French: %q", fr)
	}
	if en := i18n.New(language.English).Error(err); !strings.Contains(en, "faux.declic has errors (the first: ") {
		t.Errorf("in English: %q", en)
	}
}
