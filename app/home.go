package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/plugins/view"
)

// moduleCardSize fits 3 cards per row in a 1280-pixel window and 2 at 1024.
var moduleCardSize = fyne.NewSize(405, 250)

// ShowHome shows every installed pack as a grid of big module cards.
func (u *ui) ShowHome() {
	u.player = nil
	u.refreshStates() // the done / in-progress marks of the open profile (parcours.go)
	greeting := widget.NewLabelWithStyle(u.tr.T("home.greeting"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	greeting.SizeName = theme.SizeNameHeadingText
	hint := widget.NewLabel(u.tr.T("home.choose"))
	hint.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{u.homeToolbar(), greeting, hint}
	if len(u.opts.Packs) == 0 {
		items = append(items, widget.NewLabel(u.tr.T("home.no_packs")))
	}
	var first fyne.Focusable
	for _, pack := range u.opts.Packs {
		packTitle := widget.NewLabelWithStyle(pack.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		packTitle.SizeName = theme.SizeNameSubHeadingText
		items = append(items, packTitle)
		var cards []fyne.CanvasObject
		for i, m := range pack.Modules {
			card, btn := u.moduleCard(pack, m, i)
			if first == nil {
				first = btn
			}
			cards = append(cards, card)
		}
		items = append(items, container.NewGridWrap(u.cardSize(), cards...))
	}
	u.show(view.ScrollPage(container.NewVBox(items...)))
	u.onHome = true
	u.mainControl(first)
}

// homeToolbar holds what a learner changes from home: attestations (when a profile
// is open), display and voice, the language (two taps: here, then the language),
// and adding a course.
func (u *ui) homeToolbar() fyne.CanvasObject {
	var buttons []fyne.CanvasObject
	if u.profile != nil && u.attestBtn != nil {
		buttons = append(buttons, u.attestBtn)
	}
	buttons = append(buttons, u.settingsButton(), u.languageButton())
	if u.packs != nil {
		buttons = append(buttons, view.NewPushButton(u.tr.T("home.add_course"), theme.ContentAddIcon(), u.packs.Show))
	}
	// A grid of equal cells wraps to a new line when large text makes the buttons
	// wider than the window.
	var cell fyne.Size
	for _, b := range buttons {
		cell = cell.Max(b.MinSize())
	}
	return container.NewGridWrap(cell, buttons...)
}

// moduleCard is a big button: number, title, summary, level and hours. The button
// sits under the text so the whole card is one target, focusable with Tab; read
// aloud, it is « Bouton : Module 1, L'ordinateur ». It returns the card and its
// button.
func (u *ui) moduleCard(pack *courses.Pack, m *courses.Module, index int) (fyne.CanvasObject, *view.PushButton) {
	open := func() { u.OpenModule(pack, m) }
	btn := view.NewPushButton("", nil, open)
	btn.Name = u.tr.T("module.number", map[string]any{"Number": index + 1}) + ", " + m.Title
	number := widget.NewLabelWithStyle(u.tr.T("module.number", map[string]any{"Number": index + 1}), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	number.SizeName = theme.SizeNameCaptionText
	number.Importance = widget.HighImportance
	title := widget.NewLabelWithStyle(m.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord
	summary := widget.NewLabel(cardSummary(m.Summary))
	summary.Wrapping = fyne.TextWrapWord
	meta := widget.NewLabel(u.levelLabel(m.Level) + " · " + u.hoursLabel(m.Hours))
	meta.SizeName = theme.SizeNameCaptionText
	// Labels carry their own padding: pull them together so the card reads as one block.
	tight := layout.NewCustomPaddedVBoxLayout(-8)
	text := container.NewBorder(container.New(tight, number, title), u.withStateMark(pack, m, meta), nil, nil, summary)
	return container.NewStack(btn, container.New(layout.NewCustomPaddedLayout(4, 4, 6, 6), text)), btn
}

// cardSize grows the module cards with the learner's text size, so large text wraps
// inside the card instead of spilling over its neighbours (fewer cards per row).
// A wider card needs fewer lines: its height grows by 70 % of the text's growth,
// so that at 200 % a whole card, and its focus outline, holds under the top bar
// of a 1280×720 screen.
func (u *ui) cardSize() fyne.Size {
	s := u.theme.Scale
	if s < 1 {
		s = 1
	}
	return fyne.NewSize(moduleCardSize.Width*s, moduleCardSize.Height*(1+(s-1)*0.7))
}

// cardSummaryMax keeps a card's summary to about 3 lines; the module page shows it whole.
const cardSummaryMax = 72

// cardSummary returns the first sentence of a summary, cut at a word boundary when
// it is still too long for a card.
func cardSummary(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i+1]
	}
	runes := []rune(s)
	if len(runes) <= cardSummaryMax {
		return s
	}
	cut := string(runes[:cardSummaryMax])
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

func (u *ui) levelLabel(l courses.Level) string {
	if l == "" {
		l = courses.Beginner
	}
	return u.tr.T("module.level." + string(l))
}

// hoursLabel writes hours with the language's decimal sign: "1,5 h" in French and
// every other interface language but English ("1.5 h").
func (u *ui) hoursLabel(h float64) string {
	s := strconv.FormatFloat(h, 'f', -1, 64)
	if base, _ := u.tr.Language().Base(); base.String() != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return u.tr.T("module.hours", map[string]any{"Hours": s})
}

// moduleNumber returns the 1-based position of m in its pack.
func moduleNumber(pack *courses.Pack, m *courses.Module) int {
	for i, x := range pack.Modules {
		if x == m {
			return i + 1
		}
	}
	return 0
}

// nextModule returns the module after m in its pack, or nil.
func nextModule(pack *courses.Pack, m *courses.Module) *courses.Module {
	n := moduleNumber(pack, m)
	if n == 0 || n >= len(pack.Modules) {
		return nil
	}
	return pack.Modules[n]
}
