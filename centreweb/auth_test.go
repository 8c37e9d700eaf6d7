package centreweb

import (
	"crypto/x509"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// onNetwork is a workspace as --listen serves it: TLS and accounts.
func onNetwork(t *testing.T) (*workspace, *Accounts) {
	t.Helper()
	accounts := OpenAccounts(filepath.Join(t.TempDir(), "comptes.json"))
	for _, a := range []struct {
		name string
		role Role
	}{{"claire", RoleAdmin}, {"paul", RoleOperator}, {"sophie", RoleCoordinator}} {
		if err := accounts.Add(a.name, a.role, "une phrase assez longue", testNow); err != nil {
			t.Fatal(err)
		}
	}
	w := newWorkspace(t, func(c *Config) { c.Local, c.Accounts, c.Secure = false, accounts, true })
	return w, accounts
}

func (w *workspace) signIn(name, password string) response {
	w.t.Helper()
	return w.post("/connexion", url.Values{"csrf": {""}, "nom": {name}, "motdepasse": {password}})
}

func TestOnTheNetworkStaffSignInWithTheirAccountAndRole(t *testing.T) {
	w, _ := onNetwork(t)
	if r := w.get("/deposer"); !strings.Contains(r.body, `id="motdepasse"`) {
		t.Fatalf("a page without a session should ask to sign in:\n%s", r.body)
	}
	if r := w.get(w.srv.LoginLink()); r.status != http.StatusOK || strings.Contains(r.body, "Déconnecté") {
		// On the network a link is no way in: it is refused, or shows the login form.
		t.Logf("link on the network: %d", r.status)
	}
	r := w.signIn("paul", "une phrase assez longue")
	if r.status != http.StatusOK || !strings.Contains(r.body, "Connecté : paul (opérateur)") {
		t.Fatalf("sign in: %d\n%s", r.status, r.body)
	}
	u, _ := url.Parse(w.http.URL)
	cookies := w.client.Jar.Cookies(u)
	if len(cookies) == 0 || cookies[0].Name != "__Host-declic-session" {
		t.Fatalf("session cookie: %+v", cookies)
	}
	if r := w.get("/comptes"); r.status != http.StatusForbidden || !strings.Contains(r.body, "Votre compte ne donne pas accès") {
		t.Fatalf("an operator on the accounts page: %d", r.status)
	}
	if r := w.get("/registre"); r.status != http.StatusOK {
		t.Fatalf("an operator on the ledger: %d", r.status)
	}
	// A coordinator sees reports, never a dossier.
	w.client = w.newClient()
	w.signIn("sophie", "une phrase assez longue")
	for _, path := range []string{"/apprenants", "/registre", "/deposer"} {
		if r := w.get(path); r.status != http.StatusForbidden {
			t.Errorf("a coordinator on %s: %d", path, r.status)
		}
	}
	if r := w.get("/rapports"); r.status != http.StatusOK || strings.Contains(r.body, "Par opérateur") {
		t.Errorf("a coordinator's report: %d", r.status)
	}
	// An administrator adds an account.
	w.client = w.newClient()
	w.signIn("claire", "une phrase assez longue")
	r = w.post("/comptes", url.Values{"nom": {"lea"}, "role": {"operateur"}, "motdepasse": {"court"}, "motdepasse2": {"court"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Mot de passe trop court") {
		t.Fatalf("short password: %d", r.status)
	}
	r = w.post("/comptes", url.Values{"nom": {"lea"}, "role": {"operateur"}, "motdepasse": {"encore une phrase longue"}, "motdepasse2": {"encore une phrase longue"}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "Compte lea créé") {
		t.Fatalf("add: %d\n%s", r.status, r.body)
	}
	w.client = w.newClient()
	if r := w.signIn("lea", "encore une phrase longue"); !strings.Contains(r.body, "Connecté : lea") {
		t.Fatal("the new account cannot sign in")
	}
}

func TestFailedLoginsLockTheAccountForAWhile(t *testing.T) {
	w, _ := onNetwork(t)
	for i := 1; i < MaxFailures; i++ {
		if r := w.signIn("paul", "faux"); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "Nom ou mot de passe incorrect") {
			t.Fatalf("failure %d: %d", i, r.status)
		}
	}
	if r := w.signIn("paul", "faux"); r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "ce compte est bloqué jusqu") {
		t.Fatalf("failure %d: %d\n%s", MaxFailures, r.status, r.body)
	}
	// The right password does not help while the lock lasts.
	if r := w.signIn("paul", "une phrase assez longue"); r.status != http.StatusTooManyRequests {
		t.Fatalf("right password while locked: %d", r.status)
	}
	w.clock.advance(LockoutTime + time.Second)
	if r := w.signIn("paul", "une phrase assez longue"); r.status != http.StatusOK || !strings.Contains(r.body, "Connecté : paul") {
		t.Fatalf("after the lock: %d", r.status)
	}
	// A name that does not exist fails the same way (its existence does not show).
	w.client = w.newClient()
	if r := w.signIn("personne", "faux"); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "Nom ou mot de passe incorrect") {
		t.Fatalf("unknown name: %d", r.status)
	}
}

func TestALoginLinkWorksOnceAndNotForLong(t *testing.T) {
	w := newWorkspace(t)
	link := w.srv.LoginLink()
	if r := w.get(link); r.status != http.StatusOK {
		t.Fatalf("first use: %d", r.status)
	}
	other := w.newClient()
	w.client = other
	if r := w.get(link); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "Ce lien de connexion a déjà servi") {
		t.Fatalf("second use: %d", r.status)
	}
	late := w.srv.LoginLink()
	w.clock.advance(LinkLifetime + time.Second)
	if r := w.get(late); r.status != http.StatusUnauthorized {
		t.Fatalf("an old link: %d", r.status)
	}
	// A second start asks the first one for a link with its secret, from this machine.
	req, _ := http.NewRequest("POST", w.http.URL+"/_local/lien", nil)
	if r := w.do(req); r.status != http.StatusForbidden {
		t.Fatalf("a link without the secret: %d", r.status)
	}
	req, _ = http.NewRequest("POST", w.http.URL+"/_local/lien", nil)
	req.Header.Set("X-Declic-Secret", w.srv.ControlSecret())
	if r := w.do(req); r.status != http.StatusOK || !strings.HasPrefix(r.body, "/connexion?jeton=") {
		t.Fatalf("a link with the secret: %d %s", r.status, r.body)
	}
}

func TestAccountsKeepArgon2idHashesOnly(t *testing.T) {
	a := OpenAccounts(filepath.Join(t.TempDir(), "comptes.json"))
	if err := a.Add("claire", RoleAdmin, "une phrase assez longue", testNow); err != nil {
		t.Fatal(err)
	}
	list, _ := a.List()
	if len(list) != 1 || !strings.HasPrefix(list[0].Hash, "argon2id$v=19$m=65536,t=3,p=4$") || strings.Contains(list[0].Hash, "phrase") {
		t.Fatalf("%+v", list)
	}
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"claire", ErrAccountExists}, {"Claire", ErrAccountExists}, {"é!", ErrBadAccountName}, {"", ErrBadAccountName},
	} {
		if err := a.Add(tc.name, RoleOperator, "une phrase assez longue", testNow); err != tc.err {
			t.Errorf("Add(%q): %v, want %v", tc.name, err, tc.err)
		}
	}
	if err := a.Add("paul", RoleOperator, "court", testNow); err != ErrShortPassword {
		t.Errorf("short: %v", err)
	}
	if err := a.Remove("claire"); err != ErrLastAdmin {
		t.Errorf("last admin: %v", err)
	}
	if _, ok := a.Check("claire", "une phrase assez longue"); !ok {
		t.Error("right password refused")
	}
	if _, ok := a.Check("claire", "une phrase assez longuE"); ok {
		t.Error("wrong password accepted")
	}
}

func TestTheCertificateIsMadeOnceAndItsFingerprintShown(t *testing.T) {
	dir := t.TempDir()
	c, created, err := LoadOrCreateCertificate(dir, []string{"192.0.2.10", "poste-accueil"}, testNow)
	if err != nil || !created {
		t.Fatal(err)
	}
	again, created, err := LoadOrCreateCertificate(dir, nil, testNow)
	if err != nil || created || Fingerprint(again) != Fingerprint(c) {
		t.Fatal("the certificate changed at the second start")
	}
	if fp := Fingerprint(c); len(fp) != 95 || strings.Count(fp, ":") != 31 {
		t.Fatalf("fingerprint %q", fp)
	}
	leaf, _ := x509.ParseCertificate(c.Certificate[0])
	if err := leaf.VerifyHostname("poste-accueil"); err != nil {
		t.Error(err)
	}
	if err := leaf.VerifyHostname("192.0.2.10"); err != nil {
		t.Error(err)
	}
	if !leaf.NotAfter.After(testNow.AddDate(9, 0, 0)) {
		t.Error("the certificate expires too soon")
	}
}

func TestACoordinatorCountsEachPersonButSeesNoName(t *testing.T) {
	w, _ := onNetwork(t)
	w.signIn("claire", "une phrase assez longue")
	dir := t.TempDir()
	for _, name := range []string{"Ana", "Bruno"} {
		l := newLearner(t, dir, name)
		if r := w.upload("/apprenants/carte", "carte", read(t, l.card), url.Values{"dossier": {"Dossier " + name}}, ""); !strings.Contains(r.body, "Carte Déclic enregistrée") {
			t.Fatalf("enrol %s: %d\n%s", name, r.status, r.body)
		}
		r := w.upload("/deposer", "fichiers", read(t, l.record(t, dir, "02-la-souris")), nil, "")
		m := depositID.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatalf("no preview for %s:\n%s", name, r.body)
		}
		if r := w.post("/deposer/"+m[1]+"/crediter", url.Values{"profil": {l.key.DID()}}); !strings.Contains(r.body, "Fait : 1 attestation(s)") {
			t.Fatalf("credit %s:\n%s", name, r.body)
		}
	}
	w.client = w.newClient()
	w.signIn("sophie", "une phrase assez longue")
	page := w.get("/rapports")
	if !regexp.MustCompile(`Personnes</dt>\s*<dd>2</dd>`).MatchString(page.body) {
		t.Errorf("the coordinator's report should count 2 people:\n%s", page.body)
	}
	csv := w.get("/rapports/bilan.csv")
	for _, r := range []response{page, csv} {
		for _, name := range []string{"Dossier Ana", "Dossier Bruno", "personne-", "claire"} {
			if strings.Contains(r.body, name) {
				t.Errorf("a coordinator's report shows %q", name)
			}
		}
	}
}
