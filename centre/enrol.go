package centre

import (
	"errors"
	"strings"

	"declic/card"
	"declic/keys"
	"declic/ledger"
)

// ErrCodeMismatch is a typed code that is not the key's fingerprint.
var ErrCodeMismatch = errors.New("centre: the code does not match the key")

// LearnerKey reads a learner's key from a card file's bytes (cardData) or a did:key,
// and compares the typed code, if any, with its fingerprint. It returns the did:key and
// its code (also with ErrCodeMismatch, so the code can be shown).
func LearnerKey(cardData []byte, did, typed string) (string, string, error) {
	if cardData != nil {
		c, err := card.Parse(cardData)
		if err != nil {
			return "", "", err
		}
		did = c.DID
	}
	did = strings.TrimSpace(did)
	pub, err := keys.ParseDID(did)
	if err != nil || strings.Contains(did, "#") {
		return "", "", &ledger.InvalidError{Field: ledger.FieldLearnerKey, Problem: ledger.ProblemUnreadable}
	}
	code := keys.Fingerprint(pub)
	if strings.TrimSpace(typed) != "" {
		norm, err := keys.NormalizeFingerprint(typed)
		if err != nil || norm != code {
			return keys.DID(pub), code, ErrCodeMismatch
		}
	}
	return keys.DID(pub), code, nil
}

// CodeOf returns the short code of a did:key ("" when it is not one).
func CodeOf(did string) string {
	pub, err := keys.ParseDID(did)
	if err != nil {
		return ""
	}
	return keys.Fingerprint(pub)
}
