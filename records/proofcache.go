package records

import (
	"encoding/json"
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

var proofKeys = []string{"@context", "type", "cryptosuite", "created", "verificationMethod", "proofPurpose"}

// isPlainDateTime accepts [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2},
// then optionally \.[0-9]{1,9}, then Z or [+-][0-9]{2}:[0-9]{2}.
func isPlainDateTime(s string) bool {
	if len(s) < 20 || !fitsPattern(s[:19], "dddd-dd-ddTdd:dd:dd") {
		return false
	}
	s = s[19:]
	if strings.HasPrefix(s, ".") {
		n := 1
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 1 || n > 10 {
			return false
		}
		s = s[n:]
	}
	return s == "Z" || len(s) == 6 && (s[0] == '+' || s[0] == '-') && fitsPattern(s[1:], "dd:dd")
}

// fitsPattern reports whether s has pattern's length and a digit wherever pattern has
// a d, pattern's own byte elsewhere.
func fitsPattern(s, pattern string) bool {
	if len(s) != len(pattern) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if pattern[i] == 'd' && (s[i] < '0' || s[i] > '9') || pattern[i] != 'd' && s[i] != pattern[i] {
			return false
		}
	}
	return true
}

// isPlainDIDKey accepts did:key:z[base58]{1,100}#z[base58]{1,100}.
func isPlainDIDKey(s string) bool {
	rest, ok := strings.CutPrefix(s, "did:key:z")
	if !ok {
		return false
	}
	id, fragment, ok := strings.Cut(rest, "#z")
	return ok && isBase58(id) && isBase58(fragment)
}

func isBase58(s string) bool {
	if len(s) < 1 || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '1' && c <= '9' || c >= 'A' && c <= 'H' || c >= 'J' && c <= 'N' || c >= 'P' && c <= 'Z' || c >= 'a' && c <= 'k' || c >= 'm' && c <= 'z') {
			return false
		}
	}
	return true
}

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
	if !ok1 || !ok2 || !ok3 || !isPlainDateTime(created) || !isPlainDIDKey(method) || !onlyURLs(config["@context"]) {
		return "", "", "", false
	}
	if isKnownContext(config["@context"]) && !strings.Contains(typ+suite+purpose, "\x00") {
		// The usual case, keyed without JSON (a JSON key starts with "[").
		return created, method, "known\x00" + typ + "\x00" + suite + "\x00" + purpose, true
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
