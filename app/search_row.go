package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins/view"
	"declic/search"
)

// searchRowMinHeight keeps every result a big target (44 px or more).
const searchRowMinHeight = 44

// searchRow is one result: the step's title, its lesson and a snippet, the words
// found in bold and in colour. The whole row is one target: a tap, Enter or
// Space opens the step; Up and Down move to the previous or next result.
type searchRow struct {
	widget.BaseWidget
	view.Outline
	search  *searchUI
	result  search.Result
	onTap   func()
	hovered bool

	title   *widget.RichText
	lesson  *widget.Label
	snippet *widget.RichText
}

func newSearchRow(s *searchUI, h search.Result, onTap func()) *searchRow {
	r := &searchRow{search: s, result: h, onTap: onTap}
	r.title = widget.NewRichText(fragmentSegments(titleFragments(h), theme.SizeNameSubHeadingText)...)
	r.title.Wrapping = fyne.TextWrapWord
	r.lesson = widget.NewLabel(s.host.tr().T("search.lesson", map[string]any{"Title": h.LessonTitle}))
	r.lesson.SizeName = theme.SizeNameCaptionText
	r.snippet = widget.NewRichText(fragmentSegments(h.Snippet, theme.SizeNameText)...)
	r.snippet.Wrapping = fyne.TextWrapWord
	r.ExtendBaseWidget(r)
	return r
}

// titleFragments is the step's title with its words found, or the plain title.
func titleFragments(h search.Result) []search.Fragment {
	if len(h.StepTitleFragments) == 0 {
		return []search.Fragment{{Text: h.StepTitle}}
	}
	return h.StepTitleFragments
}

// set shows another result in the row: only the texts that differ are laid out
// again (typing one more letter often keeps a result and its lesson).
func (r *searchRow) set(s *searchUI, h search.Result, onTap func()) {
	old := r.result
	r.result, r.onTap = h, onTap
	if !sameFragments(titleFragments(old), titleFragments(h)) {
		r.title.Segments = fragmentSegments(titleFragments(h), theme.SizeNameSubHeadingText)
		r.title.Refresh()
	}
	setText(r.lesson, s.host.tr().T("search.lesson", map[string]any{"Title": h.LessonTitle}))
	if !sameFragments(old.Snippet, h.Snippet) {
		r.snippet.Segments = fragmentSegments(h.Snippet, theme.SizeNameText)
		r.snippet.Refresh()
	}
}

func sameFragments(a, b []search.Fragment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fragmentSegments turns a snippet into rich-text runs: the words found are bold
// and in the primary colour (never colour alone), the rest is plain. Each run
// after the first starts with a zero-width space: Fyne 2.7 wraps a run that
// starts where not even one letter fits on the line one letter per line, as if
// the row were a few pixels wide (fyne-io/fyne#6200, fixed after 2.7), and the
// result grew taller than the screen; the zero-width space always fits.
func fragmentSegments(frags []search.Fragment, size fyne.ThemeSizeName) []widget.RichTextSegment {
	plain := widget.RichTextStyleInline
	plain.SizeName = size
	found := plain
	found.ColorName = theme.ColorNamePrimary
	found.TextStyle = fyne.TextStyle{Bold: true}
	segs := make([]widget.RichTextSegment, 0, len(frags))
	for i, f := range frags {
		style := plain
		if f.Highlight {
			style = found
		}
		text := f.Text
		if i > 0 {
			text = zeroWidthSpace + text
		}
		segs = append(segs, &widget.TextSegment{Text: text, Style: style})
	}
	return segs
}

// zeroWidthSpace lets a line break before a run without showing anything.
const zeroWidthSpace = "\u200b"

// speechText is what the screen reader reads for the row.
func (r *searchRow) SpeechText() string {
	return r.result.StepTitle + "\n" + r.lesson.Text + "\n" + search.SnippetText(r.result.Snippet)
}

// Tapped opens the step.
func (r *searchRow) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// FocusGained shows the focus outline (the window then scrolls the row and its
// outline into view).
func (r *searchRow) FocusGained() {
	r.Outline.Gained(r)
	r.Refresh()
}

// FocusLost hides the focus outline.
func (r *searchRow) FocusLost() { r.Outline.Lost(); r.Refresh() }

// Describe names the result for the read-aloud: the step's title and lesson.
func (r *searchRow) Describe() view.Description {
	return view.Description{Role: view.RoleResult, Name: r.result.StepTitle + ", " + r.lesson.Text}
}

// TypedRune does nothing: a row takes keys only.
func (r *searchRow) TypedRune(rune) {}

// TypedKey opens the step on Enter or Space, and moves between rows with the arrows.
func (r *searchRow) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		r.Tapped(nil)
	case fyne.KeyDown:
		r.search.focusSearchRow(r.index() + 1)
	case fyne.KeyUp:
		r.search.focusSearchRow(r.index() - 1)
	default:
		view.ForwardKey(r, k)
	}
}

// index is the row's place among the results shown.
func (r *searchRow) index() int {
	for i, x := range r.search.rows {
		if x == r {
			return i
		}
	}
	return -1
}

// MouseIn lights the row under the pointer.
func (r *searchRow) MouseIn(*desktop.MouseEvent) { r.hovered = true; r.Refresh() }

// MouseMoved is needed for desktop.Hoverable.
func (r *searchRow) MouseMoved(*desktop.MouseEvent) {}

// MouseOut turns the light off.
func (r *searchRow) MouseOut() { r.hovered = false; r.Refresh() }

// Cursor shows a pointing hand: the row is a link to the step.
func (r *searchRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer lays the row out: a background, the texts, and an arrow.
func (r *searchRow) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = theme.InputRadiusSize()
	arrow := widget.NewIcon(theme.NavigateNextIcon())
	text := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), r.title, r.lesson, r.snippet)
	body := container.New(layout.NewCustomPaddedLayout(2, 2, 4, 4), container.NewBorder(nil, nil, nil, arrow, text))
	rr := &searchRowRenderer{row: r, bg: bg, body: body}
	rr.Refresh()
	return r.Outline.Renderer(r, rr)
}

type searchRowRenderer struct {
	row  *searchRow
	bg   *canvas.Rectangle
	body *fyne.Container
}

func (rr *searchRowRenderer) Layout(size fyne.Size) {
	rr.bg.Resize(size)
	rr.bg.Move(fyne.NewPos(0, 0))
	rr.body.Resize(size)
	rr.body.Move(fyne.NewPos(0, 0))
}

func (rr *searchRowRenderer) MinSize() fyne.Size {
	m := rr.body.MinSize()
	if m.Height < searchRowMinHeight {
		m.Height = searchRowMinHeight
	}
	return m
}

// Refresh draws the row's state: a soft fill, darker under the pointer or with
// the keyboard focus (whose outline view.Outline draws).
func (rr *searchRowRenderer) Refresh() {
	th := rr.row.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	rr.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	if rr.row.hovered || rr.row.Focused() {
		rr.bg.FillColor = th.Color(theme.ColorNameHover, v)
	}
	rr.bg.StrokeWidth = 1
	rr.bg.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	rr.bg.Refresh() // the texts never change: re-wrapping them would cost for nothing
}

func (rr *searchRowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{rr.bg, rr.body}
}

func (rr *searchRowRenderer) Destroy() {}

// resultsLayout stacks the results screen's lines full width. Rows hold wrapped
// text, whose height depends on the width: each line is measured at the width it
// gets, so that no snippet overflows its row, even on the first frame.
type resultsLayout struct {
	width float32 // the width of the last layout (or the expected one)
}

func (l *resultsLayout) measure(o fyne.CanvasObject) fyne.Size {
	if l.width > 0 && o.Size().Width != l.width {
		// Wrap at the new width, then take the height it needs now: Layout
		// then finds the right size and does not wrap the text again.
		o.Resize(fyne.NewSize(l.width, o.Size().Height))
		o.Resize(fyne.NewSize(l.width, o.MinSize().Height))
	}
	return o.MinSize()
}

// MinSize is the sum of the lines' heights at the current width.
func (l *resultsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		m := l.measure(o)
		size.Width = fyne.Max(size.Width, m.Width)
		size.Height += m.Height
		if i > 0 {
			size.Height += theme.Padding()
		}
	}
	return size
}

// Layout places the lines top to bottom, each as high as its text needs.
func (l *resultsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	y := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := l.measure(o)
		o.Resize(fyne.NewSize(size.Width, m.Height))
		o.Move(fyne.NewPos(0, y))
		y += m.Height + theme.Padding()
	}
}
