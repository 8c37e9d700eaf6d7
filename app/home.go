package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
)

// moduleCardSize fits 3 cards per row in a 1280-pixel window and 2 at 1024.
var moduleCardSize = fyne.NewSize(390, 210)

// ShowHome shows every installed pack as a grid of big module cards.
func (u *UI) ShowHome() {
	u.player = nil
	greeting := widget.NewLabelWithStyle(u.tr.T("home.greeting"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	greeting.SizeName = "headingText"
	hint := widget.NewLabel(u.tr.T("home.choose"))
	hint.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{greeting, hint}
	if len(u.opts.Packs) == 0 {
		items = append(items, widget.NewLabel(u.tr.T("home.no_packs")))
	}
	for _, pack := range u.opts.Packs {
		packTitle := widget.NewLabelWithStyle(pack.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		packTitle.SizeName = "subHeadingText"
		items = append(items, packTitle)
		var cards []fyne.CanvasObject
		for i, m := range pack.Modules {
			cards = append(cards, u.moduleCard(pack, m, i))
		}
		items = append(items, container.NewGridWrap(moduleCardSize, cards...))
	}
	u.show(container.NewVScroll(container.NewPadded(container.NewVBox(items...))))
}

// moduleCard is a big button: number, title, summary, level and hours. The button
// sits under the text so the whole card is one target, focusable with Tab.
func (u *UI) moduleCard(pack *courses.Pack, m *courses.Module, index int) fyne.CanvasObject {
	open := func() { u.OpenModule(pack, m) }
	btn := widget.NewButton("", open)
	number := canvas.NewText(u.tr.T("module.number", map[string]any{"Number": index + 1}), u.theme.Palette.Primary)
	number.TextStyle = fyne.TextStyle{Bold: true}
	number.TextSize = u.theme.Size("captionText")
	title := widget.NewLabelWithStyle(m.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	summary := widget.NewLabel(m.Summary)
	summary.Wrapping = fyne.TextWrapWord
	summary.Truncation = fyne.TextTruncateEllipsis
	meta := canvas.NewText(u.levelLabel(m.Level)+" · "+u.hoursLabel(m.Hours), u.theme.Palette.Foreground)
	meta.TextSize = u.theme.Size("captionText")
	text := container.NewBorder(container.NewVBox(number, title), meta, nil, nil, summary)
	return container.NewStack(btn, container.New(layout.NewCustomPaddedLayout(10, 10, 14, 14), text))
}

func (u *UI) levelLabel(l courses.Level) string {
	if l == "" {
		l = courses.Beginner
	}
	return u.tr.T("module.level." + string(l))
}

// hoursLabel writes hours the French way: "1,5 h".
func (u *UI) hoursLabel(h float64) string {
	s := strconv.FormatFloat(h, 'f', -1, 64)
	if base, _ := u.tr.Language().Base(); base.String() == "fr" {
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
