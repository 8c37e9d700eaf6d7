package svgtext

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/language"

	"declic/drawing"
	"declic/i18n"
)

func converter(t testing.TB) *Converter {
	t.Helper()
	c, err := NewConverter()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// picture is a white 400×200 SVG with body inside.
func picture(body string) []byte {
	return []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200">` +
		`<rect width="400" height="200" fill="#ffffff"/>` + body + `</svg>`)
}

// render draws an SVG at its size, the way the app does (oksvg and rasterx).
func render(t testing.TB, data []byte) *image.RGBA {
	t.Helper()
	icon, err := oksvg.ReadIconStream(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("oksvg cannot read the picture: %v\n%s", err, data)
	}
	w, h := int(icon.ViewBox.W), int(icon.ViewBox.H)
	icon.SetTarget(0, 0, float64(w), float64(h))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	icon.Draw(rasterx.NewDasher(w, h, rasterx.NewScannerGV(w, h, img, img.Bounds())), 1)
	return img
}

// ink returns the box of the pixels darker than mid-grey (empty when none) and
// how many there are.
func ink(img *image.RGBA) (image.Rectangle, int) {
	var box image.Rectangle
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if int(c.R)+int(c.G)+int(c.B) < 3*128 {
				n++
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box, n
}

func TestWordsAreDrawnWhereTheyStand(t *testing.T) {
	c := converter(t)
	pic := picture(`<text x="20" y="80" font-size="40">Expéditeur</text>`)
	if _, n := ink(render(t, pic)); n != 0 {
		t.Fatalf("oksvg alone draws %d pixels of ink for <text>: this test would prove nothing", n)
	}
	box, n := ink(render(t, c.Convert(pic)))
	if n < 500 {
		t.Fatalf("only %d pixels of ink for the word", n)
	}
	// The word sits on its baseline (y = 80): the d and the accent rise about 30
	// units above it, the p's tail goes about 9 under it; it starts at x = 20
	// (plus the E's side bearing) and is about 215 wide.
	if box.Min.X < 20 || box.Min.X > 27 || box.Min.Y < 44 || box.Min.Y > 54 || box.Max.Y < 85 || box.Max.Y > 92 || box.Max.X < 220 || box.Max.X > 250 {
		t.Errorf("ink in %v, want the word from about (24, 49) to about (238, 89)", box)
	}
}

func TestBoldIsWiderAndDarkerThanNormal(t *testing.T) {
	c := converter(t)
	normalBox, normalInk := ink(render(t, c.Convert(picture(`<text x="20" y="80" font-size="36">Bonjour Marie</text>`))))
	boldBox, boldInk := ink(render(t, c.Convert(picture(`<text x="20" y="80" font-size="36" font-weight="bold">Bonjour Marie</text>`))))
	if boldBox.Dx() <= normalBox.Dx() || boldInk <= normalInk {
		t.Errorf("bold %v (%d px of ink) should be wider and darker than normal %v (%d px)", boldBox, boldInk, normalBox, normalInk)
	}
	if _, ink700 := ink(render(t, c.Convert(picture(`<text x="20" y="80" font-size="36" font-weight="700">Bonjour Marie</text>`)))); ink700 != boldInk {
		t.Errorf("font-weight 700 is bold: %d px, bold %d px", ink700, boldInk)
	}
}

func TestAnchorsPlaceTheWords(t *testing.T) {
	c := converter(t)
	cases := []struct {
		name, anchor string
		check        func(box image.Rectangle) bool
		want         string
	}{
		{"start begins at x", "start", func(b image.Rectangle) bool { return abs(b.Min.X-200) <= 4 }, "left edge at 200"},
		{"middle is centred on x", "middle", func(b image.Rectangle) bool { return abs((b.Min.X+b.Max.X)/2-200) <= 3 }, "centre at 200"},
		{"end finishes at x", "end", func(b image.Rectangle) bool { return abs(b.Max.X-200) <= 4 }, "right edge at 200"},
	}
	for _, cc := range cases {
		t.Run(cc.name, func(t *testing.T) {
			box, _ := ink(render(t, c.Convert(picture(`<text x="200" y="100" font-size="30" text-anchor="`+cc.anchor+`">Entrée</text>`))))
			if !cc.check(box) {
				t.Errorf("ink in %v, want the %s", box, cc.want)
			}
		})
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestGroupTransformsApplyToTheWords(t *testing.T) {
	c := converter(t)
	plain, _ := ink(render(t, c.Convert(picture(`<text x="20" y="60" font-size="30">Ctrl</text>`))))
	moved, _ := ink(render(t, c.Convert(picture(`<g transform="translate(100,50)"><g transform="translate(10,0)"><text x="20" y="60" font-size="30">Ctrl</text></g></g>`))))
	if moved.Min.X-plain.Min.X != 110 || moved.Min.Y-plain.Min.Y != 50 {
		t.Errorf("translated ink %v, plain %v: want a shift of (110, 50)", moved, plain)
	}
	scaled, _ := ink(render(t, c.Convert(picture(`<g transform="scale(2,2)"><text x="20" y="60" font-size="30">Ctrl</text></g>`))))
	if d := scaled.Dx() - 2*plain.Dx(); d < -3 || d > 3 {
		t.Errorf("scaled ink %v, plain %v: want twice as wide", scaled, plain)
	}
}

func TestFillAndInheritedColour(t *testing.T) {
	c := converter(t)
	red := render(t, c.Convert(picture(`<text x="20" y="100" font-size="60" fill="#cc0000">M</text>`)))
	blue := render(t, c.Convert(picture(`<g fill="#0000cc"><text x="20" y="100" font-size="60">M</text></g>`)))
	count := func(img *image.RGBA, want color.RGBA) int {
		n := 0
		for i := 0; i+3 < len(img.Pix); i += 4 {
			if img.Pix[i] == want.R && img.Pix[i+1] == want.G && img.Pix[i+2] == want.B {
				n++
			}
		}
		return n
	}
	if n := count(red, color.RGBA{R: 0xcc, A: 0xff}); n < 200 {
		t.Errorf("%d red pixels", n)
	}
	if n := count(blue, color.RGBA{B: 0xcc, A: 0xff}); n < 200 {
		t.Errorf("%d blue pixels: the words take their group's colour", n)
	}
}

func TestKerningBringsLettersCloser(t *testing.T) {
	c := converter(t)
	var b sfnt.Buffer
	ppem := fixed.I(40)
	_, av := layout(c.regular, &b, "AV", ppem)
	_, a := layout(c.regular, &b, "A", ppem)
	_, v := layout(c.regular, &b, "V", ppem)
	if av >= a+v {
		t.Errorf("AV is %v wide, A and V apart %v: DejaVu Sans kerns this pair", av, a+v)
	}
}

func TestConvertKeepsEverythingElse(t *testing.T) {
	c := converter(t)
	plain := picture(`<circle cx="10" cy="10" r="5"/>`)
	if got := c.Convert(plain); !bytes.Equal(got, plain) {
		t.Error("a picture without words is returned as it is")
	}
	pic := []byte(`<?xml version="1.0"?>
<!-- a comment -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect id="r" width="10" height="10"/><text id="t" x="5" y="40" transform="rotate(5)" opacity="0.5">A &amp; B</text><text x="5" y="20"></text><circle r="2"/></svg>`)
	got := string(c.Convert(pic))
	for _, keep := range []string{`<?xml version="1.0"?>`, "<!-- a comment -->", `<rect id="r" width="10" height="10"/>`, `<circle r="2"/></svg>`} {
		if !strings.Contains(got, keep) {
			t.Errorf("lost %q:\n%s", keep, got)
		}
	}
	if strings.Contains(got, "<text") {
		t.Errorf("a <text> is left:\n%s", got)
	}
	if !strings.Contains(got, `<path d="M`) || !strings.Contains(got, `id="t" transform="rotate(5)" opacity="0.5"/>`) {
		t.Errorf("the outline keeps id, transform and opacity:\n%s", got)
	}
	if strings.Count(got, "<path") != 1 {
		t.Errorf("an empty <text> draws nothing:\n%s", got)
	}
	d := xml.NewDecoder(strings.NewReader(got))
	for {
		if _, err := d.Token(); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("the result is not XML: %v", err)
			}
			break
		}
	}
}

func TestEntitiesAndWhiteSpaceAreTheWordsTheyStandFor(t *testing.T) {
	c := converter(t)
	a := c.Convert(picture(`<text x="5" y="40">Numéro&#160;1 &amp; 2</text>`))
	b := c.Convert(picture("<text x=\"5\" y=\"40\">\n   Num&#233;ro\u00a01   &amp; 2\n</text>"))
	if !bytes.Equal(a, b) {
		t.Errorf("the same words give different outlines:\n%s\n%s", a, b)
	}
}

func TestCheckFindsWhatIsNotDrawn(t *testing.T) {
	c := converter(t)
	cases := []struct {
		name, body string
		line       int
		want       string
	}{
		{"a tspan", "<text x=\"1\" y=\"2\">A\n<tspan>B</tspan></text>", 3, "Un <tspan> dans un <text> n'est pas dessiné. Écrivez un <text> par morceau de texte"},
		{"a textPath", "<text><textPath href=\"#p\">A</textPath></text>", 2, "Un <textPath> dans un <text>"},
		{"a style", `<text style="font-size:18px">A</text>`, 2, "L'attribut style d'un <text> n'est pas pris en charge : écrivez chaque propriété comme un attribut"},
		{"a class", `<text class="big">A</text>`, 2, "L'attribut class"},
		{"dominant-baseline", `<text dominant-baseline="middle">A</text>`, 2, "y est la ligne de base des mots"},
		{"an unknown attribute", `<text rotate="30">A</text>`, 2, "les attributs dessinés sont x, y, font-size, font-weight, fill et text-anchor"},
		{"several x", `<text x="10 20 30">ABC</text>`, 2, `x="10 20 30" ne se lit pas : écrivez un seul nombre`},
		{"a percentage", `<text y="50%">A</text>`, 2, `y="50%" ne se lit pas`},
		{"a size in em", `<text font-size="2em">A</text>`, 2, `font-size="2em" ne se lit pas`},
		{"a size of zero", `<text font-size="0">A</text>`, 2, "une taille entre 1 et 1000"},
		{"an italic weight", `<text font-weight="light">A</text>`, 2, "écrivez normal ou bold"},
		{"an unknown anchor", `<text text-anchor="center">A</text>`, 2, "écrivez start, middle ou end"},
		{"italics", `<text font-style="italic">A</text>`, 2, "seules les lettres normales et grasses sont dessinées"},
		{"a letter the font lacks", "<text>Bravo 中</text>", 2, "DejaVu Sans ne peut pas dessiner « 中 »"},
	}
	for _, cc := range cases {
		t.Run(cc.name, func(t *testing.T) {
			pic := []byte("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n" + cc.body + "\n</svg>")
			ps := c.Check(pic)
			if len(ps) == 0 {
				t.Fatal("no problem found")
			}
			if ps[0].Line != cc.line || !strings.Contains(ps[0].Msg.String(), cc.want) {
				t.Errorf("got %v, want line %d with %q", ps, cc.line, cc.want)
			}
		})
	}
	good := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g transform="translate(2,3)"><text x="40" y="62" font-size="18px" font-weight="bold" fill="#1a1a1a" text-anchor="start" font-family="DejaVu Sans, sans-serif">Expéditeur : Service client « Déclic » – l’adresse</text></g></svg>`)
	if ps := c.Check(good); len(ps) != 0 {
		t.Errorf("the agreed subset is accepted, got %v", ps)
	}
}

// A picture that is not well-formed XML gets one problem, at the line where the
// reader stopped, that says what to do in the trainer's words.
func TestCheckExplainsABrokenPicture(t *testing.T) {
	c := converter(t)
	cases := []struct {
		name, svg string
		line      int
		code      string
		french    string
	}{
		{"a file cut short", "<svg>\n<text>A</svg", 2, "courses.svg_cut",
			"Ce fichier SVG s'arrête au milieu d'un élément : il est coupé ou abîmé. Enregistrez l'image de nouveau depuis votre logiciel de dessin."},
		{"a closing tag too many", "<svg><text>A</text></g></svg>", 1, "courses.svg_stray_close",
			"</g> ferme un élément qui n'est pas ouvert. Retirez-le"},
		{"a byte that is not UTF-8", "<svg>\n<text>caf\xe9</text></svg>", 2, "courses.svg_not_utf8",
			"Ce fichier SVG contient un caractère qui n'est pas en UTF-8. Enregistrez l'image avec le codage UTF-8."},
		{"a picture saved in Latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<svg><text>A</text></svg>", 1, "courses.svg_encoding",
			"Ce fichier SVG est enregistré avec le codage ISO-8859-1. Enregistrez-le avec le codage UTF-8"},
		{"a < inside a value", "<svg><text id=\"a<b\">A</text></svg>", 1, "courses.svg_lt_in_value",
			"Un signe < est dans la valeur d'un attribut, entre guillemets. Écrivez &lt; à sa place."},
		{"an attribute without its name", "<svg><text =\"4\">A</text></svg>", 1, "courses.svg_attribute_syntax",
			"Un attribut est mal écrit : son nom manque avant le signe =. Écrivez nom=\"valeur\", comme x=\"40\"."},
		{"another slip keeps the reader's words", "<svg><text>A</text><!- x --></svg>", 1, "courses.svg_unreadable",
			"Cette image ne se lit pas comme un SVG : invalid sequence <!- not part of <!--"},
	}
	for _, cc := range cases {
		t.Run(cc.name, func(t *testing.T) {
			ps := c.Check([]byte(cc.svg))
			if len(ps) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(ps), ps)
			}
			p := ps[0]
			if p.Line != cc.line || p.Msg.ID != cc.code || !strings.Contains(p.Msg.String(), cc.french) {
				t.Errorf("got line %d %s %q, want line %d %s with %q", p.Line, p.Msg.ID, p.Msg, cc.line, cc.code, cc.french)
			}
			if !strings.HasPrefix(p.String(), strconv.Itoa(cc.line)+": ") {
				t.Errorf("String() = %q, want the line first", p.String())
			}
			if en := i18n.New(language.English).Message(p.Msg); en == p.Msg.String() || strings.Contains(en, "<no value>") {
				t.Errorf("the English text %q", en)
			}
		})
	}
}

func FuzzConvert(f *testing.F) {
	f.Add(picture(`<g transform="translate(3,4)"><text x="20" y="60" font-size="30" font-weight="bold" text-anchor="middle" fill="#123">Ctrl &amp; C</text></g>`))
	f.Add([]byte(`<svg><text x="1 2">a<tspan>b</tspan>c</text><text/></svg>`))
	f.Add([]byte(`<svg><text style="x" font-size="-3">é</text>`))
	c := converter(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		out := c.Convert(data)
		for _, p := range c.Check(data) {
			if p.Line < 1 || p.Msg.ID == "" {
				t.Fatalf("problem %+v", p)
			}
			if text := p.Msg.String(); text == p.Msg.ID || strings.Contains(text, "<no value>") {
				t.Fatalf("the message %s does not read: %q", p.Msg.ID, text)
			}
		}
		if bytes.Equal(out, data) {
			return
		}
		// What changed is only <text> turned into <path>: the result reads as
		// XML wherever the picture did, and has no <text> left.
		texts, err := scan(out)
		if err == nil && len(texts) > 0 {
			t.Fatalf("%d <text> left in %q", len(texts), out)
		}
	})
}

// mailPicture is like the packs' drawings of an e-mail: eight lines of words of
// about 45 letters each, in groups, over a few shapes.
func mailPicture() []byte {
	var body strings.Builder
	body.WriteString(`<rect x="10" y="10" width="380" height="180" rx="8" fill="#f4f4f4" stroke="#999"/>`)
	for i := range 8 {
		body.WriteString(`<g transform="translate(0,` + strconv.Itoa(20*i) + `)"><text x="20" y="30" font-size="14" fill="#1a1a1a">Expéditeur : service-client@banque.example.com</text></g>`)
	}
	return picture(body.String())
}

// BenchmarkConvert is the cost the words add to a picture, before drawing.
func BenchmarkConvert(b *testing.B) {
	c := converter(b)
	pic := mailPicture()
	b.ReportAllocs()
	for b.Loop() {
		c.Convert(pic)
	}
}

// BenchmarkDraw draws that picture at 640×320 pixels as the app draws lesson
// pictures (package drawing), with its words turned into shapes and, for
// comparison, with its words left out.
func BenchmarkDraw(b *testing.B) {
	c := converter(b)
	pic := mailPicture()
	b.Run("with-words", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := drawing.SVG(c.Convert(pic), 640, 320); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("words-left-out", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := drawing.SVG(pic, 640, 320); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkNewConverter(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewConverter(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCoordinatesAreWrittenShort(t *testing.T) {
	for f, want := range map[float64]string{0: "0", 12: "12", -3.5: "-3.5", 0.125: "0.13", -0.001: "0", 100.05: "100.05", 7.1: "7.1", -40.25: "-40.25"} {
		if got := string(appendNum(nil, f)); got != want {
			t.Errorf("%v: %q, want %q", f, got, want)
		}
	}
}
