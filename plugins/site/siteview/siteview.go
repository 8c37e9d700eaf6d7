// Package siteview draws a "site" activity: a simulated website in a browser frame
// (an address bar and a back button), an app in a phone-shaped frame, or a window
// of the computer's desktop (a title bar), with the goal in a banner above it the
// whole time. Beside the frame stand « Un indice »,
// the messages after a wrong step, the SMS the site sends and, once the goal is
// reached, « Revoir mon parcours », which shows the pages the learner went
// through one by one with what they did there. Every control is a standard
// focusable widget: Tab moves, Space presses, Entrée in a field sends the page.
package siteview

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/i18n"
	"declic/plugins"
	"declic/plugins/site"
	"declic/plugins/view"
)

func init() { view.Register(site.Name, Build) }

// Build makes the site widget for a *site.Activity.
func Build(act plugins.Activity, env view.Env) fyne.CanvasObject {
	a, ok := act.(*site.Activity)
	if !ok {
		return view.Text(env.Tr().T("activity.unavailable"))
	}
	return newSite(a, env).content
}

// The phone frame's width and its screen's least height: about a real phone's
// at 100 %, within the room a 1280×720 screen gives.
const (
	PhoneWidth        float32 = 400
	phoneScreenHeight float32 = 260
)

// siteView is the whole activity: the mission, the frame, the side column.
type siteView struct {
	act     *site.Activity
	env     view.Env
	t       *i18n.Translator
	run     *site.Run
	session *view.Session
	phone   bool

	page    *pageView
	body    *fyne.Container // the page inside the frame
	address *widget.Label   // browser and desktop frames
	nav     fyne.CanvasObject
	window  *widget.Label // the title bar, desktop frame only
	back    *view.PushButton
	sms     *fyne.Container
	smsText *widget.Label

	side     *fyne.Container
	live     *fyne.Container // the side column while playing
	hint     *view.PushButton
	feedback *view.Feedback
	replay   *view.PushButton
	picker   *widget.PopUp
	tour     *replayView
	// pageAt is when the page on show came (after a step).
	pageAt time.Time

	// keys tells the last step was made with the keyboard (Space or Entrée on
	// a focused control, Entrée in a field): only then does the next page's
	// first control take the focus. After a click nothing on the new page is
	// highlighted, so no button stands out as the one to press.
	keys bool

	content *fyne.Container
}

func newSite(a *site.Activity, env view.Env) *siteView {
	t := env.Tr()
	v := &siteView{act: a, env: env, t: t, run: a.NewRun(env.T), session: view.NewSession(env), phone: a.Frame == site.Phone}
	v.body = container.NewStack()
	v.smsText = view.Text("")
	v.sms = smsCard(t, v.smsText, v.phone)
	v.back = env.SteadyButton("", theme.NavigateBackIcon(), v.goBack)
	v.back.Name = t.T("site.back")
	var frame fyne.CanvasObject
	switch a.Frame {
	case site.Phone:
		v.back.SetText(t.T("site.back"))
		frame = phoneFrame(v.sms, v.body, v.back)
	case site.Desktop:
		v.address = addressLabel()
		v.nav = addressBar(t, v.back, v.address)
		v.window = widget.NewLabel("")
		v.window.TextStyle = fyne.TextStyle{Bold: true}
		v.window.Truncation = fyne.TextTruncateEllipsis
		frame = desktopFrame(v.window, v.nav, v.body)
	default:
		v.address = addressLabel()
		frame = browserFrame(t, v.back, v.address, v.body)
	}

	v.hint = env.SteadyButton(t.T("site.hint"), theme.QuestionIcon(), v.showHint)
	v.replay = env.SteadyButton(t.T("site.replay"), theme.MediaReplayIcon(), v.toggleReplay)
	v.replay.Hide()
	v.feedback = view.NewFeedback()
	var liveSide []fyne.CanvasObject
	if a.Instruction != "" {
		prompt := view.Text(a.Instruction)
		prompt.TextStyle = fyne.TextStyle{Bold: true}
		liveSide = append(liveSide, view.Compact(prompt))
	}
	if !v.phone {
		liveSide = append(liveSide, v.sms)
	}
	v.live = container.NewVBox(append(liveSide, v.feedback)...)
	v.side = container.NewStack(v.live)

	// The mission stands above the frame with « Un indice » at its end; the
	// instruction, the SMS and the messages stand beside the frame: the whole
	// simulation holds on a 1280×720 screen.
	mission := container.NewBorder(nil, nil, nil, view.Buttons(v.hint, v.replay),
		missionBanner(t.T("site.mission", map[string]any{"Goal": a.Goal})))
	col := container.NewVBox()
	if v.phone {
		frame = container.NewHBox(layout.NewSpacer(), frame, layout.NewSpacer())
		col.Add(view.Columns(container.NewVBox(mission, frame), v.side, 40, 30))
	} else {
		col.Add(view.Columns(container.NewVBox(mission, frame), v.side, 52, 30))
	}
	v.content = view.Settle(col)
	v.showPage(false)
	if v.run.Done() {
		v.finish()
	}
	return v
}

// missionBanner shows the goal above the frame, with a flag and in bold, on a
// tinted band: the learner always knows what they are doing.
func missionBanner(text string) fyne.CanvasObject {
	bg := canvas.NewRectangle(view.Tinted(theme.Color(theme.ColorNamePrimary), 45))
	bg.CornerRadius = 6
	words := widget.NewLabel(text)
	words.TextStyle = fyne.TextStyle{Bold: true}
	words.Wrapping = fyne.TextWrapWord
	inset := theme.Padding() / 2
	row := container.NewBorder(nil, nil, view.MinSize(widget.NewIcon(flagIcon), 32, 32), nil,
		container.NewVBox(layout.NewSpacer(), view.Compact(words), layout.NewSpacer()))
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(inset, inset, theme.Padding(), theme.Padding()), row))
}

// flagIcon marks the mission: a flag on its pole, drawn in the theme's text colour.
var flagIcon = theme.NewThemedResource(fyne.NewStaticResource("mission.svg", []byte(
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">`+
		`<path d="M5 2h2v20H5z" fill="#000"/>`+
		`<path d="M7 3h12l-3 4.5 3 4.5H7z" fill="#000"/></svg>`)))

// addressLabel shows the site's address in an address bar, cut with « … » when
// it is longer than the bar.
func addressLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// addressBar is a browser's bar: back, forward and reload, then the site's
// address (with no padlock: browsers no longer show one). The back button is an
// arrow, as in a browser; read aloud, it is « Page précédente ».
func addressBar(t *i18n.Translator, back *view.PushButton, address *widget.Label) fyne.CanvasObject {
	forward := widget.NewIcon(theme.NavigateNextIcon())
	reload := widget.NewIcon(theme.ViewRefreshIcon())
	nav := container.NewHBox(newSpoken(view.MinSize(back, view.MinTarget, view.MinTarget), t.T("site.back_page")), container.NewCenter(forward), container.NewCenter(reload))
	pill := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	pill.CornerRadius = 16
	pill.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	pill.StrokeWidth = 1
	field := container.NewStack(pill, container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*2, theme.Padding()), container.NewVBox(layout.NewSpacer(), address, layout.NewSpacer())))
	barBg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	inset := theme.Padding() / 2
	return container.NewStack(barBg, container.New(layout.NewCustomPaddedLayout(inset, inset, inset*2, inset*2), container.NewBorder(nil, nil, nav, nil, field)))
}

// pageArea is the room of the page inside a frame, with a margin.
func pageArea(body fyne.CanvasObject) fyne.CanvasObject {
	pad := theme.Padding()
	return container.New(layout.NewCustomPaddedLayout(pad, pad, pad*2, pad*2), body)
}

// browserFrame draws a browser: its address bar above the page.
func browserFrame(t *i18n.Translator, back *view.PushButton, address *widget.Label, body fyne.CanvasObject) fyne.CanvasObject {
	return view.RowPanel(container.NewBorder(addressBar(t, back, address), nil, nil, nil, pageArea(body)))
}

// desktopFrame draws a window on the computer's desktop: a title bar with a
// window mark and the window's title, the address bar of a browser's window
// under it (shown for pages with an address), then the page; a strip of the
// desktop's colour shows around it. The title bar has no buttons: a drawn
// cross that does nothing would lead the learner astray, so the page's own
// items (« Fermer (la croix) ») are the ones to press.
func desktopFrame(title *widget.Label, nav, body fyne.CanvasObject) fyne.CanvasObject {
	barBg := canvas.NewRectangle(view.Tinted(theme.Color(theme.ColorNamePrimary), 60))
	inset := theme.Padding() / 2
	mark := view.MinSize(widget.NewIcon(windowIcon), 28, 28)
	titleBar := container.NewStack(barBg, container.New(layout.NewCustomPaddedLayout(inset, inset, inset*2, inset*2),
		container.NewBorder(nil, nil, container.NewCenter(mark), nil, view.Compact(title))))
	window := view.RowPanel(container.NewBorder(container.NewVBox(titleBar, nav), nil, nil, nil, pageArea(body)))
	wallpaper := canvas.NewRectangle(view.Tinted(theme.Color(theme.ColorNamePrimary), 30))
	wallpaper.CornerRadius = 6
	return container.NewStack(wallpaper, container.New(layout.NewCustomPaddedLayout(inset*2, inset*2, inset*2, inset*2), window))
}

// windowIcon marks a window's title bar: a window with its own title bar, drawn
// in the theme's text colour.
var windowIcon = theme.NewThemedResource(fyne.NewStaticResource("window.svg", []byte(
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">`+
		`<path d="M3 4h18v16H3zM5 9v9h14V9z" fill="#000" fill-rule="evenodd"/></svg>`)))

// phoneFrame draws a phone: a dark rounded case, a status bar with the time,
// the network and the battery, the app's screen, and a back button at the bottom.
func phoneFrame(sms, body fyne.CanvasObject, back *view.PushButton) fyne.CanvasObject {
	caseColor := color.NRGBA{R: 0x2b, G: 0x2b, B: 0x30, A: 0xff}
	shell := canvas.NewRectangle(caseColor)
	shell.CornerRadius = 28
	screen := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	screen.CornerRadius = 14
	clock := canvas.NewText("10:30", color.White)
	clock.TextStyle = fyne.TextStyle{Bold: true}
	network := canvas.NewText("4G", color.White)
	network.TextStyle = fyne.TextStyle{Bold: true}
	status := container.NewHBox(clock, layout.NewSpacer(), network, battery())
	pad := theme.Padding()
	app := container.New(layout.NewCustomPaddedLayout(pad, pad, pad*2, pad*2), container.NewBorder(sms, nil, nil, nil, body))
	screenArea := container.NewStack(screen, view.MinSize(app, 0, phoneScreenHeight))
	bottom := container.NewCenter(view.MinSize(back, 140, view.MinTarget))
	inner := container.NewBorder(container.New(layout.NewCustomPaddedLayout(2, 2, 14, 14), status), bottom, nil, nil, screenArea)
	return view.MinSize(container.NewStack(shell, container.New(layout.NewCustomPaddedLayout(10, 10, 10, 10), inner)), PhoneWidth, 0)
}

// battery draws a small battery, three quarters full, for the phone's status bar.
func battery() fyne.CanvasObject {
	outline := canvas.NewRectangle(color.Transparent)
	outline.StrokeColor = color.White
	outline.StrokeWidth = 1.5
	outline.CornerRadius = 2
	outline.Resize(fyne.NewSize(22, 11))
	outline.Move(fyne.NewPos(0, 4))
	level := canvas.NewRectangle(color.White)
	level.Resize(fyne.NewSize(14, 7))
	level.Move(fyne.NewPos(2, 6))
	tip := canvas.NewRectangle(color.White)
	tip.Resize(fyne.NewSize(2, 5))
	tip.Move(fyne.NewPos(23, 7))
	box := container.NewWithoutLayout(outline, level, tip)
	return view.MinSize(box, 28, 18)
}

// smsCard is the notification of an SMS the site sends: on the phone's screen in a
// phone frame, beside the browser otherwise (the code comes on the learner's phone,
// not on the website).
func smsCard(t *i18n.Translator, text *widget.Label, phone bool) *fyne.Container {
	bg := canvas.NewRectangle(view.Tinted(theme.Color(theme.ColorNameSuccess), 50))
	bg.CornerRadius = 12
	bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	bg.StrokeWidth = 1
	heading := t.T("site.sms_title")
	if !phone {
		heading = t.T("site.sms_on_phone")
	}
	title := widget.NewLabel(heading)
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.Wrapping = fyne.TextWrapWord
	top := container.NewBorder(nil, nil, widget.NewIcon(theme.MailComposeIcon()), nil, tight(title))
	card := container.NewStack(bg, container.NewPadded(container.NewVBox(top, text)))
	// Drawn in the pages' look: it belongs to the simulation, not to the app.
	shown := container.NewStack(container.NewThemeOverride(card, siteLook{}))
	shown.Hide()
	return shown
}

// showPage draws the run's page in the frame; moved tells the page just opened
// after a step, so the focus goes to its first control when the step was made
// with the keyboard, and leaves the old page's controls otherwise.
func (v *siteView) showPage(moved bool) {
	v.closePicker()
	var old []fyne.Focusable
	if v.page != nil {
		old = v.page.focusables()
	}
	idx := v.run.PageIndex()
	p := v.act.Pages[idx]
	hooks := &pageHooks{press: v.press, submit: v.submit, pickFile: v.pickFile, cookies: v.answerCookies, changed: v.session.Changed}
	if v.run.Done() {
		hooks = nil // the goal page is the end: nothing more to press
	}
	v.page = buildPage(v.act, idx, v.env, v.phone, hooks)
	for i, iv := range v.page.items {
		if iv.takesValue() {
			iv.setValue(v.run.Value(i), v.t)
		}
	}
	if hooks != nil {
		v.page.lock(v.run.CookiesPending())
	}
	v.body.Objects = []fyne.CanvasObject{v.page.root}
	v.body.Refresh()
	if moved {
		v.pageAt = v.clock().Now()
	}
	v.dress(p)
	if v.run.CanGoBack() {
		v.back.Enable()
	} else {
		v.back.Disable()
	}
	if p.SMS != "" {
		v.smsText.SetText(p.SMS)
		v.sms.Show()
	} else if moved {
		v.sms.Hide()
	}
	v.relayout()
	if moved && !v.run.Done() {
		if f := v.page.firstFocusable(v.run.CookiesPending()); f != nil && v.keys {
			view.FocusOn(v.env, f)
		} else if c := v.canvas(); c != nil && slices.Contains(old, c.Focused()) {
			c.Unfocus() // a field of the page left behind keeps no hidden focus
		}
	}
}

// hasFocus reports whether one of objs has the keyboard focus: a button or a
// link only has it when the learner went there with Tab, as a click does not
// give it.
func (v *siteView) hasFocus(objs ...fyne.Focusable) bool {
	c := v.canvas()
	if c == nil || c.Focused() == nil {
		return false
	}
	return slices.Contains(objs, c.Focused())
}

// dress shows page p's address and window title in the frame, and in the
// desktop frame the address bar only for a page with an address.
func (v *siteView) dress(p site.Page) {
	if v.address != nil {
		v.address.SetText(p.Address)
	}
	if v.window != nil {
		v.window.SetText(p.WindowTitle())
	}
	if v.nav != nil {
		if p.Address != "" {
			v.nav.Show()
		} else {
			v.nav.Hide()
		}
	}
}

// sync gives the run the values the learner typed, chose, ticked or picked.
func (v *siteView) sync() {
	for i, iv := range v.page.items {
		if iv.takesValue() && iv.value() != v.run.Value(i) {
			v.run.Set(i, iv.value())
		}
	}
}

func (v *siteView) press(item int) {
	v.pressWith(item, v.hasFocus(v.page.items[item].focusable()))
}

// pressWith presses item; keys tells it was done with the keyboard.
func (v *siteView) pressWith(item int, keys bool) {
	if v.run.Done() || v.settling() {
		return
	}
	v.session.Changed()
	v.keys = keys
	v.sync()
	v.after(v.run.Press(item))
}

// settling reports whether a new page came under the pointer sooner than the
// double-click time ago, for a learner with slow hands: a shaking second click,
// or the second click of a double-click on a link, meant for the page before,
// must not press what the new page has at that place.
func (v *siteView) settling() bool {
	h := v.env.PointerHands()
	if !h.IgnoreRepeats || v.pageAt.IsZero() {
		return false
	}
	return v.clock().Now().Sub(v.pageAt) < h.DoubleClick
}

// clock is the gestures' clock.
func (v *siteView) clock() view.Clock {
	if v.env.Clock != nil {
		return v.env.Clock
	}
	return view.SystemClock{}
}

// submit is Entrée in a field: it presses the page's default button, as a real
// form sends itself — whether that step is right or wrong.
func (v *siteView) submit() {
	if i := defaultButton(v.act.Pages[v.run.PageIndex()]); i >= 0 {
		v.pressWith(i, true)
	}
}

// defaultButton is the button Entrée in a field presses: the page's first button
// drawn as primary, else its first button; -1 when it has none. Like a browser,
// it looks at the page, never at which step is right.
func defaultButton(p site.Page) int {
	first := -1
	for i, it := range p.Items {
		if it.Type != site.Button {
			continue
		}
		if it.Look() == site.StylePrimary {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

func (v *siteView) answerCookies(answer string) {
	if v.settling() {
		return
	}
	v.session.Changed()
	keys := v.page.banner != nil && v.hasFocus(v.page.banner.focusables()...)
	v.after(v.run.Cookies(answer))
	if !v.run.CookiesPending() {
		v.page.lock(false)
		v.relayout()
		if f := v.page.firstFocusable(false); f != nil && keys {
			view.FocusOn(v.env, f)
		}
	}
}

func (v *siteView) goBack() {
	v.keys = v.hasFocus(v.back)
	v.sync()
	if o := v.run.Back(); o.Moved {
		v.feedback.Clear()
		v.showPage(true)
	}
}

// after shows what the site did: another page, the goal, or a wrong step with its
// message, the page's hint and, after two mistakes on a page, the way on.
func (v *siteView) after(o site.Outcome) {
	for i, iv := range v.page.items {
		iv.showError(o.Errors[i])
	}
	switch {
	case o.Done:
		v.showPage(true)
		v.finish()
	case o.Moved:
		v.feedback.Clear()
		v.showPage(true)
	case o.Mistake || o.Blocked:
		msg := o.Message
		if o.Hint != "" {
			msg += "\n" + v.t.T("site.hint_line", map[string]any{"Hint": o.Hint})
		}
		if way := v.way(); way != "" && v.run.PageMistakes() >= 2 {
			msg += "\n" + way
		}
		v.feedback.Set(false, v.t.T("activity.wrong"), msg)
		v.relayout()
		if first := v.firstError(o.Errors); first != nil {
			view.FocusOn(v.env, first)
		}
	}
}

// way names the next step towards the goal, for a learner who is stuck.
func (v *siteView) way() string {
	next := v.run.NextStep()
	if next < 0 {
		return ""
	}
	it := v.act.Pages[v.run.PageIndex()].Items[next]
	if it.Type == site.Cookies {
		return v.t.T("site.way_cookies")
	}
	return v.t.T("site.way", map[string]any{"Text": it.Words()})
}

func (v *siteView) firstError(errs map[int]string) fyne.Focusable {
	for i, iv := range v.page.items {
		if errs[i] != "" {
			return iv.focusable()
		}
	}
	return nil
}

// showHint shows the page's hint (or the mission again), without any penalty.
func (v *siteView) showHint() {
	hint := v.act.Pages[v.run.PageIndex()].Hint
	if hint == "" {
		hint = v.t.T("site.no_hint", map[string]any{"Goal": v.act.Goal})
	}
	if way := v.way(); way != "" && v.run.PageMistakes() >= 2 {
		hint += "\n" + way
	}
	v.feedback.Set(false, v.t.T("site.hint"), hint)
	v.relayout()
}

// finish reports the run to the lesson player and offers the replay.
func (v *siteView) finish() {
	r := v.run.Result()
	v.session.Attempt(r)
	v.session.Finish(r)
	v.hint.Hide()
	v.back.Disable()
	v.replay.Show()
	v.feedback.Set(true, v.t.T("activity.correct"), r.Feedback)
	v.relayout()
	view.FocusOn(v.env, v.replay)
}

// relayout lays the activity out again after parts were shown or hidden; before
// it is first given a size, there is nothing to lay out yet.
func (v *siteView) relayout() {
	if v.content.Size().Width > 0 {
		v.content.Refresh()
	}
}

// Run is the learner's run, for tests.
func (v *siteView) Run() *site.Run { return v.run }
