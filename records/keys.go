package records

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mr-tron/base58"
)

// Multicodec prefixes (unsigned varints) for Ed25519 keys in Multikey encoding.
var (
	ed25519PublicPrefix = []byte{0xed, 0x01} // ed25519-pub
	ed25519SecretPrefix = []byte{0x80, 0x26} // ed25519-priv (0x1300)
)

// KeyFileName is the name of the installation key file inside the key folder.
const KeyFileName = "installation-key.json"

// Key is an installation's Ed25519 signing key. Its public half, encoded as a did:key,
// identifies the installation as the issuer of its records.
type Key struct {
	private ed25519.PrivateKey
}

// GenerateKey creates a new random installation key.
func GenerateKey() (*Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("records: generate key: %w", err)
	}
	return &Key{private: priv}, nil
}

// KeyFromBytes builds a key from a 32-byte seed (the W3C test vectors' form) or a
// 64-byte seed‖public key (the form Digital Bazaar's Multikey library exports).
func KeyFromBytes(secret []byte) (*Key, error) {
	switch len(secret) {
	case ed25519.SeedSize:
		return &Key{private: ed25519.NewKeyFromSeed(secret)}, nil
	case ed25519.PrivateKeySize:
		priv := ed25519.NewKeyFromSeed(secret[:ed25519.SeedSize])
		if !bytes.Equal(priv[ed25519.SeedSize:], secret[ed25519.SeedSize:]) {
			return nil, errors.New("records: secret key: public half does not match the seed")
		}
		return &Key{private: priv}, nil
	default:
		return nil, fmt.Errorf("records: secret key: %d bytes, want 32 or 64", len(secret))
	}
}

// ParseSecretMultibase decodes a Multikey secret key ("z3u2…", multicodec ed25519-priv,
// base58btc) carrying 32 or 64 bytes.
func ParseSecretMultibase(s string) (*Key, error) {
	raw, err := decodeMultibase(s, ed25519SecretPrefix)
	if err != nil {
		return nil, fmt.Errorf("records: secret key: %w", err)
	}
	return KeyFromBytes(raw)
}

// Public returns the key's public half.
func (k *Key) Public() ed25519.PublicKey {
	return k.private.Public().(ed25519.PublicKey)
}

// PublicMultibase returns the public key in Multikey form ("z6Mk…").
func (k *Key) PublicMultibase() string { return EncodePublicMultibase(k.Public()) }

// SecretMultibase returns the 32-byte seed in Multikey form ("z3u2…").
func (k *Key) SecretMultibase() string {
	return "z" + base58.Encode(append(append([]byte(nil), ed25519SecretPrefix...), k.private.Seed()...))
}

// DID returns the installation's identifier, "did:key:z6Mk…".
func (k *Key) DID() string { return "did:key:" + k.PublicMultibase() }

// VerificationMethod returns the key's verification method, "did:key:z6Mk…#z6Mk…".
func (k *Key) VerificationMethod() string {
	mb := k.PublicMultibase()
	return "did:key:" + mb + "#" + mb
}

// sign signs data with the key.
func (k *Key) sign(data []byte) []byte { return ed25519.Sign(k.private, data) }

// EncodePublicMultibase encodes an Ed25519 public key as a Multikey ("z6Mk…").
func EncodePublicMultibase(pub ed25519.PublicKey) string {
	return "z" + base58.Encode(append(append([]byte(nil), ed25519PublicPrefix...), pub...))
}

// ParsePublicMultibase decodes a Multikey public key ("z6Mk…").
func ParsePublicMultibase(s string) (ed25519.PublicKey, error) {
	raw, err := decodeMultibase(s, ed25519PublicPrefix)
	if err != nil {
		return nil, fmt.Errorf("records: public key: %w", err)
	}
	if len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("records: public key: %d bytes, want 32", len(raw))
	}
	return ed25519.PublicKey(raw), nil
}

// ParseDIDKey returns the Ed25519 public key of a "did:key:z6Mk…" identifier; a
// fragment, if any, must repeat the key ("did:key:z6Mk…#z6Mk…").
func ParseDIDKey(did string) (ed25519.PublicKey, error) {
	rest, ok := strings.CutPrefix(did, "did:key:")
	if !ok {
		return nil, fmt.Errorf("records: %q is not a did:key", did)
	}
	mb, fragment, hasFragment := strings.Cut(rest, "#")
	if hasFragment && fragment != mb {
		return nil, fmt.Errorf("records: %q: fragment does not name the key", did)
	}
	return ParsePublicMultibase(mb)
}

func decodeMultibase(s string, prefix []byte) ([]byte, error) {
	rest, ok := strings.CutPrefix(s, "z")
	if !ok || rest == "" {
		return nil, errors.New("not base58btc multibase (must start with z)")
	}
	raw, err := base58.Decode(rest)
	if err != nil {
		return nil, fmt.Errorf("base58: %w", err)
	}
	if !bytes.HasPrefix(raw, prefix) {
		return nil, fmt.Errorf("wrong multicodec prefix %x", raw[:min(len(raw), 2)])
	}
	return raw[len(prefix):], nil
}

// keyFile is the on-disk form of an installation key (Multikey fields).
type keyFile struct {
	Type               string `json:"type"`
	ID                 string `json:"id"`
	PublicKeyMultibase string `json:"publicKeyMultibase"`
	SecretKeyMultibase string `json:"secretKeyMultibase"`
}

// LoadOrCreateKey returns the installation key stored in dir, creating it (and dir) on
// first need. The file is written atomically with mode 0600; an existing file readable by
// others, or one that does not hold a consistent key, is refused rather than used.
func LoadOrCreateKey(dir string) (*Key, error) {
	path := filepath.Join(dir, KeyFileName)
	k, err := LoadKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("records: key folder: %w", err)
	}
	k, err = GenerateKey()
	if err != nil {
		return nil, err
	}
	if err := writeKeyFile(path, k); err != nil {
		if errors.Is(err, fs.ErrExist) { // another process created it first: use theirs
			return LoadKey(path)
		}
		return nil, err
	}
	return k, nil
}

// LoadKey reads a key file written by LoadOrCreateKey or SaveKey.
func LoadKey(path string) (*Key, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("records: key %s: %w", path, err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("records: key %s: mode %v lets others read it; want 0600", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("records: key %s: %w", path, err)
	}
	var f keyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("records: key %s: %w", path, err)
	}
	k, err := ParseSecretMultibase(f.SecretKeyMultibase)
	if err != nil {
		return nil, fmt.Errorf("records: key %s: %w", path, err)
	}
	if f.PublicKeyMultibase != "" && f.PublicKeyMultibase != k.PublicMultibase() {
		return nil, fmt.Errorf("records: key %s: public key does not match the secret key", path)
	}
	return k, nil
}

// SaveKey writes k to path with mode 0600; it never overwrites an existing file.
func SaveKey(path string, k *Key) error { return writeKeyFile(path, k) }

func writeKeyFile(path string, k *Key) error {
	data, err := json.MarshalIndent(keyFile{
		Type:               "Multikey",
		ID:                 k.VerificationMethod(),
		PublicKeyMultibase: k.PublicMultibase(),
		SecretKeyMultibase: k.SecretMultibase(),
	}, "", "  ")
	if err != nil {
		return fmt.Errorf("records: key %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".key-*.tmp")
	if err != nil {
		return fmt.Errorf("records: key %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("records: key %s: %w", path, err)
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("records: key %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("records: key %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("records: key %s: %w", path, err)
	}
	// Link fails if the file exists, so two first runs never overwrite each other's key.
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("records: key %s: %w", path, err)
	}
	return nil
}
