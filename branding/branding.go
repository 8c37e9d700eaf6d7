// Package branding reads, verifies and writes a centre bundle: the small folder a
// centre's installer drops beside the Déclic program to show the centre's name, logo
// and contact line, trust the centre's keys and pre-install its course packs. The
// bundle is signed with the centre's Ed25519 key, so a changed bundle is refused at
// start-up and no Go code is rebuilt to brand an installer.
//
// Layout, beside the executable:
//
//	declic-bundle/
//	  bundle.toml   the manifest (name, contact, signer, trust keys, files with SHA-256)
//	  bundle.sig    the raw 64-byte Ed25519 signature of bundle.toml by the signer key
//	  logo.png      optional
//	  packs/*.declic
package branding

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/png" // the logo is a PNG
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"declic/i18n"
	"declic/keys"
	"declic/packsign"
)

// DirName is the bundle folder's name, next to the executable.
const DirName = "declic-bundle"

// ManifestName and SignatureName are the two files every bundle holds.
const (
	ManifestName  = "bundle.toml"
	SignatureName = "bundle.sig"
)

// FormatVersion is the manifest format this package writes and reads.
const FormatVersion = 1

// Limits on what a bundle may hold, against mistakes and hostile files.
const (
	MaxManifestBytes = 64 << 10  // bundle.toml
	MaxLogoBytes     = 1 << 20   // logo.png
	MaxLogoSide      = 1024      // pixels, width and height
	MaxPackBytes     = 512 << 20 // each .declic file
	MaxPacks         = 50
	MaxTrustKeys     = 20
	MaxNameRunes     = 80
	MaxContactRunes  = 120
)

var (
	// ErrNoBundle means there is no bundle folder: an ordinary, unbranded install.
	ErrNoBundle = errors.New("branding: no centre bundle")
	// ErrTampered means the signature or a file's checksum does not match: the
	// bundle was changed after the centre signed it, and nothing of it may be used.
	ErrTampered = errors.New("branding: the centre bundle was changed after it was signed")
	// ErrInvalid means the bundle is malformed (bad manifest, missing file, bad value).
	ErrInvalid = errors.New("branding: the centre bundle is not valid")
)

// Manifest is bundle.toml: what the centre signed.
type Manifest struct {
	Format  int          `toml:"format"`
	Name    string       `toml:"name"`              // the centre's name, shown on the home screen
	Contact string       `toml:"contact,omitempty"` // e.g. "Besoin d'aide ? Appelez le 01 00 00 00 00"
	Signer  string       `toml:"signer"`            // did:key of the key that signed bundle.toml
	Trust   []TrustEntry `toml:"trust"`             // keys the app trusts for packs, the signer's among them
	Logo    *FileRef     `toml:"logo,omitempty"`
	Packs   []FileRef    `toml:"packs,omitempty"`
}

// TrustEntry is one key the centre asks the app to trust: packs signed with it
// install without a question. Name is what learners see ("Signé par …"); it may be
// empty for a key given as a bare did:key, and the app then names the centre that
// vouches for it.
type TrustEntry struct {
	Name string `toml:"name,omitempty"`
	Key  string `toml:"key"` // did:key
}

// FileRef names a file of the bundle (a slash-separated path relative to the bundle
// folder) with its size and SHA-256, so the signature covers its content.
type FileRef struct {
	Path   string `toml:"path"`
	Size   int64  `toml:"size"`
	SHA256 string `toml:"sha256"`
}

// Bundle is a verified centre bundle, ready for the app to show and use.
type Bundle struct {
	Dir       string            // the bundle folder
	Name      string            // the centre's name
	Contact   string            // the contact line, may be empty
	Logo      []byte            // PNG bytes, nil when the bundle has no logo
	SignerDID string            // did:key of the centre key that signed the bundle
	Signer    ed25519.PublicKey // the same key
	// Trusted are the keys to add to the app's trust store, the signer first (named
	// after the centre), without duplicates. File is the bundle's manifest; Name is
	// empty for a key the centre did not name.
	Trusted []packsign.TrustedKey
	Packs   []string // absolute paths of the verified .declic packs
}

// Load reads and verifies the bundle beside the executable: exeDir/declic-bundle.
// It returns an error wrapping ErrNoBundle when there is none, ErrTampered when the
// signature or a checksum fails, ErrInvalid for any other fault.
func Load(exeDir string) (*Bundle, error) {
	return LoadDir(filepath.Join(exeDir, DirName))
}

// LoadDir reads and verifies the bundle folder dir (see Load).
func LoadDir(dir string) (*Bundle, error) {
	manifestPath := filepath.Join(dir, ManifestName)
	data, err := readLimited(manifestPath, MaxManifestBytes)
	if errors.Is(err, fs.ErrNotExist) {
		if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNoBundle, dir)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	sig, err := readLimited(filepath.Join(dir, SignatureName), ed25519.SignatureSize+1)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	m, err := ParseManifest(data, manifestPath)
	if err != nil {
		return nil, err
	}
	signer, err := keys.ParseDID(m.Signer)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: signer: %v", ErrInvalid, manifestPath, err)
	}
	if !Verify(signer, data, sig) {
		return nil, fmt.Errorf("%w: %s does not match %s (signer %s)", ErrTampered, SignatureName, ManifestName, m.Signer)
	}
	b := &Bundle{Dir: dir, Name: m.Name, Contact: m.Contact, SignerDID: m.Signer, Signer: signer}
	b.Trusted = trustList(m, manifestPath)
	if m.Logo != nil {
		logo, err := readChecked(dir, *m.Logo, MaxLogoBytes)
		if err != nil {
			return nil, err
		}
		if err := checkLogo(logo); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, m.Logo.Path, err)
		}
		b.Logo = logo
	}
	for _, p := range m.Packs {
		if err := checkFile(dir, p, MaxPackBytes); err != nil {
			return nil, err
		}
		abs, err := filepath.Abs(filepath.Join(dir, filepath.FromSlash(p.Path)))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, p.Path, err)
		}
		b.Packs = append(b.Packs, abs)
	}
	return b, nil
}

// ParseManifest decodes and checks bundle.toml (source names it in errors). It does
// not check the signature or the files: LoadDir does.
func ParseManifest(data []byte, source string) (*Manifest, error) {
	if len(data) > MaxManifestBytes {
		return nil, fmt.Errorf("%w: %s: %d bytes, at most %d", ErrInvalid, source, len(data), MaxManifestBytes)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: %s: not UTF-8 text", ErrInvalid, source)
	}
	var m Manifest
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			line, _ := sm.Errors[0].Position()
			return nil, fmt.Errorf("%w: %s:%d: unknown field %q", ErrInvalid, source, line, strings.Join(sm.Errors[0].Key(), "."))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			return nil, fmt.Errorf("%w: %s:%d: %v", ErrInvalid, source, line, de)
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, source, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, source, err)
	}
	return &m, nil
}

func (m *Manifest) check() error {
	if m.Format != FormatVersion {
		return fmt.Errorf("format %d is not supported (this version reads format %d)", m.Format, FormatVersion)
	}
	if err := checkText("name", m.Name, MaxNameRunes); err != nil {
		return err
	}
	if strings.TrimSpace(m.Name) == "" {
		return i18n.NewError(nil, nil, "branding.name_empty")
	}
	if err := checkText("contact", m.Contact, MaxContactRunes); err != nil {
		return err
	}
	if _, err := keys.ParseDID(m.Signer); err != nil {
		return fmt.Errorf("signer: %v", err)
	}
	if len(m.Trust) > MaxTrustKeys {
		return i18n.NewError(nil, nil, "branding.too_many_keys", "Count", len(m.Trust), "Max", MaxTrustKeys)
	}
	for i, t := range m.Trust {
		if _, err := keys.ParseDID(t.Key); err != nil {
			return fmt.Errorf("trust[%d]: %v", i, err)
		}
		if err := checkText(fmt.Sprintf("trust[%d].name", i), t.Name, MaxNameRunes); err != nil {
			return err
		}
	}
	if len(m.Packs) > MaxPacks {
		return i18n.NewError(nil, nil, "branding.too_many_packs", "Count", len(m.Packs), "Max", MaxPacks)
	}
	seen := map[string]bool{}
	listed := func(r FileRef, ext, what string) error {
		if err := r.check(); err != nil {
			return err
		}
		if !strings.EqualFold(path.Ext(r.Path), ext) {
			return fmt.Errorf("%s %q: must be a %s file", what, r.Path, ext)
		}
		key := strings.ToLower(r.Path)
		if seen[key] {
			return fmt.Errorf("file %q is listed twice", r.Path)
		}
		seen[key] = true
		return nil
	}
	if m.Logo != nil {
		if err := listed(*m.Logo, ".png", "logo"); err != nil {
			return err
		}
	}
	for _, r := range m.Packs {
		if err := listed(r, ".declic", "pack"); err != nil {
			return err
		}
	}
	return nil
}

func (r FileRef) check() error {
	p := r.Path
	if p == "" || !fs.ValidPath(p) || p == "." || strings.Contains(p, `\`) || strings.Contains(p, ":") {
		return fmt.Errorf("file %q: path must be relative, with / between folders, and stay inside the bundle", p)
	}
	if p == ManifestName || p == SignatureName {
		return fmt.Errorf("file %q: reserved name", p)
	}
	if r.Size < 0 {
		return fmt.Errorf("file %q: negative size", p)
	}
	if sum, err := hex.DecodeString(r.SHA256); err != nil || len(sum) != sha256.Size {
		return fmt.Errorf("file %q: sha256 must be 64 hexadecimal digits", p)
	}
	return nil
}

// checkText refuses a text longer than maxRunes or holding a control character;
// field names it in the message (name, contact, trust[0].name).
func checkText(field, s string, maxRunes int) error {
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return i18n.NewError(nil, nil, "branding.text_too_long", "Field", field, "Count", n, "Max", maxRunes)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return i18n.NewError(nil, nil, "branding.text_control", "Field", field, "Char", fmt.Sprintf("%U", r))
		}
	}
	return nil
}

// trustList returns the trusted keys, the signer first and named after the centre
// (unless the manifest names it), without duplicates.
func trustList(m *Manifest, manifestPath string) []packsign.TrustedKey {
	var trusted []packsign.TrustedKey
	seen := map[string]bool{}
	entries := append([]TrustEntry{{Name: m.Name, Key: m.Signer}}, m.Trust...)
	for _, e := range entries {
		pub, err := keys.ParseDID(e.Key)
		if err != nil { // checked by ParseManifest
			continue
		}
		if seen[string(pub)] {
			continue
		}
		seen[string(pub)] = true
		trusted = append(trusted, packsign.TrustedKey{Name: strings.TrimSpace(e.Name), DID: keys.DID(pub), Key: pub, File: manifestPath})
	}
	return trusted
}

// checkFile verifies a listed file's size and checksum without keeping its bytes.
func checkFile(dir string, r FileRef, limit int64) error {
	f, err := openRegular(dir, r, limit)
	if err != nil {
		return err
	}
	defer f.Close()
	return hashMatches(r, f, io.Discard)
}

// readChecked returns a listed file's bytes after checking its size and checksum.
func readChecked(dir string, r FileRef, limit int64) ([]byte, error) {
	f, err := openRegular(dir, r, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := hashMatches(r, f, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func openRegular(dir string, r FileRef, limit int64) (*os.File, error) {
	p := filepath.Join(dir, filepath.FromSlash(r.Path))
	info, err := os.Lstat(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, r.Path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s: not a regular file", ErrInvalid, r.Path)
	}
	if r.Size > limit {
		return nil, fmt.Errorf("%w: %s: %d bytes, at most %d", ErrInvalid, r.Path, r.Size, limit)
	}
	if info.Size() != r.Size {
		return nil, fmt.Errorf("%w: %s: %d bytes, the manifest says %d", ErrTampered, r.Path, info.Size(), r.Size)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, r.Path, err)
	}
	return f, nil
}

func hashMatches(r FileRef, src io.Reader, dst io.Writer) error {
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(h, dst), io.LimitReader(src, r.Size+1))
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrInvalid, r.Path, err)
	}
	if n != r.Size || !strings.EqualFold(hex.EncodeToString(h.Sum(nil)), r.SHA256) {
		return fmt.Errorf("%w: %s: checksum does not match", ErrTampered, r.Path)
	}
	return nil
}

func checkLogo(data []byte) error {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return i18n.NewError(nil, nil, "branding.logo_not_png")
	}
	if format != "png" {
		return i18n.NewError(nil, nil, "branding.logo_format", "Format", strings.ToUpper(format))
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide {
		return i18n.NewError(nil, nil, "branding.logo_size", "Width", cfg.Width, "Height", cfg.Height, "Max", MaxLogoSide)
	}
	// Decode it fully once, so a truncated or corrupt PNG is refused here, not in the UI.
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return i18n.NewError(nil, nil, "branding.logo_not_png")
	}
	return nil
}

// readLimited reads a whole file, refusing one larger than limit bytes.
func readLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if int64(len(data)) > limit {
		return nil, i18n.NewError(nil, nil, "branding.file_too_large", "Path", p, "Bytes", limit)
	}
	return data, nil
}
