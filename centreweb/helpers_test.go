package centreweb

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"declic/card"
	"declic/catalogue"
	"declic/centre"
	"declic/internal/clocktest"
	"declic/keys"
	"declic/records"
)

// testNow is the instant of every test here.
var testNow = clocktest.Now()

// clock is a test clock that a test can move.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// workspace is a running test workspace: a real SQLite ledger, a real centre key,
// a real HTTP server and a browser-like client with its cookies.
type workspace struct {
	t      testing.TB
	dir    string
	srv    *Server
	http   *httptest.Server
	client *http.Client
	clock  *clock
	ledger string
	roots  string
}

type option func(*Config)

func newWorkspace(t testing.TB, opts ...option) *workspace {
	t.Helper()
	dir := t.TempDir()
	keyDir := filepath.Join(dir, "cle")
	if _, err := keys.LoadOrCreate(keyDir); err != nil {
		t.Fatal(err)
	}
	ledgerPath := filepath.Join(dir, "registre", "centre.db")
	os.MkdirAll(filepath.Dir(ledgerPath), 0o700)
	st, err := centre.OpenLedger(context.Background(), ledgerPath, true)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	roots := filepath.Join(dir, "usb")
	os.MkdirAll(roots, 0o700)
	c := &clock{testNow}
	cfg := Config{Ledger: ledgerPath, Centre: "epn-test", KeyPath: filepath.Join(keyDir, keys.FileName), Operator: "Claire",
		Local: true, Roots: []string{roots}, Now: c.now, Language: language.French}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &workspace{t: t, dir: dir, srv: srv, clock: c, ledger: ledgerPath, roots: roots}
	if cfg.Secure {
		w.http = httptest.NewTLSServer(srv)
	} else {
		w.http = httptest.NewServer(srv)
	}
	t.Cleanup(func() { w.http.Close(); srv.Close() })
	w.client = w.newClient()
	return w
}

func (w *workspace) newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	c := w.http.Client()
	c.Jar = jar
	return c
}

// login signs the client in with a one-time link.
func (w *workspace) login() {
	w.t.Helper()
	resp := w.get(w.srv.LoginLink())
	if resp.status != 200 || !strings.Contains(resp.body, "Déposer des attestations") {
		w.t.Fatalf("login: %d\n%s", resp.status, resp.body)
	}
}

type response struct {
	status int
	body   string
	header http.Header
}

func (w *workspace) do(req *http.Request) response {
	w.t.Helper()
	resp, err := w.client.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, string(b), resp.Header}
}

func (w *workspace) get(path string) response {
	w.t.Helper()
	req, _ := http.NewRequest("GET", w.http.URL+path, nil)
	return w.do(req)
}

// post sends a form, with the page's CSRF token unless the form sets "csrf".
func (w *workspace) post(path string, form url.Values) response {
	w.t.Helper()
	if _, set := form["csrf"]; !set {
		form.Set("csrf", w.csrf())
	}
	req, _ := http.NewRequest("POST", w.http.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return w.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the CSRF token of the signed-in session from a page.
func (w *workspace) csrf() string {
	w.t.Helper()
	m := csrfField.FindStringSubmatch(w.get("/rapports").body)
	if m == nil {
		w.t.Fatal("no CSRF token on the page")
	}
	return m[1]
}

// learner is a learner profile: its key, card file and records.
type learner struct {
	key  *keys.Key
	card string
	name string
}

func newLearner(t testing.TB, dir, name string) learner {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	data, err := card.New(name, k.Public(), testNow.Add(-30*24*time.Hour)).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "carte-declic-"+name+".json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return learner{key: k, card: p, name: name}
}

// record writes a record of starter module id signed by the learner into dir.
func (l learner) record(t testing.TB, dir, id string) string {
	t.Helper()
	start := testNow.Add(-72 * time.Hour)
	data, err := records.Issue(l.key, records.RecordInput{
		LearnerID: "3f2b6c1e-8a4d-4e7b-9c55-1d2e3f4a5b6c", PackID: "fr.declic.premiers-pas", PackVersion: "1.0.0",
		ModuleID: id, ModuleTitle: id, Hours: 1.5, ActiveMinutes: 70, FinalScore: 80, DisplayName: l.name,
		Start: start, End: start.Add(24 * time.Hour), Issued: start.Add(25 * time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, l.name+"-"+id+".json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// mustCatalogue loads the embedded catalogue.
func mustCatalogue(t testing.TB) *catalogue.Catalogue {
	t.Helper()
	cat, _ := catalogue.Load(catalogue.Options{})
	return cat
}
