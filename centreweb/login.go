package centreweb

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
	"time"

	"declic/centre"
)

// loginData is the login page's data.
type loginData struct {
	Next, Name string
	Locked     time.Time
}

// safeNext keeps a local path to go to after login, nothing else.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") || strings.HasPrefix(next, "/connexion") {
		return "/"
	}
	return next
}

// loginPage exchanges a one-time link's token for a session (local mode), or shows the
// login form (network mode).
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	rc := &requestContext{w: w, r: r, s: s, tr: s.translator(r)}
	if t := r.URL.Query().Get("jeton"); t != "" {
		g, ok := s.sessions.useLink(t)
		if !ok {
			rc.fail(http.StatusUnauthorized, "centreweb.login.link_used_title", "centreweb.login.link_used")
			return
		}
		s.startSession(w, g.name, g.role)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	v := rc.newView("login", "centreweb.login.title")
	v.Data = loginData{Next: safeNext(r.URL.Query().Get("suite"))}
	rc.render("login", v)
}

func (s *Server) startSession(w http.ResponseWriter, name string, role Role) {
	x := s.sessions.start(name, role)
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: x.id, Path: "/", HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteStrictMode})
}

// clientAddress is the remote address without its port.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// login checks a name and a password (network mode); failures lock the account and
// the address for a while.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	rc := &requestContext{w: w, r: r, s: s, tr: s.translator(r)}
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		rc.fail(http.StatusRequestEntityTooLarge, "centreweb.error.form_title", "centreweb.error.form_too_large")
		return
	}
	v := rc.newView("login", "centreweb.login.title")
	name := strings.TrimSpace(r.PostForm.Get("nom"))
	data := loginData{Next: safeNext(r.PostForm.Get("suite")), Name: name}
	if s.cfg.Local || s.cfg.Accounts == nil {
		v.Data = data
		v.Errors = append(v.Errors, fieldError{"nom", rc.T("centreweb.login.local_only")})
		rc.render("login", v)
		return
	}
	keys := []string{"name:" + strings.ToLower(name), "addr:" + clientAddress(r)}
	for _, k := range keys {
		if until, locked := s.sessions.locked(k); locked {
			data.Locked = until
			v.Data = data
			v.Errors = append(v.Errors, fieldError{"nom", rc.T("centreweb.login.locked", "Until", rc.M(centre.When(until)))})
			rc.renderStatus(http.StatusTooManyRequests, "login", v)
			return
		}
	}
	acc, ok := s.cfg.Accounts.Check(name, r.PostForm.Get("motdepasse"))
	if !ok {
		s.cfg.Log.Printf("login refused for %q from %s", centre.Clean(name), clientAddress(r))
		if until, locked := s.sessions.failed(keys...); locked {
			v.Errors = append(v.Errors, fieldError{"nom", rc.T("centreweb.login.locked", "Until", rc.M(centre.When(until)))})
			v.Data = data
			rc.renderStatus(http.StatusTooManyRequests, "login", v)
			return
		}
		v.Errors = append(v.Errors, fieldError{"nom", rc.T("centreweb.login.wrong")})
		v.Data = data
		rc.renderStatus(http.StatusUnauthorized, "login", v)
		return
	}
	s.sessions.succeeded(keys...)
	s.startSession(w, acc.Name, acc.Role)
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
}

func (s *Server) logout(rc *requestContext) {
	s.sessions.end(rc.ses.id)
	http.SetCookie(rc.w, &http.Cookie{Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.Secure})
	v := rc.newView("login", "centreweb.logout.title")
	rc.ses = nil
	v.Name, v.CSRF, v.Role = "", "", ""
	v.Data = loginData{Next: "/"}
	v.Notices = append(v.Notices, notice{"ok", rc.T("centreweb.logout.done")})
	rc.render("login", v)
}

// controlLink gives a new one-time link to a second start of declic-centre serve on
// this machine, which proves itself with the secret the first start wrote in the
// user's own folder. Only from the loopback address.
func (s *Server) controlLink(w http.ResponseWriter, r *http.Request) {
	ip := net.ParseIP(clientAddress(r))
	secret := r.Header.Get("X-Declic-Secret")
	if !s.cfg.Local || ip == nil || !ip.IsLoopback() || subtle.ConstantTimeCompare([]byte(secret), []byte(s.controlSecret)) != 1 {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(s.LoginLink()))
}
