package records

import (
	"errors"
	"slices"
	"strings"
	"testing"
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
