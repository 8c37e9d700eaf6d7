package attest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/google/uuid"

	"declic/courses"
	"declic/learner"
	"declic/records"
)

// Issuer hands out a profile's completion records: it signs each with the profile's
// own key (learner.Store.ProfileKey: one key per learner, never one per PC) and
// remembers, in the learner store, the id given to each module, so exporting twice
// gives the same record.
type Issuer struct {
	// Store is the learner store holding completions, issued record ids and the
	// profiles' keys.
	Store *learner.Store
	// CentreName is the centre's name from a branding bundle, or empty for
	// "Déclic – installation personnelle".
	CentreName string
	// Describe returns a module's summary for the record's achievement, or "" when
	// the pack is gone (the record then says "Module « title » du parcours …").
	Describe func(packID, moduleID string) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Credential is one signed record, ready to be written or printed.
type Credential struct {
	// Module is the completion the record states.
	Module learner.CompletedModule
	// RecordID is the record's "urn:uuid:…" id, the same on every export.
	RecordID string
	// JSON is the signed OpenBadgeCredential, indented.
	JSON []byte
}

// ErrNothingToIssue is returned when no module was chosen.
var ErrNothingToIssue = errors.New("attest: no completed module chosen")

// Issue signs one record per module for the profile, with the profile's key. The
// record carries displayName only when it is not empty: the learner adds it on
// purpose. A module issued before keeps its record id and signing time, so the same
// inputs give the same bytes again; a record first issued by an older Déclic with the
// PC's installation key keeps its id and date, and is now signed by the profile's key
// (the old file stays valid, and a centre sees one record, not two).
func (is *Issuer) Issue(ctx context.Context, profileID string, mods []learner.CompletedModule, displayName string) ([]Credential, error) {
	if is.Store == nil {
		return nil, errors.New("attest: issuer has no store")
	}
	if len(mods) == 0 {
		return nil, ErrNothingToIssue
	}
	key, err := is.Store.ProfileKey(ctx, profileID)
	if err != nil {
		return nil, fmt.Errorf("attest: profile key: %w", err)
	}
	now := time.Now
	if is.Now != nil {
		now = is.Now
	}
	out := make([]Credential, 0, len(mods))
	for _, m := range mods {
		kept, err := is.Store.KeepIssuedRecord(ctx, profileID, learner.IssuedRecord{
			PackID: m.PackID, ModuleID: m.ModuleID, RecordID: "urn:uuid:" + uuid.NewString(), IssuedAt: now()})
		if err != nil {
			return nil, fmt.Errorf("attest: %s/%s: %w", m.PackID, m.ModuleID, err)
		}
		in := RecordInputFor(m, profileID, displayName, is.CentreName)
		in.RecordID, in.Issued = kept.RecordID, kept.IssuedAt
		if is.Describe != nil {
			in.ModuleDescription = is.Describe(m.PackID, m.ModuleID)
		}
		data, err := records.Issue(key, in)
		if err != nil {
			return nil, fmt.Errorf("attest: %s/%s: %w", m.PackID, m.ModuleID, err)
		}
		out = append(out, Credential{Module: m, RecordID: kept.RecordID, JSON: data})
	}
	return out, nil
}

// RecordInputFor turns a completed module into the values its record states:
// hours of the module, final score in percent, active minutes and activity dates
// as the learner store measured them, competencies with their French labels.
func RecordInputFor(m learner.CompletedModule, profileID, displayName, centreName string) records.RecordInput {
	in := records.RecordInput{
		LearnerID:     profileID,
		DisplayName:   strings.TrimSpace(displayName),
		PackID:        m.PackID,
		PackVersion:   m.PackVersion,
		ModuleID:      m.ModuleID,
		ModuleTitle:   m.ModuleTitle,
		Hours:         m.Hours,
		ActiveMinutes: int(m.Active / time.Minute),
		FinalScore:    math.Round(min(max(m.FinalScore, 0), 1) * 100),
		Start:         m.FirstActivity,
		End:           m.LastActivity,
		IssuerName:    centreName,
	}
	for _, code := range m.Competencies {
		label, _ := courses.CompetencyLabel(code, "fr")
		in.Competencies = append(in.Competencies, records.Competency{Code: code, Label: label})
	}
	return in
}
