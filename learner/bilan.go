package learner

import (
	"context"
	"math"
	"time"

	"declic/bilan"
)

// Bilan builds « Mon bilan », the progress file a learner hands to a centre: the
// modules begun or finished among modules (and any finished module of a pack since
// removed), the placement questionnaire's outcome, the active time and the
// competencies that have a level or evidence, with labels in French (the centre's
// language). The first name is in it only when withName is true. The date is the
// store's clock. Sign it with SignedBilan, or with bilan.Sign and ProfileKey.
func (s *Store) Bilan(ctx context.Context, profileID string, modules []ModuleInfo, withName bool) (bilan.Bilan, error) {
	p, err := s.Profile(ctx, profileID)
	if err != nil {
		return bilan.Bilan{}, err
	}
	sum, err := s.Summary(ctx, profileID, modules, SummaryOptions{Language: "fr"})
	if err != nil {
		return bilan.Bilan{}, err
	}
	done, err := s.CompletedModules(ctx, profileID)
	if err != nil {
		return bilan.Bilan{}, err
	}
	b := bilan.Bilan{
		Learner:       bilan.Learner{ID: "urn:uuid:" + p.ID},
		Issued:        s.now(),
		ActiveMinutes: int(sum.Active / time.Minute),
		Modules:       []bilan.Module{},
		Competencies:  []bilan.Competency{},
	}
	if withName {
		b.Learner.Name = p.FirstName
	}
	b.Placement = bilanPlacement(p.Placement, modules)
	listed := map[moduleKey]bool{}
	for _, m := range sum.Modules {
		if m.State == ToDo {
			continue
		}
		listed[moduleKey{m.PackID, m.ModuleID}] = true
		bm := bilan.Module{PackID: m.PackID, ModuleID: m.ModuleID, Title: m.Title, State: bilan.ModuleInProgress,
			ActiveMinutes: int(m.Active / time.Minute), StepsSeen: m.StepsSeen, Attempts: m.Attempts,
			BestScore: percent(m.BestScore), LastActivity: optionalTime(m.LastAt)}
		if m.State == Done {
			bm.State = bilan.ModuleDone
			bm.MasteredAt = optionalTime(m.Mastered)
		}
		b.Modules = append(b.Modules, bm)
	}
	// A module finished in a pack no longer installed still belongs to her bilan.
	for _, c := range done {
		if listed[moduleKey{c.PackID, c.ModuleID}] {
			continue
		}
		bm := bilan.Module{PackID: c.PackID, ModuleID: c.ModuleID, Title: c.ModuleTitle, State: bilan.ModuleInProgress,
			ActiveMinutes: int(c.Active / time.Minute), BestScore: percent(c.FinalScore), LastActivity: optionalTime(c.LastActivity)}
		if c.Mastered {
			bm.State = bilan.ModuleDone
			bm.MasteredAt = optionalTime(c.CompletedAt)
		}
		b.Modules = append(b.Modules, bm)
	}
	for _, c := range sum.Competencies {
		if c.Level == 0 && len(c.Evidence) == 0 {
			continue
		}
		bc := bilan.Competency{Code: c.Code, Label: c.Label, Level: c.Level, Evidence: []bilan.Evidence{}}
		for _, e := range c.Evidence {
			bc.Evidence = append(bc.Evidence, bilan.Evidence{PackID: e.PackID, ModuleID: e.ModuleID,
				ModuleTitle: e.ModuleTitle, Level: string(e.Level), FinalScore: percent(e.FinalScore), Counts: e.Counts, At: e.At})
		}
		b.Competencies = append(b.Competencies, bc)
	}
	return b, nil
}

// SignedBilan returns Bilan signed with the profile's key: the bytes of the file.
func (s *Store) SignedBilan(ctx context.Context, profileID string, modules []ModuleInfo, withName bool) ([]byte, error) {
	b, err := s.Bilan(ctx, profileID, modules, withName)
	if err != nil {
		return nil, err
	}
	key, err := s.ProfileKey(ctx, profileID)
	if err != nil {
		return nil, err
	}
	return bilan.Sign(b, key)
}

func bilanPlacement(p Placement, modules []ModuleInfo) bilan.Placement {
	out := bilan.Placement{State: bilan.PlacementNotYet, PackID: p.PackID, ModuleID: p.ModuleID, At: optionalTime(p.At)}
	switch p.State {
	case PlacementDone:
		out.State = bilan.PlacementDone
	case PlacementSkipped:
		out.State = bilan.PlacementSkipped
	}
	for _, m := range modules {
		if m.PackID == p.PackID && m.ModuleID == p.ModuleID {
			out.ModuleTitle = m.Title
		}
	}
	return out
}

// percent turns a 0–1 share into a whole percentage.
func percent(share float64) int { return int(math.Round(min(max(share, 0), 1) * 100)) }

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
