package records

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// What a centre keys duplicates on must be what the signature covers. JSON-LD lets many
// spellings sign the same data: an inline context can define a prefix ("x": "urn:uuid:")
// so that "x:<uuid>" and "urn:uuid:<uuid>" are one IRI; "@id" and "id" are one key. So a
// record must use exactly the two known contexts, no JSON-LD keyword other than the
// top-level @context, and ids written out in full (lower-case urn:uuid for the record).

// lowerUUIDURN is the only spelling of a record id accepted: urn:uuid: and a lower-case,
// hyphenated UUID.
var lowerUUIDURN = regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// IsRecordID reports whether s is a record id as Déclic writes and accepts it.
func IsRecordID(s string) bool { return lowerUUIDURN.MatchString(s) }

// isKnownContext reports whether ctx is exactly [VC 2.0, OB 3.0.3], as strings, in order.
func isKnownContext(ctx any) bool {
	list, ok := ctx.([]any)
	if !ok || len(list) != 2 {
		return false
	}
	first, _ := list[0].(string)
	second, _ := list[1].(string)
	return first == ContextCredentialsV2 && second == ContextOpenBadges303
}

// checkStrict refuses, before the proof is checked, what would let two spellings of a
// record sign the same data: a JSON-LD keyword anywhere but the top-level @context (and
// a proof's copy of it), and a record id (or urn:uuid subject id) that is not
// lower-case; and hours written as text, which a centre must hear about by name.
func checkStrict(doc map[string]any) error {
	for k, v := range doc {
		switch {
		case k == "@context":
		case k == "proof":
			if pm, ok := v.(map[string]any); ok {
				if pc, has := pm["@context"]; has && !isKnownContext(pc) {
					return fail(ReasonContext, "the proof's @context is not the document's")
				}
				for pk := range pm {
					if strings.HasPrefix(pk, "@") && pk != "@context" {
						return fail(ReasonContext, "JSON-LD keyword %q in the proof", pk)
					}
				}
			}
		default:
			if err := noKeywords(k, v); err != nil {
				return err
			}
		}
	}
	if subject, ok := doc["credentialSubject"].(map[string]any); ok {
		if _, err := hoursField(subject, "creditsEarned"); err != nil {
			return err
		}
		if ach, ok := subject["achievement"].(map[string]any); ok {
			if _, err := hoursField(ach, "creditsAvailable"); err != nil {
				return err
			}
		}
	}
	id, _ := doc["id"].(string)
	if !IsRecordID(id) {
		return &VerifyError{Reason: ReasonRecordID, Field: "id", Err: fmt.Errorf("record id %q is not a lower-case urn:uuid", id)}
	}
	if subject, ok := doc["credentialSubject"].(map[string]any); ok {
		if sid, _ := subject["id"].(string); strings.HasPrefix(strings.ToLower(sid), "urn:uuid:") && !IsRecordID(sid) {
			return &VerifyError{Reason: ReasonRecordID, Field: "credentialSubject.id", Err: fmt.Errorf("subject id %q is not a lower-case urn:uuid", sid)}
		}
	}
	return nil
}

// noKeywords refuses any key starting with "@" in v (key is where v sits).
func noKeywords(key string, v any) error {
	if strings.HasPrefix(key, "@") {
		return fail(ReasonContext, "JSON-LD keyword %q inside the record", key)
	}
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if err := noKeywords(k, e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := noKeywords(key, e); err != nil {
				return err
			}
		}
	}
	return nil
}

const (
	rdfType                = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
	verifiableCredentialIR = "<https://www.w3.org/2018/credentials#VerifiableCredential>"
)

// checkIDsAreSigned checks, on the canonical N-Quads the signature covers, that the
// record id is the signed credential's IRI and that every "id" written in the document
// is an IRI of the signed data as written (no prefix expansion turned it into another).
func checkIDsAreSigned(doc map[string]any, nquads []byte) error {
	id, _ := doc["id"].(string)
	if !bytes.Contains(nquads, []byte("<"+id+"> "+rdfType+" "+verifiableCredentialIR+" .\n")) {
		return &VerifyError{Reason: ReasonRecordID, Field: "id", Err: fmt.Errorf("record id %q is not the signed credential's IRI", id)}
	}
	var missing string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				if k != "proof" && k != "@context" {
					walk(k, e)
				}
			}
		case []any:
			for _, e := range t {
				walk(key, e)
			}
		case string:
			if key == "id" && missing == "" && !bytes.Contains(nquads, []byte("<"+t+">")) {
				missing = t
			}
		}
	}
	walk("", doc)
	if missing != "" {
		return &VerifyError{Reason: ReasonRecordID, Field: "id", Err: fmt.Errorf("id %q is not an IRI of the signed data", missing)}
	}
	return nil
}
