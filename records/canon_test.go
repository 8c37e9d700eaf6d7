package records

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"declic/keys"
)

func TestOfflineLoaderServesOnlyTheEmbeddedContexts(t *testing.T) {
	for _, url := range []string{ContextCredentialsV2, ContextOpenBadges303} {
		if _, err := defaultLoader.LoadDocument(url); err != nil {
			t.Errorf("%s: %v", url, err)
		}
	}
	for _, url := range []string{"https://www.w3.org/ns/credentials/examples/v2", "https://example.org/ctx.json", "file:///etc/passwd", "http://www.w3.org/ns/credentials/v2"} {
		if _, err := defaultLoader.LoadDocument(url); !errors.Is(err, ErrUnknownContext) {
			t.Errorf("%s: err %v, want ErrUnknownContext", url, err)
		}
	}
	// A document naming another context fails canonicalisation instead of fetching it.
	doc := map[string]any{"@context": []any{ContextCredentialsV2, "https://example.org/ctx.json"}, "name": "x"}
	if _, err := canonicalizeRDFC(doc, defaultLoader); err == nil || !strings.Contains(err.Error(), "example.org") {
		t.Fatalf("err %v", err)
	}
}

func TestEmbeddedContextsAreNotChangedByUse(t *testing.T) {
	before := mustLoader(EmbeddedContexts())
	doc, err := decodeDocument([]byte(`{"@context":["` + ContextCredentialsV2 + `","` + ContextOpenBadges303 + `"],"id":"urn:uuid:1","type":["VerifiableCredential","OpenBadgeCredential"],"name":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	first, err := canonicalizeRDFC(doc, defaultLoader)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := canonicalizeRDFC(doc, defaultLoader)
		if err != nil || again != first {
			t.Fatalf("canonical form changed between runs: %v", err)
		}
	}
	for url, d := range before.docs {
		if !deepEqualJSON(d, defaultLoader.docs[url]) {
			t.Errorf("context %s was modified by processing", url)
		}
	}
}

func deepEqualJSON(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k := range x {
			if !deepEqualJSON(x[k], y[k]) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, deepEqualJSON)
	default:
		return a == b
	}
}

func TestNQuadsSortInUTF16Order(t *testing.T) {
	// U+FF01 (one UTF-16 unit, 0xFF01) sorts after U+1F600 (surrogates 0xD83D 0xDE00) in
	// JavaScript, though its UTF-8 bytes sort before.
	emoji := "<urn:a> <urn:p> \"\U0001F600\" .\n"
	fullwidth := "<urn:a> <urn:p> \"\uFF01\" .\n"
	plain := "<urn:a> <urn:p> \"a\" .\n"
	got := sortNQuadsUTF16(fullwidth + plain + emoji + plain)
	if want := plain + emoji + fullwidth; got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if strings.Compare(fullwidth, emoji) >= 0 {
		t.Fatal("test premise: byte order should differ from UTF-16 order")
	}
	pairs := [][2]string{{"a", "b"}, {"é", "ê"}, {"\U0001F600", "\U0001F601"}, {"\uD7FF", "\U00010000"}, {"ab", "abc"}}
	for _, p := range pairs {
		if compareUTF16(p[0], p[1]) >= 0 || compareUTF16(p[1], p[0]) <= 0 {
			t.Errorf("%q should sort before %q", p[0], p[1])
		}
	}
}

func TestUndefinedTermsAreRefusedInSafeMode(t *testing.T) {
	// Neither context defines "hours" (and VC 2.0 has no @vocab): safe mode refuses it
	// instead of dropping it silently, so Issue can never sign an invented field.
	doc, err := decodeDocument([]byte(`{"@context":["` + ContextCredentialsV2 + `","` + ContextOpenBadges303 + `"],"id":"urn:uuid:1","type":["VerifiableCredential","OpenBadgeCredential"],"hours":3}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := canonicalizeRDFC(doc, defaultLoader); err == nil || !strings.Contains(err.Error(), "Dropping property") {
		t.Fatalf("err %v", err)
	}
}

// equivalenceDocs are documents whose canonical form must not depend on the caches.
func equivalenceDocs(t *testing.T) map[string]map[string]any {
	t.Helper()
	docs := map[string]map[string]any{}
	for _, name := range []string{"unsigned.json", "eddsa-rdfc-2022/signedDataInt.json", "eddsa-jcs-2022/signedJCS.json"} {
		docs[name] = readVectorJSON(t, name)
	}
	key := vectorKey(t)
	for i, in := range []RecordInput{testInput(""), testInput("Zoé « Œuvre » 📧")} {
		data, err := Issue(key, in)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := decodeDocument(data)
		if err != nil {
			t.Fatal(err)
		}
		docs["issued-"+string(rune('a'+i))] = doc
	}
	return docs
}

func TestCachedContextGivesTheSameCanonicalFormAsJSONGold(t *testing.T) {
	loader := vectorLoader(t)
	for name, doc := range equivalenceDocs(t) {
		for _, d := range []map[string]any{withoutKey(doc, "proof"), doc} {
			want, err := canonicalizeRDFCUncached(d, loader)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for range 2 { // first call fills the cache, second uses it
				got, err := canonicalizeRDFC(d, loader)
				if err != nil || got != want {
					t.Fatalf("%s: cached form differs (%v):\n%s\nwant:\n%s", name, err, got, want)
				}
			}
		}
	}
}

func TestProofOptionTemplateGivesTheSameCanonicalFormAsJSONGold(t *testing.T) {
	loader := vectorLoader(t)
	k1, k2 := vectorKey(t), mustKeyT(t)
	contexts := []any{
		[]any{ContextCredentialsV2, ContextOpenBadges303},
		[]any{ContextCredentialsV2, "https://www.w3.org/ns/credentials/examples/v2"},
	}
	for _, ctx := range contexts {
		for _, created := range []string{"2023-02-24T23:36:38Z", "2026-11-03T12:00:00.123+01:00", "1999-12-31T23:59:59-05:00"} {
			for _, vm := range []string{k1.VerificationMethod(), k2.VerificationMethod()} {
				for _, suite := range []string{SuiteRDFC, SuiteJCS} {
					config := map[string]any{"@context": ctx, "type": proofType, "cryptosuite": suite,
						"created": created, "verificationMethod": vm, "proofPurpose": proofPurpose}
					want, err := canonicalizeRDFCUncached(config, loader)
					if err != nil {
						t.Fatal(err)
					}
					got, err := loader.canonicalProofOptions(config)
					if err != nil || got != want {
						t.Fatalf("template differs (%v):\n%s\nwant:\n%s", err, got, want)
					}
				}
			}
		}
	}
	// Unusual shapes go the full way and still agree.
	odd := map[string]any{"@context": contexts[0], "type": proofType, "cryptosuite": SuiteRDFC,
		"created": "2026-11-03T12:00:00Z", "verificationMethod": k1.VerificationMethod(), "proofPurpose": proofPurpose,
		"id": "urn:uuid:1"}
	want, _ := canonicalizeRDFCUncached(odd, loader)
	if got, err := loader.canonicalProofOptions(odd); err != nil || got != want {
		t.Fatalf("odd shape: %v", err)
	}
}

func mustKeyT(t *testing.T) *keys.Key {
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testInput(name string) RecordInput {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	return RecordInput{
		LearnerID: "3f2b6c1e-8a4d-4e7b-9c55-1d2e3f4a5b6c", DisplayName: name, PackID: "fr.declic.premiers-pas",
		PackVersion: "1.0.0", ModuleID: "06-les-e-mails", ModuleTitle: "Les e-mails", Hours: 2.5, ActiveMinutes: 130,
		FinalScore: 90, Competencies: []Competency{{Code: "2.1", Label: "Interagir"}}, Start: start, End: start.Add(50 * time.Hour),
		Issued: start.Add(51 * time.Hour),
	}
}

// compareUTF16Reference is the definition: encode both strings in UTF-16 and compare
// the code units.
func compareUTF16Reference(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func sign(n int) int { return min(max(n, -1), 1) }

// FuzzHandWrittenChecksMatchTheirDefinitions compares the hand-written checks that run
// on every record with the regular expressions and the UTF-16 encoding they replace.
func FuzzHandWrittenChecksMatchTheirDefinitions(f *testing.F) {
	absolute := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^` + "`" + `]+$`)
	simple := regexp.MustCompile(`^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$`)
	dateTime := regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$`)
	didKey := regexp.MustCompile(`^did:key:z[1-9A-HJ-NP-Za-km-z]{1,100}#z[1-9A-HJ-NP-Za-km-z]{1,100}$`)
	for _, s := range []string{"urn:uuid:1", "did:key:z6Mk#x", "a:", ":b", "1a:b", "a+b.c-d:e", "urn:a b", "urn:a\fb", "urn:a\vb",
		"urn:<x>", "2026-11-04T12:00:00Z", "2026-11-04T12:00:00.123456789+01:00", "2026-11-04T12:00:00.Z", "2026-11-04T12:00:00.1234567890Z",
		"2026-11-04T12:00:00-0100", "did:key:z6Mk#z6Mk", "did:key:z6Mk#z", "did:key:z0#z1", "did:key:zI#zl", "did:key:z6Mk#z6Mk#z6", "-0", "0.5", "00", "1.", ".5", "-", "123456789012345", "1234567890123456", "1.1234567", "é:x", "urn:é", "\U0001F600", "\uFF01"} {
		f.Add(s, "urn:a")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		if got, want := isAbsoluteIRI(a), absolute.MatchString(a); got != want {
			t.Errorf("isAbsoluteIRI(%q) = %v, the expression says %v", a, got, want)
		}
		if got, want := isSimpleNumber(a), simple.MatchString(a); got != want {
			t.Errorf("isSimpleNumber(%q) = %v, the expression says %v", a, got, want)
		}
		if got, want := isPlainDateTime(a), dateTime.MatchString(a); got != want {
			t.Errorf("isPlainDateTime(%q) = %v, the expression says %v", a, got, want)
		}
		if got, want := isPlainDIDKey(a), didKey.MatchString(a); got != want {
			t.Errorf("isPlainDIDKey(%q) = %v, the expression says %v", a, got, want)
		}
		if got, want := sign(compareUTF16(a, b)), compareUTF16Reference(a, b); got != want {
			t.Errorf("compareUTF16(%q, %q) = %d, UTF-16 order says %d", a, b, got, want)
		}
	})
}
