package spotview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"declic/plugins"
	"declic/plugins/spot"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

const sms = `format = "sms"
[[parts]]
field = "from"
text = "06 00 00 00 00"
[[parts]]
text = "Votre colis est bloqué. Payez 1,99 € :"
trap = true
explain = "Un transporteur ne demande pas de payer par SMS."
[[parts]]
field = "url"
text = "colis-livraison.example.com"
trap = true
explain = "Ce lien ne mène pas au site du transporteur."
`

func build(t *testing.T, rec *viewtest.Recorder) fyne.CanvasObject {
	t.Helper()
	a, err := spot.Kind{}.Parse([]byte(sms), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	obj, ok := view.Build(a, rec.Env())
	if !ok {
		t.Fatal("spot view not registered")
	}
	return obj
}

func part(t *testing.T, obj fyne.CanvasObject, text string) *Part {
	t.Helper()
	for _, p := range viewtest.All[*Part](obj) {
		if p.Text() == text {
			return p
		}
	}
	t.Fatalf("no part %q", text)
	return nil
}

func TestTappingEveryTrapThenFinishingPasses(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	viewtest.Show(t, obj)
	test.Tap(part(t, obj, "06 00 00 00 00"))
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Ce n'est pas un piège.") {
		t.Errorf("a safe part says so: %q", texts)
	}
	test.Tap(part(t, obj, "Votre colis est bloqué. Payez 1,99 € :"))
	test.Tap(part(t, obj, "colis-livraison.example.com"))
	texts := strings.Join(viewtest.Texts(obj), "|")
	if strings.Count(texts, "Piège trouvé !") != 2 || !strings.Contains(texts, "payer par SMS") {
		t.Errorf("traps reveal their explanation: %q", texts)
	}
	test.Tap(viewtest.Button(t, obj, "J'ai fini"))
	if len(rec.Done) != 1 || !rec.Done[0].Passed || rec.Done[0].Score != 2.0/3 {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestFinishingEarlyShowsMissedTraps(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	viewtest.Show(t, obj)
	test.Tap(part(t, obj, "colis-livraison.example.com"))
	test.Tap(viewtest.Button(t, obj, "J'ai fini"))
	if len(rec.Attempts) != 1 || rec.Attempts[0].Passed || len(rec.Done) != 0 {
		t.Fatalf("attempts %+v done %+v", rec.Attempts, rec.Done)
	}
	texts := strings.Join(viewtest.Texts(obj), "|")
	if !strings.Contains(texts, "La bonne réponse :") || !strings.Contains(texts, "payer par SMS") {
		t.Errorf("missed trap not explained: %q", texts)
	}
	test.Tap(part(t, obj, "Votre colis est bloqué. Payez 1,99 € :"))
	if part(t, obj, "Votre colis est bloqué. Payez 1,99 € :").Marked() {
		t.Error("parts are locked after J'ai fini")
	}
	test.Tap(viewtest.Button(t, obj, "Continuer"))
	if len(rec.Done) != 1 || rec.Done[0].Passed {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

func TestKeyboardOnly(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	c := viewtest.Show(t, obj).Canvas()
	for _, text := range []string{"Votre colis est bloqué. Payez 1,99 € :", "colis-livraison.example.com"} {
		viewtest.TabTo(t, c, part(t, obj, text))
		viewtest.Press(t, c, fyne.KeyReturn)
	}
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "J'ai fini"))
	viewtest.Press(t, c, fyne.KeySpace)
	if len(rec.Done) != 1 || !rec.Done[0].Passed || rec.Done[0].Score != 1 {
		t.Fatalf("Done = %+v", rec.Done)
	}
}

// TestTheInstructionNamesWhatToLookFor: the view's own instruction asks for the
// traps by the word its feedback uses (« Piège trouvé ! »), one idea in a short
// sentence, not for « parties bizarres ».
func TestTheInstructionNamesWhatToLookFor(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj := build(t, &rec)
	viewtest.Show(t, obj)
	texts := strings.Join(viewtest.Texts(obj), "|")
	const want = "Cliquez sur chaque piège que vous voyez."
	if !strings.Contains(texts, want) {
		t.Errorf("the instruction beside the message: %q", texts)
	}
	test.Tap(part(t, obj, "colis-livraison.example.com"))
	if texts := strings.Join(viewtest.Texts(obj), "|"); !strings.Contains(texts, "Piège trouvé") {
		t.Errorf("the feedback names a trap with the same word: %q", texts)
	}
	if n := len(strings.Fields(want)); n > 12 {
		t.Errorf("the instruction has %d words", n)
	}
}
