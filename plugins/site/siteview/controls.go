package siteview

import (
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/i18n"
	"declic/plugins/view"
)

// siteLink is a link of the simulated page: underlined words in the link colour,
// that Space or Entrée follow when it has the focus, and that can be switched off
// while the cookie banner waits for an answer. It draws the shared focus outline,
// and a pointer press that slips off it within the learner's Hands still follows
// it (hands nil: the usual room).
type siteLink struct {
	widget.Hyperlink
	view.Outline
	follow   func()
	disabled bool
	hands    view.Hands
	dragged  bool
	at       fyne.Position // where a press that moved was released
}

func newSiteLink(text string, hands view.Hands, follow func()) *siteLink {
	l := &siteLink{follow: follow, hands: hands}
	l.Text = text
	l.Wrapping = fyne.TextWrapOff // a link's words stay on one line, like a button's
	l.OnTapped = func() {
		if !l.disabled {
			l.follow()
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer draws Fyne's link and the focus outline.
func (l *siteLink) CreateRenderer() fyne.WidgetRenderer {
	return l.Outline.Renderer(l, l.Hyperlink.CreateRenderer())
}

// FocusGained shows the focus outline.
func (l *siteLink) FocusGained() { l.Hyperlink.FocusGained(); l.Outline.Gained(l) }

// FocusLost hides the focus outline.
func (l *siteLink) FocusLost() { l.Hyperlink.FocusLost(); l.Outline.Lost() }

// Tapped follows the link wherever it is tapped inside its box, not only on
// its letters: a big target for unsteady hands.
func (l *siteLink) Tapped(*fyne.PointEvent) { l.OnTapped() }

// Dragged follows a press that moves before it is released (Fyne then sends no
// tap): DragEnd decides.
func (l *siteLink) Dragged(ev *fyne.DragEvent) { l.dragged, l.at = true, ev.Position }

// DragEnd follows the link when the pointer is released over it, or within the
// Hands' room around it.
func (l *siteLink) DragEnd() {
	if !l.dragged {
		return
	}
	l.dragged = false
	room, s := l.hands.Slop, l.Size()
	if l.at.X >= -room && l.at.Y >= -room && l.at.X <= s.Width+room && l.at.Y <= s.Height+room {
		l.OnTapped()
	}
}

// TypedKey follows the link on Entrée as well as on Space, as browsers do; the
// keys it does not use (Échap) go to the window.
func (l *siteLink) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		l.OnTapped()
	default:
		view.ForwardKey(l, ev)
	}
}

// Describe names the link for the read-aloud.
func (l *siteLink) Describe() view.Description {
	d := view.Description{Role: view.RoleLink, Name: l.Text}
	if l.disabled {
		d.State = view.StateUnavailable
	}
	return d
}

// Disable makes the link inert (and skipped by Tab).
func (l *siteLink) Disable() { l.disabled = true; l.Refresh() }

// Enable makes the link usable again.
func (l *siteLink) Enable() { l.disabled = false; l.Refresh() }

// Disabled reports whether the link is inert.
func (l *siteLink) Disabled() bool { return l.disabled }

// SpeechText is what « Écouter » says for the link.
func (l *siteLink) SpeechText() string { return l.Text }

// Cursor shows a hand over a usable link only.
func (l *siteLink) Cursor() desktop.Cursor {
	if l.disabled {
		return desktop.DefaultCursor
	}
	return desktop.PointerCursor
}

// spoken shows a control drawn without words (the browser's back arrow) and
// gives « Écouter » the words that name it. The control inside keeps its focus
// and its keys.
type spoken struct {
	widget.BaseWidget
	control fyne.CanvasObject
	words   string
}

func newSpoken(control fyne.CanvasObject, words string) *spoken {
	s := &spoken{control: control, words: words}
	s.ExtendBaseWidget(s)
	return s
}

// SpeechText is what « Écouter » says for the control.
func (s *spoken) SpeechText() string { return s.words }

// CreateRenderer draws the control alone.
func (s *spoken) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(s.control) }

// fileKind names the kind of a fake document by its extension, with an icon,
// so a learner who reads slowly can tell a photo from a PDF at a glance.
func fileKind(name string, t *i18n.Translator) (fyne.Resource, string) {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return theme.DocumentIcon(), t.T("site.file_kind_pdf")
	case ".jpg", ".jpeg", ".png", ".heic", ".gif":
		return theme.MediaPhotoIcon(), t.T("site.file_kind_image")
	case ".doc", ".docx", ".odt", ".txt", ".rtf":
		return theme.FileTextIcon(), t.T("site.file_kind_text")
	case ".xls", ".xlsx", ".ods", ".csv":
		return theme.GridIcon(), t.T("site.file_kind_sheet")
	case ".zip", ".rar", ".7z":
		return theme.StorageIcon(), t.T("site.file_kind_zip")
	case ".html", ".htm":
		return theme.ComputerIcon(), t.T("site.file_kind_web")
	case ".exe", ".msi", ".bat", ".scr":
		return theme.SettingsIcon(), t.T("site.file_kind_program")
	}
	return theme.FileIcon(), t.T("site.file_kind_other")
}

// fileRow is one document in the simulated « Ouvrir un fichier » window: its icon,
// its name and its kind. A click (or Space) selects it; a double-click (or
// Entrée) opens it, as in a real file window. It reads the mouse itself
// (view.Clicks), so that the learner's Hands set the double-click time and how
// far the pointer may move during a click.
type fileRow struct {
	widget.BaseWidget
	view.Outline
	name     string
	kind     string
	icon     fyne.Resource
	selected bool
	onSelect func()
	onOpen   func()
	bg       *canvas.Rectangle
	clicks   view.Clicks
}

func newFileRow(name string, t *i18n.Translator, env view.Env, onSelect, onOpen func()) *fileRow {
	icon, kind := fileKind(name, t)
	r := &fileRow{name: name, kind: kind, icon: icon, onSelect: onSelect, onOpen: onOpen}
	r.clicks = view.Clicks{Hands: env.PointerHands(), Clock: env.Clock, OnClick: func(n int) {
		r.onSelect()
		if n == 2 {
			r.onOpen()
		}
	}}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row, a highlight when selected, and the focus outline.
func (r *fileRow) CreateRenderer() fyne.WidgetRenderer {
	r.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	r.bg.CornerRadius = 4
	name := widget.NewLabel(r.name)
	name.TextStyle = fyne.TextStyle{Bold: true}
	name.Truncation = fyne.TextTruncateEllipsis
	kind := widget.NewLabel(r.kind)
	kind.SizeName = theme.SizeNameCaptionText
	row := container.NewBorder(nil, nil, view.MinSize(widget.NewIcon(r.icon), 36, 36), view.Compact(kind), view.Compact(name))
	r.applyState()
	return r.Outline.Renderer(r, widget.NewSimpleRenderer(container.NewStack(r.bg, view.MinSize(row, 0, view.MinTarget))))
}

func (r *fileRow) applyState() {
	if r.bg == nil {
		return
	}
	switch {
	case r.selected:
		r.bg.FillColor = view.Tinted(theme.Color(theme.ColorNamePrimary), 90)
	default:
		r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	}
	r.bg.Refresh()
}

// Refresh redraws the selection and focus marks.
func (r *fileRow) Refresh() {
	r.applyState()
	r.BaseWidget.Refresh()
}

func (r *fileRow) setSelected(on bool) {
	r.selected = on
	r.Refresh()
}

// MouseDown starts a click.
func (r *fileRow) MouseDown(ev *desktop.MouseEvent) { r.clicks.MouseDown(ev) }

// MouseUp ends it: the first click selects the document, the second of a
// double-click opens it.
func (r *fileRow) MouseUp(ev *desktop.MouseEvent) { r.clicks.MouseUp(ev) }

// Dragged follows a hand that moves while the button is down.
func (r *fileRow) Dragged(ev *fyne.DragEvent) { r.clicks.Dragged(ev) }

// DragEnd is decided by MouseUp.
func (r *fileRow) DragEnd() { r.clicks.DragEnd() }

// FocusGained shows the focus outline.
func (r *fileRow) FocusGained() { r.Outline.Gained(r) }

// FocusLost hides the focus outline.
func (r *fileRow) FocusLost() { r.Outline.Lost() }

// TypedRune does nothing: Space is handled as a key (TypedKey), so the Space
// that opened the window, whose character arrives once the first document has
// the focus, does not select it.
func (r *fileRow) TypedRune(rune) {}

// TypedKey opens the document on Entrée.
func (r *fileRow) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		r.onSelect()
		r.onOpen()
	case fyne.KeySpace:
		r.onSelect()
	default:
		view.ForwardKey(r, ev)
	}
}

// SpeechText is what « Écouter » says for the row.
func (r *fileRow) SpeechText() string { return r.name + " " + r.kind }

// Describe names the document for the read-aloud, and whether it is chosen.
func (r *fileRow) Describe() view.Description {
	d := view.Description{Role: view.RoleFile, Name: r.name + ", " + r.kind, State: view.StateNotSelected}
	if r.selected {
		d.State = view.StateSelected
	}
	return d
}

var (
	_ desktop.Mouseable = (*fileRow)(nil)
	_ fyne.Draggable    = (*fileRow)(nil)
	_ view.Described    = (*fileRow)(nil)
	_ desktop.Keyable   = (*fileRow)(nil)
	_ view.Described    = (*siteLink)(nil)
	_ fyne.Draggable    = (*siteLink)(nil)
)

// Name is the document's name.
func (r *fileRow) Name() string { return r.name }

// Selected reports whether the row is selected.
func (r *fileRow) Selected() bool { return r.selected }
