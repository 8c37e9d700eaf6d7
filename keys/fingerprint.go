package keys

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"strings"
)

// crockford is Crockford's base-32 alphabet: digits and capitals without I, L, O and U,
// so a code read aloud or copied by hand is not mistaken for another.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// FingerprintBits is the strength of a fingerprint: 80 bits, so making a key whose code
// matches someone else's takes about 2^80 tries.
const FingerprintBits = 80

// Fingerprint returns the short code of a public key that a learner's screen shows and a
// trainer compares with the card being enrolled: the first 80 bits of SHA-256 over the
// 32 key bytes, in Crockford base 32, as 4 groups of 4 characters ("7K3M-Q9XA-4D2E-HB8W").
// It is never the key itself: the card carries the whole key.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	var b strings.Builder
	var acc uint64
	bits := 0
	n := 0
	for _, c := range sum[:FingerprintBits/8] {
		acc = acc<<8 | uint64(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			if n > 0 && n%4 == 0 {
				b.WriteByte('-')
			}
			b.WriteByte(crockford[(acc>>bits)&31])
			n++
		}
	}
	return b.String()
}

// ErrFingerprint is returned by NormalizeFingerprint for text that cannot be a code.
var ErrFingerprint = errors.New("keys: a code has 16 letters or digits, in 4 groups of 4")

// NormalizeFingerprint turns a code as a person typed it — lower case, spaces or dashes
// anywhere, O for 0, I or L for 1 — into the form Fingerprint returns.
func NormalizeFingerprint(typed string) (string, error) {
	var clean []byte
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(crockford, r) {
			return "", ErrFingerprint
		}
		clean = append(clean, byte(r))
	}
	if len(clean) != FingerprintBits/5 {
		return "", ErrFingerprint
	}
	return string(clean[0:4]) + "-" + string(clean[4:8]) + "-" + string(clean[8:12]) + "-" + string(clean[12:16]), nil
}
