package records

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

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

// simpleNumber is the only number syntax accepted: a plain decimal that float64 and
// JavaScript numbers print the same way.
var simpleNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$`)

// decodeDocument parses JSON outside input into generic values after refusing what
// could canonicalise differently in Go and JavaScript: invalid UTF-8, C0 control
// characters other than tab/newline/carriage return, U+FFFD (lone surrogates), numbers
// that are not simple decimals, @direction, relative @id/@type values, and a mix of
// supplementary-plane characters with U+E000–U+FFFF (the only case where byte order and
// UTF-16 order differ).
func decodeDocument(data []byte) (map[string]any, error) {
	if len(data) > maxDocumentBytes {
		return nil, fmt.Errorf("%w: document larger than %d bytes", ErrRiskyInput, maxDocumentBytes)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not valid UTF-8", ErrRiskyInput)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("records: not JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("records: not JSON: data after the document")
	}
	doc, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("records: not a JSON object")
	}
	var s scan
	out, err := s.walk(doc, "", 0)
	if err != nil {
		return nil, err
	}
	if s.supplementary && s.highBMP {
		return nil, fmt.Errorf("%w: mixes characters above U+FFFF with U+E000–U+FFFF", ErrRiskyInput)
	}
	return out.(map[string]any), nil
}

type scan struct {
	supplementary, highBMP bool
}

func (s *scan) walk(v any, key string, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested deeper than %d", ErrRiskyInput, maxDepth)
	}
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if err := s.checkString(k); err != nil {
				return nil, err
			}
			if k == "@direction" {
				return nil, fmt.Errorf("%w: @direction is not supported", ErrRiskyInput)
			}
			w, err := s.walk(e, k, depth+1)
			if err != nil {
				return nil, err
			}
			t[k] = w
		}
		return t, nil
	case []any:
		for i, e := range t {
			w, err := s.walk(e, key, depth+1)
			if err != nil {
				return nil, err
			}
			t[i] = w
		}
		return t, nil
	case string:
		if err := s.checkString(t); err != nil {
			return nil, err
		}
		if (key == "@id" || key == "id") && !isAbsoluteIRI(t) {
			return nil, fmt.Errorf("%w: %s %q is not an absolute IRI", ErrRiskyInput, key, t)
		}
		if key == "@type" && strings.Contains(t, "/") && !isAbsoluteIRI(t) {
			return nil, fmt.Errorf("%w: @type %q is a relative IRI", ErrRiskyInput, t)
		}
		return t, nil
	case json.Number:
		if !simpleNumber.MatchString(string(t)) {
			return nil, fmt.Errorf("%w: number %s is not a simple decimal", ErrRiskyInput, t)
		}
		f, err := t.Float64()
		if err != nil {
			return nil, fmt.Errorf("%w: number %s: %v", ErrRiskyInput, t, err)
		}
		return f, nil
	default: // bool, nil
		return t, nil
	}
}

func (s *scan) checkString(str string) error {
	for _, r := range str {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f:
			return fmt.Errorf("%w: control character U+%04X in a string", ErrRiskyInput, r)
		case r == utf8.RuneError:
			return fmt.Errorf("%w: U+FFFD or a lone surrogate in a string", ErrRiskyInput)
		case r > 0xFFFF:
			s.supplementary = true
		case r >= 0xE000:
			s.highBMP = true
		}
	}
	return nil
}

var absoluteIRI = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^` + "`" + `]+$`)

// isAbsoluteIRI reports whether s has a scheme and no characters forbidden in IRIs.
func isAbsoluteIRI(s string) bool { return absoluteIRI.MatchString(s) }

// canonicalizeRDFC returns the RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD
// document, converted in safe mode with the offline loader, lines sorted in UTF-16 code
// unit order as the JavaScript reference implementation does.
//
// The document's top-level @context is processed once per distinct value and reused
// (JSON-LD's expandContext: the same result as processing it inside the document), which
// removes most of json-gold's cost for records that all share the same two contexts.
func canonicalizeRDFC(doc map[string]any, loader *offlineLoader) (string, error) {
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

// compareUTF16 compares two strings in UTF-16 code unit order.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return int(utf16Key(ra)) - int(utf16Key(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
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
