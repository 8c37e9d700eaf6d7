// Package sheets makes a module's summary sheet (« fiche résumé »): one A4 page in
// large type that a learner keeps by the computer — the module's title, what they
// can now do, the « À retenir » points of its lessons, and two to four key
// pictures of the module with their descriptions. Build gathers it from a pack;
// WritePDF lays it out on one page, never in letters smaller than 14 points: when
// everything does not fit, pictures get smaller or fewer, then the last points
// give way to a line saying how many more the lessons hold.
package sheets

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // pack pictures may be JPEG
	"image/png"
	"io/fs"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"declic/courses"
	"declic/drawing"
	"declic/plugins/site"
	"declic/svgtext"
)

// MaxPictures is the most key pictures a sheet shows; it shows at least two
// when the module has two.
const MaxPictures = 4

// pictureWidthPx is the width SVG pictures are drawn at for print: about 300
// dots per inch at the widest a picture is printed (two in a row, 85 mm).
const pictureWidthPx = 1000

// Run is a piece of text in one style.
type Run struct {
	Text string
	Bold bool
}

// Point is one « À retenir » point: its words, with the keys and bold words of
// the lesson in bold.
type Point []Run

// String is the point's text.
func (p Point) String() string {
	var b strings.Builder
	for _, r := range p {
		b.WriteString(r.Text)
	}
	return b.String()
}

// Picture is a key picture ready to print: PNG or JPEG data and its size in
// pixels, with its description.
type Picture struct {
	Data          []byte
	Type          string // "PNG" or "JPG"
	Width, Height int
	Caption       string
	// Src is the picture's file in the pack, for messages.
	Src string
}

// Sheet is what one module's summary sheet shows, in the pack's language.
type Sheet struct {
	PackTitle   string
	ModuleID    string
	ModuleTitle string
	// Number is the module's place in the pack (1, 2…).
	Number   int
	Summary  string
	Goals    []string
	Remember []Point
	Pictures []Picture
}

// FileName is the name of module m's sheet: fiche-<module id>.pdf, the same on
// every print, so a new print replaces the old one.
func FileName(moduleID string) string {
	var b strings.Builder
	for _, r := range moduleID {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteByte('-')
		}
	}
	return "fiche-" + strings.Trim(b.String(), "-") + ".pdf"
}

// Build gathers the sheet of module m of pack. remember is the label the pack's
// language puts before a point (« À retenir »), taken off the points. words draws
// the words of SVG pictures (nil: pictures without words). A picture that cannot
// be read is left out: validation already told the trainer.
func Build(pack *courses.Pack, m *courses.Module, words *svgtext.Converter, remember string) Sheet {
	s := Sheet{PackTitle: pack.Title, ModuleID: m.ID, ModuleTitle: m.Title, Summary: m.Summary, Number: moduleNumber(pack, m)}
	for _, g := range m.Goals {
		if g = strings.TrimSpace(g); g != "" {
			s.Goals = append(s.Goals, g)
		}
	}
	seen := map[string]bool{}
	for _, l := range m.Lessons {
		for _, st := range l.Steps {
			for _, b := range st.Blocks {
				c, ok := b.(courses.Callout)
				if !ok {
					continue
				}
				p := withoutLabel(flatten(c.Blocks), remember)
				if key := strings.ToLower(p.String()); key != "" && !seen[key] {
					seen[key] = true
					s.Remember = append(s.Remember, p)
				}
			}
		}
	}
	for _, img := range keyPictures(m) {
		if pic, err := preparePicture(pack.FS, img, words); err == nil {
			s.Pictures = append(s.Pictures, pic)
		}
	}
	return s
}

func moduleNumber(pack *courses.Pack, m *courses.Module) int {
	for i, x := range pack.Modules {
		if x == m {
			return i + 1
		}
	}
	return m.Order
}

// keyPictures chooses up to MaxPictures pictures of the module's teaching
// lessons (the final check's pictures illustrate questions): for each lesson,
// the picture of the screen holding its first « À retenir », else its first
// picture; then, if fewer than two, the lessons' other pictures in order.
func keyPictures(m *courses.Module) []courses.Image {
	var chosen []courses.Image
	taken := map[string]bool{}
	take := func(img courses.Image) {
		if len(chosen) < MaxPictures && img.Src != "" && !taken[img.Src] {
			taken[img.Src] = true
			chosen = append(chosen, img)
		}
	}
	var all []courses.Image
	for _, l := range m.Lessons {
		if l.Final {
			continue
		}
		var first, withCallout *courses.Image
		for _, st := range l.Steps {
			var stepPic *courses.Image
			hasCallout := false
			for _, b := range st.Blocks {
				switch b := b.(type) {
				case courses.Image:
					all = append(all, b)
					if stepPic == nil {
						stepPic = &b
					}
				case courses.Callout:
					hasCallout = true
				}
			}
			if stepPic != nil && first == nil {
				first = stepPic
			}
			if stepPic != nil && hasCallout && withCallout == nil {
				withCallout = stepPic
			}
		}
		switch {
		case withCallout != nil:
			take(*withCallout)
		case first != nil:
			take(*first)
		}
	}
	for _, img := range all {
		if len(chosen) >= 2 {
			break
		}
		take(img)
	}
	// A module taught through simulated sites may have few pictures of its own:
	// the pages of its simulations, named by their titles, come next.
	for _, l := range m.Lessons {
		for _, st := range l.Steps {
			for _, b := range st.Blocks {
				a, ok := b.(courses.Activity)
				if !ok || l.Final || len(chosen) >= 2 {
					continue
				}
				if sim, ok := a.Parsed.(*site.Activity); ok {
					for _, p := range sim.Pages {
						if p.Image != "" {
							caption := strings.TrimSpace(p.Title + " — " + p.Address)
							caption = strings.Trim(caption, " —")
							take(courses.Image{Src: path.Join(path.Dir(l.File), p.Image), Alt: caption})
						}
					}
				}
			}
		}
	}
	return chosen
}

// preparePicture reads a pack picture and makes it printable: an SVG is drawn
// with its words at print resolution and kept as PNG; PNG and JPEG are kept as
// they are.
func preparePicture(fsys fs.FS, img courses.Image, words *svgtext.Converter) (Picture, error) {
	data, err := fs.ReadFile(fsys, img.Src)
	if err != nil {
		return Picture{}, err
	}
	pic := Picture{Caption: strings.TrimSpace(img.Alt), Src: img.Src}
	switch strings.ToLower(path.Ext(img.Src)) {
	case ".svg":
		if words != nil {
			data = words.Convert(data)
		}
		drawn, err := drawSVG(data, pictureWidthPx)
		if err != nil {
			return Picture{}, err
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, drawn); err != nil {
			return Picture{}, err
		}
		pic.Data, pic.Type = buf.Bytes(), "PNG"
		pic.Width, pic.Height = drawn.Bounds().Dx(), drawn.Bounds().Dy()
		return pic, nil
	case ".png":
		pic.Type = "PNG"
	case ".jpg", ".jpeg":
		pic.Type = "JPG"
	default:
		return Picture{}, fmt.Errorf("%s: not a PNG, JPEG or SVG picture", img.Src)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Picture{}, fmt.Errorf("%s: %w", img.Src, err)
	}
	pic.Data, pic.Width, pic.Height = data, cfg.Width, cfg.Height
	return pic, nil
}

// drawSVG draws an SVG width pixels wide (at most four times as high) on white
// paper, keeping its proportions.
func drawSVG(data []byte, width int) (*image.RGBA, error) {
	drawn, err := drawing.SVG(data, width, 4*width)
	if err != nil {
		return nil, err
	}
	paper := image.NewRGBA(drawn.Bounds())
	draw.Draw(paper, paper.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(paper, paper.Bounds(), drawn, drawn.Bounds().Min, draw.Over)
	return paper, nil
}

// flatten turns the blocks of a callout into one run of words: paragraphs, line
// breaks and list items joined by spaces, keys and bold words in bold.
func flatten(blocks []courses.Block) Point {
	// Each letter with its style; white space becomes one plain space.
	type letter struct {
		r    rune
		bold bool
	}
	var letters []letter
	add := func(text string, bold bool) {
		for _, r := range text {
			if unicode.IsSpace(r) {
				if n := len(letters); n > 0 && letters[n-1].r != ' ' {
					letters = append(letters, letter{' ', false})
				}
				continue
			}
			letters = append(letters, letter{r, bold})
		}
	}
	var walk func([]courses.Block)
	walk = func(bs []courses.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case courses.Paragraph:
				add(" ", false)
				for _, in := range b.Inlines {
					add(in.Text, in.Style&(courses.Bold|courses.Key) != 0)
				}
			case courses.Heading:
				add(" ", false)
				for _, in := range b.Inlines {
					add(in.Text, true)
				}
			case courses.List:
				for _, item := range b.Items {
					walk(item)
				}
			case courses.Callout:
				walk(b.Blocks)
			}
		}
	}
	walk(blocks)
	for len(letters) > 0 && letters[len(letters)-1].r == ' ' {
		letters = letters[:len(letters)-1]
	}
	var p Point
	for _, l := range letters {
		if n := len(p); n > 0 && (p[n-1].Bold == l.bold || l.r == ' ') {
			p[n-1].Text += string(l.r)
			continue
		}
		p = append(p, Run{Text: string(l.r), Bold: l.bold})
	}
	return p
}

// withoutLabel takes « À retenir : » (label, then a colon) off the start of a
// point and gives the next word a capital.
func withoutLabel(p Point, label string) Point {
	if len(p) == 0 || label == "" {
		return p
	}
	first := p[0].Text
	if !strings.HasPrefix(strings.ToLower(first), strings.ToLower(label)) {
		return p
	}
	rest := strings.TrimLeft(first[len(label):], " \u00a0\u202f")
	rest = strings.TrimLeft(strings.TrimPrefix(rest, ":"), " \u00a0\u202f")
	if rest == "" && len(p) == 1 {
		return p
	}
	out := append(Point{{Text: rest, Bold: p[0].Bold}}, p[1:]...)
	if out[0].Text == "" {
		out = out[1:]
	}
	if len(out) > 0 {
		r, size := utf8.DecodeRuneInString(out[0].Text)
		out[0].Text = string(unicode.ToUpper(r)) + out[0].Text[size:]
	}
	return out
}
