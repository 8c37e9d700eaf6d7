package centreweb

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"declic/centre"
	"declic/ledger"
)

// reportView is the data of the reports page.
type reportView struct {
	From, To  time.Time
	Report    centre.Report
	Query     string
	Network   bool
	ByCentre  bool
	PeriodBad bool
}

// period reads ?du= and ?au= (AAAA-MM-JJ), the current month when absent. ok is false
// when a date is unreadable or the period runs backwards.
func (s *Server) period(r *http.Request) (time.Time, time.Time, bool) {
	from, to := centre.MonthOf(s.cfg.Now())
	q := r.URL.Query()
	ok := true
	if v := q.Get("du"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, time.Local)
		if err != nil {
			ok = false
		} else {
			from = t
		}
	}
	if v := q.Get("au"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, time.Local)
		if err != nil {
			ok = false
		} else {
			to = t
		}
	}
	if to.Before(from) || to.Sub(from) > 20*366*24*time.Hour {
		ok = false
	}
	return from, to, ok
}

// report adds up the period: the centre's own entries for staff; every centre's, by
// centre and without names, for a coordinator on a shared ledger.
func (s *Server) report(rc *requestContext, from, to time.Time) (centre.Report, ledger.Store, error) {
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		return centre.Report{}, nil, err
	}
	// The centre's own report is kept while its chain does not grow, and brought up to
	// date with the new lines alone when it does; a coordinator's network report is made
	// each time (other centres write too).
	key := fmt.Sprintf("report\x00%s\x00%s\x00%s", from.Format(time.DateOnly), to.Format(time.DateOnly), rc.tr.Language())
	if r, err := ledger.ReaderOf(store); err == nil && rc.ses.role != RoleCoordinator {
		head := s.headOf(rc.r.Context(), r)
		if v, ok := s.cache.get(head, key); ok && head >= 0 {
			return v.(centre.Report), store, nil
		}
		f := centre.Period(from, to)
		f.Centre = s.centreID()
		lang := rc.tr.Language().String()
		rep, seq, err := s.tallies.of(key).report(rc.r.Context(), store, r, f, func() *centre.Tally {
			return centre.NewTally(from, to, s.cfg.Catalogue, lang)
		})
		if err != nil {
			return centre.Report{}, nil, err
		}
		if seq == head {
			s.cache.put(head, key, rep)
		}
		return rep, store, nil
	}
	f := centre.Period(from, to)
	if rc.ses.role != RoleCoordinator || !s.network() {
		f.Centre = s.centreID()
	}
	entries, err := centre.PeriodEntries(rc.r.Context(), store, f)
	if err != nil {
		return centre.Report{}, nil, err
	}
	if rc.ses.role == RoleCoordinator {
		// No name reaches a coordinator's report, yet each person still counts once.
		for i := range entries {
			entries[i].Learner, entries[i].Operator = pseudonym(entries[i].Centre, entries[i].Learner), ""
		}
	}
	rep := centre.Summarise(entries, from, to, s.cfg.Catalogue, rc.tr.Language().String())
	if rc.ses.role == RoleCoordinator {
		rep.ByOperator, rep.ByLearner = nil, nil
	}
	if rep.Heads, err = centre.Heads(rc.r.Context(), store, s.centreID()); err != nil {
		return rep, store, err
	}
	return rep, store, nil
}

func (s *Server) reports(rc *requestContext) {
	from, to, ok := s.period(rc.r)
	v := rc.newView("rapports", "centreweb.reports.title")
	if !ok {
		v.Errors = append(v.Errors, fieldError{"du", rc.T("centreweb.reports.bad_period")})
		from, to = centre.MonthOf(s.cfg.Now())
	}
	rep, _, err := s.report(rc, from, to)
	if err != nil {
		rc.ledgerProblem(err)
		return
	}
	q := url.Values{"du": {from.Format(time.DateOnly)}, "au": {to.Format(time.DateOnly)}}
	v.Data = reportView{From: from, To: to, Report: rep, Query: q.Encode(), Network: s.network(), ByCentre: rc.ses.role == RoleCoordinator}
	rc.render("reports", v)
}

// reportCSV downloads the report for a French spreadsheet.
func (s *Server) reportCSV(rc *requestContext) {
	from, to, ok := s.period(rc.r)
	if !ok {
		rc.fail(http.StatusBadRequest, "centreweb.reports.title", "centreweb.reports.bad_period")
		return
	}
	rep, _, err := s.report(rc, from, to)
	if err != nil {
		rc.ledgerProblem(err)
		return
	}
	header, rows := rep.CSV(rc.tr)
	var buf bytes.Buffer
	if err := centre.WriteCSV(&buf, header, rows); err != nil {
		rc.ledgerProblem(err)
		return
	}
	name := fmt.Sprintf("bilan-%s-%s.csv", from.Format(time.DateOnly), to.Format(time.DateOnly))
	rc.w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	rc.w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	rc.w.Write(buf.Bytes())
}

// errChainBroken: the ledger is altered; no checkpoint is signed.
var errChainBroken = errors.New("centreweb: the ledger is altered")

// checkpoint signs the centre chain's checkpoint now, after checking the chain.
func (s *Server) checkpoint(rc *requestContext, store ledger.Store) (ledger.Checkpoint, error) {
	key, err := s.centreKey()
	if err != nil {
		return ledger.Checkpoint{}, err
	}
	f := ledger.Filter{}
	if s.network() {
		f.Centre = s.centreID()
	}
	chain, err := store.Entries(rc.r.Context(), f)
	if err != nil {
		return ledger.Checkpoint{}, err
	}
	if len(ledger.CheckChainOf(chain)) > 0 {
		return ledger.Checkpoint{}, errChainBroken
	}
	return ledger.HeadOf(s.centreID(), chain, s.cfg.Now(), key), nil
}

// reportPDF downloads the printable report for the funder, with the ledger's signed
// checkpoint.
func (s *Server) reportPDF(rc *requestContext) {
	from, to, ok := s.period(rc.r)
	if !ok {
		rc.fail(http.StatusBadRequest, "centreweb.reports.title", "centreweb.reports.bad_period")
		return
	}
	rep, store, err := s.report(rc, from, to)
	if err != nil {
		rc.ledgerProblem(err)
		return
	}
	var cp *ledger.Checkpoint
	if rc.ses.role != RoleCoordinator {
		c, err := s.checkpoint(rc, store)
		switch {
		case errors.Is(err, errChainBroken):
			rc.fail(http.StatusConflict, "centreweb.reports.title", "centreweb.reports.chain_broken")
			return
		case err != nil && (err == errSealed || err == errNoKey || err == errWrongPassphrase):
			rc.fail(http.StatusServiceUnavailable, "centreweb.reports.title", "centreweb.key.not_ready")
			return
		case err != nil:
			rc.ledgerProblem(err)
			return
		}
		cp = &c
	}
	data, err := reportPDF(rc.tr, rep, s.centreID(), cp, s.cfg.Now())
	if err != nil {
		rc.ledgerProblem(err)
		return
	}
	name := fmt.Sprintf("bilan-%s-%s.pdf", from.Format(time.DateOnly), to.Format(time.DateOnly))
	rc.w.Header().Set("Content-Type", "application/pdf")
	rc.w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	rc.w.Write(data)
}

// checkpointFile downloads the signed checkpoint, for check-ledger --checkpoint.
func (s *Server) checkpointFile(rc *requestContext) {
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		rc.ledgerProblem(err)
		return
	}
	cp, err := s.checkpoint(rc, store)
	switch {
	case errors.Is(err, errChainBroken):
		rc.fail(http.StatusConflict, "centreweb.reports.title", "centreweb.reports.chain_broken")
		return
	case err == errSealed || err == errNoKey || err == errWrongPassphrase:
		rc.fail(http.StatusServiceUnavailable, "centreweb.reports.title", "centreweb.key.not_ready")
		return
	case err != nil:
		rc.ledgerProblem(err)
		return
	}
	rc.w.Header().Set("Content-Type", "application/json")
	rc.w.Header().Set("Content-Disposition", `attachment; filename="point-de-controle-`+cp.Time.Local().Format("2006-01-02-150405")+`.json"`)
	rc.w.Write(cp.Marshal())
}

// pseudonym stands for a centre's dossier in a coordinator's report: the same dossier
// gives the same word, so people are counted, and the report shows no name.
func pseudonym(centreID, learner string) string {
	sum := sha256.Sum256([]byte(centreID + "\x00" + learner))
	return "personne-" + hex.EncodeToString(sum[:6])
}
