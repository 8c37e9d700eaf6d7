package keys

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/mr-tron/base58"
)

// Multicodec prefixes (unsigned varints) for Ed25519 keys in Multikey encoding.
var (
	publicPrefix = []byte{0xed, 0x01} // ed25519-pub
	secretPrefix = []byte{0x80, 0x26} // ed25519-priv (0x1300)
)

// Key is an Ed25519 signing key. Its public half, written as a did:key, names whoever
// holds it: a learner profile, a centre, a trainer.
type Key struct {
	private ed25519.PrivateKey
	// publicMultibase is the public half in Multikey form, written once: every
	// ledger entry and record a key signs names it.
	publicMultibase string
}

// newKey returns the key of priv.
func newKey(priv ed25519.PrivateKey) *Key {
	return &Key{private: priv, publicMultibase: EncodePublicMultibase(priv.Public().(ed25519.PublicKey))}
}

// Generate creates a new random key.
func Generate() (*Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("keys: generate: %w", err)
	}
	return newKey(priv), nil
}

// FromBytes builds a key from a 32-byte seed (the W3C test vectors' form) or a 64-byte
// seed‖public key (the form Digital Bazaar's Multikey library exports).
func FromBytes(secret []byte) (*Key, error) {
	switch len(secret) {
	case ed25519.SeedSize:
		return newKey(ed25519.NewKeyFromSeed(secret)), nil
	case ed25519.PrivateKeySize:
		priv := ed25519.NewKeyFromSeed(secret[:ed25519.SeedSize])
		if !bytes.Equal(priv[ed25519.SeedSize:], secret[ed25519.SeedSize:]) {
			return nil, errors.New("keys: secret key: public half does not match the seed")
		}
		return newKey(priv), nil
	default:
		return nil, fmt.Errorf("keys: secret key: %d bytes, want 32 or 64", len(secret))
	}
}

// ParseSecretMultibase decodes a Multikey secret key ("z3u2…", multicodec ed25519-priv,
// base58btc) carrying 32 or 64 bytes.
func ParseSecretMultibase(s string) (*Key, error) {
	raw, err := decodeMultibase(s, secretPrefix)
	if err != nil {
		return nil, fmt.Errorf("keys: secret key: %w", err)
	}
	return FromBytes(raw)
}

// Public returns the key's public half.
func (k *Key) Public() ed25519.PublicKey {
	return k.private.Public().(ed25519.PublicKey)
}

// PublicMultibase returns the public key in Multikey form ("z6Mk…").
func (k *Key) PublicMultibase() string { return k.publicMultibase }

// SecretMultibase returns the 32-byte seed in Multikey form ("z3u2…").
func (k *Key) SecretMultibase() string {
	return "z" + base58.Encode(append(append([]byte(nil), secretPrefix...), k.private.Seed()...))
}

// DID returns the key's identifier, "did:key:z6Mk…".
func (k *Key) DID() string { return "did:key:" + k.publicMultibase }

// VerificationMethod returns the key's verification method, "did:key:z6Mk…#z6Mk…".
func (k *Key) VerificationMethod() string {
	mb := k.PublicMultibase()
	return "did:key:" + mb + "#" + mb
}

// Sign signs message with the key (Ed25519, RFC 8032).
func (k *Key) Sign(message []byte) []byte { return ed25519.Sign(k.private, message) }

// Fingerprint returns the short code of the key's public half (see Fingerprint).
func (k *Key) Fingerprint() string { return Fingerprint(k.Public()) }

// DID returns the did:key identifier of an Ed25519 public key.
func DID(pub ed25519.PublicKey) string { return "did:key:" + EncodePublicMultibase(pub) }

// EncodePublicMultibase encodes an Ed25519 public key as a Multikey ("z6Mk…").
func EncodePublicMultibase(pub ed25519.PublicKey) string {
	return "z" + base58.Encode(append(append([]byte(nil), publicPrefix...), pub...))
}

// ParsePublicMultibase decodes a Multikey public key ("z6Mk…").
func ParsePublicMultibase(s string) (ed25519.PublicKey, error) {
	raw, err := decodeMultibase(s, publicPrefix)
	if err != nil {
		return nil, fmt.Errorf("keys: public key: %w", err)
	}
	if len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("keys: public key: %d bytes, want 32", len(raw))
	}
	return ed25519.PublicKey(raw), nil
}

// ParseDID returns the Ed25519 public key of a "did:key:z6Mk…" identifier; a fragment,
// if any, must repeat the key ("did:key:z6Mk…#z6Mk…").
func ParseDID(did string) (ed25519.PublicKey, error) {
	rest, ok := strings.CutPrefix(did, "did:key:")
	if !ok {
		return nil, fmt.Errorf("keys: %q is not a did:key", did)
	}
	mb, fragment, hasFragment := strings.Cut(rest, "#")
	if hasFragment && fragment != mb {
		return nil, fmt.Errorf("keys: %q: fragment does not name the key", did)
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
