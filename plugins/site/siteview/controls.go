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
// while the cookie banner waits for an answer.
type siteLink struct {
	widget.Hyperlink
	follow   func()
	disabled bool
}

func newSiteLink(text string, follow func()) *siteLink {
	l := &siteLink{follow: follow}
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

// Tapped follows the link wherever it is tapped inside its box, not only on
// its letters: a big target for unsteady hands.
func (l *siteLink) Tapped(*fyne.PointEvent) { l.OnTapped() }

// TypedKey follows the link on Entrée as well as on Space, as browsers do.
func (l *siteLink) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		l.OnTapped()
	}
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
// its name and its kind. A tap (or Space) selects it; a double tap (or Entrée)
// opens it, as in a real file window.
type fileRow struct {
	widget.BaseWidget
	name     string
	kind     string
	icon     fyne.Resource
	selected bool
	focused  bool
	onSelect func()
	onOpen   func()
	bg       *canvas.Rectangle
}

func newFileRow(name string, t *i18n.Translator, onSelect, onOpen func()) *fileRow {
	icon, kind := fileKind(name, t)
	r := &fileRow{name: name, kind: kind, icon: icon, onSelect: onSelect, onOpen: onOpen}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row: a highlight when selected, a frame when focused.
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
	return widget.NewSimpleRenderer(container.NewStack(r.bg, view.MinSize(row, 0, view.MinTarget)))
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
	r.bg.StrokeWidth = 0
	if r.focused {
		r.bg.StrokeColor = theme.Color(theme.ColorNameFocus)
		r.bg.StrokeWidth = 3
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

// Tapped selects the document.
func (r *fileRow) Tapped(*fyne.PointEvent) { r.onSelect() }

// DoubleTapped opens the document.
func (r *fileRow) DoubleTapped(*fyne.PointEvent) { r.onSelect(); r.onOpen() }

// FocusGained draws the focus frame.
func (r *fileRow) FocusGained() { r.focused = true; r.Refresh() }

// FocusLost removes the focus frame.
func (r *fileRow) FocusLost() { r.focused = false; r.Refresh() }

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
	}
}

// SpeechText is what « Écouter » says for the row.
func (r *fileRow) SpeechText() string { return r.name + " " + r.kind }

// Name is the document's name.
func (r *fileRow) Name() string { return r.name }

// Selected reports whether the row is selected.
func (r *fileRow) Selected() bool { return r.selected }
