package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"unicode/utf8"

	"declic/keys"
)

// decodeDocumentReference is the first, plainer decoder (json.Decoder with UseNumber,
// every number checked as it is decoded, every string rune by rune): decodeDocument
// must accept and refuse exactly what it does, with the same values. (The first
// decoder accepted a stray closing brace after the document, "{}}": both refuse it.)
func decodeDocumentReference(data []byte) (map[string]any, error) {
	if len(data) > maxDocumentBytes || !utf8.Valid(data) {
		return nil, ErrRiskyInput
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, errors.New("data after the document")
	}
	if repeatsAName(data) {
		return nil, ErrRiskyInput
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("not an object")
	}
	var supplementary, highBMP bool
	var walk func(v any, key string, depth int) (any, error)
	walk = func(v any, key string, depth int) (any, error) {
		if depth > maxDepth {
			return nil, ErrRiskyInput
		}
		checkString := func(s string) error {
			for _, r := range s {
				switch {
				case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f, r == utf8.RuneError:
					return ErrRiskyInput
				case r > 0xFFFF:
					supplementary = true
				case r >= 0xE000:
					highBMP = true
				}
			}
			return nil
		}
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				if err := checkString(k); err != nil || k == "@direction" {
					return nil, ErrRiskyInput
				}
				w, err := walk(e, k, depth+1)
				if err != nil {
					return nil, err
				}
				t[k] = w
			}
			return t, nil
		case []any:
			for i, e := range t {
				w, err := walk(e, key, depth+1)
				if err != nil {
					return nil, err
				}
				t[i] = w
			}
			return t, nil
		case string:
			if err := checkString(t); err != nil {
				return nil, err
			}
			if (key == "@id" || key == "id") && !isAbsoluteIRI(t) || key == "@type" && bytes.ContainsRune([]byte(t), '/') && !isAbsoluteIRI(t) {
				return nil, ErrRiskyInput
			}
			return t, nil
		case json.Number:
			if !isSimpleNumber(string(t)) {
				return nil, ErrRiskyInput
			}
			return t.Float64()
		}
		return v, nil
	}
	out, err := walk(doc, "", 0)
	if err != nil {
		return nil, err
	}
	if supplementary && highBMP {
		return nil, ErrRiskyInput
	}
	return out.(map[string]any), nil
}

// repeatsAName reports whether an object of data (one valid JSON document) gives the
// same name twice, reading it token by token.
func repeatsAName(data []byte) bool {
	type level struct {
		names  map[string]bool // nil in a list
		atName bool            // an object waiting for a name or its end
	}
	var stack []*level
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if n := len(stack); n > 0 && stack[n-1].names != nil && stack[n-1].atName {
			if name, ok := tok.(string); ok {
				if stack[n-1].names[name] {
					return true
				}
				stack[n-1].names[name], stack[n-1].atName = true, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{names: map[string]bool{}, atName: true})
			continue
		case json.Delim('['):
			stack = append(stack, &level{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: the object holding it waits for its next name.
		if n := len(stack); n > 0 && stack[n-1].names != nil {
			stack[n-1].atName = true
		}
	}
}

func decodeSeeds() [][]byte {
	seeds := [][]byte{
		[]byte(`{"a":1,"b":[-0.5,2,"x"],"c":{"id":"urn:x"}}`),
		[]byte(`{"a":1e5}`), []byte(`{"a":"1e5"}`), []byte(`{"a":01}`), []byte(`{"a":1.1234567}`),
		[]byte(`{"a":"\"1e5\"","b":2}`), []byte(`{"a":"\\","b":1E2}`), []byte(`{"a":"x\u0001"}`),
		[]byte(`{"a":"\ud800"}`), []byte(`{"a":"\uFFFD"}`), []byte(`{"a":"\uE000\uD83D\uDE00"}`),
		[]byte(`{"a":"\uE000"} {}`), []byte(`{"@direction":"ltr"}`), []byte(`{"id":"x y"}`),
		[]byte(`{"@type":"a/b"}`), []byte(`[1]`), []byte(`{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`),
		[]byte(`{"a":-}`), []byte(`{"a":123456789012345}`), []byte(`{"a":1234567890123456}`), []byte("{\"a\":\"\x7f\"}"),
		[]byte(`{"k\u0002":1}`), []byte(`{"a":true,"b":null,"c":false}`),
		[]byte(`{"a":1,"a":2}`), []byte(`{"a":{"b":1},"b":{"b":[{"a":1},{"a":2}]}}`), []byte(`{"a":{"b":1,"c":{},"b":2}}`),
		[]byte(`{"a":"\u0061","\u0061":1}`), []byte(`{"a\ud83d\ude00":1,"a😀":2}`),
	}
	for i := range 5 {
		seeds = append(seeds, []byte(fmt.Sprintf(`{"n":%d.%d5}`, i, i)))
	}
	return seeds
}

func checkDecodersAgree(t *testing.T, data []byte) {
	got, err := decodeDocument(data)
	want, wantErr := decodeDocumentReference(append([]byte(nil), data...))
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%q: decodeDocument error %v, reference error %v", data, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decoded %v, reference %v", data, got, want)
	}
}

func TestDecodeDocumentAgreesWithTheReferenceDecoder(t *testing.T) {
	for _, s := range decodeSeeds() {
		checkDecodersAgree(t, s)
	}
}

func FuzzDecodeDocumentAgreesWithTheReferenceDecoder(f *testing.F) {
	for _, s := range decodeSeeds() {
		f.Add(s)
	}
	f.Fuzz(checkDecodersAgree)
}

// BenchmarkReadRecordJSON reads an issued record's JSON into generic values with the
// reader records use (the JSON v2 tokenizer) and with encoding/json, the reader it
// replaced.
func BenchmarkReadRecordJSON(b *testing.B) {
	key, err := keys.Generate()
	if err != nil {
		b.Fatal(err)
	}
	data, err := Issue(key, testInput("Zoé"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("jsontext", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := readJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
