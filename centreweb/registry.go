package centreweb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"declic/centre"
	"declic/i18n"
	"declic/ledger"
)

// registryView is the data of the ledger's pages.
type registryView struct {
	Search, Kind string
	Entries      []ledger.Listed
	Pager        pager
	Check        *checkView
	Target       *ledger.Listed
	Reason       string
}

// checkView is the result of an integrity check.
type checkView struct {
	Entries  int
	Problems []problemLine
}

type problemLine struct{ Where, What i18n.Message }

func (s *Server) registry(rc *requestContext) {
	r, _, ok := rc.reader()
	if !ok {
		return
	}
	q := rc.r.URL.Query()
	search, kind := strings.TrimSpace(q.Get("q")), q.Get("type")
	if kind != ledger.KindCredit && kind != ledger.KindEnrol && kind != ledger.KindCancel {
		kind = ""
	}
	page := pageNumber(rc.r)
	type listed struct {
		list  []ledger.Listed
		total int
	}
	head := s.headOf(rc.r.Context(), r)
	key := fmt.Sprintf("registre\x00%s\x00%s\x00%d", search, kind, page)
	var got listed
	if v, ok := s.cache.get(head, key); ok && head >= 0 {
		got = v.(listed)
	} else {
		list, total, err := s.registryPage(rc.r.Context(), r, ledger.PageQuery{Centre: s.centreID(), Search: search, Kind: kind, Offset: (page - 1) * perPage, Limit: perPage})
		if err != nil {
			rc.ledgerProblem(err)
			return
		}
		got = listed{list, total}
		if head >= 0 {
			s.cache.put(head, key, got)
		}
	}
	list, total := got.list, got.total
	base := url.Values{}
	if search != "" {
		base.Set("q", search)
	}
	if kind != "" {
		base.Set("type", kind)
	}
	v := rc.newView("registre", "centreweb.registry.title")
	v.Data = registryView{Search: search, Kind: kind, Entries: list, Pager: newPager(base, "/registre", page, perPage, total)}
	rc.render("registry", v)
}

// registryPage returns a page of the ledger and how many lines match: the whole chain
// from the database by line number; a search (or a kind of line) from what the search
// found before and the lines added since (a search through every line of a large
// ledger takes longer than a page may).
func (s *Server) registryPage(ctx context.Context, r ledger.Reader, q ledger.PageQuery) ([]ledger.Listed, int, error) {
	if q.Search == "" && q.Kind == "" {
		return r.Page(ctx, q)
	}
	matches, err := s.searches.of(q.Search+"\x00"+q.Kind).find(ctx, r, q)
	if err != nil {
		return nil, 0, err
	}
	from := min(max(q.Offset, 0), len(matches))
	to := min(from+ledger.PageLimit(q.Limit), len(matches))
	seqs := make([]int64, 0, to-from)
	for _, m := range matches[from:to] {
		seqs = append(seqs, m.Seq)
	}
	list, err := r.Lines(ctx, q.Centre, seqs)
	return list, len(matches), err
}

// entry returns line n of the centre's chain as a page lists it.
func (s *Server) entry(rc *requestContext, n int64) (*ledger.Listed, bool) {
	r, _, ok := rc.reader()
	if !ok {
		return nil, false
	}
	// By its number: a search of the number would also find the newer lines whose
	// names hold it, and read every line of the chain.
	list, err := r.Lines(rc.r.Context(), s.centreID(), []int64{n})
	if err != nil {
		rc.ledgerProblem(err)
		return nil, false
	}
	if len(list) == 1 {
		return &list[0], true
	}
	rc.fail(http.StatusNotFound, "centreweb.cancel.title", "centre.refusal.no_entry", "Seq", n)
	return nil, false
}

func (s *Server) cancelForm(rc *requestContext) {
	n, err := strconv.ParseInt(rc.r.URL.Query().Get("ligne"), 10, 64)
	if err != nil || n <= 0 {
		rc.fail(http.StatusBadRequest, "centreweb.cancel.title", "centreweb.cancel.bad_line")
		return
	}
	e, ok := s.entry(rc, n)
	if !ok {
		return
	}
	v := rc.newView("registre", "centreweb.cancel.title")
	v.Data = registryView{Target: e}
	rc.render("cancel", v)
}

// cancel appends a signed cancel of a line, with the reason staff give.
func (s *Server) cancel(rc *requestContext) {
	f := rc.r.PostForm
	n, err := strconv.ParseInt(f.Get("ligne"), 10, 64)
	if err != nil || n <= 0 {
		rc.fail(http.StatusBadRequest, "centreweb.cancel.title", "centreweb.cancel.bad_line")
		return
	}
	e, ok := s.entry(rc, n)
	if !ok {
		return
	}
	reason := strings.TrimSpace(f.Get("raison"))
	again := func(m i18n.Message) {
		v := rc.newView("registre", "centreweb.cancel.title")
		v.Data = registryView{Target: e, Reason: reason}
		v.Errors = append(v.Errors, fieldError{"raison", rc.M(m)})
		rc.render("cancel", v)
	}
	if reason == "" {
		again(i18n.M("centreweb.cancel.no_reason"))
		return
	}
	if f.Get("confirme") != "oui" {
		again(i18n.M("centreweb.cancel.confirm_needed"))
		return
	}
	key, err := s.centreKey()
	if err != nil {
		again(i18n.M("centreweb.key.not_ready"))
		return
	}
	store, err := s.ledger(rc.r.Context(), false)
	if err != nil {
		again(centre.LedgerError(err))
		return
	}
	c, err := store.Cancel(rc.r.Context(), ledger.CancelRequest{Centre: s.centreID(), Operator: rc.operatorName(), CentreKey: key,
		Seq: n, Reason: reason, Now: s.cfg.Now()})
	if err != nil {
		_, m := centre.Explain(err, s.centreID())
		again(m)
		return
	}
	rc.redirect("/registre?ok=annule&n=" + strconv.FormatInt(c.Target, 10))
}

// check recomputes every line's hash, link and signature (and, in PostgreSQL, the
// network's signed heads) and shows what it found.
func (s *Server) check(rc *requestContext) {
	_, store, ok := rc.reader()
	if !ok {
		return
	}
	problems, err := store.CheckChain(rc.r.Context())
	if err != nil {
		rc.ledgerProblem(err)
		return
	}
	r, _ := ledger.ReaderOf(store)
	seq, _, _ := r.Head(rc.r.Context(), s.centreID())
	cv := &checkView{Entries: int(seq)}
	for _, p := range problems {
		cv.Problems = append(cv.Problems, problemLine{centre.ChainPlace(p), centre.ChainText(p)})
	}
	list, total, _ := r.Page(rc.r.Context(), ledger.PageQuery{Centre: s.centreID(), Limit: perPage})
	v := rc.newView("registre", "centreweb.registry.title")
	v.Data = registryView{Entries: list, Pager: newPager(url.Values{}, "/registre", 1, perPage, total), Check: cv}
	rc.render("registry", v)
}
