package records

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var strictNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// respell decodes a signed record, applies change, and re-encodes it without re-signing.
func respell(t *testing.T, data []byte, change func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	change(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The attacks of issue 18: a genuine record re-spelled so that its signature still holds
// but its raw id differs. Each one is shown to pass the cryptographic check (the attack
// is real), then to be refused by Verify with a reason a centre can act on.
func TestRespelledRecordsKeepTheirSignatureButAreRefused(t *testing.T) {
	key := mustKeyT(t)
	genuine, err := Issue(key, testInput(""))
	if err != nil {
		t.Fatal(err)
	}
	var original map[string]any
	json.Unmarshal(genuine, &original)
	uuid := strings.TrimPrefix(original["id"].(string), "urn:uuid:")
	cases := []struct {
		name   string
		change func(doc map[string]any)
		want   Reason
	}{
		{"an inline prefix makes x:<uuid> the same IRI", func(d map[string]any) {
			d["@context"] = []any{ContextCredentialsV2, ContextOpenBadges303, map[string]any{"x": "urn:uuid:"}}
			d["id"] = "x:" + uuid
		}, ReasonContext},
		{"an inline prefix on the achievement id", func(d map[string]any) {
			d["@context"] = []any{ContextCredentialsV2, ContextOpenBadges303, map[string]any{"ach": "urn:declic:achievement:"}}
			d["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["id"] = "ach:fr.declic.premiers-pas:06-les-e-mails"
		}, ReasonContext},
		{"@id instead of id", func(d map[string]any) {
			d["@id"] = d["id"]
			delete(d, "id")
		}, ReasonContext},
		{"a context repeated inside the subject", func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["@context"] = []any{ContextCredentialsV2}
		}, ReasonContext},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := respell(t, genuine, c.change)
			doc, err := decodeDocument(data)
			if err != nil {
				t.Fatal(err)
			}
			p, err := parseProof(doc["proof"])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := checkProof(doc, p, defaultLoader); err != nil {
				t.Fatalf("the re-spelled record no longer verifies cryptographically, so the test shows nothing: %v", err)
			}
			_, err = Verify(data, VerifyOptions{Now: strictNow})
			if ReasonOf(err) != c.want {
				t.Fatalf("reason %q (%v), want %q", ReasonOf(err), err, c.want)
			}
		})
	}
}

func TestUpperCaseAndOtherRecordIDsAreRefused(t *testing.T) {
	key := mustKeyT(t)
	for name, id := range map[string]string{
		"upper-case uuid":  "urn:uuid:3F2B6C1E-8A4D-4E7B-9C55-1D2E3F4A5B6C",
		"upper-case URN":   "URN:UUID:3f2b6c1e-8a4d-4e7b-9c55-1d2e3f4a5b6c",
		"no hyphens":       "urn:uuid:3f2b6c1e8a4d4e7b9c551d2e3f4a5b6c",
		"another scheme":   "https://example.org/records/1",
		"braces around it": "urn:uuid:{3f2b6c1e-8a4d-4e7b-9c55-1d2e3f4a5b6c}",
	} {
		t.Run(name, func(t *testing.T) {
			// Re-signed by the learner's own key, as anyone holding it could.
			genuine, err := Issue(key, testInput(""))
			if err != nil {
				t.Fatal(err)
			}
			data := respell(t, genuine, func(d map[string]any) { d["id"] = id; delete(d, "proof") })
			doc, err := decodeDocument(data)
			if err != nil { // not even an IRI: no one can sign it, and Verify says so
				if _, err := Verify(data, VerifyOptions{Now: strictNow}); ReasonOf(err) != ReasonUnknownFormat {
					t.Fatalf("reason %q (%v)", ReasonOf(err), err)
				}
				return
			}
			proof, _, err := signDocument(doc, key, SuiteRDFC, strictNow.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			doc["proof"] = proof
			signed, _ := json.Marshal(doc)
			if _, err := Verify(signed, VerifyOptions{Now: strictNow}); ReasonOf(err) != ReasonRecordID || FieldOf(err) != "id" {
				t.Fatalf("reason %q field %q (%v)", ReasonOf(err), FieldOf(err), err)
			}
		})
	}
}

func TestHoursWrittenAsTextAreRefusedByName(t *testing.T) {
	key := mustKeyT(t)
	genuine, _ := Issue(key, testInput(""))
	for _, field := range []string{"creditsEarned", "creditsAvailable"} {
		t.Run(field, func(t *testing.T) {
			data := respell(t, genuine, func(d map[string]any) {
				delete(d, "proof")
				s := d["credentialSubject"].(map[string]any)
				if field == "creditsEarned" {
					s[field] = "2.5"
				} else {
					s["achievement"].(map[string]any)[field] = "20"
				}
			})
			doc, err := decodeDocument(data)
			if err != nil {
				t.Fatal(err)
			}
			proof, _, err := signDocument(doc, key, SuiteRDFC, strictNow.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			doc["proof"] = proof
			signed, _ := json.Marshal(doc)
			if _, err := Verify(signed, VerifyOptions{Now: strictNow}); ReasonOf(err) != ReasonNumberAsText || FieldOf(err) != field {
				t.Fatalf("reason %q field %q (%v)", ReasonOf(err), FieldOf(err), err)
			}
		})
	}
}

func TestARecordWithoutActiveTimeIsRefused(t *testing.T) {
	key := mustKeyT(t)
	genuine, _ := Issue(key, testInput(""))
	data := respell(t, genuine, func(d map[string]any) {
		delete(d, "proof")
		delete(d["credentialSubject"].(map[string]any), "result")
	})
	doc, _ := decodeDocument(data)
	proof, _, err := signDocument(doc, key, SuiteRDFC, strictNow.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	doc["proof"] = proof
	signed, _ := json.Marshal(doc)
	rec, err := Verify(signed, VerifyOptions{Now: strictNow})
	if ReasonOf(err) != ReasonImplausibleActivity || rec == nil || rec.ActiveMinutes != -1 {
		t.Fatalf("reason %q (%v) %+v", ReasonOf(err), err, rec)
	}
}
