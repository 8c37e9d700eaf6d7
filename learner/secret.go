package learner

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PictureCount is how many pictures the picture-password grid shows; PicturePasswordLength
// is how many the learner picks, in order (after Kolibri's "Picture Login").
const (
	PictureCount          = 12
	PicturePasswordLength = 3
)

// argon2id parameters: the OWASP minimum (19 MiB, 2 passes, 1 thread) runs in well
// under a second on a 4 GB donated PC. A 4-digit PIN has only 10 000 values, so no
// hash stops someone who copies the file; the PIN and picture password keep family
// members out of each other's profile in the app, which is their job. The
// parameters travel in the stored string, so they can grow later.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// hashSecret returns "argon2id$v=19$m=…,t=…,p=…$salt$key" (base64, no padding).
func hashSecret(secret string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("learner: salt: %w", err)
	}
	key := argon2.IDKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Bounds on parameters read back from the file: a damaged or hostile database
// must not make the app allocate gigabytes or spin for minutes.
const (
	maxArgonMemory = 256 * 1024 // KiB
	maxArgonTime   = 16
	maxArgonLen    = 128 // bytes of salt or key
)

// argonHash is a parsed hashSecret string.
type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parseSecretHash reads a hashSecret string, refusing unknown formats and
// parameters out of bounds.
func parseSecretHash(encoded string) (argonHash, error) {
	var h argonHash
	parts := strings.Split(encoded, "$")
	if len(parts) != 5 || parts[0] != "argon2id" || parts[1] != fmt.Sprintf("v=%d", argon2.Version) {
		return h, fmt.Errorf("learner: %w: unknown secret hash format", ErrInvalid)
	}
	var m, t, p uint64
	for _, kv := range strings.Split(parts[2], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return h, fmt.Errorf("learner: %w: bad secret hash parameter %q", ErrInvalid, kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			p = n
		default:
			return h, fmt.Errorf("learner: %w: unknown secret hash parameter %q", ErrInvalid, k)
		}
	}
	if m < 8 || m > maxArgonMemory || t == 0 || t > maxArgonTime || p == 0 || p > 16 {
		return h, fmt.Errorf("learner: %w: secret hash parameters out of bounds", ErrInvalid)
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[3])
	key, err2 := b64.DecodeString(parts[4])
	if err1 != nil || err2 != nil || len(key) < 16 || len(key) > maxArgonLen || len(salt) < 8 || len(salt) > maxArgonLen {
		return h, fmt.Errorf("learner: %w: bad secret hash encoding", ErrInvalid)
	}
	return argonHash{memory: uint32(m), time: uint32(t), threads: uint8(p), salt: salt, key: key}, nil
}

// verifySecret says whether secret matches a hashSecret string, in constant time.
func verifySecret(encoded, secret string) (bool, error) {
	h, err := parseSecretHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(secret), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1, nil
}

// validPIN accepts exactly four ASCII digits.
func validPIN(pin string) error {
	if len(pin) != 4 {
		return fmt.Errorf("learner: %w: a PIN has 4 digits, got %d characters", ErrInvalid, len(pin))
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return fmt.Errorf("learner: %w: a PIN has only digits", ErrInvalid)
		}
	}
	return nil
}

// pictureSecret checks a picture password (3 different pictures among 12, in
// order) and turns it into the string that is hashed, e.g. "3,7,11".
func pictureSecret(pictures []int) (string, error) {
	if len(pictures) != PicturePasswordLength {
		return "", fmt.Errorf("learner: %w: a picture password has %d pictures, got %d",
			ErrInvalid, PicturePasswordLength, len(pictures))
	}
	seen := map[int]bool{}
	parts := make([]string, len(pictures))
	for i, p := range pictures {
		if p < 0 || p >= PictureCount {
			return "", fmt.Errorf("learner: %w: picture %d is not between 0 and %d", ErrInvalid, p, PictureCount-1)
		}
		if seen[p] {
			return "", fmt.Errorf("learner: %w: picture %d is chosen twice", ErrInvalid, p)
		}
		seen[p] = true
		parts[i] = strconv.Itoa(p)
	}
	return strings.Join(parts, ","), nil
}
