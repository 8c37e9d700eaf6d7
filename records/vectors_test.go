package records

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"declic/keys"
)

// vectorDir holds data files copied from the W3C vc-di-eddsa repository (TestVectors).
const vectorDir = "testdata/vc-di-eddsa"

func readVector(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readVectorJSON(t *testing.T, name string) map[string]any {
	t.Helper()
	doc, err := decodeDocument(readVector(t, name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// vectorLoader serves the two embedded contexts plus the W3C examples context the
// vectors use.
func vectorLoader(t *testing.T) *offlineLoader {
	t.Helper()
	raw := EmbeddedContexts()
	raw["https://www.w3.org/ns/credentials/examples/v2"] = readVector(t, "examples-v2.jsonld")
	l, err := newOfflineLoader(raw)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func vectorKey(t *testing.T) *keys.Key {
	t.Helper()
	var kp struct{ PublicKeyMultibase, PrivateKeyMultibase string }
	if err := json.Unmarshal(readVector(t, "keyPair.json"), &kp); err != nil {
		t.Fatal(err)
	}
	k, err := keys.ParseSecretMultibase(kp.PrivateKeyMultibase)
	if err != nil {
		t.Fatal(err)
	}
	if got := k.PublicMultibase(); got != kp.PublicKeyMultibase {
		t.Fatalf("public key %s, want %s", got, kp.PublicKeyMultibase)
	}
	return k
}

func hexOf(b [32]byte) string { return hex.EncodeToString(b[:]) }

func trimmed(t *testing.T, name string) string {
	return strings.TrimSpace(string(readVector(t, name)))
}

func TestVectorsEddsaRdfc2022ReproducedByteForByte(t *testing.T) {
	key := vectorKey(t)
	doc := readVectorJSON(t, "unsigned.json")
	config := readVectorJSON(t, "eddsa-rdfc-2022/proofConfigDataInt.json")
	h, err := hashRDFC(doc, config, vectorLoader(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(h.canonicalDocument), string(readVector(t, "eddsa-rdfc-2022/canonDocDataInt.txt")); got != want {
		t.Errorf("canonical document:\n%s\nwant:\n%s", got, want)
	}
	if got, want := string(h.canonicalProof), string(readVector(t, "eddsa-rdfc-2022/proofCanonDataInt.txt")); got != want {
		t.Errorf("canonical proof options:\n%s\nwant:\n%s", got, want)
	}
	if got, want := hexOf(h.proofHash), trimmed(t, "eddsa-rdfc-2022/proofHashDataInt.txt"); got != want {
		t.Errorf("proof hash %s, want %s", got, want)
	}
	if got, want := hexOf(h.documentHash), trimmed(t, "eddsa-rdfc-2022/docHashDataInt.txt"); got != want {
		t.Errorf("document hash %s, want %s", got, want)
	}
	if got, want := hex.EncodeToString(h.data()), trimmed(t, "eddsa-rdfc-2022/combinedHashDataInt.txt"); got != want {
		t.Errorf("combined hash %s, want %s", got, want)
	}

	// Signing through the same path as records gives the published proofValue.
	created, _ := time.Parse(time.RFC3339, config["created"].(string))
	proof, _, err := signDocumentWith(doc, key, SuiteRDFC, created, vectorLoader(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := proof["proofValue"], trimmed(t, "eddsa-rdfc-2022/sigBTC58DataInt.txt"); got != want {
		t.Errorf("proofValue %s, want %s", got, want)
	}

	// The published signed credential verifies, and its proof equals ours.
	signed := readVectorJSON(t, "eddsa-rdfc-2022/signedDataInt.json")
	p, err := parseProof(signed["proof"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := checkProof(signed, p, vectorLoader(t)); err != nil {
		t.Fatalf("published credential: %v", err)
	}
	if signed["proof"].(map[string]any)["proofValue"] != proof["proofValue"] {
		t.Error("published proofValue differs from ours")
	}
}

func TestVectorsEddsaJcs2022ReproducedByteForByte(t *testing.T) {
	key := vectorKey(t)
	doc := readVectorJSON(t, "unsigned.json")
	config := readVectorJSON(t, "eddsa-jcs-2022/proofConfigJCS.json")
	h, err := hashJCS(doc, config)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(h.canonicalDocument), trimmed(t, "eddsa-jcs-2022/canonDocJCS.txt"); got != want {
		t.Errorf("canonical document:\n%s\nwant:\n%s", got, want)
	}
	if got, want := string(h.canonicalProof), trimmed(t, "eddsa-jcs-2022/proofCanonJCS.txt"); got != want {
		t.Errorf("canonical proof options:\n%s\nwant:\n%s", got, want)
	}
	if got, want := hexOf(h.proofHash), trimmed(t, "eddsa-jcs-2022/proofHashJCS.txt"); got != want {
		t.Errorf("proof hash %s, want %s", got, want)
	}
	if got, want := hexOf(h.documentHash), trimmed(t, "eddsa-jcs-2022/docHashJCS.txt"); got != want {
		t.Errorf("document hash %s, want %s", got, want)
	}
	if got, want := hex.EncodeToString(h.data()), trimmed(t, "eddsa-jcs-2022/combinedHashJCS.txt"); got != want {
		t.Errorf("combined hash %s, want %s", got, want)
	}
	created, _ := time.Parse(time.RFC3339, config["created"].(string))
	proof, _, err := signDocumentWith(doc, key, SuiteJCS, created, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := proof["proofValue"], trimmed(t, "eddsa-jcs-2022/sigBTC58JCS.txt"); got != want {
		t.Errorf("proofValue %s, want %s", got, want)
	}
	signed := readVectorJSON(t, "eddsa-jcs-2022/signedJCS.json")
	p, err := parseProof(signed["proof"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := checkProof(signed, p, nil); err != nil {
		t.Fatalf("published credential: %v", err)
	}
}
