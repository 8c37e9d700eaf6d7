package centreweb

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/internal/prereq"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/pgtest"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// pgServer is the real PostgreSQL server of the network tests, started by TestMain.
var (
	pgServer *pgtest.Server
	pgErr    error
)

func TestMain(m *testing.M) {
	pgServer, pgErr = pgtest.Start(false)
	code := m.Run()
	if pgServer != nil {
		pgServer.Stop()
	}
	os.Exit(code)
}

// sharedWorkspace is a workspace on a shared ledger set up as docs/centres.md says,
// seen by centre's role.
func sharedWorkspace(t *testing.T, centre string, others ...string) (*workspace, *pgtest.Network) {
	t.Helper()
	if pgServer == nil {
		prereq.Missing(t, "%s", pgtest.Banner(pgErr))
	}
	script, _ := filepath.Abs("../scripts/pg-centre-role.sh")
	n, err := pgServer.NewNetwork(script, func(owner string) error {
		s, err := postgres.Open(context.Background(), owner)
		if err == nil {
			s.Close()
		}
		return err
	}, append([]string{centre}, others...)...)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, func(c *Config) { c.Ledger, c.Centre = n.CentreURL(centre), centre })
	return w, n
}

func TestTheNetworkPageShowsTheConnectionTheShareAndNoOtherCentresNames(t *testing.T) {
	w, n := sharedWorkspace(t, "epn-nord", "epn-sud")
	ctx := context.Background()
	// epn-sud credits one record of its own dossier « Dossier Sud ».
	sud, err := postgres.Open(ctx, n.CentreURL("epn-sud"))
	if err != nil {
		t.Fatal(err)
	}
	defer sud.Close()
	dir := t.TempDir()
	bruno := newLearner(t, dir, "Bruno")
	sudKey, _ := keys.Generate()
	if _, err := sud.Enrol(ctx, ledger.EnrolRequest{Centre: "epn-sud", Operator: "Luc", CentreKey: sudKey, LearnerKey: bruno.key.DID(), Learner: "Dossier Sud", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	w.login()
	// epn-nord enrols and credits Ana through the workspace.
	ana := newLearner(t, dir, "Ana")
	if r := w.post("/apprenants/carte", url.Values{"dossier": {"Dossier Nord"}, "cle": {ana.key.DID()}}); r.status != 200 {
		t.Fatalf("enrol on the shared ledger: %d\n%s", r.status, r.body)
	}
	r := w.upload("/deposer", "fichiers", read(t, ana.record(t, dir, "02-la-souris")), nil, "")
	m := depositID.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no preview:\n%s", r.body)
	}
	if r := w.post("/deposer/"+m[1]+"/crediter", url.Values{"profil": {ana.key.DID()}}); !strings.Contains(r.body, "Fait : 1 attestation(s)") {
		t.Fatalf("credit on the shared ledger:\n%s", r.body)
	}
	page := w.get("/reseau")
	for _, want := range []string{"Connecté à postgres://epn-nord@", "Ce centre : 1,5 h sur 1,5 h du réseau (100 %)", "epn-nord"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the network page lacks %q:\n%s", want, page.body)
		}
	}
	for _, page := range []string{"/reseau", "/apprenants", "/registre", "/rapports/bilan.csv"} {
		if r := w.get(page); strings.Contains(r.body, "Dossier Sud") {
			t.Errorf("%s shows another centre's dossier", page)
		}
	}
	// A local ledger of epn-nord, kept offline, is sent from the page.
	key, _ := keys.Load(w.srv.cfg.KeyPath, "")
	localPath := filepath.Join(w.roots, "hors-ligne.db")
	local, err := sqlite.Open(localPath)
	if err != nil {
		t.Fatal(err)
	}
	carla := newLearner(t, dir, "Carla")
	local.Enrol(ctx, ledger.EnrolRequest{Centre: "epn-nord", Operator: "Claire", CentreKey: key, LearnerKey: carla.key.DID(), Learner: "Dossier Carla", Now: testNow})
	local.Close()
	r = w.post("/reseau/envoyer", url.Values{"fichier": {localPath}})
	if !strings.Contains(r.body, "1 ligne(s) envoyée(s), 0 déjà envoyée(s), 0 refusée(s)") {
		t.Fatalf("sync from the page:\n%s", r.body)
	}
	if r := w.post("/reseau/envoyer", url.Values{"fichier": {"/etc/passwd.db"}}); r.status != 422 || !strings.Contains(r.body, "Rien n&#39;a été lu") {
		t.Fatalf("a file outside the allowed folders: %d", r.status)
	}
}

func TestDatabaseErrorsAreSaidAsWhatToDo(t *testing.T) {
	if pgServer == nil {
		prereq.Missing(t, "%s", pgtest.Banner(pgErr))
	}
	notALedger := filepath.Join(t.TempDir(), "pas-un-registre.db")
	os.WriteFile(notALedger, []byte(strings.Repeat("ceci n'est pas une base SQLite. ", 200)), 0o600)
	cases := []struct {
		name, ledger, want string
	}{
		{"a server that does not answer", "postgres://epn@127.0.0.1:1/declic?sslmode=disable&connect_timeout=5", "le serveur du registre ne répond pas"},
		{"a database that does not exist", pgServer.URL("absente", "postgres"), "la base de données n&#39;existe pas sur ce serveur"},
		{"a role that does not exist", pgServer.URL("postgres", "inconnu"), "n&#39;accepte pas cette connexion"},
		{"a file that is not a ledger", notALedger, "ce fichier n&#39;est pas un registre Déclic"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorkspace(t, func(cfg *Config) { cfg.Ledger = c.ledger })
			w.login()
			r := w.get("/registre")
			if r.status != 503 || !strings.Contains(r.body, c.want) || strings.Contains(r.body, "SQLSTATE") {
				t.Fatalf("%d, want %q:\n%s", r.status, c.want, r.body)
			}
		})
	}
}
