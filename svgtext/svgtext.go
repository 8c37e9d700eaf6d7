// Package svgtext draws the words of pack pictures. The SVG renderer the app uses
// (github.com/fyne-io/oksvg) ignores <text>, so a picture showing an address bar,
// a sender or a key's label would lose its words. Convert replaces each <text>
// element by a <path> of its letters' outlines, laid out with the embedded DejaVu
// Sans (regular or bold, with kerning), in the same place of the document: the
// transforms of the groups around it apply unchanged. Check tells a trainer, with
// the line, what a picture's <text> uses outside the supported subset:
//
//	<text x="40" y="62" font-size="18" font-weight="bold" fill="#1a1a1a" text-anchor="start">Expéditeur : Service client</text>
//
// Attributes: x and y (the start of the baseline, user units), font-size (default
// 16), font-weight (normal or bold, or 100 to 900), fill (default black),
// text-anchor (start, middle, end), font-family (ignored: always DejaVu Sans), and
// id, transform, opacity and fill-opacity, which the outline keeps. The content is
// plain text (entities allowed) on one line: no <tspan>, no <textPath>.
package svgtext

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"declic/fonts"
	"declic/i18n"
)

// DefaultSize is the font size of a <text> without font-size, as in browsers.
const DefaultSize = 16

// Converter lays out words with the embedded DejaVu Sans. Its methods are safe
// for concurrent use: pictures are drawn off the UI goroutine.
type Converter struct {
	regular, bold *sfnt.Font
}

// NewConverter parses the embedded fonts.
func NewConverter() (*Converter, error) {
	regular, err := sfnt.Parse(fonts.Regular())
	if err != nil {
		return nil, fmt.Errorf("DejaVu Sans: %w", err)
	}
	bold, err := sfnt.Parse(fonts.Bold())
	if err != nil {
		return nil, fmt.Errorf("DejaVu Sans Bold: %w", err)
	}
	return &Converter{regular: regular, bold: bold}, nil
}

// Problem is something a picture's words use outside the subset, at a line of
// the SVG file, as a message of the catalogue (courses.svg_*), so that
// declic-pack says it in the trainer's language.
type Problem struct {
	Line int
	Msg  i18n.Message
}

// String is the problem in French, after its line number: "12: …".
func (p Problem) String() string { return strconv.Itoa(p.Line) + ": " + p.Msg.String() }

// textElement is one <text> of a picture, read and checked.
type textElement struct {
	start, end int // byte offsets of "<text" and just after "</text>"
	line       int
	x, y, size float64
	bold       bool
	anchor     string
	fill       string     // "" when the <text> has none: the outline takes its group's
	kept       []xml.Attr // id, transform, opacity, fill-opacity
	content    string
	problems   []Problem
}

// allowed lists the attributes of a <text> the subset supports, and what to
// write instead of the others.
var allowed = map[string]bool{
	"x": true, "y": true, "font-size": true, "font-weight": true, "fill": true, "text-anchor": true,
	"font-family": true, "id": true, "transform": true, "opacity": true, "fill-opacity": true,
}

var insteadOf = map[string]string{
	"style":              "courses.svg_hint.style",
	"class":              "courses.svg_hint.class",
	"dominant-baseline":  "courses.svg_hint.baseline",
	"alignment-baseline": "courses.svg_hint.baseline",
	"dx":                 "courses.svg_hint.dx",
	"dy":                 "courses.svg_hint.dy",
	"font-style":         "courses.svg_hint.font_style",
	"letter-spacing":     "courses.svg_hint.letter_spacing",
	"text-decoration":    "courses.svg_hint.text_decoration",
}

// scan reads every <text> of an SVG document. It fails only when the document is
// not XML at all.
func scan(data []byte) ([]*textElement, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false // unknown entities of drawing tools stay as they are
	d.Entity = xml.HTMLEntity
	var out []*textElement
	var cur *textElement
	depth := 0 // elements open inside the current <text>
	for {
		before := int(d.InputOffset())
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if cur != nil {
				depth++
				if depth == 1 {
					cur.problem(lineAt(data, before), i18n.M("courses.svg_text_child", "Element", t.Name.Local))
				}
				continue
			}
			if t.Name.Local != "text" {
				continue
			}
			cur = readText(t, lineAt(data, before))
			cur.start = before
		case xml.EndElement:
			if cur == nil {
				continue
			}
			if depth > 0 {
				depth--
				continue
			}
			cur.end = int(d.InputOffset())
			cur.content = collapse(cur.content)
			out = append(out, cur)
			cur = nil
		case xml.CharData:
			if cur != nil && depth == 0 {
				cur.content += string(t)
			}
		}
	}
	return out, nil
}

func (e *textElement) problem(line int, msg i18n.Message) {
	e.problems = append(e.problems, Problem{Line: line, Msg: msg})
}

// readText reads a <text>'s attributes, noting the ones outside the subset.
func readText(t xml.StartElement, line int) *textElement {
	e := &textElement{line: line, size: DefaultSize, anchor: "start"}
	for _, a := range t.Attr {
		name := a.Name.Local
		if a.Name.Space != "" && a.Name.Space != "xml" {
			name = a.Name.Space + ":" + name
		}
		v := strings.TrimSpace(a.Value)
		if !allowed[name] {
			hint, ok := insteadOf[name]
			if !ok {
				hint = "courses.svg_hint.other"
			}
			e.problem(line, i18n.M("courses.svg_text_attribute", "Attribute", name, "Hint", i18n.M(hint)))
			continue
		}
		var err *i18n.Message
		switch name {
		case "x":
			e.x, err = length(v)
		case "y":
			e.y, err = length(v)
		case "font-size":
			e.size, err = length(v)
			if err == nil && (e.size <= 0 || e.size > 1000) {
				err = hint("courses.svg_hint.size")
			}
		case "font-weight":
			e.bold, err = weight(v)
		case "text-anchor":
			if v != "start" && v != "middle" && v != "end" {
				err = hint("courses.svg_hint.anchor")
			}
			e.anchor = v
		case "fill":
			if v == "" {
				err = hint("courses.svg_hint.colour")
			}
			e.fill = v
		case "id", "transform", "opacity", "fill-opacity":
			e.kept = append(e.kept, xml.Attr{Name: xml.Name{Local: name}, Value: a.Value})
		}
		if err != nil {
			e.problem(line, i18n.M("courses.svg_text_value", "Attribute", name, "Value", a.Value, "Hint", *err))
		}
	}
	return e
}

// hint is what to write instead of a value that cannot be read.
func hint(id string) *i18n.Message {
	m := i18n.M(id)
	return &m
}

// length reads a single number in user units, with an optional "px".
func length(v string) (float64, *i18n.Message) {
	f, err := strconv.ParseFloat(strings.TrimSuffix(v, "px"), 64)
	if err != nil || f != f || f > 1e6 || f < -1e6 {
		return 0, hint("courses.svg_hint.number")
	}
	return f, nil
}

// weight reads font-weight: bold from 600 up, as browsers choose between two faces.
func weight(v string) (bool, *i18n.Message) {
	switch v {
	case "normal":
		return false, nil
	case "bold", "bolder":
		return true, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		return false, hint("courses.svg_hint.weight")
	}
	return n >= 600, nil
}

// collapse treats white space as SVG does by default: runs become one space,
// and none at either end.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func lineAt(data []byte, offset int) int {
	if offset > len(data) {
		offset = len(data)
	}
	return 1 + bytes.Count(data[:offset], []byte("\n"))
}

// Check lists what the <text> elements of an SVG picture use outside the
// subset the app draws, and letters DejaVu Sans does not have, each with its
// line. A picture that is not XML gets one problem at line 1.
func (c *Converter) Check(data []byte) []Problem {
	texts, err := scan(data)
	var out []Problem
	if err != nil {
		return []Problem{unreadable(err)}
	}
	var b sfnt.Buffer
	for _, t := range texts {
		out = append(out, t.problems...)
		f := c.face(t.bold)
		var missing []string
		for _, r := range t.content {
			if unicode.IsSpace(r) {
				continue
			}
			if g, err := f.GlyphIndex(&b, r); err != nil || g == 0 {
				missing = append(missing, string(r))
			}
		}
		if len(missing) > 0 {
			out = append(out, Problem{Line: t.line, Msg: i18n.M("courses.svg_text_letters", "Letters", strings.Join(missing, " "))})
		}
	}
	return out
}

// xmlMistakes name, from the XML decoder's words, the ways a picture file gets
// broken (cut short, edited by hand, saved in an old encoding), each with the
// message that says what to do. The decoder is not strict (see scan): a tag
// closed by another name or an attribute without quotes is read, not refused.
var xmlMistakes = []struct {
	pattern *regexp.Regexp
	code    string
	names   []string // the message's placeholders, filled by the pattern's groups
}{
	{regexp.MustCompile(`^unexpected EOF( in CDATA section)?$`), "courses.svg_cut", nil},
	{regexp.MustCompile(`^unexpected end element </(\S+)>$`), "courses.svg_stray_close", []string{"Close"}},
	{regexp.MustCompile(`^(invalid UTF-8|illegal character code U\+[0-9A-F]+)$`), "courses.svg_not_utf8", nil},
	{regexp.MustCompile(`^unescaped < inside quoted string$`), "courses.svg_lt_in_value", nil},
	{regexp.MustCompile(`^expected attribute name in element$`), "courses.svg_attribute_syntax", nil},
}

// declaredEncoding matches the decoder's refusal of a picture saved in an
// encoding other than UTF-8 (ISO-8859-1, windows-1252…).
var declaredEncoding = regexp.MustCompile(`^xml: encoding "([^"]*)" declared`)

// unreadable explains why a picture is not XML, at its line.
func unreadable(err error) Problem {
	if m := declaredEncoding.FindStringSubmatch(err.Error()); m != nil {
		return Problem{Line: 1, Msg: i18n.M("courses.svg_encoding", "Encoding", m[1])}
	}
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		return Problem{Line: 1, Msg: i18n.M("courses.svg_unreadable", "Reason", err.Error())}
	}
	for _, m := range xmlMistakes {
		groups := m.pattern.FindStringSubmatch(se.Msg)
		if groups == nil {
			continue
		}
		var pairs []any
		for i, name := range m.names {
			pairs = append(pairs, name, groups[i+1])
		}
		return Problem{Line: se.Line, Msg: i18n.M(m.code, pairs...)}
	}
	return Problem{Line: se.Line, Msg: i18n.M("courses.svg_unreadable", "Reason", se.Msg)}
}

func (c *Converter) face(bold bool) *sfnt.Font {
	if bold {
		return c.bold
	}
	return c.regular
}

// Convert returns the picture with each <text> replaced by a <path> drawing its
// words, and every other byte as it was. A picture without <text> comes back as
// it is. A <text> outside the subset is drawn as well as it can be (Check says
// what is wrong); a picture that is not XML comes back unchanged.
func (c *Converter) Convert(data []byte) []byte {
	if !bytes.Contains(data, []byte("<text")) {
		return data
	}
	texts, err := scan(data)
	if err != nil || len(texts) == 0 {
		return data
	}
	var out bytes.Buffer
	out.Grow(len(data) + 2048*len(texts))
	var b sfnt.Buffer
	last := 0
	for _, t := range texts {
		if t.start < last || t.end > len(data) || t.end <= t.start {
			return data // offsets out of order: an odd document, left as it was
		}
		out.Write(data[last:t.start])
		c.writePath(&out, &b, t)
		last = t.end
	}
	out.Write(data[last:])
	return out.Bytes()
}

// placed is a glyph and its pen position from the start of the words.
type placed struct {
	glyph sfnt.GlyphIndex
	x     fixed.Int26_6
}

// layout places the glyphs of text at ppem in face f, with kerning, and returns
// them with the advance of the whole line.
func layout(f *sfnt.Font, b *sfnt.Buffer, text string, ppem fixed.Int26_6) ([]placed, fixed.Int26_6) {
	var glyphs []placed
	var pen fixed.Int26_6
	prev := sfnt.GlyphIndex(0)
	for _, r := range text {
		g, err := f.GlyphIndex(b, r)
		if err != nil {
			continue
		}
		if prev != 0 && g != 0 {
			if k, err := f.Kern(b, prev, g, ppem, font.HintingNone); err == nil {
				pen += k
			}
		}
		glyphs = append(glyphs, placed{glyph: g, x: pen})
		if adv, err := f.GlyphAdvance(b, g, ppem, font.HintingNone); err == nil {
			pen += adv
		}
		prev = g
	}
	return glyphs, pen
}

// writePath writes the <path> of a <text>'s outlines (nothing for empty text).
func (c *Converter) writePath(out *bytes.Buffer, b *sfnt.Buffer, t *textElement) {
	ppem := fixed.Int26_6(t.size * 64)
	if t.content == "" || ppem <= 0 {
		return
	}
	f := c.face(t.bold)
	glyphs, width := layout(f, b, t.content, ppem)
	x0 := t.x
	switch t.anchor {
	case "middle":
		x0 -= float64(width) / 64 / 2
	case "end":
		x0 -= float64(width) / 64
	}
	d := make([]byte, 0, 64*len(glyphs))
	for _, p := range glyphs {
		if p.glyph == 0 {
			continue // a letter the font lacks: Check reports it, the others are drawn
		}
		segs, err := f.LoadGlyph(b, p.glyph, ppem, nil)
		if err != nil {
			continue
		}
		ox := x0 + float64(p.x)/64
		pt := func(a fixed.Point26_6) {
			d = appendNum(d, ox+float64(a.X)/64)
			d = append(d, ' ')
			d = appendNum(d, t.y+float64(a.Y)/64)
		}
		open := false
		for _, s := range segs {
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					d = append(d, 'Z')
				}
				d = append(d, 'M')
				pt(s.Args[0])
				open = true
			case sfnt.SegmentOpLineTo:
				d = append(d, 'L')
				pt(s.Args[0])
			case sfnt.SegmentOpQuadTo:
				d = append(d, 'Q')
				pt(s.Args[0])
				d = append(d, ' ')
				pt(s.Args[1])
			case sfnt.SegmentOpCubeTo:
				d = append(d, 'C')
				pt(s.Args[0])
				d = append(d, ' ')
				pt(s.Args[1])
				d = append(d, ' ')
				pt(s.Args[2])
			}
		}
		if open {
			d = append(d, 'Z')
		}
	}
	if len(d) == 0 {
		return
	}
	out.WriteString(`<path d="`)
	out.Write(d)
	out.WriteString(`"`)
	if t.fill != "" {
		out.WriteString(` fill="`)
		xml.EscapeText(out, []byte(t.fill))
		out.WriteString(`"`)
	}
	for _, a := range t.kept {
		out.WriteString(" " + a.Name.Local + `="`)
		xml.EscapeText(out, []byte(a.Value))
		out.WriteString(`"`)
	}
	out.WriteString("/>")
}

// appendNum writes a coordinate with two decimals at most: a hundredth of a user
// unit is far below a pixel at any size a picture is shown. It works on whole
// hundredths, several times quicker than formatting a float.
func appendNum(dst []byte, f float64) []byte {
	h := int64(math.Round(f * 100))
	if h < 0 {
		dst = append(dst, '-')
		h = -h
	}
	dst = strconv.AppendInt(dst, h/100, 10)
	if frac := h % 100; frac != 0 {
		dst = append(dst, '.', byte('0'+frac/10))
		if frac%10 != 0 {
			dst = append(dst, byte('0'+frac%10))
		}
	}
	return dst
}
