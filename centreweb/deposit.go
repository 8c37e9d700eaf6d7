package centreweb

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"

	"declic/card"
	"declic/centre"
	"declic/i18n"
	"declic/ledger"
)

// deposit is what a person brought (files, a folder, a USB stick), checked, grouped by
// learner profile and kept in the session until it is credited or forgotten: nothing
// is written to the ledger before « Créditer ».
type deposit struct {
	ID      string
	Source  string
	Created time.Time
	Groups  []*group
	Cards   []foundCard
	Ignored []ignored
	// Refused are files no profile could be told from (not a record, a bad signature).
	Refused []*item
}

// group is the records one learner profile signed.
type group struct {
	Key, Code, Name string
	Items           []*item
	// Enrolled is the dossier the profile's card is enrolled for ("" when none).
	Enrolled string
	// Done is true once the group was credited.
	Done bool
	// Credited and Hours add up what crediting did.
	Credited int
	Hours    float64
}

// item is one record of a deposit: its check, the verdict a credit would get, and
// what crediting did.
type item struct {
	File   string
	Check  centre.Checked
	Module string
	Hours  float64
	// OK is true when the record would be credited (or was).
	OK      bool
	Verdict i18n.Message
	Result  *centre.CreditResult
}

// foundCard is a carte Déclic found in a deposit.
type foundCard struct {
	Card     card.Card
	Enrolled string
}

// Valid counts the group's records that verify.
func (g *group) Valid() int {
	n := 0
	for _, it := range g.Items {
		if it.Check.Err == nil {
			n++
		}
	}
	return n
}

// Ready counts the group's records that a credit would take now.
func (g *group) Ready() int {
	n := 0
	for _, it := range g.Items {
		if it.OK && it.Result == nil {
			n++
		}
	}
	return n
}

// newDeposit checks the files and groups them by the profile that signed them.
func (s *Server) newDeposit(ctx context.Context, source string, in []inFile, left []ignored) *deposit {
	d := &deposit{ID: token()[:16], Source: source, Created: s.cfg.Now(), Ignored: left}
	byKey := map[string]*group{}
	for _, f := range in {
		c := centre.CheckData(f.Name, f.Data, s.cfg.Now(), s.cfg.Catalogue)
		if c.Card {
			if c.Holder != nil {
				d.Cards = append(d.Cards, foundCard{Card: *c.Holder})
			} else {
				d.Ignored = append(d.Ignored, ignored{f.Name, i18n.M("centre.reason.not_a_card")})
			}
			continue
		}
		if c.Bilan {
			d.Ignored = append(d.Ignored, ignored{f.Name, centre.BilanSkipped()})
			continue
		}
		it := &item{File: f.Name, Check: c}
		if c.Record == nil || c.Record.IssuerDID == "" {
			_, it.Verdict = centre.Explain(c.Err, s.centreID())
			d.Refused = append(d.Refused, it)
			continue
		}
		key := c.Record.IssuerDID
		g := byKey[key]
		if g == nil {
			g = &group{Key: key, Code: centre.CodeOf(key)}
			byKey[key] = g
			d.Groups = append(d.Groups, g)
		}
		if g.Name == "" && c.Record.DisplayName != "" {
			g.Name = centre.Clean(c.Record.DisplayName)
		}
		it.Module = c.Record.ModuleTitle
		if c.Err == nil {
			it.Module, it.Hours = c.Credit.Module.Title, c.Credit.Hours
		}
		g.Items = append(g.Items, it)
	}
	for i := range d.Cards {
		for _, g := range d.Groups {
			if g.Key == d.Cards[i].Card.DID && g.Name == "" {
				g.Name = centre.Clean(d.Cards[i].Card.Name)
			}
		}
	}
	sort.SliceStable(d.Groups, func(i, j int) bool { return len(d.Groups[i].Items) > len(d.Groups[j].Items) })
	for _, g := range d.Groups {
		sort.SliceStable(g.Items, func(i, j int) bool { return g.Items[i].File < g.Items[j].File })
	}
	s.judge(ctx, d)
	return d
}

// judge fills each record's verdict: the refusal, or what a credit to the dossier of
// its enrolled card would do now (a dry run, nothing written).
func (s *Server) judge(ctx context.Context, d *deposit) {
	store, err := s.ledger(ctx, false)
	var enrolments ledger.EnrolmentReader
	if err == nil {
		enrolments, _ = store.(ledger.EnrolmentReader)
	}
	key, _ := s.centreKey()
	for i := range d.Cards {
		if enrolments != nil {
			if e, found, err := enrolments.Enrolled(ctx, s.centreID(), d.Cards[i].Card.DID); err == nil && found {
				d.Cards[i].Enrolled = e.Learner
			}
		}
	}
	for _, g := range d.Groups {
		if enrolments != nil {
			if e, found, err := enrolments.Enrolled(ctx, s.centreID(), g.Key); err == nil && found {
				g.Enrolled = e.Learner
			}
		}
		for _, it := range g.Items {
			if it.Result != nil {
				continue
			}
			switch {
			case it.Check.Err != nil:
				it.OK = false
				_, it.Verdict = centre.Explain(it.Check.Err, s.centreID())
			case store == nil || key == nil:
				it.OK = true
				it.Verdict = i18n.M("centreweb.deposit.valid", "Hours", centre.Number(it.Hours))
			case g.Enrolled == "" && !s.cfg.Policy.AcceptUnenrolled:
				it.OK = false
				it.Verdict = i18n.M("centreweb.deposit.valid_enrol_first", "Hours", centre.Number(it.Hours))
			default:
				learner := g.Enrolled
				if learner == "" {
					learner = "?"
				}
				res := centre.CreditChecked(ctx, store, centre.CreditInput{Centre: s.centreID(), Operator: "aperçu", Learner: learner,
					Key: key, Policy: s.cfg.Policy, Now: s.cfg.Now()}, it.Check, true)
				it.OK = res.Credited
				if res.Credited {
					it.Verdict = i18n.M("centreweb.deposit.will_credit", "Hours", centre.Number(res.Hours))
					if res.Reduced.ID != "" {
						it.Verdict = i18n.M("centreweb.deposit.will_credit_reduced", "Hours", centre.Number(res.Hours), "Why", res.Reduced)
					}
					it.Hours = res.Hours
				} else {
					it.Verdict = res.Why
				}
			}
		}
	}
}

// depositView is the data of the deposit pages.
type depositView struct {
	Deposit *deposit
	Roots   []string
	Folder  string
	// Dossiers are the centre's dossiers, to choose one.
	Dossiers []string
	Policy   ledger.Policy
	Chosen   string
	KeyReady bool
}

func (s *Server) roots() []string {
	return append(append([]string{}, s.cfg.Drives()...), s.cfg.Roots...)
}

func (s *Server) depositForm(rc *requestContext) {
	v := rc.newView("deposer", "centreweb.deposit.title")
	v.Data = depositView{Roots: s.roots()}
	rc.render("deposit", v)
}

// depositUpload receives files (chosen one by one, a whole folder, or zip archives).
func (s *Server) depositUpload(rc *requestContext) {
	rc.r.Body = http.MaxBytesReader(rc.w, rc.r.Body, MaxUpload)
	if err := rc.r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.cfg.Log.Printf("upload refused: larger than %d bytes", MaxUpload)
			rc.fail(http.StatusRequestEntityTooLarge, "centreweb.deposit.too_large_title", "centreweb.deposit.too_large", "Max", MaxUpload/1_000_000)
			return
		}
		rc.formError("deposer", "centreweb.deposit.title", "fichiers", "centreweb.deposit.no_files")
		return
	}
	defer rc.r.MultipartForm.RemoveAll()
	headers := append(rc.r.MultipartForm.File["fichiers"], rc.r.MultipartForm.File["dossier"]...)
	if len(headers) == 0 {
		rc.formError("deposer", "centreweb.deposit.title", "fichiers", "centreweb.deposit.no_files")
		return
	}
	got, left, err := readUploads(headers)
	if errors.Is(err, errTooManyFiles) {
		rc.formError("deposer", "centreweb.deposit.title", "fichiers", "centreweb.deposit.too_many", "Max", MaxFiles)
		return
	}
	if len(got) == 0 {
		v := rc.newView("deposer", "centreweb.deposit.title")
		v.Data = depositView{Roots: s.roots()}
		text := rc.T("centreweb.deposit.nothing_readable")
		for _, l := range left {
			text += " " + l.Name + " : " + rc.M(l.Why) + "."
		}
		v.Errors = append(v.Errors, fieldError{"fichiers", text})
		rc.render("deposit", v)
		return
	}
	source := rc.T("centreweb.deposit.source_files", "N", len(headers))
	rc.keep(s.newDeposit(rc.r.Context(), source, got, left))
}

// formError shows a page's form again with one field's error.
func (rc *requestContext) formError(page, titleID, field, textID string, pairs ...any) {
	v := rc.newView(page, titleID)
	v.Data = depositView{Roots: rc.s.roots()}
	v.Errors = append(v.Errors, fieldError{field, rc.T(textID, pairs...)})
	rc.render("deposit", v)
}

// keep stores a deposit in the session and shows it.
func (rc *requestContext) keep(d *deposit) {
	rc.ses.mu.Lock()
	// A session keeps its last few deposits only.
	if len(rc.ses.deposits) >= 8 {
		var oldest *deposit
		for _, x := range rc.ses.deposits {
			if oldest == nil || x.Created.Before(oldest.Created) {
				oldest = x
			}
		}
		delete(rc.ses.deposits, oldest.ID)
	}
	rc.ses.deposits[d.ID] = d
	rc.ses.mu.Unlock()
	rc.redirect("/deposer/" + d.ID)
}

// depositFolder reads a folder of this computer (a USB stick, Documents…) by its path,
// only inside the allowed folders.
func (s *Server) depositFolder(rc *requestContext) {
	path := strings.TrimSpace(rc.r.PostForm.Get("chemin"))
	if path == "" {
		path = rc.r.PostForm.Get("racine")
	}
	dir, err := allowedFolder(path, s.roots())
	switch {
	case errors.Is(err, errOutside):
		s.cfg.Log.Printf("folder refused: %q is outside the allowed folders", centre.Clean(path))
		rc.formError("deposer", "centreweb.deposit.title", "chemin", "centreweb.deposit.outside", "Path", centre.Clean(path))
		return
	case err != nil:
		rc.formError("deposer", "centreweb.deposit.title", "chemin", "centreweb.deposit.no_folder", "Path", centre.Clean(path))
		return
	}
	got, left, err := readFolder(dir)
	switch {
	case errors.Is(err, errTooManyFiles):
		rc.formError("deposer", "centreweb.deposit.title", "chemin", "centreweb.deposit.too_many", "Max", MaxFiles)
		return
	case err != nil:
		rc.formError("deposer", "centreweb.deposit.title", "chemin", "centreweb.deposit.no_folder", "Path", centre.Clean(path))
		return
	case len(got) == 0 && len(left) == 0:
		rc.formError("deposer", "centreweb.deposit.title", "chemin", "centreweb.deposit.empty_folder", "Path", centre.Clean(dir))
		return
	}
	rc.keep(s.newDeposit(rc.r.Context(), dir, got, left))
}

// deposit returns the session's deposit named in the path.
func (rc *requestContext) deposit() (*deposit, bool) {
	rc.ses.mu.Lock()
	defer rc.ses.mu.Unlock()
	d, ok := rc.ses.deposits[rc.r.PathValue("id")]
	if !ok {
		rc.fail(http.StatusNotFound, "centreweb.deposit.gone_title", "centreweb.deposit.gone")
	}
	return d, ok
}

func (s *Server) depositPreview(rc *requestContext) {
	d, ok := rc.deposit()
	if !ok {
		return
	}
	v := rc.newView("deposer", "centreweb.deposit.preview_title")
	_, keyErr := s.centreKey()
	dv := depositView{Deposit: d, Policy: s.cfg.Policy, KeyReady: keyErr == nil, Chosen: rc.r.URL.Query().Get("profil")}
	if len(d.Groups) > 1 {
		v.Notices = append(v.Notices, notice{"warn", rc.T("centreweb.deposit.several_profiles", "N", len(d.Groups))})
	}
	if store, err := s.ledger(rc.r.Context(), false); err != nil {
		v.Notices = append(v.Notices, notice{"error", rc.M(centre.LedgerError(err))})
	} else if r, err := ledger.ReaderOf(store); err == nil {
		list, _, _ := r.Dossiers(rc.r.Context(), ledger.DossierQuery{Centre: s.centreID(), Limit: 500})
		for _, x := range list {
			dv.Dossiers = append(dv.Dossiers, x.Learner)
		}
	}
	if keyErr != nil {
		v.Notices = append(v.Notices, notice{"error", rc.T("centreweb.key.not_ready")})
	}
	v.Data = dv
	rc.render("preview", v)
}

// depositCredit credits the records of one profile of a deposit to a dossier. With
// several profiles, the form must say which one is meant.
func (s *Server) depositCredit(rc *requestContext) {
	d, ok := rc.deposit()
	if !ok {
		return
	}
	f := rc.r.PostForm
	profile := f.Get("profil")
	var g *group
	for _, x := range d.Groups {
		if x.Key == profile {
			g = x
		}
	}
	back := func(field, id string, pairs ...any) {
		v := rc.newView("deposer", "centreweb.deposit.preview_title")
		_, keyErr := s.centreKey()
		v.Data = depositView{Deposit: d, Policy: s.cfg.Policy, KeyReady: keyErr == nil, Chosen: profile}
		v.Errors = append(v.Errors, fieldError{field, rc.T(id, pairs...)})
		rc.render("preview", v)
	}
	if g == nil {
		back("profil", "centreweb.deposit.choose_profile")
		return
	}
	learner := strings.TrimSpace(f.Get("dossier"))
	if g.Enrolled != "" {
		learner = g.Enrolled
	}
	if learner == "" {
		back("dossier-"+g.Code, "centreweb.deposit.choose_dossier")
		return
	}
	if g.Enrolled == "" && !s.cfg.Policy.AcceptUnenrolled {
		back("profil", "centreweb.deposit.enrol_first")
		return
	}
	key, err := s.centreKey()
	if err != nil {
		back("profil", "centreweb.key.not_ready")
		return
	}
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		back("profil", "centreweb.error.ledger", "Text", rc.M(centre.LedgerError(err)))
		return
	}
	in := centre.CreditInput{Centre: s.centreID(), Operator: rc.operatorName(), Learner: learner,
		Pass: strings.TrimSpace(f.Get("pass")), Key: key, Policy: s.cfg.Policy, Now: s.cfg.Now()}
	rc.ses.mu.Lock()
	defer rc.ses.mu.Unlock()
	// The files not credited yet go to the ledger in one transaction.
	var pending []*item
	var checks []centre.Checked
	for _, it := range g.Items {
		if it.Result != nil && it.Result.Credited {
			continue
		}
		pending, checks = append(pending, it), append(checks, it.Check)
	}
	for i, res := range centre.CreditEach(rc.r.Context(), store, in, checks) {
		it := pending[i]
		it.Result, it.OK = &res, res.Credited
		if res.Credited {
			g.Credited++
			g.Hours += res.Hours
			it.Verdict = i18n.M("centreweb.deposit.credited", "Hours", centre.Number(res.Hours), "Seq", res.Entry)
		} else {
			it.Verdict = res.Why
		}
	}
	g.Done = true
	http.Redirect(rc.w, rc.r, "/deposer/"+d.ID+"#profil-"+g.Code, http.StatusSeeOther)
}

// depositForget drops a deposit from the session.
func (s *Server) depositForget(rc *requestContext) {
	rc.ses.mu.Lock()
	delete(rc.ses.deposits, rc.r.PathValue("id"))
	rc.ses.mu.Unlock()
	rc.redirect("/deposer")
}
