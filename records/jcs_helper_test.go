package records_test

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"

	"github.com/gowebpki/jcs"
	"github.com/mr-tron/base58"

	"declic/keys"
	"declic/records"
)

// jcsCredential builds an eddsa-jcs-2022 OB credential as a lighter issuer would,
// following the specification's steps independently of the records package.
func jcsCredential(key *keys.Key, earned, available float64) []byte {
	ctx := []any{records.ContextCredentialsV2, records.ContextOpenBadges303}
	doc := map[string]any{
		"@context":  ctx,
		"id":        "urn:uuid:9d0c4a51-2b7e-4c1a-8f3d-6e5b4a3c2d1e",
		"type":      []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":    map[string]any{"id": key.DID(), "type": []any{"Profile"}, "name": "Autre émetteur"},
		"validFrom": "2026-11-10T10:00:00Z",
		"name":      "Atelier e-mail",
		"credentialSubject": map[string]any{
			"id": "urn:uuid:0b7e4d2a-1c3f-4a5b-8d6e-9f0a1b2c3d4e", "type": []any{"AchievementSubject"},
			"creditsEarned": earned,
			"result": []any{
				map[string]any{"type": []any{"Result"}, "resultDescription": "urn:declic:achievement:example:email#active-minutes", "value": "120"},
			},
			"activityStartDate": "2026-11-09T09:00:00Z",
			"activityEndDate":   "2026-11-10T09:00:00Z",
			"achievement": map[string]any{
				"id": "urn:declic:achievement:example:email", "type": []any{"Achievement"},
				"name": "Atelier e-mail", "description": "Envoyer un e-mail.",
				"criteria": map[string]any{"narrative": "Venir à l'atelier."}, "creditsAvailable": available,
				"resultDescription": []any{map[string]any{
					"id": "urn:declic:achievement:example:email#active-minutes", "type": []any{"ResultDescription"},
					"name": "Temps actif (minutes)", "resultType": records.ResultTypeActiveMinutes,
				}},
			},
		},
	}
	proof := map[string]any{
		"type": "DataIntegrityProof", "cryptosuite": records.SuiteJCS, "created": "2026-11-10T10:00:00Z",
		"verificationMethod": key.VerificationMethod(), "proofPurpose": "assertionMethod", "@context": ctx,
	}
	canon := func(v any) [32]byte {
		raw, _ := json.Marshal(v)
		c, err := jcs.Transform(raw)
		if err != nil {
			panic(err)
		}
		return sha256.Sum256(c)
	}
	ph, dh := canon(proof), canon(doc)
	seed, _ := base58.Decode(key.SecretMultibase()[1:])
	sig := ed25519.Sign(ed25519.NewKeyFromSeed(seed[2:]), append(ph[:], dh[:]...))
	proof["proofValue"] = "z" + base58.Encode(sig)
	doc["proof"] = proof
	out, _ := json.Marshal(doc)
	return out
}
