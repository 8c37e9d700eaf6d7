package card

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"declic/internal/clocktest"
	"declic/keys"
)

func newKey(t testing.TB) *keys.Key {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestACardCarriesTheKeyItsCodeAndTheFirstName(t *testing.T) {
	k := newKey(t)
	now := clocktest.Now()
	c := New(" Ana ", k.Public(), now.Add(123*time.Millisecond))
	if c.Name != "Ana" || c.DID != k.DID() || c.Code != k.Fingerprint() || !c.Created.Equal(now) {
		t.Fatalf("New: %+v", c)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if len(data) >= MaxSize || !bytes.HasSuffix(data, []byte("}\n")) {
		t.Fatalf("card file of %d bytes:\n%s", len(data), data)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"type": "DeclicCard", "version": float64(1), "name": "Ana", "did": k.DID(),
		"code": k.Fingerprint(), "created": now.UTC().Format(time.RFC3339)}
	for name, v := range want {
		if fields[name] != v {
			t.Errorf("field %s = %v, want %v", name, fields[name], v)
		}
	}
	if len(fields) != len(want) {
		t.Errorf("fields %v, want exactly %v", fields, want)
	}
	back, err := Parse(data)
	if err != nil || back != c {
		t.Fatalf("Parse(Marshal) = %+v, %v; want %+v", back, err, c)
	}
	pub, err := back.PublicKey()
	if err != nil || !pub.Equal(k.Public()) {
		t.Fatalf("PublicKey: %x, %v", pub, err)
	}
}

func TestTheSpecExampleLayoutIsRead(t *testing.T) {
	k := newKey(t)
	doc := `{
  "type": "DeclicCard",
  "version": 1,
  "name": "Ana",
  "did": "` + k.DID() + `",
  "code": "` + k.Fingerprint() + `",
  "created": "2026-11-23T10:00:00Z"
}`
	c, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Ana" || c.Created.Format(time.RFC3339) != "2026-11-23T10:00:00Z" {
		t.Fatalf("%+v", c)
	}
}

// card returns a card file as a map, for tests to change one field.
func cardFields(t *testing.T, k *keys.Key) map[string]any {
	t.Helper()
	return map[string]any{"type": "DeclicCard", "version": 1, "name": "Ana", "did": k.DID(),
		"code": k.Fingerprint(), "created": "2026-11-23T10:00:00Z"}
}

func encode(t *testing.T, fields map[string]any) []byte {
	t.Helper()
	data, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestACodeTypedInAnotherFormIsReadInItsOwnForm(t *testing.T) {
	k := newKey(t)
	f := cardFields(t, k)
	f["code"] = strings.ToLower(strings.ReplaceAll(k.Fingerprint(), "-", " "))
	c, err := Parse(encode(t, f))
	if err != nil || c.Code != k.Fingerprint() {
		t.Fatalf("Parse: %+v, %v", c, err)
	}
}

func TestUnknownFieldsOfALaterVersion1AreIgnored(t *testing.T) {
	k := newKey(t)
	f := cardFields(t, k)
	f["centre"] = "EPN de Vierzon"
	if _, err := Parse(encode(t, f)); err != nil {
		t.Fatal(err)
	}
}

func TestParseRefusesWhatIsNotAGoodCard(t *testing.T) {
	k := newKey(t)
	other := newKey(t)
	good := encode(t, cardFields(t, k))
	with := func(name string, v any) []byte {
		f := cardFields(t, k)
		f[name] = v
		return encode(t, f)
	}
	without := func(name string) []byte {
		f := cardFields(t, k)
		delete(f, name)
		return encode(t, f)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"a file larger than 4 KB", append(bytes.Repeat([]byte(" "), MaxSize), good...), ErrTooLarge},
		{"an empty file", nil, ErrNotACard},
		{"text that is not JSON", []byte("carte de Ana"), ErrNotACard},
		{"a JSON list", []byte(`[` + string(good) + `]`), ErrNotACard},
		{"a card followed by another", append(append([]byte(nil), good...), good...), ErrNotACard},
		{"a record instead of a card", with("type", "VerifiableCredential"), ErrNotACard},
		{"a card without type", without("type"), ErrNotACard},
		{"a card without version", without("version"), ErrNotACard},
		{"a card without key", without("did"), ErrNotACard},
		{"a card without code", without("code"), ErrNotACard},
		{"a card without date", without("created"), ErrNotACard},
		{"a card without name", without("name"), ErrNotACard},
		{"a version given as text", with("version", "1"), ErrNotACard},
		{"a version with a fraction", with("version", 1.5), ErrNotACard},
		{"version 0", with("version", 0), ErrNotACard},
		{"a card from a newer Déclic", with("version", 2), ErrNewerVersion},
		{"a did:web instead of a did:key", with("did", "did:web:example.org"), ErrKey},
		{"a did:key with a fragment", with("did", k.VerificationMethod()), ErrKey},
		{"a secret key in place of the key", with("did", "did:key:"+k.SecretMultibase()), ErrKey},
		{"a key given as a number", with("did", 42), ErrNotACard},
		{"the code of another key", with("code", other.Fingerprint()), ErrCode},
		{"a code one letter off", with("code", offByOne(k.Fingerprint())), ErrCode},
		{"a code too short", with("code", k.Fingerprint()[:14]), ErrCode},
		{"an empty code", with("code", ""), ErrCode},
		{"a date that is not a date", with("created", "hier"), ErrNotACard},
		{"a name with a line break", with("name", "Ana\nBob"), ErrName},
		{"a name with an escape sequence", with("name", "Ana\x1b[31m"), ErrName},
		{"a name that reverses text", with("name", "Ana\u202e"), ErrName},
		{"a name of 41 letters", with("name", strings.Repeat("a", 41)), ErrName},
		{"a name with spaces around it", with("name", " Ana"), ErrName},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse = %+v, %v; want %v", c, err, tc.want)
			}
		})
	}
}

func TestARepeatedFieldIsRefusedWhicheverCopyAReaderKeeps(t *testing.T) {
	k := newKey(t)
	other := newKey(t)
	for name, doc := range map[string]string{
		"the key twice": `{"type":"DeclicCard","version":1,"name":"Ana","did":"` + other.DID() + `","did":"` + k.DID() +
			`","code":"` + k.Fingerprint() + `","created":"2026-11-23T10:00:00Z"}`,
		"the key twice, in another case": `{"type":"DeclicCard","version":1,"name":"Ana","DID":"` + other.DID() + `","did":"` + k.DID() +
			`","code":"` + k.Fingerprint() + `","created":"2026-11-23T10:00:00Z"}`,
	} {
		if c, err := Parse([]byte(doc)); !errors.Is(err, ErrNotACard) {
			t.Errorf("%s: Parse = %+v, %v; want ErrNotACard", name, c, err)
		}
	}
}

func TestAByteOrderMarkFromAWindowsEditorIsAccepted(t *testing.T) {
	k := newKey(t)
	data, err := New("Ana", k.Public(), clocktest.Now()).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(append([]byte("\uFEFF"), data...)); err != nil {
		t.Fatal(err)
	}
}

func TestMarshalRefusesACardThatParseWouldRefuse(t *testing.T) {
	k := newKey(t)
	other := newKey(t)
	good := New("Ana", k.Public(), clocktest.Now())
	for name, c := range map[string]Card{
		"a code of another key": {Name: "Ana", DID: k.DID(), Code: other.Fingerprint(), Created: good.Created},
		"no key":                {Name: "Ana", Code: good.Code, Created: good.Created},
		"no date":               {Name: "Ana", DID: good.DID, Code: good.Code},
		"a name with a tab":     {Name: "A\tna", DID: good.DID, Code: good.Code, Created: good.Created},
	} {
		if data, err := c.Marshal(); err == nil {
			t.Errorf("%s: Marshal wrote\n%s", name, data)
		}
	}
}

func TestTheFileNameHoldsThePlainFirstName(t *testing.T) {
	k := newKey(t)
	for name, want := range map[string]string{
		"Hélène":         "carte-declic-helene.json",
		"Jean-Pierre":    "carte-declic-jean-pierre.json",
		"Marie  Claire":  "carte-declic-marie-claire.json",
		"Алёна":          "carte-declic.json",
		"":               "carte-declic.json",
		"../../etc/Ana ": "carte-declic-etcana.json",
	} {
		if got := New(name, k.Public(), clocktest.Now()).FileName(); got != want {
			t.Errorf("FileName(%q) = %q, want %q", name, got, want)
		}
	}
}

func offByOne(code string) string {
	b := []byte(code)
	if b[0] == 'A' {
		b[0] = 'B'
	} else {
		b[0] = 'A'
	}
	return string(b)
}
