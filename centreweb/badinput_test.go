package centreweb

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"declic/centre"
	"declic/ledger"
)

// entries counts the ledger's entries, read from the file itself.
func (w *workspace) entries() int {
	w.t.Helper()
	st, err := centre.OpenLedger(context.Background(), w.ledger, false)
	if err != nil {
		w.t.Fatal(err)
	}
	defer st.Close()
	all, err := st.Entries(context.Background(), ledger.Filter{})
	if err != nil {
		w.t.Fatal(err)
	}
	return len(all)
}

// zipOf makes a zip archive of name → content, stored or deflated.
func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(data)
	}
	zw.Close()
	return buf.Bytes()
}

func TestBadInputGetsAFrenchMessageAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	ana := newLearner(t, dir, "Ana")
	good := read(t, ana.record(t, dir, "02-la-souris"))
	outside := t.TempDir() // a folder of this computer, not among the allowed ones
	os.WriteFile(filepath.Join(outside, "a.json"), good["Ana-02-la-souris.json"], 0o600)
	cases := []struct {
		name   string
		send   func(w *workspace) response
		status int
		want   string
	}{
		{"an upload larger than 32 MB is refused before it is read", func(w *workspace) response {
			return w.upload("/deposer", "fichiers", map[string][]byte{"gros.zip": bytes.Repeat([]byte("x"), MaxUpload+1)}, nil, "")
		}, http.StatusRequestEntityTooLarge, "Les fichiers choisis font plus de 33 Mo en tout"},
		{"a file of the wrong type is named with why", func(w *workspace) response {
			return w.upload("/deposer", "fichiers", map[string][]byte{"photo.png": []byte("\x89PNG\r\n"), "virus.exe": []byte("MZ")}, nil, "")
		}, http.StatusUnprocessableEntity, "photo.png : ce n&#39;est pas une attestation (.json, .txt ou .zip attendu)"},
		{"a zip bomb is refused whole", func(w *workspace) response {
			bomb := zipOf(t, map[string][]byte{"a.json": bytes.Repeat([]byte("0"), 20<<20)})
			return w.upload("/deposer", "fichiers", map[string][]byte{"bombe.zip": bomb}, nil, "")
		}, http.StatusUnprocessableEntity, "bombe de décompression"},
		{"a zip holding a zip is refused", func(w *workspace) response {
			inner := zipOf(t, map[string][]byte{"a.json": []byte("{}")})
			return w.upload("/deposer", "fichiers", map[string][]byte{"double.zip": zipOf(t, map[string][]byte{"b.zip": inner})}, nil, "")
		}, http.StatusUnprocessableEntity, "elle contient une autre archive"},
		{"a path outside the allowed folders is not read", func(w *workspace) response {
			return w.post("/deposer/dossier", url.Values{"chemin": {outside}})
		}, http.StatusUnprocessableEntity, "n&#39;est pas dans un emplacement ouvert à l&#39;Espace centre"},
		{"a link inside an allowed folder to a folder outside is not followed", func(w *workspace) response {
			link := filepath.Join(w.roots, "lien")
			if err := os.Symlink(outside, link); err != nil {
				t.Fatal(err)
			}
			return w.post("/deposer/dossier", url.Values{"chemin": {link}})
		}, http.StatusUnprocessableEntity, "Rien n&#39;a été lu"},
		{"a path climbing out of an allowed folder with .. is not read", func(w *workspace) response {
			rel, _ := filepath.Rel(w.roots, outside)
			return w.post("/deposer/dossier", url.Values{"chemin": {w.roots + string(filepath.Separator) + rel}})
		}, http.StatusUnprocessableEntity, "Rien n&#39;a été lu"},
		{"a relative path is not read", func(w *workspace) response {
			return w.post("/deposer/dossier", url.Values{"chemin": {"../../etc"}})
		}, http.StatusUnprocessableEntity, "n&#39;est pas dans un emplacement ouvert"},
		{"an upload without the CSRF token is refused", func(w *workspace) response {
			return w.upload("/deposer", "fichiers", good, nil, "-")
		}, http.StatusForbidden, "Ce formulaire ne vient pas de cette page de l&#39;Espace centre"},
		{"a form with a wrong CSRF token is refused", func(w *workspace) response {
			return w.post("/apprenants/carte", url.Values{"csrf": {"faux"}, "dossier": {"X"}, "cle": {ana.key.DID()}})
		}, http.StatusForbidden, "Rien n&#39;a été enregistré"},
		{"a cancel without the CSRF token is refused", func(w *workspace) response {
			return w.post("/registre/annuler", url.Values{"csrf": {""}, "ligne": {"1"}, "raison": {"x"}, "confirme": {"oui"}})
		}, http.StatusForbidden, "Ce formulaire ne vient pas"},
		{"a form from another site is refused", func(w *workspace) response {
			req, _ := http.NewRequest("POST", w.http.URL+"/registre/annuler", strings.NewReader(url.Values{"csrf": {w.csrf()}, "ligne": {"1"}, "raison": {"x"}, "confirme": {"oui"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			return w.do(req)
		}, http.StatusForbidden, "Formulaire refusé"},
		{"an expired session writes nothing and says to sign in again", func(w *workspace) response {
			token := w.csrf()
			w.clock.advance(IdleTimeout + time.Minute)
			return w.post("/registre/annuler", url.Values{"csrf": {token}, "ligne": {"1"}, "raison": {"x"}, "confirme": {"oui"}})
		}, http.StatusUnauthorized, "Votre session a pris fin"},
		{"a cancel without a reason is refused", func(w *workspace) response {
			return w.post("/registre/annuler", url.Values{"ligne": {"1"}, "confirme": {"oui"}})
		}, http.StatusUnprocessableEntity, "Écrivez la raison de l&#39;annulation"},
		{"a cancel without the confirmation is refused", func(w *workspace) response {
			return w.post("/registre/annuler", url.Values{"ligne": {"1"}, "raison": {"erreur"}})
		}, http.StatusUnprocessableEntity, "Cochez la case qui confirme"},
		{"an enrolment with a code that is not the card's is refused", func(w *workspace) response {
			return w.post("/apprenants/carte", url.Values{"dossier": {"X"}, "cle": {ana.key.DID()}, "code": {"AAAA-BBBB-CCCC-DDDD"}})
		}, http.StatusUnprocessableEntity, "n&#39;est pas celui de cette carte"},
		{"an enrolment with a card of the wrong type is refused", func(w *workspace) response {
			return w.upload("/apprenants/carte", "carte", map[string][]byte{"carte.png": []byte("x")}, url.Values{"dossier": {"X"}}, "")
		}, http.StatusUnprocessableEntity, "La carte est un fichier .json"},
		{"a forged bilan is refused", func(w *workspace) response {
			return w.upload("/apprenants/bilan", "bilan", map[string][]byte{"bilan.json": []byte(`{"type":"DeclicBilan","version":1}`)}, url.Values{"dossier": {"X"}}, "")
		}, http.StatusUnprocessableEntity, "Ce bilan n&#39;est pas signé par la carte de la personne"},
		{"a report with dates backwards says so", func(w *workspace) response {
			return w.get("/rapports?du=2026-12-31&au=2026-01-01")
		}, http.StatusUnprocessableEntity, "la date de fin doit suivre la date de début"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorkspace(t)
			w.login()
			// One entry to cancel: an enrolment.
			if r := w.post("/apprenants/carte", url.Values{"dossier": {"Dossier Ana"}, "cle": {ana.key.DID()}}); r.status != 200 {
				t.Fatalf("enrol: %d", r.status)
			}
			before := w.entries()
			resp := c.send(w)
			if resp.status != c.status || !strings.Contains(resp.body, c.want) {
				t.Fatalf("status %d (want %d), body lacks %q:\n%s", resp.status, c.status, c.want, resp.body)
			}
			if !strings.Contains(resp.body, `lang="fr"`) {
				t.Error("the answer is not a French page")
			}
			if after := w.entries(); after != before {
				t.Fatalf("the ledger went from %d to %d entries", before, after)
			}
		})
	}
}
