package centreweb

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"declic/centre"
	"declic/courses"
	"declic/i18n"
	"declic/ledger"
)

// learnersView is the data of the list of dossiers.
type learnersView struct {
	Search   string
	Dossiers []ledger.Dossier
	Total    int
	Pager    pager
}

// pager is a list's position: which page, how many, links.
type pager struct {
	Page, Pages, Total, From, To int
	Prev, Next                   string
}

func newPager(base url.Values, path string, page, per, total int) pager {
	p := pager{Page: page, Total: total, Pages: (total + per - 1) / per}
	if p.Pages == 0 {
		p.Pages = 1
	}
	if total > 0 {
		p.From, p.To = (page-1)*per+1, min(page*per, total)
	}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range base {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(n))
		return path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

// pageNumber reads ?page=, 1 when absent or wrong.
func pageNumber(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 1_000_000 {
		return 1
	}
	return n
}

// reader returns the ledger as a Reader, or shows why it cannot be read.
func (rc *requestContext) reader() (ledger.Reader, ledger.Store, bool) {
	store, err := rc.s.ledger(rc.r.Context(), false)
	if err != nil {
		rc.ledgerProblem(err)
		return nil, nil, false
	}
	r, err := ledger.ReaderOf(store)
	if err != nil {
		rc.ledgerProblem(err)
		return nil, nil, false
	}
	return r, store, true
}

// ledgerProblem shows why the ledger cannot be used, with what to do.
func (rc *requestContext) ledgerProblem(err error) {
	if errors.Is(err, centre.ErrNoLedger) && rc.ses.role == RoleAdmin {
		rc.redirect("/reglages")
		return
	}
	rc.failText(http.StatusServiceUnavailable, "centreweb.error.ledger_title", rc.M(centre.LedgerError(err)))
}

const perPage = 50

func (s *Server) learners(rc *requestContext) {
	r, _, ok := rc.reader()
	if !ok {
		return
	}
	search := strings.TrimSpace(rc.r.URL.Query().Get("q"))
	page := pageNumber(rc.r)
	type dossiers struct {
		list  []ledger.Dossier
		total int
	}
	head := s.headOf(rc.r.Context(), r)
	key := fmt.Sprintf("dossiers\x00%s\x00%d", search, page)
	var got dossiers
	if v, ok := s.cache.get(head, key); ok && head >= 0 {
		got = v.(dossiers)
	} else {
		list, total, err := r.Dossiers(rc.r.Context(), ledger.DossierQuery{Centre: s.centreID(), Search: search, Offset: (page - 1) * perPage, Limit: perPage})
		if err != nil {
			rc.ledgerProblem(err)
			return
		}
		got = dossiers{list, total}
		if head >= 0 {
			s.cache.put(head, key, got)
		}
	}
	list, total := got.list, got.total
	v := rc.newView("apprenants", "centreweb.learners.title")
	q := url.Values{}
	if search != "" {
		q.Set("q", search)
	}
	v.Data = learnersView{Search: search, Dossiers: list, Total: total, Pager: newPager(q, "/apprenants", page, perPage, total)}
	rc.render("learners", v)
}

// enrolView is the data of the enrolment form.
type enrolView struct {
	Dossier, Key, Code string
	Dossiers           []string
	// Seen are the profiles of this session's deposits whose card is not enrolled: a
	// typed code is matched against them.
	Seen []seenProfile
}

// seenProfile is a learner key met in a deposit or a bilan of this session.
type seenProfile struct{ Key, Code, Name string }

// seenProfiles lists the keys of the session's deposits, not yet enrolled.
func (rc *requestContext) seenProfiles() []seenProfile {
	rc.ses.mu.Lock()
	defer rc.ses.mu.Unlock()
	seen := map[string]bool{}
	var out []seenProfile
	for _, d := range rc.ses.deposits {
		for _, g := range d.Groups {
			if g.Enrolled == "" && !seen[g.Key] {
				seen[g.Key] = true
				out = append(out, seenProfile{g.Key, g.Code, g.Name})
			}
		}
		for _, c := range d.Cards {
			if c.Enrolled == "" && !seen[c.Card.DID] {
				seen[c.Card.DID] = true
				out = append(out, seenProfile{c.Card.DID, c.Card.Code, centre.Clean(c.Card.Name)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func (s *Server) enrolForm(rc *requestContext) {
	v := rc.newView("apprenants", "centreweb.enrol.title")
	q := rc.r.URL.Query()
	v.Data = enrolView{Dossier: q.Get("dossier"), Key: q.Get("cle"), Seen: rc.seenProfiles(), Dossiers: s.dossierNames(rc)}
	rc.render("enrol", v)
}

// dossierNames lists the centre's dossiers (the first 500), for a choice.
func (s *Server) dossierNames(rc *requestContext) []string {
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		return nil
	}
	r, err := ledger.ReaderOf(store)
	if err != nil {
		return nil
	}
	list, _, _ := r.Dossiers(rc.r.Context(), ledger.DossierQuery{Centre: s.centreID(), Limit: 500})
	names := make([]string, len(list))
	for i, d := range list {
		names[i] = d.Learner
	}
	return names
}

// enrol binds a carte Déclic to a dossier: from its file, the did:key of its QR code,
// or the short code read on the learner's screen matched against the profiles of
// this session's deposits. A typed code is always compared with the key.
func (s *Server) enrol(rc *requestContext) {
	rc.r.Body = http.MaxBytesReader(rc.w, rc.r.Body, 2<<20)
	if err := rc.r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		rc.fail(http.StatusRequestEntityTooLarge, "centreweb.error.form_title", "centreweb.error.form_too_large")
		return
	}
	f := rc.r.Form
	ev := enrolView{Dossier: strings.TrimSpace(f.Get("dossier")), Key: strings.TrimSpace(f.Get("cle")), Code: strings.TrimSpace(f.Get("code")),
		Seen: rc.seenProfiles(), Dossiers: s.dossierNames(rc)}
	again := func(field, id string, pairs ...any) {
		v := rc.newView("apprenants", "centreweb.enrol.title")
		v.Data = ev
		v.Errors = append(v.Errors, fieldError{field, rc.T(id, pairs...)})
		rc.render("enrol", v)
	}
	againMsg := func(field string, m i18n.Message) {
		v := rc.newView("apprenants", "centreweb.enrol.title")
		v.Data = ev
		v.Errors = append(v.Errors, fieldError{field, rc.M(m)})
		rc.render("enrol", v)
	}
	if ev.Dossier == "" {
		again("dossier", "centreweb.enrol.no_dossier")
		return
	}
	var cardData []byte
	if rc.r.MultipartForm != nil {
		if hs := rc.r.MultipartForm.File["carte"]; len(hs) > 0 && hs[0].Filename != "" {
			h := hs[0]
			if !strings.HasSuffix(strings.ToLower(h.Filename), ".json") {
				again("carte", "centreweb.enrol.card_type")
				return
			}
			file, err := h.Open()
			if err == nil {
				cardData, err = io.ReadAll(io.LimitReader(file, 64<<10))
				file.Close()
			}
			if err != nil {
				again("carte", "centreweb.enrol.card_unreadable")
				return
			}
		}
	}
	did, typed := ev.Key, ev.Code
	if cardData == nil && did == "" {
		if typed == "" {
			again("cle", "centreweb.enrol.nothing")
			return
		}
		// A code alone: the key of a deposit's profile whose code it is.
		for _, p := range ev.Seen {
			if _, _, err := centre.LearnerKey(nil, p.Key, typed); err == nil {
				did = p.Key
			}
		}
		if did == "" {
			again("code", "centreweb.enrol.code_unknown")
			return
		}
	}
	learnerKey, code, err := centre.LearnerKey(cardData, did, typed)
	switch {
	case errors.Is(err, centre.ErrCodeMismatch):
		again("code", "centreweb.enrol.code_mismatch", "Typed", centre.Clean(typed), "Code", code)
		return
	case err != nil:
		field := "cle"
		if cardData != nil {
			field = "carte"
		}
		_, m := centre.Explain(err, "")
		againMsg(field, m)
		return
	}
	key, err := s.centreKey()
	if err != nil {
		again("dossier", "centreweb.key.not_ready")
		return
	}
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		againMsg("dossier", centre.LedgerError(err))
		return
	}
	how := "carte"
	if cardData == nil {
		how = "clé"
	}
	if typed != "" {
		how += ", code comparé"
	}
	e, err := store.Enrol(rc.r.Context(), ledger.EnrolRequest{Centre: s.centreID(), Operator: rc.operatorName(), CentreKey: key,
		LearnerKey: learnerKey, Learner: ev.Dossier, Reason: how + " (Espace centre)", Now: s.cfg.Now()})
	if err != nil {
		_, m := centre.Explain(err, s.centreID())
		againMsg("dossier", m)
		return
	}
	// The session's deposits learn that this profile is now enrolled.
	rc.ses.mu.Lock()
	for _, d := range rc.ses.deposits {
		for _, g := range d.Groups {
			if g.Key == learnerKey {
				g.Enrolled = e.Learner
			}
		}
		for i := range d.Cards {
			if d.Cards[i].Card.DID == learnerKey {
				d.Cards[i].Enrolled = e.Learner
			}
		}
	}
	deposits := make([]*deposit, 0, len(rc.ses.deposits))
	for _, d := range rc.ses.deposits {
		deposits = append(deposits, d)
	}
	rc.ses.mu.Unlock()
	for _, d := range deposits {
		s.judge(rc.r.Context(), d)
	}
	rc.redirect("/apprenants/dossier?nom=" + url.QueryEscape(e.Learner) + "&ok=carte&n=" + url.QueryEscape(code))
}

// dossierView is a learner's dossier: cards, credits, competencies, and the bilan she
// brought.
type dossierView struct {
	Name         string
	Cards        []ledger.Listed
	Credits      []ledger.Listed
	Hours        float64
	Competencies []competencyView
	Bilan        *bilanView
}

// competencyView is a CRCN competency with the credited modules behind it.
type competencyView struct {
	Code, Label string
	Modules     []string
	Hours       float64
}

func (s *Server) dossier(rc *requestContext) {
	name := strings.TrimSpace(rc.r.URL.Query().Get("nom"))
	r, _, ok := rc.reader()
	if !ok {
		return
	}
	entries, _, err := r.Page(rc.r.Context(), ledger.PageQuery{Centre: s.centreID(), Learner: name, Limit: 500})
	if err != nil {
		rc.ledgerProblem(err)
		return
	}
	if name == "" || len(entries) == 0 {
		rc.fail(http.StatusNotFound, "centreweb.dossier.unknown_title", "centreweb.dossier.unknown", "Name", centre.Clean(name))
		return
	}
	dv := dossierView{Name: name}
	comps := map[string]*competencyView{}
	lang := rc.tr.Language().String()
	for _, e := range entries {
		switch {
		case e.Kind == ledger.KindEnrol:
			dv.Cards = append(dv.Cards, e)
		case e.Kind == ledger.KindCredit:
			dv.Credits = append(dv.Credits, e)
			if e.CancelledBy != 0 {
				continue
			}
			dv.Hours += e.HoursCredited
			m, _ := s.cfg.Catalogue.Lookup(e.AchievementID)
			for _, code := range m.Competencies {
				label, crcn := courses.CompetencyLabel(code, lang)
				if !crcn {
					continue // a pack's own code (« socle.souris »): its module says it already
				}
				c := comps[code]
				if c == nil {
					c = &competencyView{Code: code, Label: label}
					comps[code] = c
				}
				c.Modules = append(c.Modules, e.Module)
				c.Hours += e.HoursCredited
			}
		}
	}
	for _, c := range comps {
		dv.Competencies = append(dv.Competencies, *c)
	}
	sort.Slice(dv.Competencies, func(i, j int) bool { return dv.Competencies[i].Code < dv.Competencies[j].Code })
	rc.ses.mu.Lock()
	dv.Bilan = rc.ses.bilans[name]
	rc.ses.mu.Unlock()
	v := rc.newView("apprenants", "centreweb.dossier.title")
	v.Title = rc.T("centreweb.dossier.title_of", "Name", centre.Clean(name))
	if code := rc.r.URL.Query().Get("n"); code != "" && rc.r.URL.Query().Get("ok") == "carte" {
		v.Notices = []notice{{"ok", rc.T("centreweb.flash.enrolled", "N", centre.Clean(code))}}
	}
	v.Data = dv
	rc.render("dossier", v)
}
