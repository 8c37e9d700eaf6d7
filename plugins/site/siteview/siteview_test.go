package siteview

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/i18n"
	"declic/plugins"
	"declic/plugins/site"
	"declic/plugins/view"
	"declic/plugins/view/viewtest"
)

var shots = flag.String("shots", "", "write a PNG of each tested screen to this folder")

// shot saves the window's picture as name.png in the -shots folder, if given.
func shot(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	if *shots == "" {
		return
	}
	if err := os.MkdirAll(*shots, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(*shots, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

func parse(t *testing.T, body string) *site.Activity {
	t.Helper()
	a, err := site.Kind{}.Parse([]byte(body), plugins.Position{File: "l.md", Line: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a.(*site.Activity)
}

func caf(t *testing.T) *site.Activity {
	t.Helper()
	data, err := os.ReadFile("../testdata/caf.toml")
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, string(data))
}

// build shows a's widget in a 1280×720 test window.
func build(t *testing.T, a *site.Activity, rec *viewtest.Recorder) (fyne.CanvasObject, fyne.Window) {
	t.Helper()
	obj, ok := view.Build(a, rec.Env())
	if !ok {
		t.Fatal("site view not registered")
	}
	w := viewtest.Show(t, obj)
	return obj, w
}

// space presses Space as a window does: the key, then the character.
func space(t *testing.T, c fyne.Canvas) {
	t.Helper()
	f := c.Focused()
	if f == nil {
		t.Fatal("nothing has the focus to receive Space")
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if f == c.Focused() {
		f.TypedRune(' ')
	}
}

func texts(obj fyne.CanvasObject) string { return strings.Join(viewtest.Texts(obj), "|") }

// link returns the visible link whose words are text.
func link(t *testing.T, obj fyne.CanvasObject, text string) *siteLink {
	t.Helper()
	for _, l := range viewtest.All[*siteLink](obj) {
		if l.Text == text {
			return l
		}
	}
	t.Fatalf("no link %q", text)
	return nil
}

// overlayButton returns the button with text in the canvas's top overlay (the
// file window).
func overlayButton(t *testing.T, c fyne.Canvas, text string) *view.PushButton {
	t.Helper()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("no window is open over the page")
	}
	return viewtest.Button(t, top, text)
}

func fileRowNamed(t *testing.T, c fyne.Canvas, name string) *fileRow {
	t.Helper()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("the file window is not open")
	}
	for _, r := range viewtest.All[*fileRow](top) {
		if r.Name() == name {
			return r
		}
	}
	t.Fatalf("no document %q in the file window", name)
	return nil
}

func TestTheMissionAddressAndCookieBannerShowFirst(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, w := build(t, caf(t), &rec)
	shot(t, w, "caf-1-cookies")
	all := texts(obj)
	for _, want := range []string{"Votre mission : Envoyer le justificatif de domicile", "caf.fr", "Bienvenue sur Mon Compte", "Bonjour Marie.\nVous avez 1 message.", "Ce site utilise des cookies."} {
		if !strings.Contains(all, want) {
			t.Errorf("the screen lacks %q: %q", want, all)
		}
	}
	if !viewtest.Button(t, obj, "Envoyer un document").Disabled() || !link(t, obj, "Nos offres partenaires").Disabled() {
		t.Error("the page waits for the cookie banner")
	}
	for _, b := range []string{"Tout accepter", "Tout refuser", "Personnaliser", "Un indice"} {
		if viewtest.Button(t, obj, b).Disabled() {
			t.Errorf("%s should be usable", b)
		}
	}
	if viewtest.HasButton(obj, "Revoir mon parcours") {
		t.Error("the replay comes after the goal")
	}
}

func TestMouseCompletion(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, w := build(t, caf(t), &rec)
	c := w.Canvas()
	test.Tap(viewtest.Button(t, obj, "Tout accepter"))
	if fb := viewtest.All[*view.Feedback](obj); len(fb) != 1 || !strings.Contains(fb[0].Message(), "Vous pouvez tout refuser.") || !strings.Contains(fb[0].Message(), "Indice : Cherchez le bouton pour envoyer un document.") {
		t.Fatalf("accepting the cookies is a wrong step with its message and the hint: %+v", fb)
	}
	test.Tap(viewtest.Button(t, obj, "Tout refuser"))
	if viewtest.HasButton(obj, "Tout refuser") {
		t.Fatal("the banner goes away once answered")
	}
	test.Tap(link(t, obj, "Nos offres partenaires"))
	shot(t, w, "caf-2-wrong-link")
	if msg := viewtest.All[*view.Feedback](obj)[0].Message(); !strings.HasPrefix(msg, "Ce lien mène à de la publicité.") {
		t.Errorf("wrong link message: %q", msg)
	}
	test.Tap(viewtest.Button(t, obj, "Envoyer un document"))
	all := texts(obj)
	if !strings.Contains(all, "caf.fr/mon-compte/documents") || !strings.Contains(all, "votre code de confirmation est 482913") {
		t.Fatalf("the second page, its address and the SMS: %q", all)
	}
	if len(viewtest.All[*view.Feedback](obj)) != 0 {
		t.Error("the message of the first page is gone on the second")
	}
	// Sent empty: a message under each wrong item, and the learner stays.
	test.Tap(viewtest.Button(t, obj, "Valider l'envoi"))
	var shown []string
	for _, l := range viewtest.All[*widget.Label](obj) {
		if l.Importance == widget.DangerImportance {
			shown = append(shown, l.Text)
		}
	}
	if len(shown) != 4 || shown[0] != "Choisissez une réponse dans la liste." || shown[1] != "Choisissez un fichier." {
		t.Errorf("errors under the items: %q", shown)
	}
	shot(t, w, "caf-3-errors")
	viewtest.All[*view.Select](obj)[0].SetSelected("Justificatif de domicile")
	test.Tap(viewtest.Button(t, obj, "Ajouter un fichier"))
	shot(t, w, "caf-4-file-window")
	if overlayButton(t, c, "Ouvrir").Disabled() == false {
		t.Error("« Ouvrir » waits for a document")
	}
	viewtest.Click(fileRowNamed(t, c, "photo-vacances.jpg"), fyne.Delta{})
	viewtest.Click(fileRowNamed(t, c, "facture-electricite-mars.pdf"), fyne.Delta{})
	if fileRowNamed(t, c, "photo-vacances.jpg").Selected() {
		t.Error("one document is selected at a time")
	}
	test.Tap(overlayButton(t, c, "Ouvrir"))
	if c.Overlays().Top() != nil || !strings.Contains(texts(obj), "facture-electricite-mars.pdf") {
		t.Fatalf("the window closes and the page shows the document: %q", texts(obj))
	}
	test.Type(viewtest.All[*view.Entry](obj)[0], "482913")
	box := viewtest.All[*view.Check](obj)[0]
	test.TapAt(box, fyne.NewPos(12, box.Size().Height/2)) // on the box, as a hand would
	if len(rec.Done) != 0 {
		t.Fatal("not done before the last button")
	}
	test.Tap(viewtest.Button(t, obj, "Valider l'envoi"))
	shot(t, w, "caf-5-done")
	if len(rec.Done) != 1 || !rec.Done[0].Passed || rec.Done[0].Score != 0.25 || len(rec.Attempts) != 1 {
		t.Fatalf("done once, passed, 3 mistakes: attempts %+v done %+v", rec.Attempts, rec.Done)
	}
	if !strings.Contains(texts(obj), "Document envoyé") || !strings.Contains(texts(obj), "Vous avez fait 3 erreurs.") {
		t.Errorf("the goal page and the result: %q", texts(obj))
	}
	if viewtest.HasButton(obj, "Un indice") {
		t.Error("no hint after the end")
	}
	test.Tap(viewtest.Button(t, obj, "Revoir mon parcours"))
	shot(t, w, "caf-6-replay")
	all = texts(obj)
	for _, want := range []string{"Votre parcours : page 1 sur 3", "Vous avez refusé les cookies.", "Vous avez appuyé sur « Nos offres partenaires ».", "Ce lien mène à de la publicité. Ce n'est pas votre démarche.", "Vous avez appuyé sur « Envoyer un document »."} {
		if !strings.Contains(all, want) {
			t.Errorf("the replay's first page lacks %q: %q", want, all)
		}
	}
	test.Tap(viewtest.Button(t, obj, "Page d'après"))
	all = texts(obj)
	for _, want := range []string{"Votre parcours : page 2 sur 3", "« Type de document » : « Justificatif de domicile »", "« Ajouter un fichier » : « facture-electricite-mars.pdf »", "Vous avez coché « Je certifie que ce document est exact ».", "La page n'est pas encore envoyée."} {
		if !strings.Contains(all, want) {
			t.Errorf("the replay's second page lacks %q: %q", want, all)
		}
	}
	if e := viewtest.All[*view.Entry](obj); len(e) != 1 || e[0].Text != "482913" || !e[0].Disabled() {
		t.Errorf("the page is shown as the learner left it, locked: %+v", e)
	}
	test.Tap(viewtest.Button(t, obj, "Page d'après"))
	if all := texts(obj); !strings.Contains(all, "page 3 sur 3") || !strings.Contains(all, "C'est la fin : la mission est réussie.") || viewtest.HasButton(obj, "Page d'après") {
		t.Errorf("the last page of the replay: %q", all)
	}
	test.Tap(viewtest.Button(t, obj, "Fermer le parcours"))
	if !viewtest.HasButton(obj, "Revoir mon parcours") || len(rec.Done) != 1 {
		t.Error("closing the replay shows the result again, and nothing is reported twice")
	}
}

func TestKeyboardOnlyCompletion(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, w := build(t, caf(t), &rec)
	c := w.Canvas()
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Tout refuser"))
	space(t, c)
	if c.Focused() != link(t, obj, "Nos offres partenaires") {
		t.Fatalf("once the banner is answered, the focus goes to the page: %T", c.Focused())
	}
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Envoyer un document"))
	space(t, c)
	sel := viewtest.All[*view.Select](obj)[0]
	if c.Focused() != sel {
		t.Fatalf("the new page's first control has the focus: %T", c.Focused())
	}
	space(t, c) // opens the list
	for _, key := range []fyne.KeyName{fyne.KeyDown, fyne.KeyReturn} {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: key})
	}
	if sel.Selected != "Justificatif de domicile" {
		t.Fatalf("arrows and Entrée choose, got %q", sel.Selected)
	}
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Ajouter un fichier"))
	space(t, c)
	if _, ok := c.Focused().(*fileRow); !ok {
		t.Fatalf("the file window takes the focus: %T", c.Focused())
	}
	viewtest.TabTo(t, c, fileRowNamed(t, c, "facture-electricite-mars.pdf"))
	viewtest.Press(t, c, fyne.KeyReturn) // Entrée opens the focused document
	if c.Overlays().Top() != nil || c.Focused() != viewtest.Button(t, obj, "Ajouter un fichier") {
		t.Fatalf("the window closes and the focus comes back: %T", c.Focused())
	}
	viewtest.TabTo(t, c, viewtest.All[*view.Check](obj)[0])
	space(t, c)
	code := viewtest.All[*view.Entry](obj)[0]
	viewtest.TabTo(t, c, code)
	test.Type(c.Focused(), "482913")
	viewtest.Press(t, c, fyne.KeyReturn) // Entrée in a field sends the page
	if len(rec.Done) != 1 || !rec.Done[0].Passed || rec.Done[0].Score != 1 {
		t.Fatalf("done by keyboard without a mistake: %+v", rec.Done)
	}
	if c.Focused() != viewtest.Button(t, obj, "Revoir mon parcours") {
		t.Fatalf("the focus goes to « Revoir mon parcours »: %T", c.Focused())
	}
	space(t, c)
	next := viewtest.Button(t, obj, "Page d'après")
	if c.Focused() != next {
		t.Fatalf("the replay's « Page d'après » has the focus: %T", c.Focused())
	}
	space(t, c)
	space(t, c)
	if !strings.Contains(texts(obj), "Votre parcours : page 3 sur 3") {
		t.Errorf("Space twice goes to the last page: %q", texts(obj))
	}
	if f := c.Focused(); f != viewtest.Button(t, obj, "Page d'avant") {
		t.Errorf("at the last page the focus moves to « Page d'avant »: %T", f)
	}
}

func TestCustomiseWithEverythingOffRefusesTheCookies(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, _ := build(t, caf(t), &rec)
	test.Tap(viewtest.Button(t, obj, "Personnaliser"))
	all := texts(obj)
	if !viewtest.HasButton(obj, "Enregistrer mes choix") {
		t.Fatalf("Personnaliser shows the choices: %q", all)
	}
	checks := viewtest.All[*view.Check](obj)
	if len(checks) != 2 || checks[0].Checked || checks[1].Checked {
		t.Fatalf("two switches, both off: %+v", checks)
	}
	test.Tap(viewtest.Button(t, obj, "Enregistrer mes choix"))
	if viewtest.HasButton(obj, "Tout refuser") || len(viewtest.All[*view.Feedback](obj)) != 0 {
		t.Error("saving with everything off is refusing: right, and the banner goes")
	}
}

func TestTheHintButtonHelpsWithoutPenaltyAndTheWayShowsAfterTwoMistakes(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	v := newSite(caf(t), rec.Env())
	obj := v.content
	viewtest.Show(t, obj)
	test.Tap(viewtest.Button(t, obj, "Un indice"))
	fb := viewtest.All[*view.Feedback](obj)
	if len(fb) != 1 || fb[0].Word() != "Un indice" || fb[0].Message() != "Cherchez le bouton pour envoyer un document." {
		t.Fatalf("hint: %+v", fb)
	}
	test.Tap(viewtest.Button(t, obj, "Tout refuser"))
	test.Tap(link(t, obj, "Nos offres partenaires"))
	test.Tap(link(t, obj, "Nos offres partenaires"))
	if msg := viewtest.All[*view.Feedback](obj)[0].Message(); !strings.HasSuffix(msg, "Pour avancer, appuyez sur « Envoyer un document ».") {
		t.Errorf("after two mistakes, the way on: %q", msg)
	}
	test.Tap(viewtest.Button(t, obj, "Envoyer un document"))
	test.Tap(viewtest.Button(t, obj, "Un indice"))
	if msg := viewtest.All[*view.Feedback](obj)[0].Message(); msg != "Relisez votre mission : Envoyer le justificatif de domicile" {
		t.Errorf("a page without hint recalls the mission: %q", msg)
	}
	if v.Run().Mistakes() != 2 {
		t.Errorf("« Un indice » costs nothing: %d mistakes", v.Run().Mistakes())
	}
}

const phoneApp = `prompt = "Changez la taille du texte de votre téléphone."
goal = "Mettre le texte en grand"
frame = "phone"

[[pages]]
id = "reglages"
title = "Paramètres"
sms = "Orange : votre facture est disponible."

[[pages.items]]
type = "link"
text = "Wi-Fi"
wrong = "Le Wi-Fi sert à Internet. Ce n'est pas la taille du texte."

[[pages.items]]
type = "link"
text = "Affichage"
go = "affichage"

[[pages]]
id = "affichage"
title = "Affichage"

[[pages.items]]
type = "choice"
label = "Taille du texte"
options = ["Petite", "Normale", "Grande"]
expect = "Grande"

[[pages.items]]
type = "button"
text = "Enregistrer"
go = "fin"

[[pages]]
id = "fin"
title = "C'est enregistré"
text = "Le texte est maintenant en grand."
goal = true
`

func TestThePhoneFrameHasABackButtonAndTheSMSOnItsScreen(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, w := build(t, parse(t, phoneApp), &rec)
	shot(t, w, "phone-1")
	all := texts(obj)
	if !strings.Contains(all, "10:30") && !strings.Contains(all, "Paramètres") {
		t.Errorf("the phone's screen: %q", all)
	}
	if !strings.Contains(all, "Nouveau SMS|Orange : votre facture est disponible.") {
		t.Errorf("the SMS shows on the phone: %q", all)
	}
	back := viewtest.Button(t, obj, "Retour")
	if !back.Disabled() {
		t.Error("nothing to go back to on the first screen")
	}
	test.Tap(viewtest.Button(t, obj, "Affichage"))
	if back.Disabled() || strings.Contains(texts(obj), "Orange") {
		t.Errorf("on the second screen, Retour works and the SMS is gone: %q", texts(obj))
	}
	test.Tap(back)
	if !strings.Contains(texts(obj), "Wi-Fi") {
		t.Fatal("Retour shows the first screen again")
	}
	test.Tap(viewtest.Button(t, obj, "Affichage"))
	viewtest.All[*view.Select](obj)[0].SetSelected("Grande")
	test.Tap(viewtest.Button(t, obj, "Enregistrer"))
	shot(t, w, "phone-2-done")
	if len(rec.Done) != 1 || rec.Done[0].Score != 1 {
		t.Fatalf("done: %+v", rec.Done)
	}
	if size := obj.MinSize(); size.Height > 600 {
		t.Errorf("the phone needs %.0f units of height", size.Height)
	}
}

// shutDown is the last page of the starter's « éteindre l'ordinateur » exercise:
// two wrong buttons and a right one.
const shutDown = `goal = "Éteindre l'ordinateur"
[[pages]]
id = "choix"
[[pages.items]]
type = "button"
text = "Mettre en veille"
wrong = "La veille met l'ordinateur en pause."
[[pages.items]]
type = "button"
text = "Redémarrer"
wrong = "Redémarrer rallume l'ordinateur."
[[pages.items]]
type = "button"
text = "Arrêter"
go = "fin"
[[pages]]
id = "fin"
goal = true
`

// TestButtonsDoNotGiveTheAnswerAway: the button that leads on looks like the
// wrong ones, so the learner must read them; a style changes the look, never
// whether the step is right.
func TestButtonsDoNotGiveTheAnswerAway(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, _ := build(t, parse(t, shutDown), &rec)
	for _, words := range []string{"Mettre en veille", "Redémarrer", "Arrêter"} {
		if b := viewtest.Button(t, obj, words); b.Importance != widget.MediumImportance {
			t.Errorf("« %s » has importance %v: every button of the page looks the same", words, b.Importance)
		}
	}

	styled := strings.Replace(shutDown, "text = \"Redémarrer\"", "text = \"Redémarrer\"\nstyle = \"primary\"", 1)
	styled = strings.Replace(styled, "text = \"Arrêter\"", "text = \"Arrêter\"\nstyle = \"link\"", 1)
	styled = strings.Replace(styled, "[[pages]]\nid = \"fin\"", "[[pages.items]]\ntype = \"link\"\ntext = \"Aide\"\nwrong = \"Non.\"\nstyle = \"plain\"\n[[pages]]\nid = \"fin\"", 1)
	obj, _ = build(t, parse(t, styled), &rec)
	if b := viewtest.Button(t, obj, "Redémarrer"); b.Importance != widget.HighImportance {
		t.Errorf("a primary wrong button is highlighted: %v", b.Importance)
	}
	if b := viewtest.Button(t, obj, "Aide"); b.Importance != widget.MediumImportance {
		t.Errorf("a plain link is a plain button: %v", b.Importance)
	}
	if viewtest.HasButton(obj, "Arrêter") {
		t.Error("a button in the link style is drawn as a link")
	}
	test.Tap(link(t, obj, "Arrêter"))
	if len(rec.Done) != 1 || rec.Done[0].Score != 1 {
		t.Errorf("the styled button still leads to the goal: %+v", rec.Done)
	}
}

// TestInAnAppPrimaryAndPlainLinksAreButtons: in the phone frame a link is a row
// of a list, unless its style makes it a button.
func TestInAnAppPrimaryAndPlainLinksAreButtons(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	body := strings.Replace(phoneApp, "text = \"Affichage\"", "text = \"Affichage\"\nstyle = \"primary\"", 1)
	obj, _ := build(t, parse(t, body), &rec)
	if b := viewtest.Button(t, obj, "Affichage"); b.Importance != widget.HighImportance {
		t.Errorf("a primary link in an app: %v", b.Importance)
	}
	if b := viewtest.Button(t, obj, "Wi-Fi"); b.Importance != widget.LowImportance {
		t.Errorf("a link in an app is a row of a list: %v", b.Importance)
	}
}

// TestEntréeInAFieldPressesThePagesDefaultButton: Entrée sends the page with the
// button a browser would use, even when it is the wrong step, and never looks for
// the one that leads on.
func TestEntréeInAFieldPressesThePagesDefaultButton(t *testing.T) {
	items := func(lines ...string) site.Page {
		a := parse(t, "goal = \"g\"\n[[pages]]\nid = \"a\"\n"+strings.Join(lines, "")+"[[pages.items]]\ntype = \"link\"\ntext = \"Suite\"\ngo = \"fin\"\n[[pages]]\nid = \"fin\"\ngoal = true\n")
		return a.Pages[0]
	}
	field := "[[pages.items]]\ntype = \"field\"\nlabel = \"Nom\"\n"
	annuler := "[[pages.items]]\ntype = \"button\"\ntext = \"Annuler\"\nwrong = \"Non.\"\n"
	valider := "[[pages.items]]\ntype = \"button\"\ntext = \"Valider\"\ngo = \"fin\"\n"
	cases := []struct {
		name string
		page site.Page
		want int
	}{
		{"the first button when none is put forward, even a wrong one", items(field, annuler, valider), 1},
		{"the button put forward, after a plain one", items(field, annuler, strings.Replace(valider, "go = \"fin\"\n", "go = \"fin\"\nstyle = \"primary\"\n", 1)), 2},
		{"a wrong button put forward", items(field, valider, strings.Replace(annuler, "wrong = \"Non.\"\n", "wrong = \"Non.\"\nstyle = \"primary\"\n", 1)), 2},
		{"no button: nothing", items(field), -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := defaultButton(c.page); got != c.want {
				t.Errorf("default button %d, want %d", got, c.want)
			}
		})
	}

	test.NewTempApp(t)
	var rec viewtest.Recorder
	v := newSite(parse(t, "goal = \"g\"\n[[pages]]\nid = \"a\"\n"+field+annuler+valider+"[[pages]]\nid = \"fin\"\ngoal = true\n"), rec.Env())
	c := viewtest.Show(t, v.content).Canvas()
	entry := viewtest.All[*view.Entry](v.content)[0]
	viewtest.TabTo(t, c, entry)
	test.Type(entry, "Marie")
	viewtest.Press(t, c, fyne.KeyReturn)
	if v.Run().Mistakes() != 1 || len(rec.Done) != 0 {
		t.Errorf("Entrée pressed « Annuler », the page's first button: %d mistakes, done %+v", v.Run().Mistakes(), rec.Done)
	}
}

// desktopSite is a procedure on the computer itself: a fake alert in a browser's
// window, then the Start menu and a dialog with its own title bar.
const desktopSite = `prompt = "Enregistrez la lettre dans Documents."
goal = "Enregistrer la lettre"
frame = "desktop"

[[pages]]
id = "alerte"
address = "actualites.example.com"
title = "Alerte : votre ordinateur est en danger !"

[[pages.items]]
type = "button"
text = "Installer"
wrong = "Ce bouton installe un virus."
style = "primary"

[[pages.items]]
type = "button"
text = "Fermer la page"
go = "lettre"

[[pages]]
id = "lettre"
title = "Lettre à la mairie"
text = "Madame, Monsieur,"
hint = "Cliquez sur Fichier."

[[pages.items]]
type = "button"
text = "Fichier"
go = "fenetre"

[[pages]]
id = "fenetre"
window = "Enregistrer sous"
title = "Où enregistrer la lettre ?"

[[pages.items]]
type = "choice"
label = "Dossier"
options = ["Bureau", "Documents"]
expect = "Documents"

[[pages.items]]
type = "field"
label = "Nom du fichier"
expect = "courrier"
required = true

[[pages.items]]
type = "button"
text = "Enregistrer"
go = "fin"
style = "primary"

[[pages]]
id = "fin"
title = "Lettre à la mairie"
text = "Votre lettre est enregistrée."
goal = true
`

// TestTheDesktopFrameIsAWindowWithATitleBar: the window's title stands in its
// title bar, once; a browser's window has its address bar and back button, the
// computer's own windows have none.
func TestTheDesktopFrameIsAWindowWithATitleBar(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	v := newSite(parse(t, desktopSite), rec.Env())
	w := viewtest.Show(t, v.content)
	shot(t, w, "desktop-1-browser-window")
	obj := v.content
	all := texts(obj)
	if !strings.Contains(all, "actualites.example.com") || !strings.Contains(all, "Alerte : votre ordinateur est en danger !") || !v.nav.Visible() {
		t.Errorf("a page with an address is a browser's window: %q", all)
	}
	test.Tap(viewtest.Button(t, obj, "Fermer la page"))
	shot(t, w, "desktop-2-window")
	all = texts(obj)
	if v.nav.Visible() || strings.Contains(all, "actualites.example.com") {
		t.Errorf("the computer's own window has no address bar: %q", all)
	}
	if v.window.Text != "Lettre à la mairie" || strings.Count(all, "Lettre à la mairie") != 1 {
		t.Errorf("the title bar says %q, and the title shows once: %q", v.window.Text, all)
	}
	test.Tap(viewtest.Button(t, obj, "Fichier"))
	all = texts(obj)
	if v.window.Text != "Enregistrer sous" || !strings.Contains(all, "Où enregistrer la lettre ?") {
		t.Errorf("a page's window names the title bar, its title stays on the page: %q, %q", v.window.Text, all)
	}
	if got := viewtest.Button(t, obj, "Enregistrer").Importance; got != widget.HighImportance {
		t.Errorf("« Enregistrer » is the dialog's primary button: %v", got)
	}
	viewtest.All[*view.Select](obj)[0].SetSelected("Documents")
	test.Type(viewtest.All[*view.Entry](obj)[0], "courrier mairie")
	test.Tap(viewtest.Button(t, obj, "Enregistrer"))
	shot(t, w, "desktop-3-done")
	if len(rec.Done) != 1 || rec.Done[0].Score != 1 {
		t.Fatalf("done %+v: %q", rec.Done, texts(obj))
	}
	if size := obj.MinSize(); size.Height > 560 {
		t.Errorf("the desktop frame needs %.0f units of height", size.Height)
	}
	test.Tap(viewtest.Button(t, obj, "Revoir mon parcours"))
	if !v.nav.Visible() || v.window.Text != "Alerte : votre ordinateur est en danger !" {
		t.Errorf("the replay's first page is the browser's window again: %q", v.window.Text)
	}
	test.Tap(viewtest.Button(t, obj, "Page d'après"))
	if v.nav.Visible() || v.window.Text != "Lettre à la mairie" {
		t.Errorf("the replay's second page is the letter's window: %q", v.window.Text)
	}
}

// TestTheDesktopFrameCanBeDoneWithTheKeyboardAlone: Tab and Space through the
// windows, Entrée in the dialog's field sends it with its primary button.
func TestTheDesktopFrameCanBeDoneWithTheKeyboardAlone(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	v := newSite(parse(t, desktopSite), rec.Env())
	c := viewtest.Show(t, v.content).Canvas()
	obj := v.content
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Fermer la page"))
	space(t, c)
	if c.Focused() != viewtest.Button(t, obj, "Fichier") {
		t.Fatalf("the window's first control has the focus: %T", c.Focused())
	}
	space(t, c)
	sel := viewtest.All[*view.Select](obj)[0]
	if c.Focused() != sel {
		t.Fatalf("the dialog's list has the focus: %T", c.Focused())
	}
	space(t, c)
	for _, key := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyReturn} {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: key})
	}
	if sel.Selected != "Documents" {
		t.Fatalf("arrows and Entrée choose, got %q", sel.Selected)
	}
	entry := viewtest.All[*view.Entry](obj)[0]
	viewtest.TabTo(t, c, entry)
	test.Type(entry, "courrier mairie")
	viewtest.Press(t, c, fyne.KeyReturn)
	if len(rec.Done) != 1 || rec.Done[0].Score != 1 {
		t.Fatalf("done by keyboard without a mistake: %+v", rec.Done)
	}
}

// TestTheBrowsersBackArrowHasAName: the back button shows only an arrow, as in a
// browser; « Écouter » names it « Page précédente », in the learner's language.
func TestTheBrowsersBackArrowHasAName(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name string
		env  view.Env
		body string
		want string
	}{
		{"in French, in the browser", view.Env{}, string(mustRead(t, "../testdata/caf.toml")), "Page précédente"},
		{"in English, in the browser", view.Env{T: i18n.New(language.English)}, string(mustRead(t, "../testdata/caf.toml")), "Previous page"},
		{"in a browser's window on the desktop", view.Env{}, desktopSite, "Page précédente"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := newSite(parse(t, c.body), c.env)
			viewtest.Show(t, v.content)
			if v.back.Text != "" || v.back.Icon == nil {
				t.Errorf("the back button is an arrow without words: %q", v.back.Text)
			}
			named := false
			for _, s := range viewtest.All[*spoken](v.content) {
				for _, o := range test.LaidOutObjects(s) {
					if o == fyne.CanvasObject(v.back) {
						named = s.SpeechText() == c.want
					}
				}
			}
			if !named {
				t.Errorf("the back button is not read as %q", c.want)
			}
		})
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// twoSteps is a sign-in page, then a page whose first button is the right one.
const twoSteps = `goal = "Choisir impots.gouv.fr"
[[pages]]
id = "connexion"
[[pages.items]]
type = "field"
label = "Nom"
[[pages.items]]
type = "button"
text = "Continuer"
go = "choix"
[[pages]]
id = "choix"
[[pages.items]]
type = "button"
text = "impots.gouv.fr"
go = "fin"
[[pages.items]]
type = "button"
text = "ameli.fr"
wrong = "Vous avez un compte sur impots.gouv.fr."
[[pages]]
id = "fin"
goal = true
`

// TestAfterAClickNothingOnTheNewPageIsHighlighted: a page opened with the mouse
// gives the focus to none of its controls, since the focused button is drawn
// darker and would point at the answer; with the keyboard, its first control
// takes the focus so the learner keeps their place.
func TestAfterAClickNothingOnTheNewPageIsHighlighted(t *testing.T) {
	test.NewTempApp(t)
	var rec viewtest.Recorder
	obj, w := build(t, parse(t, twoSteps), &rec)
	c := w.Canvas()
	entry := viewtest.All[*view.Entry](obj)[0]
	test.Tap(entry)
	test.Type(entry, "Marie")
	test.Tap(viewtest.Button(t, obj, "Continuer"))
	if f := c.Focused(); f != nil {
		t.Fatalf("after a click the new page has %T focused", f)
	}

	obj, w = build(t, parse(t, twoSteps), &rec)
	c = w.Canvas()
	viewtest.TabTo(t, c, viewtest.Button(t, obj, "Continuer"))
	space(t, c)
	if c.Focused() != viewtest.Button(t, obj, "impots.gouv.fr") {
		t.Fatalf("after Space the new page's first button has the focus, not %T", c.Focused())
	}

	obj, w = build(t, parse(t, twoSteps), &rec)
	c = w.Canvas()
	entry = viewtest.All[*view.Entry](obj)[0]
	test.Tap(entry)
	test.Type(entry, "Marie")
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.Focused() != viewtest.Button(t, obj, "impots.gouv.fr") {
		t.Fatalf("after Entrée in a field the new page's first button has the focus, not %T", c.Focused())
	}
}
