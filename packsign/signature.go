package packsign

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"declic/i18n"
	"declic/keys"
)

// MaxSignatureBytes bounds the signature entry read from an untrusted pack.
const MaxSignatureBytes = 16 << 10

// signedPrefix separates pack signatures from any other use of the same key: a
// record proof can never be mistaken for a pack signature, nor the reverse.
const signedPrefix = "declic-pack-signature-v1\n"

// Signature is the content of SIGNATURE.json: who signed which manifest.
type Signature struct {
	// Version of this format; 1.
	Version int `json:"version"`
	// Algorithm is always "Ed25519".
	Algorithm string `json:"algorithm"`
	// Signer is the signing key as a did:key ("did:key:z6Mk…").
	Signer string `json:"signer"`
	// Name is the name the signer gave (e.g. the centre's); informative only —
	// the trust store's name is the one shown to learners.
	Name string `json:"name,omitempty"`
	// ManifestSHA256 is the SHA-256 of the signed manifest, in hex.
	ManifestSHA256 string `json:"manifest_sha256"`
	// Value is the Ed25519 signature, base64 (standard, padded).
	Value string `json:"signature"`
}

// Sign signs a manifest's bytes with key and returns the SIGNATURE.json content.
func Sign(manifest []byte, key *keys.Key, name string) ([]byte, error) {
	sum := sha256.Sum256(manifest)
	s := Signature{
		Version:        1,
		Algorithm:      "Ed25519",
		Signer:         key.DID(),
		Name:           name,
		ManifestSHA256: hex.EncodeToString(sum[:]),
		Value:          base64.StdEncoding.EncodeToString(key.Sign(signedMessage(manifest))),
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func signedMessage(manifest []byte) []byte {
	return append([]byte(signedPrefix), manifest...)
}

// ParseSignature reads a SIGNATURE.json strictly (known fields only, bounded
// size, a valid did:key and a 64-byte signature).
func ParseSignature(data []byte) (*Signature, ed25519.PublicKey, error) {
	if len(data) > MaxSignatureBytes {
		return nil, nil, manifestError("packsign.too_large", "Name", SignatureName, "Max", MaxSignatureBytes)
	}
	if !utf8.Valid(data) {
		return nil, nil, manifestError("packsign.not_utf8", "Name", SignatureName)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Signature
	if err := dec.Decode(&s); err != nil {
		return nil, nil, i18n.NewError(ErrManifest, err, "packsign.signature_unreadable", "Name", SignatureName)
	}
	if dec.More() {
		return nil, nil, manifestError("packsign.signature_extra", "Name", SignatureName)
	}
	if s.Version != 1 || s.Algorithm != "Ed25519" {
		return nil, nil, manifestError("packsign.signature_version", "Name", SignatureName, "Version", s.Version, "Algorithm", s.Algorithm)
	}
	pub, err := keys.ParseDID(s.Signer)
	if err != nil {
		return nil, nil, i18n.NewError(ErrManifest, err, "packsign.signature_signer", "Name", SignatureName)
	}
	sig, err := base64.StdEncoding.DecodeString(s.Value)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, nil, manifestError("packsign.signature_value", "Name", SignatureName)
	}
	if len(s.ManifestSHA256) != 64 || strings.ToLower(s.ManifestSHA256) != s.ManifestSHA256 {
		return nil, nil, manifestError("packsign.signature_hash", "Name", SignatureName)
	}
	return &s, pub, nil
}

// VerifySignature checks that sigData signs manifest; it returns the parsed
// signature and the signer's public key.
func VerifySignature(manifest, sigData []byte) (*Signature, ed25519.PublicKey, error) {
	s, pub, err := ParseSignature(sigData)
	if err != nil {
		return nil, nil, err
	}
	sum := sha256.Sum256(manifest)
	if hex.EncodeToString(sum[:]) != s.ManifestSHA256 {
		return s, pub, manifestError("packsign.other_manifest")
	}
	sig, _ := base64.StdEncoding.DecodeString(s.Value)
	if !ed25519.Verify(pub, signedMessage(manifest), sig) {
		return s, pub, manifestError("packsign.forged", "Fingerprint", Fingerprint(pub))
	}
	return s, pub, nil
}

// Fingerprint is a short, readable form of a public key for people to compare on
// the phone: the first 16 hex digits of its SHA-256, in groups of 4.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	h := strings.ToUpper(hex.EncodeToString(sum[:8]))
	return h[0:4] + "-" + h[4:8] + "-" + h[8:12] + "-" + h[12:16]
}
