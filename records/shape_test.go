package records

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"declic/keys"
)

// issuedInputs are record inputs covering every shape Issue writes: with and without a
// name, with 0 to 4 competencies (two of them identical, so that blank nodes share a
// hash), whole and fractional hours, and texts full of what N-Quads must escape.
func issuedInputs() map[string]RecordInput {
	base := testInput("")
	out := map[string]RecordInput{"plain": base}
	named := testInput("Zoé « Œuvre » 📧")
	out["with a name"] = named
	none := base
	none.Competencies = nil
	out["no competency"] = none
	twins := base
	twins.Competencies = []Competency{{Code: "2.1", Label: "Interagir"}, {Code: "2.1", Label: "Interagir"}, {Code: "socle.souris"}, {Code: "1.1"}}
	out["two identical competencies"] = twins
	whole := base
	whole.Hours, whole.FinalScore, whole.ActiveMinutes = 3, 0, 45
	out["whole hours"] = whole
	tiny := base
	tiny.Hours, tiny.ActiveMinutes = 0.05, 1
	out["a few minutes"] = tiny
	odd := named
	odd.ModuleTitle = "Les \"guillemets\", la barre \\ et\tla tabulation\r\net la fin"
	odd.ModuleDescription = "Ligne 1\nLigne 2 \u00a0: ‘quotes’ — \u2028 done"
	odd.DisplayName = "Ана Фрейтаг-Müller\\"
	odd.IssuerName = "Centre \"Le Lien\""
	odd.PackVersion = ""
	out["texts to escape"] = odd
	return out
}

// unsecuredDoc issues a record for in and returns it decoded, without its proof.
func unsecuredDoc(t testing.TB, in RecordInput) map[string]any {
	t.Helper()
	key, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	data, err := Issue(key, in)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeDocument(data)
	if err != nil {
		t.Fatal(err)
	}
	return withoutKey(doc, "proof")
}

// fastCanonical is the direct path alone: the canonical form and whether it applied.
func fastCanonical(doc map[string]any) (string, bool) {
	quads, bnodes, ok := knownShapeQuads(doc, nil)
	if !ok {
		return "", false
	}
	nquads, ok := canonicalLeafBlankNodes(quads, bnodes, nil)
	return string(nquads), ok
}

// sameAsJSONGold fails when the direct path applies to doc and disagrees with
// json-gold's canonical form (or json-gold refuses doc); it reports whether it applied.
func sameAsJSONGold(t testing.TB, name string, doc map[string]any) bool {
	t.Helper()
	got, ok := fastCanonical(doc)
	if !ok {
		return false
	}
	want, err := canonicalizeRDFCUncached(doc, defaultLoader)
	if err != nil {
		t.Fatalf("%s: the direct path accepted a document json-gold refuses: %v", name, err)
	}
	if got != want {
		t.Fatalf("%s: canonical N-Quads differ\ndirect:\n%s\njson-gold:\n%s", name, got, want)
	}
	return true
}

func TestEveryIssuedShapeIsCanonicalisedDirectlyAsJSONGoldDoes(t *testing.T) {
	for name, in := range issuedInputs() {
		t.Run(name, func(t *testing.T) {
			if !sameAsJSONGold(t, name, unsecuredDoc(t, in)) {
				t.Fatal("an issued record left the direct path")
			}
		})
	}
}

// shapeMutation changes a decoded record; direct says whether the direct path must
// still apply afterwards (false: it must hand the document to json-gold).
type shapeMutation struct {
	change func(d map[string]any)
	direct bool
}

func path(d map[string]any, keys ...string) map[string]any {
	m := d
	for _, k := range keys {
		switch v := m[k].(type) {
		case map[string]any:
			m = v
		case []any:
			m = v[0].(map[string]any)
		}
	}
	return m
}

func shapeMutations() map[string]shapeMutation {
	ach := []string{"credentialSubject", "achievement"}
	return map[string]shapeMutation{
		"types as one string":             {func(d map[string]any) { path(d, "issuer")["type"] = "Profile" }, true},
		"one alignment as an object":      {func(d map[string]any) { path(d, ach...)["alignment"] = path(d, append(ach, "alignment")...) }, true},
		"credential types in other order": {func(d map[string]any) { d["type"] = []any{"OpenBadgeCredential", "VerifiableCredential"} }, true},
		"no description":                  {func(d map[string]any) { delete(d, "description") }, true},
		"a validUntil":                    {func(d map[string]any) { d["validUntil"] = "2030-01-01T00:00:00Z" }, true},
		"empty result list":               {func(d map[string]any) { path(d, "credentialSubject")["result"] = []any{} }, true},
		"negative hours":                  {func(d map[string]any) { path(d, "credentialSubject")["creditsEarned"] = -2.0 }, true},
		"large whole hours":               {func(d map[string]any) { path(d, ach...)["creditsAvailable"] = 123456789012345.0 }, true},
		"hours with six decimals":         {func(d map[string]any) { path(d, ach...)["creditsAvailable"] = 0.000001 }, true},
		"hashed true":                     {func(d map[string]any) { path(d, "credentialSubject", "identifier")["hashed"] = true }, true},
		"empty strings":                   {func(d map[string]any) { d["name"] = ""; path(d, "issuer")["name"] = "" }, true},
		"two identical results": {func(d map[string]any) {
			s := path(d, "credentialSubject")
			r := s["result"].([]any)
			s["result"] = []any{r[0], r[0], r[1]}
		}, true},

		"an unknown key":    {func(d map[string]any) { d["hours"] = 3.0 }, false},
		"a JSON-LD keyword": {func(d map[string]any) { path(d, "issuer")["@id"] = "did:key:z6Mkother" }, false},
		"an http id":        {func(d map[string]any) { d["id"] = "https://example.org/record/1" }, false},
		"a compact IRI id":  {func(d map[string]any) { d["id"] = "xsd:string" }, false},
		"a blank node id":   {func(d map[string]any) { d["id"] = "_:b0" }, false},
		"the same id twice": {func(d map[string]any) { path(d, "credentialSubject")["id"] = d["id"] }, false},
		"an extra type": {func(d map[string]any) {
			d["type"] = []any{"VerifiableCredential", "OpenBadgeCredential", "AchievementCredential"}
		}, false},
		"a missing type":         {func(d map[string]any) { delete(path(d, "issuer"), "type") }, false},
		"a type twice":           {func(d map[string]any) { d["type"] = []any{"VerifiableCredential", "VerifiableCredential"} }, false},
		"hours as text":          {func(d map[string]any) { path(d, "credentialSubject")["creditsEarned"] = "2.5" }, false},
		"a number as text value": {func(d map[string]any) { path(d, "credentialSubject", "result")["value"] = 90.0 }, false},
		"a list of names":        {func(d map[string]any) { d["name"] = []any{"a", "b"} }, false},
		"a criteria with an id":  {func(d map[string]any) { path(d, ach...)["criteria"] = map[string]any{"id": "urn:x:criteria"} }, false},
		"a criteria as an IRI":   {func(d map[string]any) { path(d, ach...)["criteria"] = "urn:x:criteria" }, false},
		"an issuer as an IRI":    {func(d map[string]any) { d["issuer"] = path(d, "issuer")["id"] }, false},
		"another context":        {func(d map[string]any) { d["@context"] = []any{ContextCredentialsV2} }, false},
		"an inline context": {func(d map[string]any) {
			d["@context"] = []any{ContextCredentialsV2, ContextOpenBadges303, map[string]any{"x": "urn:x:"}}
		}, false},
		"a subject without id":        {func(d map[string]any) { delete(path(d, "credentialSubject"), "id") }, false},
		"a nested object in a result": {func(d map[string]any) { path(d, "credentialSubject", "result")["value"] = map[string]any{"a": "b"} }, false},
		"a result description by IRI": {func(d map[string]any) { path(d, ach...)["resultDescription"] = []any{"urn:x:rd"} }, false},
		"a null value":                {func(d map[string]any) { d["description"] = nil }, false},
		"a date as a number":          {func(d map[string]any) { d["validFrom"] = 2026.0 }, false},
		"hashed as text":              {func(d map[string]any) { path(d, "credentialSubject", "identifier")["hashed"] = "false" }, false},
		"a type of another shape":     {func(d map[string]any) { path(d, ach...)["type"] = []any{"Profile"} }, false},
		"an alignment with a target id": {func(d map[string]any) {
			path(d, ach...)["alignment"] = []any{map[string]any{"type": "Alignment", "id": "urn:x:a"}}
		}, false},
	}
}

func TestMutatedRecordsAreCanonicalisedAsJSONGoldDoesOrHandedToIt(t *testing.T) {
	for name, m := range shapeMutations() {
		t.Run(name, func(t *testing.T) {
			doc := unsecuredDoc(t, testInput("Zoé"))
			m.change(doc)
			// Through JSON and back, as a record arrives.
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			if decoded, err := decodeDocument(data); err == nil {
				doc = decoded
			} // else Verify refuses it before canonicalising: check the paths on it all the same
			direct := sameAsJSONGold(t, name, doc)
			if direct != m.direct {
				t.Fatalf("direct path applied: %v, want %v", direct, m.direct)
			}
			// canonicalizeRDFC itself gives json-gold's answer either way.
			want, wantErr := canonicalizeRDFCUncached(doc, defaultLoader)
			got, err := canonicalizeRDFC(doc, defaultLoader)
			if (err != nil) != (wantErr != nil) || got != want {
				t.Fatalf("canonicalizeRDFC: %v / json-gold: %v", err, wantErr)
			}
		})
	}
}

func TestLinkedBlankNodesAreLeftToJSONGold(t *testing.T) {
	quads := []shapeQuad{
		{subject: term{kind: iri, text: "urn:x:a"}, predicate: "<urn:x:p>", object: term{kind: blank, bnode: 0}},
		{subject: term{kind: blank, bnode: 0}, predicate: "<urn:x:p>", object: term{kind: blank, bnode: 1}},
	}
	if _, ok := canonicalLeafBlankNodes(quads, 2, nil); ok {
		t.Fatal("a statement between two blank nodes was canonicalised by the leaf-only path")
	}
}

func TestLoadersWithOtherContextBytesNeverTakeTheDirectPath(t *testing.T) {
	raw := EmbeddedContexts()
	raw[ContextOpenBadges303] = []byte(`{"@context":{"name":"urn:other:name"}}`)
	other, err := newOfflineLoader(raw)
	if err != nil {
		t.Fatal(err)
	}
	if other.embedded || !defaultLoader.embedded || !vectorLoader(t).embedded {
		t.Fatalf("embedded: other %v, default %v, vectors %v", other.embedded, defaultLoader.embedded, vectorLoader(t).embedded)
	}
	doc := unsecuredDoc(t, testInput(""))
	got, _ := canonicalizeRDFC(doc, other)
	direct, _ := fastCanonical(doc)
	if got == direct {
		t.Fatal("a loader serving another OB context gave the embedded contexts' canonical form")
	}
}

// FuzzKnownShapeMatchesJSONGold mutates the bytes of issued records: whatever still
// decodes is canonicalised by both paths, which must agree whenever the direct one
// applies.
func FuzzKnownShapeMatchesJSONGold(f *testing.F) {
	key, err := keys.Generate()
	if err != nil {
		f.Fatal(err)
	}
	for _, in := range issuedInputs() {
		data, err := Issue(key, in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := decodeDocument(data)
		if err != nil {
			return
		}
		doc = withoutKey(doc, "proof")
		got, ok := fastCanonical(doc)
		if !ok {
			return
		}
		want, err := canonicalizeRDFCJSONGold(doc, defaultLoader)
		if err != nil || got != want {
			t.Fatalf("direct path disagrees with json-gold (%v)\ndirect:\n%s\njson-gold:\n%s", err, got, want)
		}
	})
}

// FuzzKnownShapeValues issues records with arbitrary texts, hours and competencies
// (what a trainer's pack and a learner's name put into a record) and checks that
// both paths agree.
func FuzzKnownShapeValues(f *testing.F) {
	f.Add("Les e-mails", "Zoé", "2.1", "Interagir", 2.5, uint8(2), "EPN")
	f.Add("Ligne\nsuivante \"x\" \\", "", "", "", 0.05, uint8(0), "")
	f.Add("📧 \uFFFF", "\t", "5.2", "5.2", 1000.0, uint8(4), "Centre « A »")
	key, err := keys.Generate()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, name, code, label string, hours float64, competencies uint8, centre string) {
		in := testInput(name)
		in.ModuleTitle, in.Hours, in.IssuerName = title, hours, centre
		in.Competencies = nil
		for i := range int(competencies % 5) {
			in.Competencies = append(in.Competencies, Competency{Code: code + strings.Repeat("x", i%2), Label: label})
		}
		data, err := Issue(key, in)
		if err != nil {
			return // refused input (empty title, hours out of range, risky text)
		}
		doc, err := decodeDocument(data)
		if err != nil {
			t.Fatalf("an issued record does not decode: %v", err)
		}
		sameAsJSONGold(t, fmt.Sprintf("%q", title), withoutKey(doc, "proof"))
		if _, ok := fastCanonical(withoutKey(doc, "proof")); !ok {
			t.Fatalf("an issued record left the direct path: %s", data)
		}
	})
}

func TestByteOrderIsUsedOnlyWhereItEqualsUTF16Order(t *testing.T) {
	cases := map[string]bool{
		"":                                    false,
		"plain ASCII text, long":              false,
		"é and 📧 (no U+E000–U+FFFF)":          false,
		"\uFF01 and é (nothing above U+FFFF)": false,
		"ends with \uFF01 … then 📧":           true,
		"📧📧📧📧📧📧📧📧📧📧\uE000 eight bytes at a time": true,
	}
	for text, want := range cases {
		if got := bytesOrderMayDiffer([]byte(text)); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}
