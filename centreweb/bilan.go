package centreweb

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"declic/bilan"
	"declic/centre"
	"declic/i18n"
	"declic/ledger"
)

// bilanView is what a « Mon bilan » file says, checked against the dossier's cards:
// the aidant's diagnostic view (modules in progress, placement, competencies).
type bilanView struct {
	File   string
	Bilan  *bilan.Bilan
	Code   string
	Issued time.Time
	// Enrolled is true when the bilan's key is a card enrolled for this dossier.
	Enrolled bool
	// Elsewhere is the dossier the key is enrolled for, when another.
	Elsewhere  string
	InProgress []bilan.Module
	Done       []bilan.Module
}

// PlacementText says what the placement questionnaire gave.
func (b *bilanView) PlacementText() i18n.Message {
	p := b.Bilan.Placement
	switch p.State {
	case bilan.PlacementDone:
		if p.ModuleTitle != "" {
			return i18n.M("centreweb.bilan.placement_done", "Module", centre.Clean(p.ModuleTitle))
		}
		return i18n.M("centreweb.bilan.placement_done_none")
	case bilan.PlacementSkipped:
		return i18n.M("centreweb.bilan.placement_skipped")
	}
	return i18n.M("centreweb.bilan.placement_not_yet")
}

// bilanReason says why a bilan file is refused.
func bilanReason(err error) i18n.Message {
	switch {
	case errors.Is(err, bilan.ErrTooLarge):
		return i18n.M("centreweb.bilan.too_large")
	case errors.Is(err, bilan.ErrNewerVersion):
		return i18n.M("centreweb.bilan.newer")
	case errors.Is(err, bilan.ErrSignature):
		return i18n.M("centreweb.bilan.signature")
	case errors.Is(err, bilan.ErrInvalid):
		return i18n.M("centreweb.bilan.invalid")
	}
	return i18n.M("centreweb.bilan.not_a_bilan")
}

// bilanUpload reads a « Mon bilan » file for a dossier: nothing is written, the view is
// kept in the session while it lasts.
func (s *Server) bilanUpload(rc *requestContext) {
	rc.r.Body = http.MaxBytesReader(rc.w, rc.r.Body, bilan.MaxSize+64<<10)
	if err := rc.r.ParseMultipartForm(bilan.MaxSize + 64<<10); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			rc.fail(http.StatusRequestEntityTooLarge, "centreweb.bilan.title", "centreweb.bilan.too_large")
			return
		}
		rc.fail(http.StatusBadRequest, "centreweb.bilan.title", "centreweb.bilan.no_file")
		return
	}
	defer rc.r.MultipartForm.RemoveAll()
	name := strings.TrimSpace(rc.r.FormValue("dossier"))
	back := "/apprenants/dossier?nom=" + url.QueryEscape(name)
	hs := rc.r.MultipartForm.File["bilan"]
	fail := func(m i18n.Message) {
		rc.ses.mu.Lock()
		delete(rc.ses.bilans, name)
		rc.ses.mu.Unlock()
		rc.failText(http.StatusUnprocessableEntity, "centreweb.bilan.title", rc.M(m))
	}
	if len(hs) == 0 || hs[0].Filename == "" {
		fail(i18n.M("centreweb.bilan.no_file"))
		return
	}
	if !strings.HasSuffix(strings.ToLower(hs[0].Filename), ".json") {
		fail(i18n.M("centreweb.bilan.wrong_type"))
		return
	}
	f, err := hs[0].Open()
	if err != nil {
		fail(i18n.M("centre.reason.unreadable"))
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, bilan.MaxSize+1))
	f.Close()
	if err != nil {
		fail(i18n.M("centre.reason.unreadable"))
		return
	}
	b, err := bilan.Verify(data)
	if err != nil {
		fail(bilanReason(err))
		return
	}
	bv := &bilanView{File: centre.Clean(hs[0].Filename), Bilan: b, Code: centre.CodeOf(b.Learner.DID), Issued: b.Issued}
	if store, err := s.ledger(rc.r.Context(), false); err == nil {
		if er, ok := store.(ledger.EnrolmentReader); ok {
			if e, found, err := er.Enrolled(rc.r.Context(), s.centreID(), b.Learner.DID); err == nil && found {
				bv.Enrolled = e.Learner == name
				if !bv.Enrolled {
					bv.Elsewhere = e.Learner
				}
			}
		}
	}
	for _, m := range b.Modules {
		if m.State == bilan.ModuleDone {
			bv.Done = append(bv.Done, m)
		} else {
			bv.InProgress = append(bv.InProgress, m)
		}
	}
	rc.ses.mu.Lock()
	rc.ses.bilans[name] = bv
	rc.ses.mu.Unlock()
	rc.redirect(back + "#titre-bilan")
}
