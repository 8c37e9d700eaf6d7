package centreweb

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestThePageAsksBeforeCreatingALedger(t *testing.T) {
	typo := ""
	w := newWorkspace(t, func(c *Config) {
		typo = filepath.Join(filepath.Dir(c.Ledger), "cnetre.db")
		c.Ledger = typo
	})
	w.login()
	// Every page that needs the ledger sends the administrator to the settings, which
	// say the ledger does not exist; nothing is created by looking.
	r := w.get("/registre")
	if !strings.Contains(r.body, "n&#39;existe pas encore") || !strings.Contains(r.body, "Commencer un nouveau registre") {
		t.Fatalf("no warning:\n%s", r.body)
	}
	if _, err := os.Stat(typo); err == nil {
		t.Fatal("a page created the ledger")
	}
	for _, form := range []url.Values{
		{"nom": {typo}}, // not confirmed
		{"nom": {"centre.db"}, "confirme": {"oui"}}, // another name
	} {
		if r := w.post("/reglages/registre", form); r.status != 422 || !strings.Contains(r.body, "recopiez exactement son chemin") {
			t.Fatalf("%v: %d", form, r.status)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%v created the ledger", form)
		}
	}
	if r := w.post("/reglages/registre", url.Values{"nom": {typo}, "confirme": {"oui"}}); !strings.Contains(r.body, "Registre créé") {
		t.Fatalf("confirmed: %d\n%s", r.status, r.body)
	}
	if _, err := os.Stat(typo); err != nil {
		t.Fatal("the confirmed ledger was not created")
	}
}
