// Package centreweb is « Espace centre », the web workspace of a Déclic centre, served
// by declic-centre serve over the same ledger code as the command line (package
// centre). Staff receive learners' records (files, a folder, a USB stick), see them
// grouped by learner profile with each verdict, and credit them; enrol cartes Déclic;
// see each learner's credits, competencies and « Mon bilan »; make reports (CSV for a
// French spreadsheet, PDF with the ledger's signed checkpoint); browse, check and
// correct the ledger; and, on a shared PostgreSQL ledger, see the network.
//
// Pages are server-rendered (html/template), with embedded assets and no script
// needed; every text comes from the i18n catalogue (i18n/locales/centreweb.*.toml),
// French first, English second. On 127.0.0.1 a one-time link signs the person at the
// desk in; on the network the server speaks TLS only and asks for operator accounts
// (argon2id passwords, roles, sessions, CSRF tokens, lockout after failed logins).
package centreweb

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"

	"declic/catalogue"
	"declic/centre"
	"declic/i18n"
	"declic/keys"
	"declic/ledger"
)

//go:embed templates/*.html assets/*
var files embed.FS

// Config is what the workspace needs.
type Config struct {
	// Ledger is the ledger: a SQLite file or a postgres:// URL.
	Ledger string
	// Centre is the centre's id in the ledger.
	Centre string
	// KeyPath is the centre key's file.
	KeyPath string
	// Passphrase unlocks a sealed key at start ("" to ask in the workspace).
	Passphrase string
	// Operator is the name the one-time link signs in with (local mode).
	Operator string
	// Policy is the centre's crediting policy.
	Policy ledger.Policy
	// Catalogue is the centre's catalogue of creditable modules.
	Catalogue *catalogue.Catalogue
	// Accounts holds operator accounts; required when Local is false.
	Accounts *Accounts
	// Local is the one-desk mode: 127.0.0.1, a one-time link, no password.
	Local bool
	// Secure is true when the server speaks TLS (cookies marked Secure).
	Secure bool
	// Roots are the folders whose files the workspace may read by path (a USB stick,
	// Documents…); the paths of removable drives are added to them at each request.
	Roots []string
	// Drives lists the removable drives plugged in now (nil: none).
	Drives func() []string
	// Language is the default language (French unless English is asked for).
	Language language.Tag
	// Now is the clock.
	Now func() time.Time
	// Log receives one line per refused request and per server error (nil: discarded).
	Log *log.Logger
}

// Limits of what the workspace accepts.
const (
	// MaxUpload is the largest request body of an upload: 32 MB.
	MaxUpload = 32 << 20
	// MaxFiles is the most files one deposit may hold.
	MaxFiles = 2000
	// MaxUnzipped is the most bytes a zip archive may expand to, in all.
	MaxUnzipped = 64 << 20
	// MaxZipRatio is the largest expansion ratio of a file inside a zip archive.
	MaxZipRatio = 100
	// MaxFormBytes bounds a form without files.
	MaxFormBytes = 64 << 10
)

// Server is the workspace: an http.Handler.
type Server struct {
	cfg      Config
	sessions *sessions
	mux      *http.ServeMux
	pages    map[string]*pageTemplate
	mu       sync.Mutex
	store    ledger.Store
	key      *keys.Key
	keyErr   error
	// controlSecret authenticates a second start of declic-centre serve asking this
	// server for a new one-time link (see LinkHandler).
	controlSecret string
	// cache keeps lists and reports while the centre's chain does not grow.
	cache headCache
	// tallies keeps the centre's reports up to date line by line, searches what the
	// ledger's searches find.
	tallies  recent[keptTally]
	searches recent[keptSearch]
}

// New returns the workspace for cfg. The ledger is opened on first use (a missing file
// is never created without an explicit request), the key loaded now when it can be.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Catalogue == nil {
		cat, _ := catalogue.Load(catalogue.Options{})
		cfg.Catalogue = cat
	}
	if cfg.Policy == (ledger.Policy{}) {
		cfg.Policy = ledger.DefaultPolicy()
	}
	if !cfg.Local && cfg.Accounts == nil {
		return nil, errors.New("centreweb: a workspace on the network needs operator accounts")
	}
	if cfg.Language == language.Und {
		cfg.Language = i18n.Fallback
	}
	if cfg.Drives == nil {
		cfg.Drives = func() []string { return nil }
	}
	if cfg.Log == nil {
		cfg.Log = log.New(discard{}, "", 0)
	}
	s := &Server{cfg: cfg, sessions: newSessions(cfg.Now), controlSecret: token(),
		tallies: recent[keptTally]{max: maxTallies}, searches: recent[keptSearch]{max: maxSearches}}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.loadKey(cfg.Passphrase)
	s.routes()
	return s, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Close closes the ledger.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store != nil {
		err := s.store.Close()
		s.store = nil
		return err
	}
	return nil
}

// LoginLink returns a one-time link's path for the desk's operator (local mode).
func (s *Server) LoginLink() string {
	return "/connexion?jeton=" + s.sessions.link(s.cfg.Operator, RoleAdmin)
}

// ControlSecret is the secret a second start of the server shows to get a new link.
func (s *Server) ControlSecret() string { return s.controlSecret }

// loadKey loads the centre's key; a sealed key without its passphrase waits for it.
func (s *Server) loadKey(passphrase string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key, s.keyErr = nil, nil
	if s.cfg.KeyPath == "" {
		s.keyErr = errNoKey
		return
	}
	sealed, err := keys.NeedsPassphrase(s.cfg.KeyPath)
	if err != nil {
		s.keyErr = errNoKey
		return
	}
	if sealed && passphrase == "" {
		s.keyErr = errSealed
		return
	}
	k, err := keys.Load(s.cfg.KeyPath, passphrase)
	switch {
	case errors.Is(err, keys.ErrPassphrase):
		s.keyErr = errWrongPassphrase
	case err != nil:
		s.keyErr = errNoKey
	default:
		s.key = k
	}
}

// Why the centre key is not ready.
var (
	errNoKey           = errors.New("centreweb: no centre key")
	errSealed          = errors.New("centreweb: the centre key is sealed")
	errWrongPassphrase = errors.New("centreweb: wrong passphrase")
)

// centreKey returns the loaded key.
func (s *Server) centreKey() (*keys.Key, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.key, s.keyErr
}

// ledger returns the open ledger, opening it when needed; create allows a new file.
func (s *Server) ledger(ctx context.Context, create bool) (ledger.Store, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store != nil {
		return s.store, nil
	}
	if s.cfg.Ledger == "" {
		return nil, &centre.NoLedgerError{}
	}
	st, err := centre.OpenLedger(ctx, s.cfg.Ledger, create)
	if err != nil {
		return nil, err
	}
	s.store = st
	return st, nil
}

// network reports whether the ledger is a shared PostgreSQL ledger.
func (s *Server) network() bool { return centre.IsNetwork(s.cfg.Ledger) }

// ServeHTTP serves the workspace with its security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.cfg.Secure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	m := http.NewServeMux()
	assets, _ := fs.Sub(files, "assets")
	static := http.StripPrefix("/static/", http.FileServerFS(assets))
	m.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=3600")
		static.ServeHTTP(w, r)
	}))
	m.HandleFunc("GET /{$}", s.signedIn(anyRole, s.home))
	m.HandleFunc("GET /connexion", s.loginPage)
	m.HandleFunc("POST /connexion", s.login)
	m.HandleFunc("POST /deconnexion", s.signedIn(anyRole, s.logout))
	m.HandleFunc("GET /langue", s.language)
	m.HandleFunc("POST /_local/lien", s.controlLink)

	staff := []Role{RoleAdmin, RoleOperator}
	m.HandleFunc("GET /deposer", s.signedIn(staff, s.depositForm))
	m.HandleFunc("POST /deposer", s.signedIn(staff, s.depositUpload))
	m.HandleFunc("POST /deposer/dossier", s.signedIn(staff, s.depositFolder))
	m.HandleFunc("GET /deposer/{id}", s.signedIn(staff, s.depositPreview))
	m.HandleFunc("POST /deposer/{id}/crediter", s.signedIn(staff, s.depositCredit))
	m.HandleFunc("POST /deposer/{id}/oublier", s.signedIn(staff, s.depositForget))

	m.HandleFunc("GET /apprenants", s.signedIn(staff, s.learners))
	m.HandleFunc("GET /apprenants/carte", s.signedIn(staff, s.enrolForm))
	m.HandleFunc("POST /apprenants/carte", s.signedIn(staff, s.enrol))
	m.HandleFunc("GET /apprenants/dossier", s.signedIn(staff, s.dossier))
	m.HandleFunc("POST /apprenants/bilan", s.signedIn(staff, s.bilanUpload))

	reporters := []Role{RoleAdmin, RoleOperator, RoleCoordinator}
	m.HandleFunc("GET /rapports", s.signedIn(reporters, s.reports))
	m.HandleFunc("GET /rapports/bilan.csv", s.signedIn(reporters, s.reportCSV))
	m.HandleFunc("GET /rapports/bilan.pdf", s.signedIn(reporters, s.reportPDF))
	m.HandleFunc("GET /rapports/point-de-controle.json", s.signedIn(staff, s.checkpointFile))

	m.HandleFunc("GET /registre", s.signedIn(staff, s.registry))
	m.HandleFunc("GET /registre/annuler", s.signedIn(staff, s.cancelForm))
	m.HandleFunc("POST /registre/annuler", s.signedIn(staff, s.cancel))
	m.HandleFunc("POST /registre/controle", s.signedIn(staff, s.check))

	m.HandleFunc("GET /reseau", s.signedIn(reporters, s.networkPage))
	m.HandleFunc("POST /reseau/envoyer", s.signedIn([]Role{RoleAdmin}, s.sync))

	admins := []Role{RoleAdmin}
	m.HandleFunc("GET /reglages", s.signedIn(admins, s.settings))
	m.HandleFunc("POST /reglages/registre", s.signedIn(admins, s.createLedger))
	m.HandleFunc("POST /reglages/cle", s.signedIn(staff, s.unlockKey))
	m.HandleFunc("GET /comptes", s.signedIn(admins, s.accountsPage))
	m.HandleFunc("POST /comptes", s.signedIn(admins, s.addAccount))
	m.HandleFunc("POST /comptes/supprimer", s.signedIn(admins, s.removeAccount))
	m.HandleFunc("POST /comptes/mot-de-passe", s.signedIn(admins, s.setPassword))
	m.HandleFunc("/", s.notFound)
	s.mux = m
}

var anyRole = []Role{RoleAdmin, RoleOperator, RoleCoordinator}

// sessionCookie is the session cookie's name: __Host- over TLS (Secure, path /, no
// domain), a plain name on 127.0.0.1 without TLS.
func (s *Server) sessionCookie() string {
	if s.cfg.Secure {
		return "__Host-declic-session"
	}
	return "declic-session"
}

// requestContext is what a handler of a signed-in page gets.
type requestContext struct {
	w   http.ResponseWriter
	r   *http.Request
	s   *Server
	tr  *i18n.Translator
	ses *session
}

// signedIn wraps a handler: the session must be live and its role allowed; a POST
// must carry the session's CSRF token (and, when the browser says, come from this
// site). Anything else gets a French page that says what to do, and nothing is written.
func (s *Server) signedIn(roles []Role, h func(*requestContext)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rc := &requestContext{w: w, r: r, s: s, tr: s.translator(r)}
		c, err := r.Cookie(s.sessionCookie())
		if err == nil {
			rc.ses, _ = s.sessions.get(c.Value)
		}
		if rc.ses == nil {
			if r.Method == http.MethodPost {
				s.cfg.Log.Printf("%s %s: no live session", r.Method, r.URL.Path)
				rc.fail(http.StatusUnauthorized, "centreweb.error.session_expired_title", "centreweb.error.session_expired")
				return
			}
			http.Redirect(w, r, "/connexion?suite="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		allowed := false
		for _, role := range roles {
			allowed = allowed || rc.ses.role == role
		}
		if !allowed {
			rc.fail(http.StatusForbidden, "centreweb.error.forbidden_title", "centreweb.error.forbidden")
			return
		}
		if r.Method == http.MethodPost {
			if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
				s.cfg.Log.Printf("%s %s: cross-site request (%s)", r.Method, r.URL.Path, site)
				rc.fail(http.StatusForbidden, "centreweb.error.csrf_title", "centreweb.error.csrf")
				return
			}
			if !rc.ses.validCSRF(csrfOf(r)) {
				s.cfg.Log.Printf("%s %s: missing or wrong CSRF token", r.Method, r.URL.Path)
				rc.fail(http.StatusForbidden, "centreweb.error.csrf_title", "centreweb.error.csrf")
				return
			}
		}
		h(rc)
	}
}

// csrfOf reads the CSRF token of a form: from the query string of a multipart upload
// (whose body is parsed later, within its size limit), else from the form body.
func csrfOf(r *http.Request) string {
	if t := r.URL.Query().Get("csrf"); t != "" {
		return t
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return ""
	}
	r.Body = http.MaxBytesReader(nil, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		return ""
	}
	return r.PostForm.Get("csrf")
}

// translator chooses the reader's language: the cookie the language link sets, else
// the workspace's default.
func (s *Server) translator(r *http.Request) *i18n.Translator {
	if c, err := r.Cookie("declic-langue"); err == nil {
		if tag, err := language.Parse(c.Value); err == nil && (tag == language.French || tag == language.English) {
			return i18n.New(tag)
		}
	}
	return i18n.New(s.cfg.Language)
}

func (s *Server) home(rc *requestContext) {
	switch {
	case rc.ses.role == RoleCoordinator:
		http.Redirect(rc.w, rc.r, "/rapports", http.StatusSeeOther)
	default:
		http.Redirect(rc.w, rc.r, "/deposer", http.StatusSeeOther)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	rc := &requestContext{w: w, r: r, s: s, tr: s.translator(r)}
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		rc.ses, _ = s.sessions.get(c.Value)
	}
	rc.fail(http.StatusNotFound, "centreweb.error.not_found_title", "centreweb.error.not_found")
}

// language sets the reader's language and goes back to the page.
func (s *Server) language(w http.ResponseWriter, r *http.Request) {
	l := r.URL.Query().Get("l")
	if l != "fr" && l != "en" {
		l = "fr"
	}
	http.SetCookie(w, &http.Cookie{Name: "declic-langue", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.cfg.Secure, SameSite: http.SameSiteLaxMode})
	back := r.URL.Query().Get("retour")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.ContainsAny(back, "\\\r\n") {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// operatorName is who writes an entry: the signed-in person.
func (rc *requestContext) operatorName() string { return rc.ses.name }

// centreID is the centre's id in the ledger.
func (s *Server) centreID() string { return s.cfg.Centre }

// Describe returns a line on the ledger and key, for the terminal that started the
// server.
func (s *Server) Describe() string {
	where := s.cfg.Ledger
	if centre.IsNetwork(where) {
		where = redact(where)
	}
	return fmt.Sprintf("%s (%s)", where, s.cfg.Centre)
}
