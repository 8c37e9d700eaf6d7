package centreweb

import (
	"errors"
	"net/url"
	"strings"

	"declic/centre"
	"declic/i18n"
)

// settingsView is the data of the settings page.
type settingsView struct {
	Ledger, Centre, KeyPath, KeyDID, KeyCode string
	LedgerExists, Network                    bool
	KeyState                                 string
	Catalogue                                int
}

func (s *Server) settingsData() settingsView {
	sv := settingsView{Ledger: s.cfg.Ledger, Centre: s.cfg.Centre, KeyPath: s.cfg.KeyPath, Network: s.network(),
		LedgerExists: s.cfg.Ledger != "" && centre.LedgerExists(s.cfg.Ledger), Catalogue: len(s.cfg.Catalogue.Modules())}
	if sv.Network {
		sv.Ledger = redact(sv.Ledger)
	}
	k, err := s.centreKey()
	switch {
	case err == nil:
		sv.KeyState, sv.KeyDID, sv.KeyCode = "ready", k.DID(), k.Fingerprint()
	case err == errSealed || err == errWrongPassphrase:
		sv.KeyState = "sealed"
	default:
		sv.KeyState = "missing"
	}
	return sv
}

func (s *Server) settings(rc *requestContext) {
	v := rc.newView("reglages", "centreweb.settings.title")
	sv := s.settingsData()
	if !sv.LedgerExists && s.cfg.Ledger != "" {
		v.Notices = append(v.Notices, notice{"warn", rc.T("centreweb.settings.ledger_missing", "Path", centre.Clean(s.cfg.Ledger))})
	}
	v.Data = sv
	rc.render("settings", v)
}

// createLedger creates the configured ledger file, only when asked twice: the button
// and the box that confirms the name (a typo must not start a new ledger).
func (s *Server) createLedger(rc *requestContext) {
	f := rc.r.PostForm
	v := rc.newView("reglages", "centreweb.settings.title")
	v.Data = s.settingsData()
	if centre.IsNetwork(s.cfg.Ledger) || centre.LedgerExists(s.cfg.Ledger) {
		rc.redirect("/reglages")
		return
	}
	if strings.TrimSpace(f.Get("nom")) != s.cfg.Ledger || f.Get("confirme") != "oui" {
		v.Errors = append(v.Errors, fieldError{"nom", rc.T("centreweb.settings.confirm_create", "Path", centre.Clean(s.cfg.Ledger))})
		rc.render("settings", v)
		return
	}
	if _, err := s.ledger(rc.r.Context(), true); err != nil {
		v.Errors = append(v.Errors, fieldError{"nom", rc.M(centre.LedgerError(err))})
		rc.render("settings", v)
		return
	}
	rc.redirect("/reglages?ok=registre")
}

// unlockKey loads a sealed centre key with its passphrase.
func (s *Server) unlockKey(rc *requestContext) {
	s.loadKey(rc.r.PostForm.Get("phrase"))
	if _, err := s.centreKey(); err != nil {
		v := rc.newView("reglages", "centreweb.settings.title")
		v.Data = s.settingsData()
		v.Errors = append(v.Errors, fieldError{"phrase", rc.T("centreweb.key.wrong_passphrase")})
		if rc.ses.role != RoleAdmin {
			rc.failText(422, "centreweb.settings.title", rc.T("centreweb.key.wrong_passphrase"))
			return
		}
		rc.render("settings", v)
		return
	}
	back := rc.r.PostForm.Get("retour")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		back = "/reglages"
	}
	u, _ := url.Parse(back)
	q := u.Query()
	q.Set("ok", "cle")
	u.RawQuery = q.Encode()
	rc.redirect(u.String())
}

// accountsView is the data of the accounts page.
type accountsView struct {
	Accounts []Account
	Name     string
	Role     Role
	Min      int
}

func (s *Server) accountsPage(rc *requestContext) {
	v := rc.newView("comptes", "centreweb.accounts.title")
	s.renderAccounts(rc, v, accountsView{Role: RoleOperator})
}

func (s *Server) renderAccounts(rc *requestContext, v view, av accountsView) {
	av.Min = MinPasswordLength
	if s.cfg.Accounts != nil {
		av.Accounts, _ = s.cfg.Accounts.List()
	}
	v.Data = av
	rc.render("accounts", v)
}

func (s *Server) addAccount(rc *requestContext) {
	f := rc.r.PostForm
	av := accountsView{Name: strings.TrimSpace(f.Get("nom")), Role: Role(f.Get("role"))}
	v := rc.newView("comptes", "centreweb.accounts.title")
	if s.cfg.Accounts == nil {
		v.Errors = append(v.Errors, fieldError{"nom", rc.T("centreweb.accounts.none_here")})
		s.renderAccounts(rc, v, av)
		return
	}
	if f.Get("motdepasse") != f.Get("motdepasse2") {
		v.Errors = append(v.Errors, fieldError{"motdepasse", rc.T("centreweb.accounts.mismatch")})
		s.renderAccounts(rc, v, av)
		return
	}
	err := s.cfg.Accounts.Add(av.Name, av.Role, f.Get("motdepasse"), s.cfg.Now())
	if err != nil {
		field, m := accountError(err)
		v.Errors = append(v.Errors, fieldError{field, rc.M(m)})
		s.renderAccounts(rc, v, av)
		return
	}
	rc.redirect("/comptes?ok=compte&n=" + url.QueryEscape(av.Name))
}

// accountError says what is wrong with an account's form.
func accountError(err error) (string, i18n.Message) {
	switch {
	case errors.Is(err, ErrBadAccountName):
		return "nom", i18n.M("centreweb.accounts.bad_name")
	case errors.Is(err, ErrAccountExists):
		return "nom", i18n.M("centreweb.accounts.exists")
	case errors.Is(err, ErrShortPassword):
		return "motdepasse", i18n.M("centreweb.accounts.short", "Min", MinPasswordLength)
	case errors.Is(err, ErrLastAdmin):
		return "nom", i18n.M("centreweb.accounts.last_admin")
	case errors.Is(err, ErrNoAccount):
		return "nom", i18n.M("centreweb.accounts.unknown")
	}
	return "nom", i18n.M("centre.reason.error", "Text", centre.Clean(err.Error()))
}

func (s *Server) removeAccount(rc *requestContext) {
	name := rc.r.PostForm.Get("nom")
	v := rc.newView("comptes", "centreweb.accounts.title")
	if s.cfg.Accounts == nil {
		rc.redirect("/comptes")
		return
	}
	if name == rc.ses.name {
		v.Errors = append(v.Errors, fieldError{"nom", rc.T("centreweb.accounts.not_yourself")})
		s.renderAccounts(rc, v, accountsView{Role: RoleOperator})
		return
	}
	if err := s.cfg.Accounts.Remove(name); err != nil {
		field, m := accountError(err)
		v.Errors = append(v.Errors, fieldError{field, rc.M(m)})
		s.renderAccounts(rc, v, accountsView{Role: RoleOperator})
		return
	}
	rc.redirect("/comptes?ok=supprime&n=" + url.QueryEscape(name))
}

func (s *Server) setPassword(rc *requestContext) {
	f := rc.r.PostForm
	name := f.Get("nom")
	v := rc.newView("comptes", "centreweb.accounts.title")
	if s.cfg.Accounts == nil {
		rc.redirect("/comptes")
		return
	}
	if err := s.cfg.Accounts.SetPassword(name, f.Get("motdepasse")); err != nil {
		field, m := accountError(err)
		if field == "motdepasse" {
			field = "nouveau-" + name
		}
		v.Errors = append(v.Errors, fieldError{field, rc.M(m)})
		s.renderAccounts(rc, v, accountsView{Role: RoleOperator})
		return
	}
	rc.redirect("/comptes?ok=motdepasse&n=" + url.QueryEscape(name))
}
