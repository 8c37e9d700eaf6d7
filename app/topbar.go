package app

import "declic/plugins/view"

// barSlot names a control of the bars always on screen: the top bar and the home
// screen's toolbar.
type barSlot int

const (
	barHome barSlot = iota
	barSearch
	barSpeaker
	barParcours
	barAttestations
	barSettings
	barLanguage
)

// barLabel is where a bar control's words go and which words they are.
type barLabel struct {
	// set shows text on the control when it exists.
	set func(u *ui, text string)
	// text is what the control says now, in the learner's language.
	text func(u *ui) string
}

// barLabels is what every control of the bars says. Each control takes its first
// words from here (barText) and switchLanguage walks the table (relabelBars): a
// new control of the bars needs one line here and nothing else.
var barLabels = [...]barLabel{
	barHome:         {setButton(func(u *ui) *view.PushButton { return u.home }), message("nav.home")},
	barSearch:       {setSearchPlaceholder, message("search.placeholder")},
	barSpeaker:      {setButton(func(u *ui) *view.PushButton { return u.access.speaker }), speakerText},
	barParcours:     {setButton(func(u *ui) *view.PushButton { return u.parcoursBtn }), message("learner.nav.parcours")},
	barAttestations: {setButton(func(u *ui) *view.PushButton { return u.attestBtn }), message("attest.open")},
	barSettings:     {setButton(func(u *ui) *view.PushButton { return u.access.settings }), message("a11y.title")},
	barLanguage:     {setButton(func(u *ui) *view.PushButton { return u.access.language }), languageText},
}

// barText is what the bar control slot says now.
func (u *ui) barText(slot barSlot) string { return barLabels[slot].text(u) }

// relabelBars gives every control of the bars the words of the current language.
func (u *ui) relabelBars() {
	for _, l := range barLabels {
		l.set(u, l.text(u))
	}
}

// message is the text of a catalogue message.
func message(id string) func(u *ui) string {
	return func(u *ui) string { return u.tr.T(id) }
}

// setButton sets the text of the button button returns, when there is one.
func setButton(button func(u *ui) *view.PushButton) func(u *ui, text string) {
	return func(u *ui, text string) {
		if b := button(u); b != nil {
			b.SetText(text)
		}
	}
}

// setSearchPlaceholder puts text in the empty search field, and names the field
// with it for screen readers.
func setSearchPlaceholder(u *ui, text string) {
	if e := u.search.entry; e != nil {
		e.SetPlaceHolder(text)
		e.Name = text
	}
}

// speakerText is « Arrêter » while the voice reads, « Écouter » otherwise.
func speakerText(u *ui) string {
	if u.access.reader.Speaking() {
		return u.tr.T("a11y.stop")
	}
	return u.tr.T("a11y.listen")
}

// languageText is the interface language in its own name (« Українська »).
func languageText(u *ui) string { return languageName(u.tr.Language().String()) }
