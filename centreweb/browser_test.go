package centreweb

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"declic/card"
	"declic/internal/prereq"
)

var screenshotDir = flag.String("screenshots", "", "folder where the browser test saves each page's picture (docs/screenshots)")

// axeDir holds axe-core, pinned by its package-lock.json; `npm ci` installs it once.
const axeDir = "axe"

// axeScript returns axe-core's code, installing it with npm ci when it is missing.
func axeScript(t *testing.T) string {
	t.Helper()
	path := filepath.Join(axeDir, "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(path); err != nil {
		npm := prereq.Program(t, "npm", "npm")
		cmd := exec.Command(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund")
		cmd.Dir = axeDir
		if out, err := cmd.CombinedOutput(); err != nil {
			prereq.Missing(t, "axe-core: `npm ci` failed in centreweb/axe (offline?): %v\n%s", err, out)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// browser starts Debian's chromium, headless, with a fresh profile and every
// background service off (this machine has no network beyond its package mirrors).
func browser(t *testing.T) context.Context {
	t.Helper()
	exe := prereq.Program(t, "chromium", "chromium")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("ignore-certificate-errors", true),
		chromedp.Flag("disable-default-apps", true), chromedp.Flag("disable-extensions", true), chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first run starts the browser; it lives as long as ctx (no timeout on it).
	if err := chromedp.Do(ctx); err != nil {
		prereq.Missing(t, "chromium does not start: %v", err)
	}
	return ctx
}

// pageCheck is what every page must pass: axe-core finds no serious or critical
// violation, and at 640 CSS pixels wide (1280 at 200 % zoom) nothing scrolls sideways.
type pageCheck struct {
	t     *testing.T
	ctx   context.Context
	axe   string
	shots string
	seen  []string
}

type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// run runs actions, each step bounded to a minute.
func (p *pageCheck) run(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatal(err)
	}
}

// value runs one action that gives a value.
func value[T any](p *pageCheck, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}

// eval evaluates a script (awaiting its promise) and returns its value.
func eval[T any](p *pageCheck, script string) T {
	p.t.Helper()
	return value(p, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
}

// waitFor waits until the page shows sel; after a minute it fails with the page's text.
func (p *pageCheck) waitFor(sel string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		p.t.Fatalf("%s never showed (%v); the page says:\n%s", sel, err, p.text())
	}
}

// text is the text of the page's main part.
func (p *pageCheck) text() string {
	p.t.Helper()
	return value(p, chromedp.Text(chromedp.CSS("main")))
}

// check scans the page shown now, named name, and saves its picture.
func (p *pageCheck) check(name string) {
	p.t.Helper()
	if !eval[bool](p, `typeof axe !== "undefined"`) {
		p.run(chromedp.Evaluate[chromedp.Void](p.axe))
	}
	out := eval[string](p, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))))`)
	var vs []violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		p.t.Fatalf("%s: axe: %v %s", name, err, out)
	}
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			p.t.Errorf("%s: %s violation %s (%s) at %v", name, v.Impact, v.ID, v.Help, v.Nodes)
		}
	}
	p.run(chromedp.EmulateViewport(640, 900))
	wide := eval[bool](p, `document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`)
	p.run(chromedp.EmulateViewport(1280, 900))
	if wide {
		p.run(chromedp.EmulateViewport(640, 900))
		culprits := eval[string](p, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + "." + e.className + "#" + e.id + " " + Math.round(e.getBoundingClientRect().right)).join(", ")`)
		p.run(chromedp.EmulateViewport(1280, 900))
		p.t.Errorf("%s: at 640 px wide (200 %% zoom) the page scrolls sideways: %s", name, culprits)
	}
	// The whole page in one picture: a viewport as tall as the page, then back.
	height := eval[int64](p, `Math.min(4000, Math.ceil(document.documentElement.scrollHeight))`)
	p.run(chromedp.EmulateViewport(1280, height))
	png := value(p, chromedp.CaptureScreenshot())
	p.run(chromedp.EmulateViewport(1280, 900))
	if len(png) < 1000 {
		p.t.Errorf("%s: empty screenshot", name)
	}
	if err := os.WriteFile(filepath.Join(p.shots, "centre-"+name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.seen = append(p.seen, name)
}

// buildCLI builds declic-centre, whose sample command makes the records and cards.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "declic-centre")
	// It runs at the test's instant, as the workspace does (main.fixedClock).
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is not on PATH: %v", err)
	}
	cmd := exec.Command(goTool, "build", "-trimpath", "-o", bin,
		"-ldflags", "-X main.fixedClock="+testNow.UTC().Format(time.RFC3339), "../cmd/declic-centre")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestInARealBrowserStaffEnrolCreditCancelAndReport(t *testing.T) {
	prereq.Program(t, "pdftotext", "poppler-utils")
	axe := axeScript(t)
	shots := *screenshotDir
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t)
	// Two learners' records on a USB stick: declic-centre sample writes them.
	stick := filepath.Join(w.roots, "CLE-USB")
	cli := buildCLI(t)
	if out, err := exec.Command(cli, "sample", "--out", stick, "--count", "24").CombinedOutput(); err != nil {
		t.Fatalf("sample: %v\n%s", err, out)
	}
	cardPath := filepath.Join(stick, "cartes", "carte-declic-profil-001.json")
	data, _ := os.ReadFile(cardPath)
	anaCard, err := card.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	p := &pageCheck{t: t, ctx: ctx, axe: axe, shots: shots}
	base := w.http.URL

	// 1. The link the workspace opens signs the person at the desk in.
	p.run(chromedp.Navigate(base+w.srv.LoginLink()), chromedp.WaitVisible(chromedp.CSS("h1")))
	title := value(p, chromedp.Title())
	if !strings.Contains(title, "Déposer des attestations") {
		t.Fatalf("after the link: %q", title)
	}
	// Keyboard: the first Tab reaches the skip link, which leads to the content.
	p.run(chromedp.KeyEvent("\t"))
	focused := eval[string](p, `document.activeElement.textContent`)
	if focused != "Aller au contenu" {
		t.Errorf("first Tab stop is %q, want the skip link", focused)
	}
	p.check("deposer")

	// 2. Enrol Ana's card from its file, with the code read on her screen.
	p.run(chromedp.Navigate(base+"/apprenants/carte"), chromedp.WaitVisible(chromedp.CSS("#dossier")))
	p.check("carte")
	p.run(chromedp.SendKeys(chromedp.CSS("#dossier"), "Dossier Ana"), chromedp.SetUploadFiles(chromedp.CSS("#carte"), []string{cardPath}),
		chromedp.SendKeys(chromedp.CSS("#code"), anaCard.Code), chromedp.Submit(chromedp.CSS("#code")))
	p.waitFor("#titre-competences")
	body := p.text()
	if !strings.Contains(body, "Carte Déclic enregistrée (code "+anaCard.Code+")") {
		t.Fatalf("enrolment:\n%s", body)
	}

	// 3. Drop the stick's folder: a preview grouped by person, nothing written yet.
	var files []string
	filepath.WalkDir(stick, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	p.run(chromedp.Navigate(base+"/deposer"), chromedp.WaitVisible(chromedp.CSS("#dossier")), chromedp.SetUploadFiles(chromedp.CSS("#dossier"), []string{stick}))
	// The browser lists a chosen folder's files after it returns: wait until it has them
	// all (at most 30 s) before sending the form.
	listed := eval[int](p, fmt.Sprintf(`new Promise(done => { const f = document.querySelector("#dossier"), end = Date.now() + 30000;
		const tick = () => (f.files.length >= %d || Date.now() > end) ? done(f.files.length) : setTimeout(tick, 50); tick(); })`, len(files)))
	if listed != len(files) {
		t.Fatalf("the browser listed %d of the folder's %d files", listed, len(files))
	}
	p.run(chromedp.Submit(chromedp.CSS("#dossier")))
	p.waitFor("form.credit")
	body = p.text()
	for _, want := range []string{"viennent de 2 personnes différentes", "carte enregistrée pour le dossier « Dossier Ana »", "carte non enregistrée",
		"sera créditée : 1,5 h", "Cartes Déclic trouvées"} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview lacks %q:\n%s", want, body)
		}
	}
	p.check("apercu")
	// Only Ana's group can be credited: tick her, then « Créditer ».
	radio := fmt.Sprintf(`#profil-choix-%s`, anaCard.Code)
	p.run(chromedp.Click(chromedp.CSS(radio)), chromedp.Click(chromedp.CSS(fmt.Sprintf(`#profil-%s form.credit button[type=submit]`, anaCard.Code))),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#profil-%s .notice.ok`, anaCard.Code))))
	body = p.text()
	if !strings.Contains(body, "Fait : 12 attestation(s) créditée(s)") {
		t.Fatalf("credit:\n%s", body)
	}

	// 4. The dossier shows the credits and the CRCN competencies.
	p.run(chromedp.Navigate(base+"/apprenants"), chromedp.WaitVisible(chromedp.CSS("table")))
	p.check("apprenants")
	p.run(chromedp.Navigate(base+"/apprenants/dossier?nom=Dossier+Ana"), chromedp.WaitVisible(chromedp.CSS("#titre-competences")))
	body = p.text()
	if !strings.Contains(body, "12 module(s) au registre") || !strings.Contains(body, "Compétences CRCN") {
		t.Errorf("dossier:\n%s", body)
	}
	// Her « Mon bilan »: the aidant's diagnostic view, checked against her card.
	p.run(chromedp.SetUploadFiles(chromedp.CSS("#bilan"), []string{filepath.Join(stick, "bilans", "mon-bilan-profil-001.json")}),
		chromedp.Submit(chromedp.CSS("#bilan")))
	p.waitFor(".bilan")
	body = p.text()
	for _, want := range []string{"Signé par la carte " + anaCard.Code + ", enregistrée pour ce dossier", "Modules en cours", "Questionnaire de départ",
		"fait ; il conseille « La souris »"} {
		if !strings.Contains(body, want) {
			t.Errorf("the bilan view lacks %q:\n%s", want, body)
		}
	}
	p.check("dossier")

	// 5. Cancel line 2 (Ana's first credit) with a reason.
	p.run(chromedp.Navigate(base+"/registre"), chromedp.WaitVisible(chromedp.CSS("table")))
	p.check("registre")
	p.run(chromedp.Navigate(base+"/registre/annuler?ligne=2"), chromedp.WaitVisible(chromedp.CSS("#raison")))
	p.check("annuler")
	p.run(chromedp.SendKeys(chromedp.CSS("#raison"), "module fait en atelier collectif"), chromedp.Click(chromedp.CSS("#confirme")), chromedp.Submit(chromedp.CSS("#raison")))
	p.waitFor(".notice.ok")
	body = p.text()
	if !strings.Contains(body, "Ligne 2 annulée") || !strings.Contains(body, "annulée par la ligne 14") {
		t.Fatalf("cancel:\n%s", body)
	}
	p.run(chromedp.Click(chromedp.CSS(`form[action="/registre/controle"] button`)))
	p.waitFor("#titre-controle")
	body = p.text()
	if !strings.Contains(body, "Registre intact : les 14 lignes") {
		t.Errorf("check:\n%s", body)
	}

	// 6. Reports: the CSV and the PDF, downloaded in the browser's session.
	p.run(chromedp.Navigate(base+"/rapports"), chromedp.WaitVisible(chromedp.CSS("dl.totals")))
	body = p.text()
	if !strings.Contains(body, "Attestations créditées\n11") && !strings.Contains(body, "11") {
		t.Errorf("reports:\n%s", body)
	}
	p.check("rapports")
	download := func(selector string) []byte {
		b64 := eval[string](p, `fetch(document.querySelector('`+selector+`').href).then(r => r.arrayBuffer()).then(b => { let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`)
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	csv := string(download(`a[href^="/rapports/bilan.csv"]`))
	for _, want := range []string{"\ufeffrubrique;code;libellé;attestations;personnes;heures\r\n", "total;;;11;1;", "annulations;;déduites;1;;\r\n",
		"personne;;Dossier Ana;11;1;", "opérateur;Claire;Claire;11;1;"} {
		if !strings.Contains(csv, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, csv)
		}
	}
	pdf := download(`a[href^="/rapports/bilan.pdf"]`)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the PDF: %.40q", pdf)
	}
	pdfFile := filepath.Join(t.TempDir(), "bilan.pdf")
	os.WriteFile(pdfFile, pdf, 0o600)
	text, err := exec.Command("pdftotext", "-layout", pdfFile, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Bilan des heures de pass numérique", "Point de contrôle signé du registre", "epn-test", "did:key:z6Mk", "Lignes"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}

	// 7. The other pages pass the same checks.
	p.run(chromedp.Navigate(base+"/reglages"), chromedp.WaitVisible(chromedp.CSS("dl.entry")))
	p.check("reglages")
	p.run(chromedp.Navigate(base+"/reseau"), chromedp.WaitVisible(chromedp.CSS("h1")))
	p.check("reseau")
	p.run(chromedp.Navigate(base+"/page-qui-n-existe-pas"), chromedp.WaitVisible(chromedp.CSS("h1")))
	p.check("introuvable")
	// A form sent with errors shows them in a summary linked to each field.
	p.run(chromedp.Navigate(base+"/apprenants/carte"), chromedp.WaitVisible(chromedp.CSS("#dossier")), chromedp.SendKeys(chromedp.CSS("#dossier"), "Dossier Bruno"),
		chromedp.SendKeys(chromedp.CSS("#code"), "AAAA-BBBB-CCCC-DDDD"), chromedp.Submit(chromedp.CSS("#code")))
	p.waitFor("#erreurs")
	p.check("carte-erreur")
	if len(p.seen) < 11 {
		t.Errorf("%d pages checked", len(p.seen))
	}
}
