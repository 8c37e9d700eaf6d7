package centreweb

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"declic/centre"
	"declic/i18n"
)

// pageTemplate is one page: the layout and the page's own template.
type pageTemplate struct{ t *template.Template }

// funcs are the templates' helpers; each takes the translator first.
var funcs = template.FuncMap{
	// t translates a message id with name/value pairs.
	"t": func(tr *i18n.Translator, id string, pairs ...any) string { return tr.Message(i18n.M(id, pairs...)) },
	// msg translates a message made by the code.
	"msg": func(tr *i18n.Translator, m i18n.Message) string { return tr.Message(m) },
	// num writes hours or a number as the reader does (« 1,5 » in French).
	"num": func(tr *i18n.Translator, v float64) string { return tr.Message(centre.Number(v)) },
	// when writes a date and time, day a date alone.
	"when": func(tr *i18n.Translator, t time.Time) string { return tr.Message(centre.When(t)) },
	"day":  func(tr *i18n.Translator, t time.Time) string { return tr.Message(centre.Day(t)) },
	// iso writes a date as a date field wants it.
	"iso":   func(t time.Time) string { return t.Format("2006-01-02") },
	"clean": centre.Clean,
	"short": func(s string, n int) string {
		if r := []rune(s); len(r) > n {
			return string(r[:n]) + "…"
		}
		return s
	},
	"query": url.QueryEscape,
	// codeOf is a did:key's short code.
	"codeOf": centre.CodeOf,
	// kindOf names an entry's kind.
	"kindOf": centre.KindText,
	// roleName names a role.
	"roleName": func(tr *i18n.Translator, r Role) string { return tr.Message(i18n.M(roleNames[r])) },
	// linesOf is the data of a report's table.
	"linesOf": func(v view, titleID, firstID string, lines []centre.Line) linesData {
		return linesData{Tr: v.Tr, ID: strings.ReplaceAll(titleID, ".", "-"), Title: titleID, First: firstID, Lines: lines}
	},
	"bilanData": func(v view, b *bilanView) bilanData { return bilanData{Tr: v.Tr, B: b} },
	"add":       func(a, b int) int { return a + b },
	"sub":       func(a, b int) int { return a - b },
}

func (s *Server) parseTemplates() error {
	s.pages = map[string]*pageTemplate{}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return err
	}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", name)
		if err != nil {
			return fmt.Errorf("centreweb: %s: %w", name, err)
		}
		s.pages[strings.TrimSuffix(base, ".html")] = &pageTemplate{t}
	}
	return nil
}

// roleNames are the message ids naming the roles.
var roleNames = map[Role]string{RoleAdmin: "centreweb.role.admin", RoleOperator: "centreweb.role.operateur", RoleCoordinator: "centreweb.role.coordinateur"}

// linesData is one table of a report.
type linesData struct {
	Tr               *i18n.Translator
	ID, Title, First string
	Lines            []centre.Line
}

// bilanData is the bilan part of a dossier.
type bilanData struct {
	Tr *i18n.Translator
	B  *bilanView
}

// notice is a message at the top of a page: "ok", "warn" or "error".
type notice struct {
	Kind string
	Text string
}

// fieldError is a form field's problem, shown beside it and in the summary.
type fieldError struct {
	Field string // the input's id
	Text  string
}

// view is what every page's template gets.
type view struct {
	Tr       *i18n.Translator
	Lang     string
	Title    string
	Nav      string
	Name     string
	Role     Role
	RoleName string
	CSRF     string
	Network  bool
	Local    bool
	Path     string
	Notices  []notice
	Errors   []fieldError
	KeyState string
	Data     any
}

// HasError reports whether field has an error, ErrorOf returns it.
func (v view) HasError(field string) bool { return v.ErrorOf(field) != "" }

// ErrorOf returns field's error text.
func (v view) ErrorOf(field string) string {
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Text
		}
	}
	return ""
}

// Is reports whether the signed-in role is one of roles.
func (v view) Is(roles ...string) bool {
	for _, r := range roles {
		if string(v.Role) == r {
			return true
		}
	}
	return false
}

// T translates id for the page.
func (rc *requestContext) T(id string, pairs ...any) string {
	return rc.tr.Message(i18n.M(id, pairs...))
}

// M translates a message.
func (rc *requestContext) M(m i18n.Message) string { return rc.tr.Message(m) }

// newView fills what every page shows.
func (rc *requestContext) newView(page, titleID string) view {
	v := view{Tr: rc.tr, Lang: rc.tr.Language().String(), Title: rc.T(titleID), Nav: page, Network: rc.s.network(),
		Local: rc.s.cfg.Local, Path: rc.r.URL.RequestURI()}
	if rc.ses != nil {
		v.Name, v.Role, v.CSRF, v.RoleName = rc.ses.name, rc.ses.role, rc.ses.csrf, rc.T(roleNames[rc.ses.role])
		if _, err := rc.s.centreKey(); err == errSealed || err == errWrongPassphrase {
			v.KeyState = "sealed"
		}
	}
	if flash := rc.r.URL.Query().Get("ok"); flash != "" {
		if id, ok := flashes[flash]; ok {
			v.Notices = append(v.Notices, notice{"ok", rc.T(id, "N", rc.r.URL.Query().Get("n"))})
		}
	}
	return v
}

// flashes are the messages a redirect can ask the next page to show (?ok=…).
var flashes = map[string]string{
	"carte":      "centreweb.flash.enrolled",
	"annule":     "centreweb.flash.cancelled",
	"compte":     "centreweb.flash.account_added",
	"supprime":   "centreweb.flash.account_removed",
	"motdepasse": "centreweb.flash.password_set",
	"registre":   "centreweb.flash.ledger_created",
	"cle":        "centreweb.flash.key_unlocked",
}

// render writes page with v, status 200 unless the view carries errors (422).
func (rc *requestContext) render(page string, v view) {
	status := http.StatusOK
	if len(v.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	rc.renderStatus(status, page, v)
}

func (rc *requestContext) renderStatus(status int, page string, v view) {
	t, ok := rc.s.pages[page]
	if !ok {
		http.Error(rc.w, "page "+page, http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.t.Execute(&buf, v); err != nil {
		rc.s.cfg.Log.Printf("template %s: %v", page, err)
		http.Error(rc.w, "template", http.StatusInternalServerError)
		return
	}
	rc.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	rc.w.WriteHeader(status)
	rc.w.Write(buf.Bytes())
}

// problem is the data of the error page.
type problem struct {
	Text string
	Back string
}

// fail shows the error page: a title and what to do.
func (rc *requestContext) fail(status int, titleID, textID string, pairs ...any) {
	rc.failText(status, titleID, rc.T(textID, pairs...))
}

func (rc *requestContext) failText(status int, titleID, text string) {
	v := rc.newView("", titleID)
	back := rc.r.Header.Get("Referer")
	if u, err := url.Parse(back); err != nil || u.Host != rc.r.Host {
		back = ""
	}
	v.Data = problem{Text: text, Back: back}
	rc.renderStatus(status, "error", v)
}

// redirect sends the browser to path after a POST (303).
func (rc *requestContext) redirect(path string) { http.Redirect(rc.w, rc.r, path, http.StatusSeeOther) }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
