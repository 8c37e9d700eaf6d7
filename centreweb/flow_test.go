package centreweb

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// upload sends files to path as a multipart form under field, with the CSRF token in
// the query string as the page's form does.
func (w *workspace) upload(path, field string, files map[string][]byte, extra url.Values, csrf string) response {
	w.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range extra {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		part, _ := mw.CreateFormFile(field, name)
		part.Write(data)
	}
	mw.Close()
	if csrf == "" {
		csrf = w.csrf()
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if csrf != "-" {
		path += sep + "csrf=" + url.QueryEscape(csrf)
	}
	req, _ := http.NewRequest("POST", w.http.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return w.do(req)
}

func read(t testing.TB, paths ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

var depositID = regexp.MustCompile(`/deposer/([A-Za-z0-9_-]{16})/crediter`)

func TestAStickWithTwoLearnersIsGroupedAndOnlyTheChosenOneIsCredited(t *testing.T) {
	w := newWorkspace(t)
	w.login()
	dir := t.TempDir()
	ana, bruno := newLearner(t, dir, "Ana"), newLearner(t, dir, "Bruno")
	files := read(t, ana.record(t, dir, "02-la-souris"), ana.record(t, dir, "03-le-clavier"), bruno.record(t, dir, "02-la-souris"))

	// Ana's card is enrolled first, from its file.
	resp := w.upload("/apprenants/carte", "carte", read(t, ana.card), url.Values{"dossier": {"Dossier Ana"}}, "")
	if resp.status != 200 || !strings.Contains(resp.body, "Carte Déclic enregistrée") {
		t.Fatalf("enrol: %d\n%s", resp.status, resp.body)
	}
	resp = w.upload("/deposer", "fichiers", files, nil, "")
	if resp.status != 200 {
		t.Fatalf("deposit: %d\n%s", resp.status, resp.body)
	}
	for _, want := range []string{"2 personnes différentes", "Ana — carte Déclic", "Bruno — carte Déclic", "carte non enregistrée",
		"sera créditée : 1,5 h", "valide (1,5 h), mais la carte doit d&#39;abord être enregistrée"} {
		if !strings.Contains(resp.body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	m := depositID.FindStringSubmatch(resp.body)
	if m == nil {
		t.Fatalf("no credit form:\n%s", resp.body)
	}
	// Without saying which person, nothing is credited.
	resp = w.post("/deposer/"+m[1]+"/crediter", url.Values{})
	if resp.status != http.StatusUnprocessableEntity || !strings.Contains(resp.body, "Cochez la personne à créditer") {
		t.Fatalf("credit without a profile: %d", resp.status)
	}
	if r := w.get("/registre"); strings.Count(r.body, `class="num">1,5<`) != 0 {
		t.Fatal("something was credited before « Créditer »")
	}
	resp = w.post("/deposer/"+m[1]+"/crediter", url.Values{"profil": {ana.key.DID()}})
	if resp.status != 200 || !strings.Contains(resp.body, "Fait : 2 attestation(s) créditée(s), 3 h.") {
		t.Fatalf("credit: %d\n%s", resp.status, resp.body)
	}
	reg := w.get("/registre")
	if strings.Count(reg.body, "Dossier Ana</a>") != 3 || strings.Contains(reg.body, "Bruno") {
		t.Fatalf("the ledger should hold Ana's enrolment and 2 credits, nothing of Bruno's:\n%s", reg.body)
	}
	// Her dossier names the CRCN competencies the two modules give, not the pack's own codes.
	dossier := w.get("/apprenants/dossier?nom=Dossier+Ana")
	if !strings.Contains(dossier.body, "5.2 Construire un environnement numérique</strong> — 3 h") || strings.Contains(dossier.body, "socle.") {
		t.Fatalf("the dossier's competencies:\n%s", dossier.body)
	}
}
