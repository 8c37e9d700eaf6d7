package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/gowebpki/jcs"
	"github.com/piprate/json-gold/ld"
)

// ErrRiskyInput is returned (wrapped) for JSON that Go's and JavaScript's JSON-LD
// libraries could canonicalise differently; such a document is refused, never signed.
var ErrRiskyInput = errors.New("records: input refused")

// Limits on outside input, against hostile files.
const (
	maxDocumentBytes = 256 << 10
	maxDepth         = 32
)

// isSimpleNumber accepts the only number syntax allowed: a plain decimal that float64
// and JavaScript numbers print the same way, -?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?
// (written out rather than as a regular expression: it runs on every number of every
// record a centre verifies).
func isSimpleNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, fraction, dotted := strings.Cut(s, ".")
	if whole == "" || len(whole) > 15 || (len(whole) > 1 && whole[0] == '0') || !allDigits(whole) {
		return false
	}
	return !dotted || (fraction != "" && len(fraction) <= 6 && allDigits(fraction))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// decodeDocument parses JSON outside input into generic values after refusing what
// could canonicalise differently in Go and JavaScript: invalid UTF-8, C0 control
// characters other than tab/newline/carriage return, U+FFFD and lone surrogates, a
// name given twice in one object, numbers that are not simple decimals, @direction,
// relative @id/@type values, and a mix of supplementary-plane characters with
// U+E000–U+FFFF (the only case where byte order and UTF-16 order differ).
func decodeDocument(data []byte) (map[string]any, error) {
	if len(data) > maxDocumentBytes {
		return nil, fmt.Errorf("%w: document larger than %d bytes", ErrRiskyInput, maxDocumentBytes)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrRiskyInput)
	}
	v, err := readJSON(data)
	if err != nil {
		if errors.Is(err, jsontext.ErrDuplicateName) {
			return nil, fmt.Errorf("%w: a name appears twice in one object", ErrRiskyInput)
		}
		return nil, fmt.Errorf("records: not JSON: %w", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("records: not a JSON object")
	}
	// Numbers are checked as written: the decoded float64 no longer says how.
	if err := checkNumbers(data); err != nil {
		return nil, err
	}
	var s scan
	if err := s.walk(doc, "", 0); err != nil {
		return nil, err
	}
	if s.supplementary && s.highBMP {
		return nil, fmt.Errorf("%w: mixes characters above U+FFFF with U+E000–U+FFFF", ErrRiskyInput)
	}
	return doc, nil
}

// readJSON reads the JSON document data into maps, slices, strings, float64s,
// booleans and nils, as encoding/json does into an any. It reads with the JSON v2
// tokenizer (jsontext, by the Go team): twice as fast as encoding/json on a record,
// and it refuses a name given twice in one object, which JSON readers resolve
// differently (first or last value) and a signature must not leave open.
func readJSON(data []byte) (any, error) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(data)) // read in place: the buffer is not copied
	v, err := readJSONValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, errors.New("data after the document")
	}
	return v, nil
}

func readJSONValue(dec *jsontext.Decoder) (any, error) {
	tok, err := dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '{':
		object := map[string]any{}
		for dec.PeekKind() != '}' {
			tok, err := dec.ReadToken()
			if err != nil {
				return nil, err
			}
			name := tok.String() // before the next read voids tok
			v, err := readJSONValue(dec)
			if err != nil {
				return nil, err
			}
			object[name] = v
		}
		_, err := dec.ReadToken()
		return object, err
	case '[':
		list := []any{}
		for dec.PeekKind() != ']' {
			v, err := readJSONValue(dec)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		_, err := dec.ReadToken()
		return list, err
	case '"':
		return tok.String(), nil
	case '0':
		return tok.Float(), nil
	case 't', 'f':
		return tok.Bool(), nil
	}
	return nil, nil // null
}

// checkNumbers refuses a number of the JSON text data (valid JSON) that is not a
// simple decimal: the numbers are the tokens outside strings that start with a digit
// or a minus sign.
func checkNumbers(data []byte) error {
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			for i++; i < len(data) && data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++ // the escaped character, which may be a quote
				}
			}
		case c == '-' || c >= '0' && c <= '9':
			start := i
			for i < len(data) && strings.IndexByte("+-.0123456789eE", data[i]) >= 0 {
				i++
			}
			if number := string(data[start:i]); !isSimpleNumber(number) {
				return fmt.Errorf("%w: number %s is not a simple decimal", ErrRiskyInput, number)
			}
			i--
		}
	}
	return nil
}

type scan struct {
	supplementary, highBMP bool
}

// walk checks every key and string of v (found under key), read only.
func (s *scan) walk(v any, key string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("%w: nested deeper than %d", ErrRiskyInput, maxDepth)
	}
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if err := s.checkString(k); err != nil {
				return err
			}
			if k == "@direction" {
				return fmt.Errorf("%w: @direction is not supported", ErrRiskyInput)
			}
			if err := s.walk(e, k, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := s.walk(e, key, depth+1); err != nil {
				return err
			}
		}
	case string:
		if err := s.checkString(t); err != nil {
			return err
		}
		if (key == "@id" || key == "id") && !isAbsoluteIRI(t) {
			return fmt.Errorf("%w: %s %q is not an absolute IRI", ErrRiskyInput, key, t)
		}
		if key == "@type" && strings.Contains(t, "/") && !isAbsoluteIRI(t) {
			return fmt.Errorf("%w: @type %q is a relative IRI", ErrRiskyInput, t)
		}
	}
	return nil
}

// checkString refuses control characters and U+FFFD in str (valid UTF-8) and notes
// characters above U+FFFF and in U+E000–U+FFFF. It reads bytes, not characters: in
// UTF-8 a lead byte says the range (F0–F4: above U+FFFF; EE, EF: U+E000–U+FFFF).
func (s *scan) checkString(str string) error {
	for i := 0; i < len(str); i++ {
		switch c := str[i]; {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			return fmt.Errorf("%w: control character U+%04X in a string", ErrRiskyInput, c)
		case c < 0x80:
		case c >= 0xF0:
			s.supplementary = true
		case c == 0xEE:
			s.highBMP = true
		case c == 0xEF:
			s.highBMP = true
			if strings.HasPrefix(str[i:], "\uFFFD") {
				return fmt.Errorf("%w: U+FFFD or a lone surrogate in a string", ErrRiskyInput)
			}
		}
	}
	return nil
}

// isAbsoluteIRI reports whether s has a scheme and no characters forbidden in IRIs:
// [A-Za-z][A-Za-z0-9+.-]*:, then one character or more, none of them a space, a tab,
// a line break or one of <>"{}|\^` (written out: it runs on every id of every record).
func isAbsoluteIRI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || colon == len(s)-1 {
		return false
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-')) {
			return false
		}
	}
	for i := colon + 1; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\f', '\r', '<', '>', '"', '{', '}', '|', '\\', '^', '`':
			return false
		}
	}
	return true
}

// canonicalizeRDFC returns the RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD
// document, converted in safe mode with the offline loader, lines sorted in UTF-16 code
// unit order as the JavaScript reference implementation does.
//
// A record of the shape Déclic issues, read with the embedded contexts, is written
// directly (shape.go, rdfc.go); any other document goes through json-gold.
func canonicalizeRDFC(doc map[string]any, loader *offlineLoader) (string, error) {
	nquads, err := canonicalRDFCBytes(doc, loader)
	return string(nquads), err
}

// canonicalRDFCBytes is canonicalizeRDFC, the N-Quads as bytes (what is hashed).
func canonicalRDFCBytes(doc map[string]any, loader *offlineLoader) ([]byte, error) {
	if loader.embedded {
		buf, _ := loader.buffers.Get().(*shapeBuffers)
		if buf == nil {
			buf = new(shapeBuffers)
		}
		quads, bnodes, ok := knownShapeQuads(doc, buf.quads)
		var nquads []byte
		if ok {
			buf.quads = quads
			nquads, ok = canonicalLeafBlankNodes(quads, bnodes, buf)
		}
		clear(buf.quads) // drop the document's strings before keeping the buffers
		loader.buffers.Put(buf)
		if ok {
			return nquads, nil
		}
	}
	nquads, err := canonicalizeRDFCJSONGold(doc, loader)
	return []byte(nquads), err
}

// canonicalizeRDFCJSONGold is canonicalizeRDFC through json-gold, the reference.
//
// The document's top-level @context is processed once per distinct value and reused
// (JSON-LD's expandContext: the same result as processing it inside the document), which
// removes most of json-gold's cost for records that all share the same two contexts.
func canonicalizeRDFCJSONGold(doc map[string]any, loader *offlineLoader) (string, error) {
	opts := loader.options()
	active, err := loader.activeContext(doc["@context"])
	if err != nil {
		return "", fmt.Errorf("records: JSON-LD: %w", err)
	}
	expanded, err := ld.NewJsonLdApi().Expand(active, "", withoutKey(doc, "@context"), opts, false, nil)
	if err != nil {
		return "", fmt.Errorf("records: JSON-LD: %w", err)
	}
	dataset, err := ld.NewJsonLdApi().ToRDF(expandedList(expanded), opts)
	if err != nil {
		return "", fmt.Errorf("records: JSON-LD: %w", err)
	}
	opts.Format = "application/n-quads"
	norm, err := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015).Main(dataset, opts)
	if err != nil {
		return "", fmt.Errorf("records: canonicalisation: %w", err)
	}
	nquads, _ := norm.(string)
	return sortNQuadsUTF16(nquads), nil
}

// canonicalizeRDFCUncached is canonicalizeRDFC through json-gold's public ToRDF entry
// point, processing the @context anew each time; tests check both give the same result.
func canonicalizeRDFCUncached(doc map[string]any, loader *offlineLoader) (string, error) {
	opts := loader.options()
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return "", fmt.Errorf("records: JSON-LD: %w", err)
	}
	dataset, ok := out.(*ld.RDFDataset)
	if !ok {
		return "", errors.New("records: JSON-LD: no RDF dataset")
	}
	opts.Format = "application/n-quads"
	norm, err := ld.NewNormalisationAlgorithm(ld.AlgorithmURDNA2015).Main(dataset, opts)
	if err != nil {
		return "", fmt.Errorf("records: canonicalisation: %w", err)
	}
	nquads, _ := norm.(string)
	return sortNQuadsUTF16(nquads), nil
}

// expandedList applies the final step of JSON-LD expansion: drop an empty top-level
// object, unwrap a lone @graph, and always return a list.
func expandedList(expanded any) []any {
	if m, ok := expanded.(map[string]any); ok {
		if len(m) == 0 {
			return []any{}
		}
		if g, has := m["@graph"]; has && len(m) == 1 {
			expanded = g
		}
	}
	if expanded == nil {
		return []any{}
	}
	if l, ok := expanded.([]any); ok {
		return l
	}
	return []any{expanded}
}

// sortNQuadsUTF16 sorts N-Quads lines by UTF-16 code units (JavaScript string order)
// and drops duplicate lines, as the canonical form requires.
func sortNQuadsUTF16(nquads string) string {
	if nquads == "" {
		return ""
	}
	lines := strings.SplitAfter(nquads, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	slices.SortFunc(lines, compareUTF16)
	lines = slices.Compact(lines)
	return strings.Join(lines, "")
}

// compareUTF16 compares two texts of valid UTF-8 in UTF-16 code unit order. Only the
// first character that differs matters: the bytes before it are equal, so both texts'
// characters start at the same place up to it.
func compareUTF16[T string | []byte](a, b T) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return len(a) - len(b)
	}
	for i > 0 && a[i]&0xC0 == 0x80 { // back to the start of the differing character
		i--
	}
	return int(utf16Key(runeAt(a[i:]))) - int(utf16Key(runeAt(b[i:])))
}

// runeAt decodes the character at the start of s (valid UTF-8).
func runeAt[T string | []byte](s T) rune {
	c := s[0]
	switch {
	case c < 0xC0:
		return rune(c)
	case c < 0xE0 && len(s) >= 2:
		return rune(c&0x1F)<<6 | rune(s[1]&0x3F)
	case c < 0xF0 && len(s) >= 3:
		return rune(c&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F)
	case len(s) >= 4:
		return rune(c&0x07)<<18 | rune(s[1]&0x3F)<<12 | rune(s[2]&0x3F)<<6 | rune(s[3]&0x3F)
	}
	return rune(c) // cut short: not valid UTF-8, never a line of N-Quads
}

// utf16Key maps a rune to a number that orders runes as their UTF-16 encodings order:
// a rune above U+FFFF sorts by its lead surrogate (0xD800–0xDBFF), then its trail one.
func utf16Key(r rune) rune {
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		return hi<<10 | (lo - 0xDC00)
	}
	return r << 10
}

// canonicalizeJCS returns the RFC 8785 canonical JSON of v.
func canonicalizeJCS(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("records: JSON: %w", err)
	}
	out, err := jcs.Transform(raw)
	if err != nil {
		return nil, fmt.Errorf("records: JCS: %w", err)
	}
	return out, nil
}
