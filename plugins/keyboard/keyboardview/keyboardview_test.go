package keyboardview

import (
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"declic/plugins"
	"declic/plugins/keyboard"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

func activity(t *testing.T, body string) *keyboard.Activity {
	t.Helper()
	a, err := keyboard.Kind{}.Parse([]byte(body), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a.(*keyboard.Activity)
}

// lit lists the highlighted keys, sorted (Maj and Ctrl appear twice: left and right).
func lit(d *drawnKeyboard) string {
	keys := d.Lit()
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

func TestKeysForAFrenchKeyboard(t *testing.T) {
	cases := map[rune]string{'m': "M", 'M': "Maj+M", '@': "AltGr+0", 'é': "2", '.': "Maj+;", '7': "Maj+7", ' ': "Espace", '-': "6"}
	for r, want := range cases {
		if got := strings.Join(KeysFor(r), "+"); got != want {
			t.Errorf("KeysFor(%q) = %q, want %q", r, got, want)
		}
	}
	if KeysFor('É') != nil {
		t.Error("É has no key of its own on a French keyboard")
	}
}

func TestTypingTheTextLightsTheNextKeyAndPasses(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	v := newTyping(activity(t, `text = "Marie@"`), rec.Env())
	viewtest.Show(t, v.content)
	if got := lit(v.keys); got != "M,Maj,Maj" {
		t.Errorf("first key for M: lit %q", got)
	}
	if !strings.Contains(v.next.Text, "Maj + M") {
		t.Errorf("the next key is also written in words: %q", v.next.Text)
	}
	test.Type(v.entry, "Marie")
	if got := lit(v.keys); got != "0,AltGr" {
		t.Errorf("for @: lit %q", got)
	}
	test.Type(v.entry, "x")
	if got := lit(v.keys); got != "Effacer" {
		t.Errorf("after a mistake Effacer lights up, got %q", got)
	}
	test.Tap(viewtest.Button(t, v.content, "Vérifier"))
	if len(rec.Attempts) != 1 || rec.Attempts[0].Passed {
		t.Fatalf("attempts %+v", rec.Attempts)
	}
	if texts := strings.Join(viewtest.Texts(v.content), "|"); !strings.Contains(texts, "Presque ! Le caractère 6 est « @ ». Vous avez écrit « x ».") {
		t.Errorf("kind hint missing: %q", texts)
	}
	v.entry.SetText("Marie@")
	test.Tap(viewtest.Button(t, v.content, "Vérifier"))
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestTypingWithTheKeyboardOnly(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, ok := view.Build(activity(t, `text = "Bonjour Léa"`), rec.Env())
	if !ok {
		t.Fatal("keyboard view not registered")
	}
	c := viewtest.Show(t, obj).Canvas()
	entry := viewtest.All[*view.Entry](obj)[0]
	viewtest.TabTo(t, c, entry)
	test.Type(c.Focused(), "Bonjour Léa") // the keys go to the focused widget
	viewtest.Press(t, c, fyne.KeyReturn)
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestShowingTheRightTextAfterAMistake(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, _ := view.Build(activity(t, `text = "Marie"`), rec.Env())
	viewtest.Show(t, obj)
	test.Type(viewtest.All[*view.Entry](obj)[0], "marie")
	test.Tap(viewtest.Button(t, obj, "Vérifier"))
	test.Tap(viewtest.Button(t, obj, "Voir la bonne réponse"))
	test.Tap(viewtest.Button(t, obj, "Continuer"))
	if len(rec.Done) != 1 || rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

// press sends a key press and release to the focused widget, as the desktop driver does.
func press(t *testing.T, c fyne.Canvas, names ...fyne.KeyName) {
	t.Helper()
	k, ok := c.Focused().(desktop.Keyable)
	if !ok {
		t.Fatalf("focused %T cannot take key presses", c.Focused())
	}
	for _, n := range names {
		k.KeyDown(&fyne.KeyEvent{Name: n})
	}
	for i := len(names) - 1; i >= 0; i-- {
		k.KeyUp(&fyne.KeyEvent{Name: names[i]})
	}
}

func TestPressingShortcutsWithTheKeyboard(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	v := newKeys(activity(t, `keys = ["Entrée", "Ctrl+C", "Ctrl+V"]`), rec.Env())
	obj := v.content
	c := viewtest.Show(t, obj).Canvas()
	if got := lit(v.drawn); got != "Entrée" {
		t.Errorf("lit %q", got)
	}
	viewtest.TabTo(t, c, v.capture)
	if v.capture.AcceptsTab() {
		t.Error("Tab must move on when it is not the key to press")
	}
	press(t, c, fyne.KeySpace)
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Vous avez appuyé sur : Espace") {
		t.Errorf("a wrong key is named kindly: %q", texts)
	}
	press(t, c, fyne.KeyReturn)
	if got := lit(v.drawn); got != "C,Ctrl" {
		t.Errorf("lit for Ctrl+C: %q", got)
	}
	press(t, c, desktop.KeyControlLeft, fyne.KeyC)
	press(t, c, desktop.KeyControlRight, fyne.KeyV)
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
	if rec.Done[0].Summary != "3 touches sur 3, autres : 3" {
		t.Errorf("summary %q (Espace and two Ctrl presses are extra)", rec.Done[0].Summary)
	}

}

func TestTappingTheCaptureAreaFocusesIt(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, _ := view.Build(activity(t, `keys = ["Tab"]`), rec.Env())
	c := viewtest.Show(t, obj).Canvas()
	capture := viewtest.All[*Capture](obj)[0]
	test.Tap(capture)
	if c.Focused() != capture {
		t.Fatal("a click on the area should give it the keyboard")
	}
	if !capture.AcceptsTab() {
		t.Fatal("when Tab is the key to learn, the area keeps it")
	}
	press(t, c, fyne.KeyTab)
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
	if capture.AcceptsTab() {
		t.Error("Tab moves the focus on again once the exercise is done")
	}
}

func TestKeyNameCoversTheDriversKeys(t *testing.T) {
	cases := map[fyne.KeyName]string{fyne.KeyReturn: "Entrée", fyne.KeyBackspace: "Effacer", desktop.KeyShiftLeft: "Maj",
		desktop.KeyAltRight: "AltGr", fyne.KeyA: "A", fyne.Key7: "7", fyne.KeyF5: "F5", fyne.KeyPageDown: "Page bas"}
	for k, want := range cases {
		if got, ok := KeyName(k); !ok || got != want {
			t.Errorf("KeyName(%q) = %q, %v; want %q", k, got, ok, want)
		}
	}
}

// TestCopyAndPasteAsksForThePaste: in an exercise with paste = true, Ctrl + V
// lights up once the word to paste is on screen, the right words typed twice
// are not enough, and a real paste passes.
func TestCopyAndPasteAsksForThePaste(t *testing.T) {
	a := test.NewTempApp(t)
	var rec viewtest.Recorder
	v := newTyping(activity(t, "text = \"bravo bravo\"\npaste = true"), rec.Env())
	viewtest.Show(t, v.content)
	test.Type(v.entry, "bravo")
	if strings.Contains(v.next.Text, "Ctrl") {
		t.Errorf("before the space, the next key is Espace: %q", v.next.Text)
	}
	test.Type(v.entry, " ")
	if !strings.Contains(v.next.Text, "Ctrl + V") {
		t.Errorf("once « bravo » can be copied, Ctrl + V lights up: %q", v.next.Text)
	}
	test.Type(v.entry, "bravo")
	test.Tap(viewtest.Button(t, v.content, "Vérifier"))
	if len(rec.Attempts) != 1 || rec.Attempts[0].Passed {
		t.Fatalf("the words typed twice pass: %+v", rec.Attempts)
	}
	if texts := strings.Join(viewtest.Texts(v.content), "|"); !strings.Contains(texts, "mais vous l'avez tapé") {
		t.Errorf("the feedback asks for the paste: %q", texts)
	}

	v.entry.SetText("bravo ")
	v.entry.CursorColumn = len("bravo ")
	a.Clipboard().SetContent("bravo")
	v.entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: a.Clipboard()})
	if v.entry.Text != "bravo bravo" {
		t.Fatalf("the paste gives %q", v.entry.Text)
	}
	test.Tap(viewtest.Button(t, v.content, "Vérifier"))
	if len(rec.Done) != 1 || !rec.Done[0].Passed {
		t.Fatalf("a real paste passes: %+v", rec.Done)
	}
}
