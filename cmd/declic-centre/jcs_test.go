package main

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gowebpki/jcs"
	"github.com/mr-tron/base58"

	"declic/keys"
	"declic/records"
)

// jcsRecord is a record of the starter pack's « La souris » signed with eddsa-jcs-2022, as
// another Open Badges issuer could make it (Déclic never does), following the
// specification's steps.
func jcsRecord(t *testing.T, key *keys.Key) []byte {
	t.Helper()
	ctx := []any{records.ContextCredentialsV2, records.ContextOpenBadges303}
	ach := records.AchievementID("fr.declic.premiers-pas", "02-la-souris")
	doc := map[string]any{
		"@context": ctx, "id": "urn:uuid:9d0c4a51-2b7e-4c1a-8f3d-6e5b4a3c2d1e",
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": key.DID(), "type": []any{"Profile"}, "name": "Autre émetteur"},
		"validFrom": testNow.Add(-24 * 3600e9).UTC().Format("2006-01-02T15:04:05Z"), "name": "La souris",
		"credentialSubject": map[string]any{
			"id": "urn:uuid:0b7e4d2a-1c3f-4a5b-8d6e-9f0a1b2c3d4e", "type": []any{"AchievementSubject"}, "creditsEarned": 1.5,
			"result": []any{map[string]any{"type": []any{"Result"}, "resultDescription": ach + "#active-minutes", "value": "60"}},
			"achievement": map[string]any{"id": ach, "type": []any{"Achievement"}, "name": "La souris", "description": "La souris.",
				"criteria": map[string]any{"narrative": "Terminer le module."}, "creditsAvailable": 1.5,
				"resultDescription": []any{map[string]any{"id": ach + "#active-minutes", "type": []any{"ResultDescription"},
					"name": "Temps actif (minutes)", "resultType": records.ResultTypeActiveMinutes}}},
		},
	}
	proof := map[string]any{"type": "DataIntegrityProof", "cryptosuite": records.SuiteJCS, "created": doc["validFrom"],
		"verificationMethod": key.VerificationMethod(), "proofPurpose": "assertionMethod", "@context": ctx}
	canon := func(v any) [32]byte {
		raw, _ := json.Marshal(v)
		c, err := jcs.Transform(raw)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(c)
	}
	ph, dh := canon(proof), canon(doc)
	proof["proofValue"] = "z" + base58.Encode(key.Sign(append(ph[:], dh[:]...)))
	doc["proof"] = proof
	out, _ := json.Marshal(doc)
	return out
}

func TestAJCSRecordIsValidButNeverCredited(t *testing.T) {
	c := newCentre(t)
	p := newProfile(t, t.TempDir(), "Ana")
	file := filepath.Join(t.TempDir(), "jcs.json")
	os.WriteFile(file, jcsRecord(t, p.key), 0o600)
	code, out, _ := runCLI(t, "verify", file)
	if code != exitOK || !strings.Contains(out, "valide — « La souris », 1.5 h") || !strings.Contains(out, "un centre ne la crédite pas") {
		t.Fatalf("verify: %d\n%s", code, out)
	}
	c.enrol(t, p, "Dossier 1")
	code, out, _ = c.run(t, "credit", file, "--learner", "Dossier 1")
	if code != exitRefused || !strings.Contains(out, "un centre ne crédite que les attestations eddsa-rdfc-2022") {
		t.Fatalf("credit: %d\n%s", code, out)
	}
}
