package records

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
)

// Proof options of eddsa-rdfc-2022 proofs differ from record to record only in `created`
// and `verificationMethod`. Their canonical N-Quads are one blank node (_:c14n0) with one
// line per distinct predicate, so the line order never depends on those two values:
// json-gold's output for a placeholder pair can be reused with the real values put in.
// Anything unusual (other keys, other value shapes, inline contexts) takes the full path.

const (
	placeholderCreated = "1111-11-11T11:11:11Z"
	placeholderMethod  = "did:key:zDECLICPLACEHOLDER#zDECLICPLACEHOLDER"
)

var (
	plainDateTime = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$`)
	plainDIDKey   = regexp.MustCompile(`^did:key:z[1-9A-HJ-NP-Za-km-z]{1,100}#z[1-9A-HJ-NP-Za-km-z]{1,100}$`)
	proofKeys     = []string{"@context", "type", "cryptosuite", "created", "verificationMethod", "proofPurpose"}
)

// proofTemplates caches canonical proof options per (context, type, suite, purpose).
type proofTemplates struct{ m sync.Map }

// canonicalProofOptions returns the canonical N-Quads of proof options config (already
// without proofValue and with the document's @context).
func (l *offlineLoader) canonicalProofOptions(config map[string]any) (string, error) {
	created, method, key, ok := templateKey(config)
	if !ok {
		return canonicalizeRDFC(config, l)
	}
	if t, found := l.templates.m.Load(key); found {
		return fillTemplate(t.(string), created, method), nil
	}
	shaped := withoutKey(config, "")
	shaped["created"], shaped["verificationMethod"] = placeholderCreated, placeholderMethod
	t, err := canonicalizeRDFC(shaped, l)
	if err != nil {
		return "", err
	}
	if strings.Count(t, placeholderCreated) != 1 || strings.Count(t, placeholderMethod) != 1 {
		return canonicalizeRDFC(config, l) // not the expected shape: never guess
	}
	l.templates.m.Store(key, t)
	return fillTemplate(t, created, method), nil
}

// templateKey checks config has exactly the usual proof option keys with plain values.
func templateKey(config map[string]any) (created, method, key string, ok bool) {
	if len(config) != len(proofKeys) {
		return "", "", "", false
	}
	for _, k := range proofKeys {
		if _, present := config[k]; !present {
			return "", "", "", false
		}
	}
	created, _ = config["created"].(string)
	method, _ = config["verificationMethod"].(string)
	typ, ok1 := config["type"].(string)
	suite, ok2 := config["cryptosuite"].(string)
	purpose, ok3 := config["proofPurpose"].(string)
	if !ok1 || !ok2 || !ok3 || !plainDateTime.MatchString(created) || !plainDIDKey.MatchString(method) || !onlyURLs(config["@context"]) {
		return "", "", "", false
	}
	ctx, err := json.Marshal(config["@context"])
	if err != nil {
		return "", "", "", false
	}
	parts, _ := json.Marshal([]string{string(ctx), typ, suite, purpose})
	return created, method, string(parts), true
}

func fillTemplate(t, created, method string) string {
	return strings.Replace(strings.Replace(t, placeholderCreated, created, 1), placeholderMethod, method, 1)
}
