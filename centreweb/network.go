package centreweb

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"time"

	"declic/centre"
	"declic/i18n"
	"declic/ledger"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// networkView is the data of the network page.
type networkView struct {
	Server    string
	Connected bool
	Problem   string
	Version   string
	Latency   time.Duration
	TLS       bool
	From, To  time.Time
	Centres   []centre.Line
	Own       centre.Line
	Total     centre.Line
	Share     float64
	Sync      *syncView
	Folder    string
}

// syncView says what a sync did.
type syncView struct {
	Added, Already int
	Refused        []string
}

func redact(u string) string { return postgres.Redact(u) }

func (s *Server) networkPage(rc *requestContext) {
	v := rc.newView("reseau", "centreweb.network.title")
	if !s.network() {
		v.Data = networkView{}
		rc.render("network", v)
		return
	}
	nv := networkView{Server: redact(s.cfg.Ledger)}
	s.fillNetwork(rc, &nv)
	v.Data = nv
	rc.render("network", v)
}

func (s *Server) fillNetwork(rc *requestContext, nv *networkView) {
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		nv.Problem = rc.M(centre.LedgerError(err))
		return
	}
	pg, ok := store.(*postgres.Store)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(rc.r.Context(), 10*time.Second)
	defer cancel()
	start := time.Now()
	var version string
	var ssl sql.NullBool
	err = pg.DB().QueryRowContext(ctx, `SELECT current_setting('server_version'), (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())`).Scan(&version, &ssl)
	if err != nil {
		_, m := centre.Explain(err, s.centreID())
		nv.Problem = rc.M(m)
		return
	}
	nv.Connected, nv.Version, nv.Latency, nv.TLS = true, version, time.Since(start).Round(time.Millisecond), ssl.Bool
	nv.From, nv.To = centre.MonthOf(s.cfg.Now())
	entries, err := centre.PeriodEntries(ctx, store, centre.Period(nv.From, nv.To))
	if err != nil {
		_, m := centre.Explain(err, s.centreID())
		nv.Problem = rc.M(m)
		return
	}
	for i := range entries {
		entries[i].Learner, entries[i].Operator = entries[i].Centre+"/"+entries[i].Learner, ""
	}
	rep := centre.Summarise(entries, nv.From, nv.To, s.cfg.Catalogue, rc.tr.Language().String())
	nv.Centres = rep.ByCentre
	nv.Total = centre.Line{Credits: rep.Credits, People: rep.People, Hours: rep.Hours}
	for _, l := range rep.ByCentre {
		if l.Key == s.centreID() {
			nv.Own = l
		}
	}
	if rep.Hours > 0 {
		nv.Share = nv.Own.Hours / rep.Hours * 100
	}
}

// sync sends a local ledger file (a centre that worked offline) to the shared ledger,
// whose rules check each entry again.
func (s *Server) sync(rc *requestContext) {
	v := rc.newView("reseau", "centreweb.network.title")
	nv := networkView{Server: redact(s.cfg.Ledger)}
	path := strings.TrimSpace(rc.r.PostForm.Get("fichier"))
	nv.Folder = path
	fail := func(m i18n.Message) {
		s.fillNetwork(rc, &nv)
		v.Data = nv
		v.Errors = append(v.Errors, fieldError{"fichier", rc.M(m)})
		rc.render("network", v)
	}
	if !s.network() {
		fail(i18n.M("centreweb.network.not_shared"))
		return
	}
	dir, err := allowedFolder(filepath.Dir(path), s.roots())
	if err != nil || !strings.HasSuffix(strings.ToLower(path), ".db") {
		fail(i18n.M("centreweb.deposit.outside", "Path", centre.Clean(path)))
		return
	}
	file := filepath.Join(dir, filepath.Base(path))
	if !centre.LedgerExists(file) {
		fail(i18n.M("centre.ledger.missing", "Path", centre.Clean(file)))
		return
	}
	key, err := s.centreKey()
	if err != nil {
		fail(i18n.M("centreweb.key.not_ready"))
		return
	}
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		fail(centre.LedgerError(err))
		return
	}
	local, err := sqlite.Open(file)
	if err != nil {
		fail(centre.LedgerError(err))
		return
	}
	defer local.Close()
	entries, err := local.Entries(rc.r.Context(), ledger.Filter{})
	if err != nil {
		fail(centre.LedgerError(err))
		return
	}
	if problems := ledger.CheckChainOf(entries); len(problems) > 0 {
		fail(i18n.M("centreweb.network.local_altered", "Where", centre.ChainPlace(problems[0]), "What", centre.ChainText(problems[0])))
		return
	}
	pg := store.(*postgres.Store)
	hashes := make([]string, len(entries))
	for i, e := range entries {
		hashes[i] = e.Hash
	}
	known, err := pg.Known(rc.r.Context(), hashes)
	if err != nil {
		fail(centre.LedgerError(err))
		return
	}
	rep, err := pg.Import(rc.r.Context(), s.centreID(), key, centre.SyncItems(entries, known, s.centreID(), key, s.cfg.Policy, s.cfg.Catalogue), postgres.ImportOptions{})
	sv := &syncView{Added: rep.Added, Already: rep.Already}
	for _, r := range rep.Refused {
		sv.Refused = append(sv.Refused, rc.T("centreweb.network.refused_line", "Seq", r.Local.Seq, "Why", centre.SyncReason(r.Err, s.centreID())))
	}
	if err != nil {
		fail(centre.LedgerError(err))
		return
	}
	nv.Sync = sv
	s.fillNetwork(rc, &nv)
	v.Data = nv
	rc.render("network", v)
}
