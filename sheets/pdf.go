package sheets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"declic/fonts"
	"declic/i18n"
)

// Page geometry and type sizes. Every letter is 14 points or larger: the sheet
// is read by people with weak eyes, often at arm's length from the screen.
const (
	pageW, pageH = 210.0, 297.0 // A4, mm
	margin       = 16.0
	contentW     = pageW - 2*margin
	bottom       = pageH - margin

	titleSize   = 28.0
	headingSize = 18.0
	bodySize    = 14.0 // the smallest letters of the sheet
	leading     = 1.32 // line height ÷ type size
	ptToMM      = 25.4 / 72

	bulletIndent = 9.0 // mm from the margin to the text of a goal or a point
	pictureGap   = 8.0
	boxPadding   = 4.0
)

var (
	ink      = rgb{26, 26, 26}
	muted    = rgb{80, 80, 80}
	primary  = rgb{29, 85, 154}
	success  = rgb{25, 110, 55}
	calloutF = rgb{255, 244, 204}
	calloutB = rgb{214, 170, 60}
)

type rgb [3]int

// ErrEmpty is returned for a sheet with nothing to print: no goal, no point
// and no picture.
var ErrEmpty = errors.New("sheets: the module has nothing to put on a summary sheet")

// lineH is the height of a line of text of size pt, in mm.
func lineH(pt float64) float64 { return pt * ptToMM * leading }

// plan is one way of fitting the sheet on its page.
type plan struct {
	pictures    int     // how many key pictures
	pictureH    float64 // the pictures' box height, mm
	captionRows int     // lines of caption under each picture
	points      int     // « À retenir » points shown; the others are counted in a line
}

// WritePDF writes s as a one-page A4 PDF to w. t gives the sheet's own words
// (headings, the footer) in the pack's language; printed is the date the PDF
// says it was made.
func WritePDF(w io.Writer, s Sheet, t *i18n.Translator, printed time.Time) error {
	if len(s.Goals) == 0 && len(s.Remember) == 0 && len(s.Pictures) == 0 {
		return ErrEmpty
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	pdf.AddUTF8FontFromBytes("DejaVu", "", fonts.Regular())
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fonts.Bold())
	pdf.SetTitle(t.T("sheets.title")+" — "+s.ModuleTitle, true)
	pdf.SetCreator("Déclic", true)
	pdf.SetCreationDate(printed)
	pdf.SetModificationDate(printed)
	pdf.SetCellMargin(0)
	for i, p := range s.Pictures {
		pdf.RegisterImageOptionsReader(pictureName(i), fpdf.ImageOptions{ImageType: p.Type}, bytes.NewReader(p.Data))
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("sheets: %w", err)
	}
	pdf.AddPage()
	l := &layout{pdf: pdf, s: s, t: t}
	p := l.fit()
	l.draw(p, true)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("sheets: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("sheets: %w", err)
	}
	return nil
}

func pictureName(i int) string { return fmt.Sprintf("picture-%d", i) }

// layout measures and draws the sheet; with draw false it only measures.
type layout struct {
	pdf *fpdf.Fpdf
	s   Sheet
	t   *i18n.Translator
	y   float64
}

// fit returns the richest plan whose content ends above the footer.
func (l *layout) fit() plan {
	pics := min(len(l.s.Pictures), MaxPictures)
	var plans []plan
	for _, h := range []float64{70, 58, 46} {
		for _, rows := range []int{4, 3, 2, 1} {
			plans = append(plans, plan{pictures: pics, pictureH: h, captionRows: rows, points: len(l.s.Remember)})
		}
	}
	for n := pics - 1; n >= min(2, pics); n-- {
		plans = append(plans, plan{pictures: n, pictureH: 46, captionRows: 1, points: len(l.s.Remember)})
	}
	few := min(2, pics)
	for k := len(l.s.Remember) - 1; k >= 1; k-- {
		plans = append(plans, plan{pictures: few, pictureH: 46, captionRows: 1, points: k})
	}
	for k := len(l.s.Remember); k >= 0; k-- {
		plans = append(plans, plan{points: k})
	}
	for _, p := range plans {
		if l.draw(p, false) <= l.footerTop() {
			return p
		}
	}
	return plans[len(plans)-1]
}

// footerTop is where the footer line starts.
func (l *layout) footerTop() float64 { return bottom - lineH(bodySize) }

// draw lays the sheet out with plan p and returns where the content ends.
func (l *layout) draw(p plan, draw bool) float64 {
	s, t := l.s, l.t
	l.y = margin
	header := t.T("sheets.header", map[string]any{"Pack": s.PackTitle, "Number": s.Number})
	l.paragraph([]Run{{Text: header}}, margin, contentW, bodySize, muted, draw)
	l.paragraph([]Run{{Text: s.ModuleTitle, Bold: true}}, margin, contentW, titleSize, ink, draw)
	if s.Summary != "" {
		l.paragraph([]Run{{Text: s.Summary}}, margin, contentW, bodySize, ink, draw)
	}
	if len(s.Goals) > 0 {
		l.y += 3
		l.paragraph([]Run{{Text: t.T("sheets.goals"), Bold: true}}, margin, contentW, headingSize, primary, draw)
		for _, g := range s.Goals {
			l.bullet("✓", success, []Run{{Text: g}}, draw)
		}
	}
	if len(s.Remember) > 0 && (p.points > 0 || len(s.Pictures) == 0) {
		l.y += 3
		top := l.y
		l.y += boxPadding
		l.paragraph([]Run{{Text: t.T("sheets.remember"), Bold: true}}, margin+boxPadding, contentW-2*boxPadding, headingSize, primary, false)
		if draw {
			// The box is drawn first, under its text: measure it, then draw all.
			end := l.rememberBody(p, false)
			l.pdf.SetFillColor(calloutF[0], calloutF[1], calloutF[2])
			l.pdf.SetDrawColor(calloutB[0], calloutB[1], calloutB[2])
			l.pdf.SetLineWidth(0.6)
			l.pdf.RoundedRect(margin, top, contentW, end+boxPadding-top, 3, "1234", "FD")
			l.y = top + boxPadding
			l.paragraph([]Run{{Text: t.T("sheets.remember"), Bold: true}}, margin+boxPadding, contentW-2*boxPadding, headingSize, primary, true)
		}
		l.y = l.rememberBody(p, draw) + boxPadding
	}
	if p.pictures > 0 {
		l.y += 6
		l.pictures(p, draw)
	}
	end := l.y
	if draw {
		l.y = l.footerTop()
		l.paragraph([]Run{{Text: t.T("sheets.footer")}}, margin, contentW, bodySize, muted, true)
	}
	return end
}

// rememberBody lays out the « À retenir » points of plan p (and the line that
// counts those left out) from l.y, and returns where they end.
func (l *layout) rememberBody(p plan, draw bool) float64 {
	start := l.y
	for _, point := range l.s.Remember[:min(p.points, len(l.s.Remember))] {
		l.bulletIn("•", ink, point, margin+boxPadding, contentW-2*boxPadding, draw)
	}
	if left := len(l.s.Remember) - p.points; left > 0 {
		l.paragraph([]Run{{Text: l.t.N("sheets.more", left)}}, margin+boxPadding+bulletIndent, contentW-2*boxPadding-bulletIndent, bodySize, muted, draw)
	}
	end := l.y
	if !draw {
		l.y = start
	}
	return end
}

// bullet draws a goal: a mark at the margin and the text beside it.
func (l *layout) bullet(mark string, colour rgb, runs []Run, draw bool) {
	l.bulletIn(mark, colour, runs, margin, contentW, draw)
}

func (l *layout) bulletIn(mark string, colour rgb, runs []Run, x, w float64, draw bool) {
	if draw {
		l.pdf.SetFont("DejaVu", "B", bodySize)
		l.pdf.SetTextColor(colour[0], colour[1], colour[2])
		l.pdf.Text(x+1, l.y+baseline(bodySize), mark)
	}
	l.paragraph(runs, x+bulletIndent, w-bulletIndent, bodySize, ink, draw)
	l.y += 1
}

// baseline is the distance from a line's top to its baseline, in mm.
func baseline(pt float64) float64 {
	size := pt * ptToMM
	return (lineH(pt)-size)/2 + size*0.8
}

// word is a piece of a line: words and their styles, measured.
type word struct {
	text  string
	bold  bool
	width float64
	space bool // a space comes before it
}

// words splits runs into measured words at size pt.
func (l *layout) words(runs []Run, pt float64) []word {
	var out []word
	space := false
	for _, r := range runs {
		style := ""
		if r.Bold {
			style = "B"
		}
		l.pdf.SetFont("DejaVu", style, pt)
		text := r.Text
		for text != "" {
			if text[0] == ' ' {
				space = len(out) > 0
				text = text[1:]
				continue
			}
			end := strings.IndexByte(text, ' ')
			if end < 0 {
				end = len(text)
			}
			w := word{text: text[:end], bold: r.Bold, space: space}
			w.width = l.pdf.GetStringWidth(w.text)
			out = append(out, w)
			space = false
			text = text[end:]
		}
	}
	return out
}

// lines breaks words into lines of at most width mm; a word wider than the
// line stands alone on its line.
func (l *layout) lines(ws []word, width, pt float64) [][]word {
	l.pdf.SetFont("DejaVu", "", pt)
	spaceW := l.pdf.GetStringWidth(" ")
	var out [][]word
	var cur []word
	x := 0.0
	for _, w := range ws {
		add := w.width
		if len(cur) > 0 && w.space {
			add += spaceW
		}
		if len(cur) > 0 && x+add > width {
			out = append(out, cur)
			cur, x = nil, 0
			w.space = false
			add = w.width
		}
		if len(cur) == 0 {
			w.space = false
		}
		cur = append(cur, w)
		x += add
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// paragraph lays runs out in lines at x, width w, size pt, from l.y, and moves
// l.y under them.
func (l *layout) paragraph(runs []Run, x, w, pt float64, colour rgb, draw bool) {
	l.linesAt(l.lines(l.words(runs, pt), w, pt), x, pt, colour, draw)
}

func (l *layout) linesAt(lines [][]word, x, pt float64, colour rgb, draw bool) {
	for _, line := range lines {
		if draw {
			l.pdf.SetTextColor(colour[0], colour[1], colour[2])
			l.pdf.SetFont("DejaVu", "", pt)
			spaceW := l.pdf.GetStringWidth(" ")
			cx := x
			for _, w := range line {
				if w.space {
					cx += spaceW
				}
				style := ""
				if w.bold {
					style = "B"
				}
				l.pdf.SetFont("DejaVu", style, pt)
				l.pdf.Text(cx, l.y+baseline(pt), w.text)
				cx += w.width
			}
		}
		l.y += lineH(pt)
	}
}

// pictures lays out the key pictures of plan p in a row, each fitted into its
// column and at most p.pictureH high, standing on one line, with its description
// under it.
func (l *layout) pictures(p plan, draw bool) {
	n := p.pictures
	colW := (contentW - float64(n-1)*pictureGap) / float64(n)
	size := func(pic Picture) (w, h float64) {
		w, h = colW, colW*float64(pic.Height)/float64(pic.Width)
		if h > p.pictureH {
			w, h = p.pictureH*float64(pic.Width)/float64(pic.Height), p.pictureH
		}
		return w, h
	}
	rowH := 0.0
	for _, pic := range l.s.Pictures[:n] {
		_, h := size(pic)
		rowH = max(rowH, h)
	}
	top := l.y
	end := top
	for i, pic := range l.s.Pictures[:n] {
		x := margin + float64(i)*(colW+pictureGap)
		w, h := size(pic)
		px, py := x+(colW-w)/2, top+rowH-h
		if draw {
			l.pdf.ImageOptions(pictureName(i), px, py, w, h, false, fpdf.ImageOptions{ImageType: pic.Type}, 0, "")
			l.pdf.SetDrawColor(200, 200, 200)
			l.pdf.SetLineWidth(0.3)
			l.pdf.Rect(px, py, w, h, "D")
		}
		// The description stands under its picture, as wide as it (at least
		// 50 mm, within the column, for a narrow picture).
		capW := min(colW, max(w, 50))
		capX := x + (colW-capW)/2
		l.y = top + rowH + 1.5
		lines := l.lines(l.words([]Run{{Text: pic.Caption}}, bodySize), capW, bodySize)
		if len(lines) > p.captionRows {
			lines = ellipsis(l, lines[:p.captionRows], capW)
		}
		l.linesAt(lines, capX, bodySize, muted, draw)
		end = max(end, l.y)
	}
	l.y = end
}

// ellipsis ends the last of lines with « … », taking words off until it fits.
func ellipsis(l *layout, lines [][]word, width float64) [][]word {
	last := lines[len(lines)-1]
	l.pdf.SetFont("DejaVu", "", bodySize)
	dots := l.pdf.GetStringWidth("…")
	spaceW := l.pdf.GetStringWidth(" ")
	for len(last) > 1 {
		total := dots
		for i, w := range last {
			total += w.width
			if i > 0 && w.space {
				total += spaceW
			}
		}
		if total <= width {
			break
		}
		last = last[:len(last)-1]
	}
	cut := append([]word(nil), last...)
	cut[len(cut)-1].text += "…"
	cut[len(cut)-1].width += dots
	out := append([][]word(nil), lines[:len(lines)-1]...)
	return append(out, cut)
}
