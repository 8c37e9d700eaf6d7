package branding

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"

	"declic/keys"

	"github.com/mr-tron/base58"
)

// Sign returns the raw 64-byte Ed25519 signature of data by key (a centre or release
// key in the records key-file format). The same form as bundle.sig and SHA256SUMS.sig,
// which `openssl pkeyutl -verify -rawin` also checks.
func Sign(key *keys.Key, data []byte) ([]byte, error) {
	priv, err := privateKey(key)
	if err != nil {
		return nil, err
	}
	return ed25519.Sign(priv, data), nil
}

// Verify reports whether sig is pub's raw Ed25519 signature of data.
func Verify(pub ed25519.PublicKey, data, sig []byte) bool {
	return len(pub) == ed25519.PublicKeySize && len(sig) == ed25519.SignatureSize && ed25519.Verify(pub, data, sig)
}

// PublicKeyPEM returns pub as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo), so people
// without Go can check a signature with openssl.
func PublicKeyPEM(pub ed25519.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("branding: public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// privateKey recovers the Ed25519 private key from a records key through its
// Multikey secret ("z" + base58btc of the ed25519-priv prefix 0x80 0x26 and the seed).
func privateKey(key *keys.Key) (ed25519.PrivateKey, error) {
	if key == nil {
		return nil, fmt.Errorf("branding: no signing key")
	}
	raw, err := base58.Decode(strings.TrimPrefix(key.SecretMultibase(), "z"))
	if err != nil || len(raw) != 2+ed25519.SeedSize || raw[0] != 0x80 || raw[1] != 0x26 {
		return nil, fmt.Errorf("branding: signing key: unexpected Multikey secret form")
	}
	priv := ed25519.NewKeyFromSeed(raw[2:])
	if !priv.Public().(ed25519.PublicKey).Equal(key.Public()) {
		return nil, fmt.Errorf("branding: signing key: seed does not match the public key")
	}
	return priv, nil
}
