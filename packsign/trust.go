package packsign

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"declic/i18n"
	"declic/keys"

	"github.com/pelletier/go-toml/v2"
)

// TrustDirName is the folder of trusted centre keys, below the data folder
// (datadir.Dirs.Root) and next to the executable (keys shipped by an installer).
const TrustDirName = "trust"

// maxTrustFileBytes bounds one public key file; maxTrustFiles the files read per folder.
const (
	maxTrustFileBytes = 64 << 10
	maxTrustFiles     = 1000
)

// TrustedKey is a centre's public key, with the name learners see.
type TrustedKey struct {
	Name string
	DID  string
	Key  ed25519.PublicKey
	// File is where the key was read from.
	File string
}

// publicKeyFile is the TOML form of a public key file (NAME.pub.toml).
type publicKeyFile struct {
	Name string `toml:"name"`
	Key  string `toml:"key"`
}

// TrustStore is the set of centre keys this installation trusts.
type TrustStore struct{ keys []TrustedKey }

// TrustDirs are the folders a trust store is read from: Root/trust (keys the
// user added) and trust/ next to the executable (keys shipped by an installer).
func TrustDirs(dataRoot string) []string {
	dirs := []string{filepath.Join(dataRoot, TrustDirName)}
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Join(filepath.Dir(exe), TrustDirName))
	}
	return dirs
}

// LoadTrustStore reads every *.toml public key file of dirs. A missing folder is
// empty; a damaged file is skipped and reported, so one bad file never hides the
// other centres.
func LoadTrustStore(dirs ...string) (*TrustStore, []error) {
	ts := &TrustStore{}
	var errs []error
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sort.Strings(files)
		if len(files) > maxTrustFiles {
			errs = append(errs, i18n.NewError(nil, nil, "packsign.trust_too_many", "Dir", dir, "Max", maxTrustFiles))
			files = files[:maxTrustFiles]
		}
		for _, f := range files {
			k, err := ReadPublicKeyFile(f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ts.keys = append(ts.keys, k)
		}
	}
	return ts, errs
}

// ReadPublicKeyFile reads one NAME.pub.toml file: name = "…", key = "did:key:…".
func ReadPublicKeyFile(path string) (TrustedKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return TrustedKey{}, i18n.NewError(nil, err, "packsign.trust_unreadable", "Path", path)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTrustFileBytes+1))
	if err != nil {
		return TrustedKey{}, i18n.NewError(nil, err, "packsign.trust_unreadable", "Path", path)
	}
	if len(data) > maxTrustFileBytes {
		return TrustedKey{}, i18n.NewError(nil, nil, "packsign.trust_too_large", "Path", path, "Max", maxTrustFileBytes)
	}
	var pf publicKeyFile
	if err := toml.Unmarshal(bytes.TrimPrefix(data, []byte("\ufeff")), &pf); err != nil {
		return TrustedKey{}, i18n.NewError(nil, err, "packsign.trust_not_toml", "Path", path)
	}
	pub, err := keys.ParseDID(strings.TrimSpace(pf.Key))
	if err != nil {
		return TrustedKey{}, i18n.NewError(nil, err, "packsign.trust_bad_key", "Path", path)
	}
	name := strings.TrimSpace(pf.Name)
	if name == "" {
		return TrustedKey{}, i18n.NewError(nil, nil, "packsign.trust_no_name", "Path", path)
	}
	return TrustedKey{Name: name, DID: keys.DID(pub), Key: pub, File: path}, nil
}

// PublicKeyFile is the content of a NAME.pub.toml file for key, named name.
func PublicKeyFile(name string, key *keys.Key) []byte {
	data, _ := toml.Marshal(publicKeyFile{Name: name, Key: key.DID()})
	return append([]byte("# Clé publique d'un centre Déclic : à copier dans le dossier trust/ de Déclic.\n"+
		"# Public key of a Déclic centre: copy it into Déclic's trust/ folder.\n"), data...)
}

// Lookup returns the trusted key equal to pub, if any.
func (ts *TrustStore) Lookup(pub ed25519.PublicKey) (TrustedKey, bool) {
	if ts == nil {
		return TrustedKey{}, false
	}
	for _, k := range ts.keys {
		if k.Key.Equal(pub) {
			return k, true
		}
	}
	return TrustedKey{}, false
}

// Keys returns the trusted keys, in the order read.
func (ts *TrustStore) Keys() []TrustedKey {
	if ts == nil {
		return nil
	}
	return append([]TrustedKey(nil), ts.keys...)
}

// AddTrustedKey copies a public key file into dir (Root/trust), after checking
// it. It never overwrites a file of the same name.
func AddTrustedKey(dir, pubFile string) (TrustedKey, error) {
	k, err := ReadPublicKeyFile(pubFile)
	if err != nil {
		return k, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return k, err
	}
	data, err := os.ReadFile(pubFile)
	if err != nil {
		return k, err
	}
	dst := filepath.Join(dir, filepath.Base(pubFile))
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return k, i18n.NewError(nil, nil, "packsign.trust_exists", "Path", dst)
	}
	if err != nil {
		return k, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(dst)
		return k, err
	}
	k.File = dst
	return k, f.Close()
}

// With returns a store with ts's keys, then those of extra that ts lacks: the keys a
// centre bundle asks to trust, added to the ones of the key folders. A key already in
// ts keeps the name it has there. ts itself is unchanged.
func (ts *TrustStore) With(extra ...TrustedKey) *TrustStore {
	out := &TrustStore{keys: ts.Keys()}
	for _, k := range extra {
		if _, ok := out.Lookup(k.Key); ok || len(k.Key) != ed25519.PublicKeySize {
			continue
		}
		out.keys = append(out.keys, k)
	}
	return out
}

// PublicKeyFileName is the name keygen gives the shareable public half of KEY:
// KEY with ".pub.toml" in place of its extension.
func PublicKeyFileName(keyPath string) string {
	ext := filepath.Ext(keyPath)
	return keyPath[:len(keyPath)-len(ext)] + ".pub.toml"
}
