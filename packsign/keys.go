package packsign

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/scrypt"

	"declic/records"
)

// A signing key file is the records package's key file (Multikey JSON, mode 0600)
// when it has no passphrase. With a passphrase, the secret key is sealed with
// XChaCha20-Poly1305 under a key derived by scrypt, in the file format below.

// encryptedKeyFile is the on-disk form of a passphrase-protected signing key.
type encryptedKeyFile struct {
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

// scrypt cost: about 0.1 s and 32 MB on an old PC, once per signature.
const scryptN, scryptR, scryptP = 1 << 15, 8, 1

// ErrPassphrase is returned when a key file needs a passphrase that is missing or wrong.
var ErrPassphrase = errors.New("wrong or missing passphrase")

// SaveSigningKey writes k to path with mode 0600, sealed with passphrase when it
// is not empty. It never overwrites an existing file.
func SaveSigningKey(path string, k *records.Key, passphrase string) error {
	if passphrase == "" {
		return records.SaveKey(path, k)
	}
	salt := make([]byte, 16)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	aead, err := sealer(passphrase, salt, scryptN, scryptR, scryptP)
	if err != nil {
		return err
	}
	f := encryptedKeyFile{
		Type: "EncryptedMultikey", ID: k.VerificationMethod(), PublicKeyMultibase: k.PublicMultibase(),
		KDF: "scrypt", N: scryptN, R: scryptR, P: scryptP,
		Salt:       base64.StdEncoding.EncodeToString(salt),
		Nonce:      base64.StdEncoding.EncodeToString(nonce),
		Ciphertext: base64.StdEncoding.EncodeToString(aead.Seal(nil, nonce, []byte(k.SecretMultibase()), []byte(k.PublicMultibase()))),
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	if _, err := file.Write(append(data, '\n')); err != nil {
		file.Close()
		os.Remove(path)
		return fmt.Errorf("key %s: %w", path, err)
	}
	if err := file.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("key %s: %w", path, err)
	}
	return nil
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

// NeedsPassphrase reports whether the key file at path is sealed with a passphrase.
func NeedsPassphrase(path string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("key %s: %w", path, err)
	}
	var head struct{ Type string }
	if err := json.Unmarshal(data, &head); err != nil {
		return false, fmt.Errorf("key %s: not a Déclic key file: %w", path, err)
	}
	return head.Type == "EncryptedMultikey", nil
}

// LoadSigningKey reads a key file written by SaveSigningKey (or the records
// package); passphrase is used only when the file is sealed. A file others can
// read is refused, as records.LoadKey does.
func LoadSigningKey(path, passphrase string) (*records.Key, error) {
	sealed, err := NeedsPassphrase(path)
	if err != nil {
		return nil, err
	}
	if !sealed {
		return records.LoadKey(path)
	}
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
	var f encryptedKeyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	if f.KDF != "scrypt" || f.N < 2 || f.N > 1<<20 || f.R < 1 || f.R > 32 || f.P < 1 || f.P > 16 {
		return nil, fmt.Errorf("key %s: unsupported key derivation settings", path)
	}
	salt, err1 := base64.StdEncoding.DecodeString(f.Salt)
	nonce, err2 := base64.StdEncoding.DecodeString(f.Nonce)
	ct, err3 := base64.StdEncoding.DecodeString(f.Ciphertext)
	if err := errors.Join(err1, err2, err3); err != nil || len(nonce) != chacha20poly1305.NonceSizeX {
		return nil, fmt.Errorf("key %s: damaged key file", path)
	}
	if passphrase == "" {
		return nil, fmt.Errorf("key %s: %w", path, ErrPassphrase)
	}
	aead, err := sealer(passphrase, salt, f.N, f.R, f.P)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	secret, err := aead.Open(nil, nonce, ct, []byte(f.PublicKeyMultibase))
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", path, ErrPassphrase)
	}
	k, err := records.ParseSecretMultibase(string(secret))
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	if k.PublicMultibase() != f.PublicKeyMultibase {
		return nil, fmt.Errorf("key %s: public key does not match the secret key", path)
	}
	return k, nil
}

// PublicKeyFileName is the name keygen gives the shareable public half of KEY:
// KEY with ".pub.toml" in place of its extension.
func PublicKeyFileName(keyPath string) string {
	ext := filepath.Ext(keyPath)
	return keyPath[:len(keyPath)-len(ext)] + ".pub.toml"
}
