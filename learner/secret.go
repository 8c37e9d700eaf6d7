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

// verifySecret says whether secret matches a hashSecret string, in constant time.
func verifySecret(encoded, secret string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 5 || parts[0] != "argon2id" || parts[1] != fmt.Sprintf("v=%d", argon2.Version) {
		return false, fmt.Errorf("learner: %w: unknown secret hash format", ErrInvalid)
	}
	var m, t, p uint64
	for _, kv := range strings.Split(parts[2], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return false, fmt.Errorf("learner: %w: bad secret hash parameter %q", ErrInvalid, kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			p = n
		}
	}
	if m == 0 || t == 0 || p == 0 || p > 255 {
		return false, fmt.Errorf("learner: %w: bad secret hash parameters", ErrInvalid)
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[3])
	want, err2 := b64.DecodeString(parts[4])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, fmt.Errorf("learner: %w: bad secret hash encoding", ErrInvalid)
	}
	got := argon2.IDKey([]byte(secret), salt, uint32(t), uint32(m), uint8(p), uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
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
