package branding

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"declic/courses"
	"declic/i18n"
	"declic/keys"
	"declic/packsign"
)

// BuildOptions say what goes into a new bundle; `declic-centre bundle` fills them
// from its flags (--name, --contact, --logo, --pack, --trust, --key, --out).
type BuildOptions struct {
	Dir     string       // the bundle folder to create; it must not exist yet
	Name    string       // the centre's name (required)
	Contact string       // optional contact line
	Logo    string       // optional path of a PNG logo
	Packs   []string     // paths of .declic packs to pre-install; each must validate
	Trust   []TrustEntry // extra trusted keys: Key is a did:key or a Multikey "z6Mk…"; Name may be empty
	Key     *keys.Key    // the centre key that signs the bundle; it is trusted too
}

// Build writes a signed bundle folder from opts and returns its manifest. It checks
// everything first (name, logo, packs, keys) and writes into a temporary folder that
// is renamed into place at the end, so a failure leaves nothing half-written.
// Packs are validated with courses.LoadPath: the caller blank-imports
// declic/plugins/builtin so the activity kinds are known.
func Build(opts BuildOptions) (*Manifest, error) {
	if opts.Dir == "" {
		return nil, errors.New("branding: build: no output folder")
	}
	if opts.Key == nil {
		return nil, errors.New("branding: build: no centre key to sign with")
	}
	if _, err := os.Lstat(opts.Dir); err == nil {
		return nil, i18n.NewError(nil, nil, "branding.build_exists", "Path", opts.Dir)
	}
	m := &Manifest{Format: FormatVersion, Name: strings.TrimSpace(opts.Name), Contact: strings.TrimSpace(opts.Contact), Signer: opts.Key.DID()}
	m.Trust = []TrustEntry{{Name: m.Name, Key: opts.Key.DID()}}
	for _, t := range opts.Trust {
		did, err := normaliseKey(t.Key)
		if err != nil {
			return nil, i18n.NewError(nil, nil, "branding.bad_key", "Key", t.Key)
		}
		if !slices.ContainsFunc(m.Trust, func(e TrustEntry) bool { return e.Key == did }) {
			m.Trust = append(m.Trust, TrustEntry{Name: strings.TrimSpace(t.Name), Key: did})
		}
	}
	if opts.Logo != "" {
		logo, err := readLimited(opts.Logo, MaxLogoBytes)
		if err == nil {
			err = checkLogo(logo)
		}
		if err != nil {
			return nil, i18n.NewError(nil, err, "branding.build_logo", "Path", opts.Logo)
		}
	}
	for _, p := range opts.Packs {
		if !strings.EqualFold(filepath.Ext(p), ".declic") {
			return nil, i18n.NewError(nil, nil, "branding.build_not_declic", "Path", p)
		}
		_, problems, err := courses.LoadPath(p)
		if err != nil {
			return nil, i18n.NewError(nil, err, "branding.build_pack_unreadable", "Path", p)
		}
		if first, ok := firstError(problems); ok {
			return nil, i18n.NewError(nil, nil, "branding.build_pack_errors", "Path", p,
				"File", first.File, "Line", first.Line, "First", first.Message())
		}
	}
	if err := m.checkFields(); err != nil {
		return nil, err // a coded message about a flag's value
	}

	parent := filepath.Dir(opts.Dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".bundle-*")
	if err != nil {
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	defer os.RemoveAll(tmp) // after the rename there is nothing left to remove
	if opts.Logo != "" {
		ref, err := copyInto(tmp, opts.Logo, "logo.png")
		if err != nil {
			return nil, err
		}
		m.Logo = &ref
	}
	for _, p := range opts.Packs {
		name := "packs/" + filepath.Base(p)
		for _, r := range m.Packs {
			if strings.EqualFold(r.Path, name) {
				return nil, i18n.NewError(nil, nil, "branding.build_same_pack_name", "Name", filepath.Base(p))
			}
		}
		ref, err := copyInto(tmp, p, name)
		if err != nil {
			return nil, err
		}
		m.Packs = append(m.Packs, ref)
	}
	var buf bytes.Buffer
	buf.WriteString("# Déclic centre bundle. Signed: any change here makes the app refuse the bundle.\n")
	if err := toml.NewEncoder(&buf).Encode(m); err != nil {
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	data := buf.Bytes()
	if _, err := ParseManifest(data, ManifestName); err != nil { // what we write, we can read
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	sig, err := Sign(opts.Key, data)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, ManifestName), data, 0o644); err != nil {
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, SignatureName), sig, 0o644); err != nil {
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	if _, err := LoadDir(tmp); err != nil {
		return nil, fmt.Errorf("branding: build: the new bundle does not verify: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	if err := os.Rename(tmp, opts.Dir); err != nil {
		return nil, fmt.Errorf("branding: build: %w", err)
	}
	return m, nil
}

// checkFields checks the manifest's texts and keys (files are added later).
func (m *Manifest) checkFields() error {
	files := m.Logo
	packs := m.Packs
	m.Logo, m.Packs = nil, nil
	err := m.check()
	m.Logo, m.Packs = files, packs
	return err
}

// TrustArg reads one --trust value: a did:key or a Multikey "z6Mk…" (a key without a
// name), or the path of a centre's public key file NAME.pub.toml, whose name learners
// then see on the packs it signs.
func TrustArg(s string) (TrustEntry, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "did:key:") || strings.HasPrefix(s, "z6Mk") {
		did, err := normaliseKey(s)
		if err != nil {
			return TrustEntry{}, i18n.NewError(nil, nil, "branding.bad_key", "Key", s)
		}
		return TrustEntry{Key: did}, nil
	}
	k, err := packsign.ReadPublicKeyFile(s)
	if err != nil {
		return TrustEntry{}, i18n.NewError(nil, err, "branding.key_file_unreadable", "Path", s)
	}
	return TrustEntry{Name: k.Name, Key: k.DID}, nil
}

// normaliseKey accepts a did:key or a bare Multikey and returns the did:key.
func normaliseKey(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "did:key:") {
		s = "did:key:" + s
	}
	pub, err := keys.ParseDID(s)
	if err != nil {
		return "", err
	}
	return keys.DID(pub), nil
}

// copyInto copies src to dir/name (a slash path) and returns its FileRef.
func copyInto(dir, src, name string) (FileRef, error) {
	in, err := os.Open(src)
	if err != nil {
		return FileRef{}, fmt.Errorf("branding: build: %w", err)
	}
	defer in.Close()
	dst := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return FileRef{}, fmt.Errorf("branding: build: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return FileRef{}, fmt.Errorf("branding: build: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return FileRef{}, fmt.Errorf("branding: build: copy %s: %w", src, err)
	}
	if n > MaxPackBytes {
		return FileRef{}, i18n.NewError(nil, nil, "branding.build_pack_too_large", "Path", src, "Bytes", int64(MaxPackBytes))
	}
	if !fs.ValidPath(name) || path.Clean(name) != name {
		return FileRef{}, fmt.Errorf("branding: build: bad file name %q", name)
	}
	return FileRef{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// firstError returns the first error-level problem of a pack, for the message.
func firstError(problems courses.Problems) (courses.Problem, bool) {
	for _, p := range problems {
		if p.Severity == courses.SeverityError {
			return p, true
		}
	}
	return courses.Problem{}, false
}
