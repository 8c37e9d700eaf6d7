package records

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"declic/keys"

	"github.com/mr-tron/base58"
)

// Cryptosuite names of the Data Integrity EdDSA suites.
const (
	// SuiteRDFC is eddsa-rdfc-2022: RDF Dataset Canonicalisation, the suite Déclic signs with.
	SuiteRDFC = "eddsa-rdfc-2022"
	// SuiteJCS is eddsa-jcs-2022: JSON Canonicalisation Scheme, accepted on verification.
	SuiteJCS = "eddsa-jcs-2022"
)

const (
	proofType    = "DataIntegrityProof"
	proofPurpose = "assertionMethod"
)

// errSignature is the cause of a proof that does not match the signed data.
var errSignature = errors.New("records: signature does not match the data")

// hashes are the two halves of the data an EdDSA Data Integrity proof signs.
type hashes struct {
	canonicalProof    []byte // canonical proof configuration
	canonicalDocument []byte // canonical document without proof
	proofHash         [32]byte
	documentHash      [32]byte
}

// data returns proofHash ‖ documentHash, the 64 bytes that are signed.
func (h hashes) data() []byte {
	return append(append([]byte(nil), h.proofHash[:]...), h.documentHash[:]...)
}

// hashRDFC canonicalises the document (without proof) and the proof configuration
// (proof options without proofValue, with the document's @context) with RDFC-1.0.
func hashRDFC(doc, proofConfig map[string]any, loader *offlineLoader) (hashes, error) {
	unsecured := withoutKey(doc, "proof")
	config := withoutKey(proofConfig, "proofValue")
	config["@context"] = doc["@context"]
	var h hashes
	c, err := loader.canonicalProofOptions(config)
	if err != nil {
		return h, fmt.Errorf("proof options: %w", err)
	}
	d, err := canonicalRDFCBytes(unsecured, loader)
	if err != nil {
		return h, fmt.Errorf("document: %w", err)
	}
	h.canonicalProof, h.canonicalDocument = []byte(c), d
	h.proofHash, h.documentHash = sha256.Sum256(h.canonicalProof), sha256.Sum256(h.canonicalDocument)
	return h, nil
}

// hashJCS canonicalises the document (without proof) and the proof configuration with
// RFC 8785. A proof that carries an @context must be a prefix of the document's.
func hashJCS(doc, proofConfig map[string]any) (hashes, error) {
	unsecured := withoutKey(doc, "proof")
	config := withoutKey(proofConfig, "proofValue")
	var h hashes
	if pc, ok := config["@context"]; ok {
		if !contextHasPrefix(doc["@context"], pc) {
			return h, errors.New("proof @context is not a prefix of the document's @context")
		}
		unsecured["@context"] = pc
	}
	c, err := canonicalizeJCS(config)
	if err != nil {
		return h, fmt.Errorf("proof options: %w", err)
	}
	d, err := canonicalizeJCS(unsecured)
	if err != nil {
		return h, fmt.Errorf("document: %w", err)
	}
	h.canonicalProof, h.canonicalDocument = c, d
	h.proofHash, h.documentHash = sha256.Sum256(c), sha256.Sum256(d)
	return h, nil
}

// contextHasPrefix reports whether the @context value doc starts with the values of prefix.
func contextHasPrefix(doc, prefix any) bool {
	d, p := asList(doc), asList(prefix)
	if len(p) > len(d) {
		return false
	}
	for i := range p {
		ps, ok1 := p[i].(string)
		ds, ok2 := d[i].(string)
		if !ok1 || !ok2 || ps != ds {
			return false
		}
	}
	return true
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// withoutKey returns a shallow copy of m without key.
func withoutKey(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// signDocument adds an eddsa-rdfc-2022 or eddsa-jcs-2022 proof made with key to doc
// (already decoded by decodeDocument) and returns the proof object.
func signDocument(doc map[string]any, key *keys.Key, suite string, created time.Time) (map[string]any, hashes, error) {
	return signDocumentWith(doc, key, suite, created, defaultLoader)
}

// signDocumentWith is signDocument with a chosen JSON-LD document loader.
func signDocumentWith(doc map[string]any, key *keys.Key, suite string, created time.Time, loader *offlineLoader) (map[string]any, hashes, error) {
	proof := map[string]any{
		"type":               proofType,
		"cryptosuite":        suite,
		"created":            created.UTC().Format(time.RFC3339),
		"verificationMethod": key.VerificationMethod(),
		"proofPurpose":       proofPurpose,
	}
	var h hashes
	var err error
	switch suite {
	case SuiteRDFC:
		h, err = hashRDFC(doc, proof, loader)
	case SuiteJCS:
		proof["@context"] = doc["@context"]
		h, err = hashJCS(doc, proof)
	default:
		err = fmt.Errorf("unknown cryptosuite %q", suite)
	}
	if err != nil {
		return nil, h, fmt.Errorf("records: sign: %w", err)
	}
	proof["proofValue"] = "z" + base58.Encode(key.Sign(h.data()))
	return proof, h, nil
}

// proofInfo is a parsed Data Integrity proof.
type proofInfo struct {
	raw        map[string]any
	suite      string
	created    time.Time
	method     string
	publicKey  ed25519.PublicKey
	controller string
	signature  []byte
}

// parseProof checks a proof's fixed fields and decodes its key and signature.
func parseProof(v any) (*proofInfo, error) {
	raw, ok := v.(map[string]any)
	if !ok {
		if _, isList := v.([]any); isList {
			return nil, errors.New("several proofs (a proof set) are not supported")
		}
		return nil, errors.New("no proof")
	}
	p := &proofInfo{raw: raw}
	if t, _ := raw["type"].(string); t != proofType {
		return nil, fmt.Errorf("proof type %q, want %s", raw["type"], proofType)
	}
	p.suite, _ = raw["cryptosuite"].(string)
	if !slices.Contains([]string{SuiteRDFC, SuiteJCS}, p.suite) {
		return nil, fmt.Errorf("cryptosuite %q not supported", raw["cryptosuite"])
	}
	if purpose, _ := raw["proofPurpose"].(string); purpose != proofPurpose {
		return nil, fmt.Errorf("proofPurpose %q, want %s", raw["proofPurpose"], proofPurpose)
	}
	if c, present := raw["created"]; present {
		s, _ := c.(string)
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return nil, fmt.Errorf("proof created %q is not a date-time", c)
		}
		p.created = t
	}
	p.method, _ = raw["verificationMethod"].(string)
	pub, err := keys.ParseDID(p.method)
	if err != nil || !strings.Contains(p.method, "#") {
		return nil, fmt.Errorf("verificationMethod %q is not a did:key Ed25519 key", raw["verificationMethod"])
	}
	p.publicKey = pub
	p.controller, _, _ = strings.Cut(p.method, "#")
	pv, _ := raw["proofValue"].(string)
	sig, err := decodeBase58btc(pv)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, errors.New("proofValue is not a base58btc Ed25519 signature")
	}
	p.signature = sig
	return p, nil
}

// checkProof recomputes the hashes of doc for p's cryptosuite, checks the signature and
// returns the hashes (with the canonical forms that were signed).
func checkProof(doc map[string]any, p *proofInfo, loader *offlineLoader) (hashes, error) {
	var h hashes
	var err error
	if p.suite == SuiteRDFC {
		h, err = hashRDFC(doc, p.raw, loader)
	} else {
		h, err = hashJCS(doc, p.raw)
	}
	if err != nil {
		return h, err
	}
	if !ed25519.Verify(p.publicKey, h.data(), p.signature) {
		return h, errSignature
	}
	return h, nil
}

// decodeBase58btc decodes a multibase base58btc string ("z…"), the form of proofValue.
func decodeBase58btc(s string) ([]byte, error) {
	rest, ok := strings.CutPrefix(s, "z")
	if !ok || rest == "" {
		return nil, errors.New("not base58btc multibase (must start with z)")
	}
	return base58.Decode(rest)
}
