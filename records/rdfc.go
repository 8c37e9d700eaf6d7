package records

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// canonicalLeafBlankNodes applies RDF Dataset Canonicalisation (RDFC-1.0, W3C
// Recommendation 2024; = URDNA2015) to quads of the default graph whose blank nodes
// are leaves: no statement links two blank nodes. That is the graph of every record:
// criteria, identifiers, results and alignments are blank nodes hanging from named
// nodes. It returns the canonical N-Quads, lines in UTF-16 order as the JavaScript
// reference sorts them, or false when a statement links two blank nodes.
//
// For such graphs the algorithm reduces to its first step. Each blank node gets the
// hash of its statements written with itself as _:a (§4.6, Hash First Degree Quads);
// blank nodes with a hash of their own are labelled _:c14n0, _:c14n1… in hash order
// (§4.4.3 step 4); those sharing a hash have identical statements up to their own
// label (nothing else differs, as no other blank node appears in them), so the N-degree
// step (§4.8) gives them equal results and labels them in any order with the same
// output; they come after the unique ones, group by group in hash order (step 5).
//
// buf holds working space to reuse between calls (nil: allocate it); the result is
// always a new slice.
func canonicalLeafBlankNodes(quads []shapeQuad, bnodes int, buf *shapeBuffers) ([]byte, bool) {
	if buf == nil {
		buf = new(shapeBuffers)
	}
	mentions := make([][]int, bnodes) // blank node → indexes of its statements
	for i, q := range quads {
		switch {
		case q.subject.kind == blank && q.object.kind == blank:
			return nil, false
		case q.subject.kind == blank:
			mentions[q.subject.bnode] = append(mentions[q.subject.bnode], i)
		case q.object.kind == blank:
			mentions[q.object.bnode] = append(mentions[q.object.bnode], i)
		}
	}
	hashes := make([]string, bnodes)
	h := sha256.New()
	for b, which := range mentions {
		buf.lines.Reset()
		text, spans := writeLines(&buf.lines, buf.spans[:0], quads, which, "_:a", nil)
		buf.spans = spans
		slices.SortFunc(spans, func(x, y span) int { return bytes.Compare(x.of(text), y.of(text)) }) // code point order, as json-gold sorts
		h.Reset()
		for _, s := range spans {
			h.Write(s.of(text))
		}
		hashes[b] = hex.EncodeToString(h.Sum(nil))
	}
	order := make([]int, bnodes)
	for b := range order {
		order[b] = b
	}
	slices.SortStableFunc(order, func(x, y int) int { return strings.Compare(hashes[x], hashes[y]) })
	labels := make([]string, bnodes)
	next := 0
	unique := func(k int) bool {
		return (k == 0 || hashes[order[k-1]] != hashes[order[k]]) && (k == len(order)-1 || hashes[order[k+1]] != hashes[order[k]])
	}
	for k, b := range order { // blank nodes with a hash of their own first
		if unique(k) {
			labels[b] = "_:c14n" + strconv.Itoa(next)
			next++
		}
	}
	for k, b := range order { // then the groups sharing a hash, in hash order
		if !unique(k) {
			labels[b] = "_:c14n" + strconv.Itoa(next)
			next++
		}
	}
	buf.lines.Reset()
	text, spans := writeLines(&buf.lines, buf.spans[:0], quads, nil, "", labels)
	buf.spans = spans
	compare := compareUTF16[[]byte]
	if !bytesOrderMayDiffer(text) {
		compare = bytes.Compare // the same order, faster
	}
	slices.SortFunc(spans, func(x, y span) int { return compare(x.of(text), y.of(text)) })
	out := make([]byte, 0, len(text))
	for i, s := range spans {
		if i > 0 && bytes.Equal(s.of(text), spans[i-1].of(text)) {
			continue // a statement given twice is one statement
		}
		out = append(out, s.of(text)...)
	}
	return out, true
}

// shapeBuffers is the working space of the direct path: kept in the loader between
// records, so that verifying a batch does not allocate it again for each one.
type shapeBuffers struct {
	quads []shapeQuad
	lines bytes.Buffer
	spans []span
}

// span is one line of a buffer of N-Quads.
type span struct{ start, end int }

func (s span) of(text []byte) []byte { return text[s.start:s.end] }

// writeLines writes quads (those numbered in which, or all when which is nil) as
// N-Quads lines into buf, and returns buf's text and where each line lies in it
// (appended to spans).
func writeLines(buf *bytes.Buffer, spans []span, quads []shapeQuad, which []int, self string, labels []string) ([]byte, []span) {
	n := len(which)
	if which == nil {
		n = len(quads)
	}
	quad := func(k int) shapeQuad {
		if which == nil {
			return quads[k]
		}
		return quads[which[k]]
	}
	size := 0
	for k := range n {
		q := quad(k)
		size += len(q.subject.text) + len(q.predicate) + len(q.object.text) + len(q.object.datatype) + 16
	}
	buf.Grow(size)
	for k := range n {
		start := buf.Len()
		writeNQuad(buf, quad(k), self, labels)
		spans = append(spans, span{start, buf.Len()})
	}
	return buf.Bytes(), spans
}

// writeNQuad writes q as an N-Quads line, its blank node written as self, or under
// its label when labels is given.
func writeNQuad(b *bytes.Buffer, q shapeQuad, self string, labels []string) {
	writeTerm(b, q.subject, self, labels)
	b.WriteByte(' ')
	b.WriteString(q.predicate)
	b.WriteByte(' ')
	writeTerm(b, q.object, self, labels)
	b.WriteString(" .\n")
}

// writeTerm writes t as N-Quads write it, escaping literals as json-gold does.
func writeTerm(b *bytes.Buffer, t term, self string, labels []string) {
	switch t.kind {
	case written:
		b.WriteString(t.text)
	case iri:
		b.WriteByte('<')
		b.WriteString(t.text)
		b.WriteByte('>')
	case literal:
		b.WriteByte('"')
		writeEscaped(b, t.text)
		b.WriteByte('"')
		b.WriteString(t.datatype)
	case blank:
		if labels != nil {
			b.WriteString(labels[t.bnode])
		} else {
			b.WriteString(self)
		}
	}
}

// writeEscaped writes s escaped for an N-Quads literal as json-gold does: backslash,
// quote, line feed, carriage return and tab.
func writeEscaped(b *bytes.Buffer, s string) {
	for {
		i := strings.IndexAny(s, "\\\"\n\r\t")
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		b.WriteByte('\\')
		b.WriteByte(escapes[s[i]])
		s = s[i+1:]
	}
}

var escapes = [256]byte{'\\': '\\', '"': '"', '\n': 'n', '\r': 'r', '\t': 't'}

// bytesOrderMayDiffer reports whether byte order and UTF-16 order may differ for lines
// of text: only when it holds both characters above U+FFFF (lead bytes F0–F4) and
// characters of U+E000–U+FFFF (lead bytes EE, EF). Eight bytes are read at a time, as
// most of the text is ASCII.
func bytesOrderMayDiffer(text []byte) bool {
	high, supplementary := false, false
	for len(text) > 0 {
		if len(text) >= 8 && binary.LittleEndian.Uint64(text)&0x8080808080808080 == 0 {
			text = text[8:]
			continue
		}
		c := text[0]
		high = high || c == 0xEE || c == 0xEF
		supplementary = supplementary || c >= 0xF0
		text = text[1:]
	}
	return high && supplementary
}
