package keys

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/scrypt"
)

// FileName is the name of the key file LoadOrCreate keeps in its folder.
const FileName = "installation-key.json"

// ErrPassphrase is returned when a sealed key needs a passphrase that is missing or wrong.
var ErrPassphrase = errors.New("wrong or missing passphrase")

// plainFile is the on-disk form of a key without a passphrase (Multikey fields).
type plainFile struct {
	Type               string `json:"type"` // "Multikey"
	ID                 string `json:"id"`
	PublicKeyMultibase string `json:"publicKeyMultibase"`
	SecretKeyMultibase string `json:"secretKeyMultibase"`
}

// sealedFile is the on-disk form of a key sealed with a passphrase: the Multikey secret
// encrypted with XChaCha20-Poly1305 under a key derived by scrypt, the public key bound
// as additional data so a sealed secret cannot be paired with another public key.
type sealedFile struct {
	Type               string `json:"type"` // "EncryptedMultikey"
	ID                 string `json:"id"`
	PublicKeyMultibase string `json:"publicKeyMultibase"`
	KDF                string `json:"kdf"` // "scrypt"
	N                  int    `json:"n"`
	R                  int    `json:"r"`
	P                  int    `json:"p"`
	Salt               string `json:"salt"`
	Nonce              string `json:"nonce"`
	Ciphertext         string `json:"ciphertext"`
}

// scrypt cost: about 0.1 s and 32 MB on an old PC, once per opening.
const scryptN, scryptR, scryptP = 1 << 15, 8, 1

// Marshal returns k as a key file's bytes: sealed with passphrase when it is not empty,
// plain Multikey JSON otherwise.
func Marshal(k *Key, passphrase string) ([]byte, error) {
	if passphrase == "" {
		data, err := json.MarshalIndent(plainFile{Type: "Multikey", ID: k.VerificationMethod(),
			PublicKeyMultibase: k.PublicMultibase(), SecretKeyMultibase: k.SecretMultibase()}, "", "  ")
		return append(data, '\n'), err
	}
	salt := make([]byte, 16)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	aead, err := sealer(passphrase, salt, scryptN, scryptR, scryptP)
	if err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(sealedFile{
		Type: "EncryptedMultikey", ID: k.VerificationMethod(), PublicKeyMultibase: k.PublicMultibase(),
		KDF: "scrypt", N: scryptN, R: scryptR, P: scryptP,
		Salt:       base64.StdEncoding.EncodeToString(salt),
		Nonce:      base64.StdEncoding.EncodeToString(nonce),
		Ciphertext: base64.StdEncoding.EncodeToString(aead.Seal(nil, nonce, []byte(k.SecretMultibase()), []byte(k.PublicMultibase()))),
	}, "", "  ")
	return append(data, '\n'), err
}

// Unmarshal reads a key file's bytes written by Marshal; passphrase is used only when
// the key is sealed, and a wrong or missing one gives ErrPassphrase.
func Unmarshal(data []byte, passphrase string) (*Key, error) {
	var head struct{ Type string }
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a key file: %w", err)
	}
	switch head.Type {
	case "EncryptedMultikey":
		return openSealed(data, passphrase)
	case "Multikey", "":
		var f plainFile
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("not a key file: %w", err)
		}
		k, err := ParseSecretMultibase(f.SecretKeyMultibase)
		if err != nil {
			return nil, err
		}
		if f.PublicKeyMultibase != "" && f.PublicKeyMultibase != k.PublicMultibase() {
			return nil, errors.New("public key does not match the secret key")
		}
		return k, nil
	default:
		return nil, fmt.Errorf("not a key file: type %q", head.Type)
	}
}

// Sealed reports whether a key file's bytes hold a key sealed with a passphrase.
func Sealed(data []byte) (bool, error) {
	var head struct{ Type string }
	if err := json.Unmarshal(data, &head); err != nil {
		return false, fmt.Errorf("not a key file: %w", err)
	}
	return head.Type == "EncryptedMultikey", nil
}

func openSealed(data []byte, passphrase string) (*Key, error) {
	var f sealedFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not a key file: %w", err)
	}
	// Bounds keep a hostile file from asking for gigabytes: at most 256 MiB (128·N·r bytes).
	if f.KDF != "scrypt" || f.N < 2 || f.N > 1<<18 || f.R < 1 || f.R > 8 || f.P < 1 || f.P > 4 {
		return nil, errors.New("unsupported key derivation settings")
	}
	salt, err1 := base64.StdEncoding.DecodeString(f.Salt)
	nonce, err2 := base64.StdEncoding.DecodeString(f.Nonce)
	ct, err3 := base64.StdEncoding.DecodeString(f.Ciphertext)
	if err := errors.Join(err1, err2, err3); err != nil || len(nonce) != chacha20poly1305.NonceSizeX {
		return nil, errors.New("damaged key file")
	}
	if passphrase == "" {
		return nil, ErrPassphrase
	}
	aead, err := sealer(passphrase, salt, f.N, f.R, f.P)
	if err != nil {
		return nil, err
	}
	secret, err := aead.Open(nil, nonce, ct, []byte(f.PublicKeyMultibase))
	if err != nil {
		return nil, ErrPassphrase
	}
	k, err := ParseSecretMultibase(string(secret))
	if err != nil {
		return nil, err
	}
	if k.PublicMultibase() != f.PublicKeyMultibase {
		return nil, errors.New("public key does not match the secret key")
	}
	return k, nil
}

func sealer(passphrase string, salt []byte, n, r, p int) (interface {
	Seal(dst, nonce, plaintext, additionalData []byte) []byte
	Open(dst, nonce, ciphertext, additionalData []byte) ([]byte, error)
}, error) {
	key, err := scrypt.Key([]byte(passphrase), salt, n, r, p, chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	return chacha20poly1305.NewX(key)
}

// Save writes k to path with mode 0600, sealed with passphrase when it is not empty.
// It never overwrites an existing file (fs.ErrExist), and a crash leaves either no file
// or the whole one.
func Save(path string, k *Key, passphrase string) error {
	data, err := Marshal(k, passphrase)
	if err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".key-*.tmp")
	if err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		tmp.Close()
		return fmt.Errorf("key %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("key %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("key %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	// Link fails if the file exists, so two first runs never overwrite each other's key.
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	return nil
}

// Load reads a key file written by Save. A file that others may read is refused rather
// than used; passphrase is used only when the key is sealed.
func Load(path, passphrase string) (*Key, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("key %s: mode %v lets others read it; want 0600", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	k, err := Unmarshal(data, passphrase)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	return k, nil
}

// NeedsPassphrase reports whether the key file at path is sealed with a passphrase.
func NeedsPassphrase(path string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("key %s: %w", path, err)
	}
	sealed, err := Sealed(data)
	if err != nil {
		return false, fmt.Errorf("key %s: %w", path, err)
	}
	return sealed, nil
}

// LoadOrCreate returns the plain key stored in dir as FileName, creating it (and dir,
// mode 0700) on first need. Two processes starting at once end up with the same key.
func LoadOrCreate(dir string) (*Key, error) {
	path := filepath.Join(dir, FileName)
	k, err := Load(path, "")
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("key folder: %w", err)
	}
	if k, err = Generate(); err != nil {
		return nil, err
	}
	if err := Save(path, k, ""); err != nil {
		if errors.Is(err, fs.ErrExist) { // another process created it first: use theirs
			return Load(path, "")
		}
		return nil, err
	}
	return k, nil
}
