package app

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/learner"
	"declic/plugins/view"
	"declic/speech"
)

// a11yState is one window's accessibility settings and the voice reading its
// screens. The settings a profile keeps (text size, contrast, language, automatic
// reading, reading speed) are saved in learner.Preferences.
type a11yState struct {
	reader   *speech.Reader
	rate     float64
	autoRead bool
	// speaker is the top-bar button: "Écouter", or "Arrêter" while speaking.
	speaker *view.PushButton
	// settings and language are the top-bar buttons to the settings and languages.
	settings, language *view.PushButton
	// keys is the window's keyboard state (a11y_keys.go).
	keys keysState
	// hands is the room and time pointer gestures get (the slow-hands setting).
	hands     view.Hands
	slowHands bool
	// clock times gestures (tests pass their own).
	clock view.Clock
}

// newA11yState is the UI's accessibility state: the voice (engine, or the
// system's when nil), read-aloud settings, the keyboard's state and the hands.
func newA11yState(u *ui, engine speech.Engine) *a11yState {
	if engine == nil {
		engine = speech.New()
	}
	s := &a11yState{reader: speech.NewReader(engine), rate: speech.Normal,
		hands: view.NormalHands(), clock: view.SystemClock{}}
	s.reader.OnDone = func(error) { fyne.Do(u.refreshSpeaker) }
	return s
}

// forgetA11y stops the voice (on close).
func (u *ui) forgetA11y() {
	u.access.reader.Stop()
}

// a11yTopBar groups the three accessibility buttons of the top bar: listen, the
// display and voice settings, and the language.
func (u *ui) a11yTopBar() fyne.CanvasObject {
	return container.NewHBox(u.speakerButton(), u.settingsButton(), u.languageButton())
}

// speakerButton is the big "Écouter" button for the top bar: it reads the screen
// aloud, and becomes "Arrêter" while the voice speaks.
func (u *ui) speakerButton() fyne.CanvasObject {
	s := u.access
	s.speaker = view.NewPushButton(u.barText(barSpeaker), theme.VolumeUpIcon(), u.toggleReading)
	s.speaker.Importance = widget.HighImportance
	u.refreshSpeaker()
	return s.speaker
}

// settingsButton opens the accessibility settings (text size, colours, voice).
func (u *ui) settingsButton() fyne.CanvasObject {
	s := u.access
	s.settings = view.NewPushButton(u.barText(barSettings), theme.VisibilityIcon(), u.ShowAccessibility)
	return s.settings
}

// languageButton shows the interface language in its own name ("Українська") and
// opens the list of languages: two taps from home to change language.
func (u *ui) languageButton() fyne.CanvasObject {
	s := u.access
	s.language = view.NewPushButton(u.barText(barLanguage), languageIcon, u.ShowLanguages)
	return s.language
}

// refreshSpeaker shows "Écouter" or "Arrêter" on the speaker button.
func (u *ui) refreshSpeaker() {
	s := u.access
	if s.speaker == nil {
		return
	}
	if s.reader.Speaking() {
		s.speaker.SetIcon(theme.MediaStopIcon())
	} else {
		s.speaker.SetIcon(theme.VolumeUpIcon())
	}
	s.speaker.SetText(u.barText(barSpeaker))
}

// toggleReading stops the voice if it speaks, or reads the screen.
func (u *ui) toggleReading() {
	if u.access.reader.Speaking() {
		u.StopReading()
		return
	}
	u.ReadScreen()
}

// ReadScreen reads the text of the current screen aloud, in the language of the
// course when a lesson is open (its text is in that language), else in the
// interface's. Without a voice it explains how to install one.
func (u *ui) ReadScreen() {
	if u.body == nil {
		return
	}
	u.Read(screenText(u.body, u.navigationWords()), u.readingLanguage())
}

// Read reads text aloud (cleaned for the voice first) in lang.
func (u *ui) Read(text, lang string) {
	s := u.access
	err := s.reader.Read(speech.Clean(text, lang), speech.Options{Rate: s.rate, Lang: lang})
	if err != nil {
		u.explainVoiceProblem(err)
		return
	}
	u.refreshSpeaker()
}

// StopReading stops the voice.
func (u *ui) StopReading() {
	u.access.reader.Stop()
	u.refreshSpeaker()
}

// ReadingText is the text last sent to the voice (tests use it).
func (u *ui) ReadingText() string { return u.access.reader.Last() }

// screenChanged is called when a new screen is shown: the voice stops, and reads
// the new screen when the learner asked for automatic reading.
func (u *ui) screenChanged() {
	s := u.access
	s.reader.Stop()
	if s.autoRead && s.reader.Available() == nil {
		u.ReadScreen()
		return
	}
	u.refreshSpeaker()
}

func (u *ui) readingLanguage() string {
	if u.player != nil && u.player.pack != nil && u.player.pack.Language != "" {
		return u.player.pack.Language
	}
	return u.tr.Language().String()
}

// navigationWords are the labels of buttons that move between screens: read on
// every screen, they would only get in the way.
func (u *ui) navigationWords() map[string]bool {
	words := map[string]bool{}
	for _, id := range []string{"nav.home", "nav.back", "lesson.previous", "lesson.next", "lesson.skip", "lesson.finish",
		"end.back_home", "a11y.listen", "a11y.stop", "activity.check", "order.up", "order.down"} {
		words[u.tr.T(id)] = true
	}
	return words
}

// explainVoiceProblem says, in the learner's language, how to get a voice.
func (u *ui) explainVoiceProblem(err error) {
	msg := u.tr.T("a11y.voice.error")
	var nv *speech.NoVoiceError
	if errors.As(err, &nv) {
		switch nv.OS {
		case "linux":
			msg = u.tr.T("a11y.voice.missing.linux")
		case "windows":
			msg = u.tr.T("a11y.voice.missing.windows")
		case "darwin":
			msg = u.tr.T("a11y.voice.missing.mac")
		default:
			msg = u.tr.T("a11y.voice.missing.other")
		}
	}
	words := widget.NewLabel(msg)
	words.Wrapping = fyne.TextWrapWord
	u.showDialog(u.tr.T("a11y.voice.missing.title"), container.NewGridWrap(fyne.NewSize(520, 160), words),
		dialogChoice{label: u.tr.T("a11y.ok"), main: true, safe: true})
}

// speechText is implemented by custom widgets that want to be read aloud (the
// built-in labels, rich texts, buttons and checks are read without it).
type speechText interface {
	SpeechText() string
}

// screenText gathers the visible text of a screen, top to bottom: titles, text,
// activity instructions, choices and feedback. Buttons whose label is in skip
// (navigation) are left out.
func screenText(obj fyne.CanvasObject, skip map[string]bool) string {
	var lines []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !skip[s] {
			lines = append(lines, s)
		}
	}
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case speechText:
			add(x.SpeechText())
		case *view.Feedback:
			add(x.Word())
			add(x.Message())
		case *widget.Label:
			add(x.Text)
		case *widget.RichText:
			add(richTextLines(x.Segments))
		case *view.PushButton:
			add(x.Text)
		case *view.Check:
			add(x.Text)
		case *widget.RadioGroup:
			for _, opt := range x.Options {
				add(opt)
			}
		case *widget.Select:
			add(x.Selected)
		case *widget.Hyperlink:
			add(x.Text)
		case *widget.Card:
			add(x.Title)
			add(x.Subtitle)
			visit(x.Content)
		case *container.Scroll:
			visit(x.Content)
		case *windowRoot:
			visit(x.content)
		case *fyne.Container:
			for _, c := range readingOrder(x.Objects) {
				visit(c)
			}
		}
	}
	visit(obj)
	return strings.Join(lines, "\n")
}

// readingOrder sorts a container's children top to bottom, then left to right,
// as they are drawn: a border layout lists its centre first, but the header above
// it must be read first.
func readingOrder(objs []fyne.CanvasObject) []fyne.CanvasObject {
	out := append([]fyne.CanvasObject(nil), objs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Position(), out[j].Position()
		if a.Y != b.Y {
			return a.Y < b.Y
		}
		return a.X < b.X
	})
	return out
}

// richTextLines flattens rich text: one line per paragraph, heading or list item.
func richTextLines(segs []widget.RichTextSegment) string {
	var sb strings.Builder
	for _, seg := range segs {
		switch s := seg.(type) {
		case *widget.TextSegment:
			sb.WriteString(s.Text)
			if !s.Inline() {
				sb.WriteString("\n")
			}
		case *widget.ListSegment:
			for _, item := range s.Items {
				sb.WriteString(richTextLines([]widget.RichTextSegment{item}))
				sb.WriteString("\n")
			}
		case *widget.ParagraphSegment:
			sb.WriteString(richTextLines(s.Texts))
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// ShowAccessibility shows the settings screen: text size, colours, the voice and
// the language. Every choice applies at once and is kept in the open profile.
func (u *ui) ShowAccessibility() { u.showAccessibility("") }

// showAccessibility shows « Affichage et voix »; chosen is the text of the option
// just pressed, which keeps the focus when the screen is drawn again with it
// (from the keyboard, the next Tab goes on from there, and a second Entrée does
// not undo the choice).
func (u *ui) showAccessibility(chosen string) {
	s := u.access
	tr := u.tr
	title := widget.NewLabelWithStyle(tr.T("a11y.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	title.Wrapping = fyne.TextWrapWord

	var pressed *view.PushButton
	// choice is an option: apply it, keep it, show the screen again, then do what
	// comes after (the voice's sample, which a new screen would cut).
	choice := func(label string, on bool, apply func(), after ...func()) fyne.CanvasObject {
		b := choiceButton(label, on, func() {
			apply()
			u.savePreferences()
			u.showAccessibility(label)
			for _, f := range after {
				f()
			}
		})
		if label == chosen {
			pressed = b
		}
		return view.MinSize(b, 0, view.Target)
	}
	var sizes []fyne.CanvasObject
	for _, scale := range textScales {
		label := tr.T("a11y.size.percent", map[string]any{"Percent": int(scale*100 + 0.5)})
		sizes = append(sizes, choice(label, u.theme.Scale == scale, func() { u.applyTextScale(scale) }))
	}
	colours := []fyne.CanvasObject{
		choice(tr.T("a11y.colours.calm"), !u.highContrast(), func() { u.applyContrast(themeCalm) }),
		choice(tr.T("a11y.colours.high"), u.highContrast(), func() { u.applyContrast(themeHighContrast) }),
	}
	hands := []fyne.CanvasObject{
		choice(tr.T("a11y.hands.normal"), !s.slowHands, func() { u.applySlowHands(false) }),
		choice(tr.T("a11y.hands.slow"), s.slowHands, func() { u.applySlowHands(true) }),
	}
	handsWhat := widget.NewLabel(tr.T("a11y.hands.explain"))
	handsWhat.Wrapping = fyne.TextWrapWord
	var speeds []fyne.CanvasObject
	for _, sp := range []struct {
		id   string
		rate float64
	}{{"a11y.speed.slow", speech.Slow}, {"a11y.speed.normal", speech.Normal}, {"a11y.speed.fast", speech.Fast}} {
		speeds = append(speeds, choice(tr.T(sp.id), s.rate == sp.rate, func() { s.rate = sp.rate }, func() {
			u.Read(u.tr.T("a11y.voice.sample"), u.tr.Language().String())
		}))
	}
	auto := view.NewCheck(tr.T("a11y.auto_read"), func(on bool) {
		s.autoRead = on
		u.savePreferences()
	})
	auto.Checked = s.autoRead
	whereHint := widget.NewLabel(tr.T("a11y.where.hint"))
	whereHint.Wrapping = fyne.TextWrapWord
	try := view.NewPushButton(tr.T("a11y.voice.try"), theme.VolumeUpIcon(), func() {
		u.Read(u.tr.T("a11y.voice.sample"), u.tr.Language().String())
	})
	voiceState := widget.NewLabel("")
	voiceState.Wrapping = fyne.TextWrapWord
	if err := s.reader.Available(); err != nil {
		voiceState.SetText(tr.T("a11y.voice.none_yet"))
	}
	if voiceState.Text == "" {
		voiceState.Hide()
	}

	home := view.NewPushButton(tr.T("end.back_home"), theme.HomeIcon(), u.ShowHome)
	home.Importance = widget.HighImportance
	page := container.NewVBox(
		title,
		section(tr.T("a11y.size.title"), container.NewGridWithColumns(len(sizes), sizes...)),
		section(tr.T("a11y.colours.title"), container.NewGridWithColumns(2, colours...)),
		section(tr.T("a11y.hands.title"), container.NewVBox(container.NewGridWithColumns(2, hands...), handsWhat)),
		section(tr.T("a11y.voice.title"), container.NewVBox(
			container.NewGridWithColumns(len(speeds), speeds...), auto, whereHint, container.NewHBox(try), voiceState)),
		section(tr.T("a11y.language.title"), container.NewHBox(u.languageChoiceButton())),
	)
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(home)), nil, nil,
		view.ScrollPage(page)))
	u.escapeTo(u.ShowHome, nil) // every setting is saved as it is chosen
	if pressed != nil {
		u.mainControl(pressed)
	}
}

// languageChoiceButton is the language button of the settings screen.
func (u *ui) languageChoiceButton() fyne.CanvasObject {
	return view.NewPushButton(languageName(u.tr.Language().String()), languageIcon, u.ShowLanguages)
}

// section is a bold heading above a group of controls.
func section(heading string, body fyne.CanvasObject) fyne.CanvasObject {
	h := widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	h.SizeName = theme.SizeNameSubHeadingText
	h.Wrapping = fyne.TextWrapWord
	return container.NewVBox(h, body)
}

// choiceButton is one option of a group: the chosen one is a filled button with a
// check mark, so the choice never shows by colour alone.
func choiceButton(label string, chosen bool, tapped func()) *view.PushButton {
	b := view.NewPushButton(label, nil, tapped)
	if chosen {
		b.Icon = theme.ConfirmIcon()
		b.Importance = widget.HighImportance
	}
	return b
}

// applyTextScale changes the text size at once on every screen.
func (u *ui) applyTextScale(scale float32) {
	if scale <= 0 {
		scale = 1
	}
	u.theme.Scale = scale
	u.app.Settings().SetTheme(u.theme)
	u.arrangeTopBar()
}

// applyContrast switches between the calm and the high-contrast colours at once.
func (u *ui) applyContrast(name string) {
	u.theme.Palette = paletteNamed(name)
	u.app.Settings().SetTheme(u.theme)
}

func (u *ui) highContrast() bool { return u.theme.Palette == highContrastPalette }

// applySlowHands gives pointer gestures more time and room (slow) or the usual
// ones: the double-click time, the movement allowed during a click or a drag,
// the size of the mouse drills' targets. Activities shown from now on use it.
func (u *ui) applySlowHands(slow bool) {
	s := u.access
	s.slowHands = slow
	s.hands = view.NormalHands()
	if slow {
		s.hands = view.SlowHands()
	}
}

// ApplyPreferences applies a profile's display settings: text size, colours,
// language, automatic reading, reading speed and slow hands (called when a
// profile opens).
// An empty language leaves the interface's language as it is.
func (u *ui) ApplyPreferences(p learner.Preferences) {
	u.theme.Scale = float32(p.TextScale)
	if u.theme.Scale <= 0 {
		u.theme.Scale = 1
	}
	u.theme.Palette = paletteNamed(p.Theme)
	u.app.Settings().SetTheme(u.theme)
	u.arrangeTopBar()
	u.access.autoRead = p.ReadAloud
	u.applySlowHands(p.SlowHands)
	u.access.rate = p.SpeechRate
	if p.SpeechRate <= 0 {
		u.access.rate = speech.Normal
	}
	if p.Language != "" {
		if tag, ok := parseLanguage(p.Language); ok && tag.String() != u.tr.Language().String() {
			u.switchLanguage(tag)
		}
	}
}

// Preferences returns the display settings in use, as a profile keeps them.
func (u *ui) Preferences() learner.Preferences {
	name := themeCalm
	if u.highContrast() {
		name = themeHighContrast
	}
	return learner.Preferences{TextScale: float64(u.theme.Scale), Theme: name,
		Language: u.tr.Language().String(), ReadAloud: u.access.autoRead, SpeechRate: u.access.rate,
		SlowHands: u.access.slowHands}
}

// resetDisplay puts the default display back — text at 100 %, calm colours, normal
// reading speed, no automatic reading, usual gestures — when a profile closes, so
// the next person at a shared PC does not start with the previous learner's
// settings. The interface's language stays: the chooser speaks the language the
// window was in.
func (u *ui) resetDisplay() {
	s := u.access
	s.rate, s.autoRead = speech.Normal, false
	u.applySlowHands(false)
	if u.theme.Scale == 1 && !u.highContrast() {
		return // nothing to redraw
	}
	u.ApplyPreferences(learner.Preferences{})
}

// savePreferences keeps the display settings in the open profile, if any. A
// failure is shown by the learner store's usual message.
func (u *ui) savePreferences() {
	if u.store == nil || u.profile == nil {
		return
	}
	prefs := u.Preferences()
	if err := u.store.SetPreferences(context.Background(), u.profile.ID, prefs); err != nil {
		u.storeFailed(err)
		return
	}
	u.profile.Preferences = prefs
}

// languageIcon is a globe beside a language name (no flags: a language is not a
// country, and many learners' languages have several). Themed, so it takes the
// text colour in every palette.
var languageIcon = theme.NewThemedResource(fyne.NewStaticResource("langue.svg", []byte(
	`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">`+
		`<circle cx="12" cy="12" r="9" fill="none" stroke="#000" stroke-width="2"/>`+
		`<ellipse cx="12" cy="12" rx="4" ry="9" fill="none" stroke="#000" stroke-width="2"/>`+
		`<path d="M3 12h18M5 7h14M5 17h14" fill="none" stroke="#000" stroke-width="2"/></svg>`)))

// arabicAllowed tells whether Arabic may be chosen: Fyne 2.7 does not lay out
// right-to-left text (see docs/accessibility.md), so Arabic stays off unless
// DECLIC_LANG=ar asks for it.
func arabicAllowed() bool {
	v := strings.ToLower(os.Getenv("DECLIC_LANG"))
	return v == "ar" || strings.HasPrefix(v, "ar-") || strings.HasPrefix(v, "ar_")
}

// ShowLanguages lists the interface languages, each in its own name; one tap
// switches the whole interface and goes back home.
func (u *ui) ShowLanguages() {
	tr := u.tr
	title := widget.NewLabelWithStyle(tr.T("a11y.language.choose"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	title.Wrapping = fyne.TextWrapWord
	var buttons []fyne.CanvasObject
	for _, tag := range interfaceLanguages() {
		name := languageName(tag.String())
		if isExperimentalLanguage(tag) {
			name += " — " + tr.T("a11y.language.experimental")
		}
		b := choiceButton(name, tag.String() == tr.Language().String(), func() {
			u.switchLanguage(tag)
			u.savePreferences()
			u.ShowHome()
		})
		b.Alignment = widget.ButtonAlignLeading
		buttons = append(buttons, view.MinSize(b, 0, view.Target))
	}
	back := view.NewPushButton(tr.T("nav.back"), theme.NavigateBackIcon(), u.ShowHome)
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(back)), nil, nil,
		view.ScrollPage(container.NewVBox(title,
			container.NewGridWithColumns(2, buttons...), layout.NewSpacer()))))
	u.escapeTo(u.ShowHome, nil)
}
