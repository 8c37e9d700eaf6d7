package app

import (
	"io/fs"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/i18n"
	"declic/svgtext"
)

// imageMaxSize is the largest a lesson picture is drawn at the default text size.
// Pictures are 3:2 drawings; beside the text this fits a 1280×720 window without
// scrolling.
var imageMaxSize = fyne.NewSize(450, 300)

// stackedImageSize is used when a picture must sit above or below other content
// (an activity, a second picture): smaller, so the screen still fits.
var stackedImageSize = fyne.NewSize(330, 220)

// stepRenderer turns a step's blocks into Fyne objects.
type stepRenderer struct {
	tr    *i18n.Translator
	pack  *courses.Pack
	theme *appTheme
	// activity builds the widget of the activity block at index i of the step.
	activity func(i int, a courses.Activity) fyne.CanvasObject
	// pictures draws lesson pictures once, at screen size.
	pictures *pictureCache
	// scale is the canvas scale (pixels per unit); 0 means 1.
	scale float32
}

// pixels converts a size in Fyne units to device pixels for drawing pictures.
func (r *stepRenderer) pixels(size fyne.Size) (int, int) {
	s := r.scale
	if s <= 0 {
		s = 1
	}
	return int(size.Width * s), int(size.Height * s)
}

// render lays out a step. A screen with one picture and text, the usual Les Bons
// Clics screen, shows the picture on the left and the text beside it: a wide screen
// holds both without scrolling. Other screens stack their blocks top to bottom.
func (r *stepRenderer) render(blocks []courses.Block) fyne.CanvasObject {
	if img, rest, ok := pictureBesideText(blocks); ok {
		pic := r.imageSized(img, imageMaxSize)
		return container.New(&besideLayout{}, container.NewCenter(pic), r.stack(rest, stackedImageSize))
	}
	return r.stack(blocks, stackedImageSize)
}

// pictureBesideText returns the single picture of a step and its other blocks when
// the step is a picture with text and no activity.
func pictureBesideText(blocks []courses.Block) (courses.Image, []courses.Block, bool) {
	var img courses.Image
	var rest []courses.Block
	images := 0
	for _, b := range blocks {
		switch b := b.(type) {
		case courses.Image:
			images++
			img = b
		case courses.Activity:
			return img, nil, false
		default:
			rest = append(rest, b)
		}
	}
	return img, rest, images == 1 && len(rest) > 0
}

// besideLayout puts its first object (a picture) in the left 40% of the width and
// the second (the text) in the rest, both at the top.
type besideLayout struct{}

func (besideLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	gap := float32(24)
	left := size.Width * 0.4
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(left, objs[0].MinSize().Height))
	objs[1].Move(fyne.NewPos(left+gap, 0))
	objs[1].Resize(fyne.NewSize(size.Width-left-gap, fyne.Max(size.Height, objs[1].MinSize().Height)))
}

func (besideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.Size{}
	}
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(a.Width+24+b.Width, fyne.Max(a.Height, b.Height))
}

// stack lays out the blocks top to bottom. Consecutive text blocks share one
// RichText so that they wrap and space like one document.
func (r *stepRenderer) stack(blocks []courses.Block, imageSize fyne.Size) fyne.CanvasObject {
	var out []fyne.CanvasObject
	var text []widget.RichTextSegment
	flush := func() {
		if len(text) > 0 {
			out = append(out, richText(text))
			text = nil
		}
	}
	for i, b := range blocks {
		switch b := b.(type) {
		case courses.Paragraph, courses.Heading, courses.List:
			text = append(text, textSegments(b)...)
		case courses.Image:
			flush()
			out = append(out, container.NewCenter(r.imageSized(b, imageSize)))
		case courses.Callout:
			flush()
			out = append(out, r.callout(b))
		case courses.Activity:
			flush()
			out = append(out, r.activity(i, b))
		}
	}
	flush()
	return container.NewVBox(out...)
}

func richText(segs []widget.RichTextSegment) *widget.RichText {
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// textSegments converts a text block to RichText segments.
func textSegments(b courses.Block) []widget.RichTextSegment {
	switch b := b.(type) {
	case courses.Paragraph:
		segs := inlineSegments(b.Inlines)
		return append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
	case courses.Heading:
		style := widget.RichTextStyleSubHeading
		return []widget.RichTextSegment{&widget.TextSegment{Style: style, Text: plainText(b.Inlines)}}
	case courses.List:
		list := &widget.ListSegment{Ordered: b.Ordered}
		if b.Ordered && b.Start > 1 {
			list.SetStartNumber(b.Start)
		}
		for _, item := range b.Items {
			var texts []widget.RichTextSegment
			for _, ib := range item {
				if p, ok := ib.(courses.Paragraph); ok {
					texts = append(texts, inlineSegments(p.Inlines)...)
					continue
				}
				texts = append(texts, textSegments(ib)...)
			}
			list.Items = append(list.Items, &widget.ParagraphSegment{Texts: texts})
		}
		return []widget.RichTextSegment{list}
	}
	return nil
}

// keyStyle shows a keyboard key: bold monospace in the primary colour, so "Entrée"
// stands out as something to press, not a word to read.
var keyStyle = widget.RichTextStyle{
	ColorName: theme.ColorNamePrimary,
	Inline:    true,
	SizeName:  theme.SizeNameText,
	TextStyle: fyne.TextStyle{Monospace: true, Bold: true},
}

func inlineSegments(inlines []courses.Inline) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	for _, in := range inlines {
		if in.Text == "\n" {
			segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
			continue
		}
		style := widget.RichTextStyleInline
		if in.Style&courses.Key != 0 {
			segs = append(segs, &widget.TextSegment{Style: keyStyle, Text: "[" + in.Text + "]"})
			continue
		}
		style.TextStyle = fyne.TextStyle{Bold: in.Style&courses.Bold != 0, Italic: in.Style&courses.Italic != 0}
		segs = append(segs, &widget.TextSegment{Style: style, Text: in.Text})
	}
	return segs
}

// withoutRememberLabel drops a leading "À retenir :" that trainers naturally write in
// the quote: the box already shows that heading.
func withoutRememberLabel(blocks []courses.Block, label string) []courses.Block {
	if len(blocks) == 0 {
		return blocks
	}
	p, ok := blocks[0].(courses.Paragraph)
	if !ok || len(p.Inlines) == 0 {
		return blocks
	}
	first := p.Inlines[0]
	text := strings.TrimLeft(first.Text, " ")
	if !strings.HasPrefix(strings.ToLower(text), strings.ToLower(label)) {
		return blocks
	}
	rest := strings.TrimLeft(text[len(label):], " \u00a0")
	rest = strings.TrimLeft(strings.TrimPrefix(rest, ":"), " \u00a0")
	inlines := append([]courses.Inline{}, p.Inlines...)
	if rest == "" {
		inlines = inlines[1:]
	} else {
		inlines[0] = courses.Inline{Text: capitalise(rest), Style: first.Style}
	}
	out := append([]courses.Block{courses.Paragraph{Inlines: inlines}}, blocks[1:]...)
	return out
}

// capitalise upper-cases the first letter: "la souris…" after "À retenir :" starts a sentence.
func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

func plainText(inlines []courses.Inline) string {
	var sb strings.Builder
	for _, in := range inlines {
		sb.WriteString(in.Text)
	}
	return sb.String()
}

// imageSized draws a pack picture scaled to fit size, or says it cannot.
func (r *stepRenderer) imageSized(img courses.Image, size fyne.Size) fyne.CanvasObject {
	w, h := r.pixels(size)
	bitmap, err := r.pictures.get(r.pack, img.Src, w, h)
	if err != nil {
		msg := widget.NewLabel(r.tr.T("lesson.image_missing") + " " + img.Alt)
		msg.Wrapping = fyne.TextWrapWord
		return msg
	}
	pic := canvas.NewImageFromImage(bitmap)
	pic.FillMode = canvas.ImageFillContain
	pic.SetMinSize(size)
	return pic
}

// loadResource reads a pack file as a Fyne resource; the name keeps the extension
// so Fyne recognises SVG, whose words are turned into shapes first (Fyne's SVG
// renderer draws no <text>).
func loadResource(fsys fs.FS, src string, words *svgtext.Converter) (fyne.Resource, error) {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return nil, err
	}
	if words != nil && strings.EqualFold(path.Ext(src), ".svg") {
		data = words.Convert(data)
	}
	return fyne.NewStaticResource(path.Base(src), data), nil
}

// callout draws an "À retenir" box: a coloured background, an icon and the word,
// so the meaning never depends on colour alone.
func (r *stepRenderer) callout(c courses.Callout) fyne.CanvasObject {
	bg := canvas.NewRectangle(r.theme.Palette.Callout)
	bg.CornerRadius = 10
	bg.StrokeColor = r.theme.Palette.CalloutBorder
	bg.StrokeWidth = 2
	title := widget.NewRichText(&widget.TextSegment{
		Style: widget.RichTextStyle{Inline: true, SizeName: theme.SizeNameText, TextStyle: fyne.TextStyle{Bold: true}},
		Text:  r.tr.T("lesson.remember"),
	})
	head := container.NewHBox(widget.NewIcon(theme.InfoIcon()), title)
	inner := &stepRenderer{tr: r.tr, pack: r.pack, theme: r.theme, activity: r.activity, pictures: r.pictures, scale: r.scale}
	content := container.NewVBox(head, inner.stack(withoutRememberLabel(c.Blocks, r.tr.T("lesson.remember")), stackedImageSize))
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(8, 8, 14, 14), content))
}
