package siteview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/i18n"
	"declic/plugins/site"
	"declic/plugins/view"
)

// itemView holds the widgets of one item of a page: one of entry, choice, check,
// file, link or button, and the error line under it.
type itemView struct {
	item    site.Item
	entry   *view.Entry
	choice  *view.Select
	check   *view.Check
	file    *fileInput
	link    *siteLink
	button  *view.PushButton
	errRow  *fyne.Container
	errText *widget.Label
}

// fileInput is a file item: the button that opens the file window and the name
// of the document chosen.
type fileInput struct {
	button *view.PushButton
	icon   *widget.Icon
	chosen *widget.Label
	name   string
}

// value is what the learner gave the item, in the form site.Run.Set takes.
func (iv *itemView) value() string {
	switch {
	case iv.entry != nil:
		return iv.entry.Text
	case iv.choice != nil:
		return iv.choice.Selected
	case iv.check != nil:
		if iv.check.Checked {
			return "true"
		}
		return ""
	case iv.file != nil:
		return iv.file.name
	}
	return ""
}

// takesValue reports whether the item holds a value (a field, choice, check or file).
func (iv *itemView) takesValue() bool {
	return iv.entry != nil || iv.choice != nil || iv.check != nil || iv.file != nil
}

// setValue shows v in the item, as the learner left it.
func (iv *itemView) setValue(v string, t *i18n.Translator) {
	switch {
	case iv.entry != nil:
		iv.entry.SetText(v)
	case iv.choice != nil:
		if v != "" {
			iv.choice.SetSelected(v)
		}
	case iv.check != nil:
		iv.check.SetChecked(v == "true")
	case iv.file != nil:
		iv.file.choose(v, t)
	}
}

func (f *fileInput) choose(name string, t *i18n.Translator) {
	f.name = name
	if name == "" {
		f.icon.SetResource(theme.FileIcon())
		f.chosen.SetText(t.T("site.file_none"))
		f.chosen.TextStyle = fyne.TextStyle{Italic: true}
	} else {
		icon, _ := fileKind(name, t)
		f.icon.SetResource(icon)
		f.chosen.SetText(name)
		f.chosen.TextStyle = fyne.TextStyle{Bold: true}
	}
	f.chosen.Refresh()
}

// focusable is the widget Tab stops on for this item.
func (iv *itemView) focusable() fyne.Focusable {
	switch {
	case iv.entry != nil:
		return iv.entry
	case iv.choice != nil:
		return iv.choice
	case iv.check != nil:
		return iv.check
	case iv.file != nil:
		return iv.file.button
	case iv.link != nil:
		return iv.link
	case iv.button != nil:
		return iv.button
	}
	return nil
}

// setEnabled switches the item on or off (off while the cookie banner waits, and
// in the replay).
func (iv *itemView) setEnabled(on bool) {
	type switchable interface {
		Enable()
		Disable()
	}
	var w switchable
	switch {
	case iv.entry != nil:
		w = iv.entry
	case iv.choice != nil:
		w = iv.choice
	case iv.check != nil:
		w = iv.check
	case iv.file != nil:
		w = iv.file.button
	case iv.link != nil:
		w = iv.link
	case iv.button != nil:
		w = iv.button
	}
	if w == nil {
		return
	}
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// showError writes msg under the item, or hides the error line when msg is "".
func (iv *itemView) showError(msg string) {
	if iv.errRow == nil {
		return
	}
	if msg == "" {
		iv.errRow.Hide()
		return
	}
	iv.errText.SetText(msg)
	iv.errRow.Show()
}

// pageHooks is what the page's widgets call.
type pageHooks struct {
	press    func(item int)
	submit   func()
	pickFile func(item int)
	cookies  func(answer string)
	// changed is told that the learner typed, chose or ticked something.
	changed func()
}

// pageView is one page of the site drawn in the frame.
type pageView struct {
	index  int
	items  []*itemView
	banner *cookieBanner
	veil   *canvas.Rectangle
	root   fyne.CanvasObject
}

// buildPage draws page index of a. hooks nil draws it inert, for the replay.
func buildPage(a *site.Activity, index int, env view.Env, narrow bool, hooks *pageHooks) *pageView {
	p := a.Pages[index]
	pv := &pageView{index: index}
	live := hooks != nil
	if !live {
		hooks = &pageHooks{press: func(int) {}, submit: func() {}, pickFile: func(int) {}, cookies: func(string) {}, changed: func() {}}
	}
	var top []fyne.CanvasObject
	if h := a.Heading(p); h != "" {
		top = append(top, tight(view.Heading(h)))
	}
	for _, para := range p.Paragraphs() {
		top = append(top, view.Text(para))
	}
	// Fields, choices and files stand side by side, up to three a row (one under
	// the other on a phone); check boxes, links and buttons follow each other on
	// a line, as on a real page.
	var rows []fyne.CanvasObject
	var fields, inline []fyne.CanvasObject
	cols := 3
	if narrow {
		cols = 1
	}
	flushFields := func() {
		if len(fields) > 0 {
			rows = append(rows, grid(cols, 240, fields...))
			fields = nil
		}
	}
	flushInline := func() {
		switch {
		case len(inline) == 0:
		case narrow:
			rows = append(rows, inline...) // an app's rows and buttons fill the screen's width
		default:
			rows = append(rows, view.Flow(inline...))
		}
		inline = nil
	}
	for i, it := range p.Items {
		iv := &itemView{item: it}
		pv.items = append(pv.items, iv)
		switch it.Type {
		case site.Cookies:
			continue // drawn as the banner at the bottom of the page
		case site.Field, site.Choice, site.File:
			flushInline()
			fields = append(fields, fieldBox(iv, it, env, hooks, i))
		default:
			flushFields()
		}
		switch it.Type {
		case site.Link, site.Button:
			// Drawn as the real site draws it (its style), never by whether the
			// step is right or wrong: the learner reads the words to choose.
			inline = append(inline, pressable(iv, it, env, narrow, func() { hooks.press(i) }))
		case site.Check:
			iv.check = view.NewCheck(it.Text, func(bool) { hooks.changed() })
			iv.errRow, iv.errText = errorLine()
			inline = append(inline, container.NewVBox(view.MinSize(iv.check, 0, view.MinTarget), iv.errRow))
		}
	}
	flushFields()
	flushInline()
	main := container.NewVBox(append(top, rows...)...)
	var body fyne.CanvasObject = main
	if pic := view.Picture(env, p.Image, 260, 170); pic != nil {
		if narrow {
			body = container.NewVBox(append([]fyne.CanvasObject{container.NewCenter(pic)}, main)...)
		} else {
			body = view.Illustrated(main, pic, 34)
		}
	}
	if c := p.CookieItem(); c >= 0 && live {
		pv.banner = newCookieBanner(env, hooks.cookies)
		pv.veil = canvas.NewRectangle(view.Tinted(theme.Color(theme.ColorNameBackground), 150))
		// Like on real sites, the banner lies over the bottom of the page, veiled
		// until the banner is answered.
		body = container.New(bottomBanner{}, body, pv.veil, pv.banner.root)
	}
	if !live {
		for _, iv := range pv.items {
			iv.setEnabled(false)
		}
	}
	pv.root = container.NewThemeOverride(body, siteLook{})
	return pv
}

// pressable draws a link or a button in its style: underlined words for a link
// look (in an app, a row of a list with an arrow at its end, pressed anywhere on
// the row), a framed button for a plain look, a filled one for a primary look.
func pressable(iv *itemView, it site.Item, env view.Env, narrow bool, press func()) fyne.CanvasObject {
	look := it.Look()
	switch {
	case look == site.StyleLink && narrow:
		iv.button = env.SteadyButton(it.Text, nil, press)
		iv.button.Role = view.RoleLink
		iv.button.Alignment = widget.ButtonAlignLeading
		iv.button.Importance = widget.LowImportance
		arrow := container.NewBorder(nil, nil, nil, widget.NewIcon(theme.NavigateNextIcon()))
		return container.NewVBox(view.MinSize(container.NewStack(iv.button, arrow), 0, view.MinTarget), widget.NewSeparator())
	case look == site.StyleLink:
		iv.link = newSiteLink(it.Text, env.PointerHands(), press)
		return view.MinSize(container.NewVBox(layout.NewSpacer(), iv.link, layout.NewSpacer()), 0, view.MinTarget)
	}
	iv.button = env.SteadyButton(it.Text, nil, press)
	if look == site.StylePrimary {
		iv.button.Importance = widget.HighImportance
	}
	return view.MinSize(iv.button, 120, view.MinTarget+4)
}

// fieldBox draws a field, a choice or a file item: its name above (a file's name
// is on its button), the control, and the error line under it.
func fieldBox(iv *itemView, it site.Item, env view.Env, hooks *pageHooks, i int) fyne.CanvasObject {
	t := env.Tr()
	iv.errRow, iv.errText = errorLine()
	var control fyne.CanvasObject
	switch it.Type {
	case site.Field:
		if it.Input == site.Password {
			iv.entry = view.NewPasswordEntry()
		} else {
			iv.entry = view.NewEntry()
		}
		if it.Input == site.Date {
			iv.entry.SetPlaceHolder("JJ/MM/AAAA")
		}
		iv.entry.Name = it.Label
		iv.entry.OnSubmitted = func(string) { hooks.submit() }
		iv.entry.OnChanged = func(string) { hooks.changed() }
		control = view.MinSize(iv.entry, 220, view.MinTarget+4)
	case site.Choice:
		iv.choice = view.NewSelect(it.Options, func(string) { hooks.changed() })
		iv.choice.PlaceHolder = t.T("form.choose")
		iv.choice.Name = it.Label
		control = view.MinSize(iv.choice, 220, view.MinTarget+4)
	case site.File:
		f := &fileInput{icon: widget.NewIcon(theme.FileIcon()), chosen: widget.NewLabel("")}
		f.chosen.Wrapping = fyne.TextWrapBreak // the whole name, to check it is the right document
		f.button = env.SteadyButton(it.Label, theme.MailAttachmentIcon(), func() { hooks.pickFile(i) })
		f.choose("", t)
		iv.file = f
		// The document chosen stands where a field's name does, so a file
		// item lines up with a field beside it; its button says what it does.
		chosen := container.NewBorder(nil, nil, f.icon, nil, tight(f.chosen))
		return container.NewVBox(chosen, container.NewHBox(view.MinSize(f.button, 0, view.MinTarget+4)), iv.errRow)
	}
	name := widget.NewRichText(nameSegments(it.Label, it.Hint)...)
	name.Wrapping = fyne.TextWrapWord
	return container.NewVBox(tight(name), control, iv.errRow)
}

// nameSegments shows a field's name in bold, then its hint in smaller letters.
func nameSegments(label, hint string) []widget.RichTextSegment {
	name := &widget.TextSegment{Text: label, Style: widget.RichTextStyleStrong}
	name.Style.Inline = true
	segs := []widget.RichTextSegment{name}
	if hint != "" {
		h := &widget.TextSegment{Text: " " + hint, Style: widget.RichTextStyleInline}
		h.Style.SizeName = theme.SizeNameCaptionText
		segs = append(segs, h)
	}
	return segs
}

// lock switches every item of the page off while its cookie banner waits (a veil
// over the page shows it), and on again once it is answered.
func (pv *pageView) lock(locked bool) {
	for _, iv := range pv.items {
		iv.setEnabled(!locked)
	}
	if pv.veil != nil {
		pv.veil.Hidden = !locked
		pv.veil.Refresh()
	}
	if pv.banner != nil {
		if locked {
			pv.banner.root.Show()
		} else {
			pv.banner.root.Hide()
		}
	}
}

// firstFocusable is where the focus goes when the page opens: the cookie banner
// when it waits, else the page's first control.
func (pv *pageView) firstFocusable(locked bool) fyne.Focusable {
	if locked && pv.banner != nil {
		return pv.banner.accept
	}
	for _, iv := range pv.items {
		if f := iv.focusable(); f != nil {
			return f
		}
	}
	return nil
}

// focusables are the controls Tab stops on in the page and its cookie banner.
func (pv *pageView) focusables() []fyne.Focusable {
	var out []fyne.Focusable
	for _, iv := range pv.items {
		if f := iv.focusable(); f != nil {
			out = append(out, f)
		}
	}
	if pv.banner != nil {
		out = append(out, pv.banner.focusables()...)
	}
	return out
}

// cookieBanner is the message about cookies at the bottom of a page, with the
// three answers real sites give, and « Personnaliser » opening two switches.
type cookieBanner struct {
	accept, refuse, custom, save *view.PushButton
	ads, stats                   *view.Check
	choices                      *fyne.Container
	root                         *fyne.Container
}

// focusables are the banner's buttons and switches.
func (b *cookieBanner) focusables() []fyne.Focusable {
	return []fyne.Focusable{b.accept, b.refuse, b.custom, b.save, b.ads, b.stats}
}

func newCookieBanner(env view.Env, answer func(string)) *cookieBanner {
	t := env.Tr()
	b := &cookieBanner{}
	title := &widget.TextSegment{Text: t.T("site.cookies_title") + " ", Style: widget.RichTextStyleStrong}
	title.Style.Inline = true
	explain := &widget.TextSegment{Text: t.T("site.cookies_explain"), Style: widget.RichTextStyleInline}
	words := widget.NewRichText(title, explain)
	words.Wrapping = fyne.TextWrapWord
	b.accept = env.SteadyButton(t.T("site.cookies_accept"), nil, func() { answer(site.Accept) })
	b.refuse = env.SteadyButton(t.T("site.cookies_refuse"), nil, func() { answer(site.Refuse) })
	b.custom = env.SteadyButton(t.T("site.cookies_custom"), nil, func() {
		b.choices.Show()
		b.root.Refresh()
	})
	b.ads = view.NewCheck(t.T("site.cookies_ads"), nil)
	b.stats = view.NewCheck(t.T("site.cookies_stats"), nil)
	b.save = env.SteadyButton(t.T("site.cookies_save"), nil, func() {
		if b.ads.Checked || b.stats.Checked {
			answer(site.Accept)
		} else {
			answer(site.Refuse)
		}
	})
	b.choices = container.NewVBox(view.Flow(view.MinSize(b.ads, 0, view.MinTarget), view.MinSize(b.stats, 0, view.MinTarget)), view.Flow(view.MinSize(b.save, 160, view.Target)))
	b.choices.Hide()
	buttons := view.Flow(view.MinSize(b.accept, 150, view.Target), view.MinSize(b.refuse, 150, view.Target), view.MinSize(b.custom, 150, view.Target))
	inner := container.NewVBox(words, buttons, b.choices)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 2
	bg.CornerRadius = 6
	b.root = container.NewStack(bg, container.NewPadded(inner))
	return b
}

// bottomBanner lays out a page, the veil over it, and the cookie banner at the
// bottom of both; it is as tall as the taller of the page and the banner.
type bottomBanner struct{}

func (bottomBanner) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for i, o := range objs {
		if i < 2 {
			o.Move(fyne.NewPos(0, 0))
			o.Resize(size)
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, size.Height-h))
		o.Resize(fyne.NewSize(size.Width, h))
	}
}

func (bottomBanner) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		if o.Visible() {
			m = m.Max(o.MinSize())
		}
	}
	return m
}
