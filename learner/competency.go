package learner

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"declic/courses"
)

// MaxLevel is the highest CRCN level Déclic's evidence can show. Beginners'
// modules sit at levels 1–2; beyond 3, Pix certification is the right proof.
const MaxLevel = 3

// Competency evidence is derived, not stored: the completions table keeps each
// finished module with its level, competencies and final score (copied when it was
// finished), and the levels are computed from it on every read. So a change of
// the rule applies to the whole history at once, nothing can drift out of step,
// and the evidence behind a level is exactly the rows that produced it.
//
// The rule, per competency code (CRCN like "2.1", or a pack's own like
// "socle.souris"). A module counts for a code when it is tagged with the code and
// the learner mastered it (a final quiz at or above its pass mark):
//   - level 0: no module counts yet;
//   - level 1: one module counts, whatever its level;
//   - level 2: two different modules count, or one "intermédiaire" or "avancé" module;
//   - level 3: an "avancé" module counts, and at least one other module too.
//
// Each module counts once, however often it is redone. The evidence list also
// shows modules finished without mastery (Counts false): they explain why a level
// is not reached yet.

// Evidence is one module behind a competency level.
type Evidence struct {
	PackID      string
	ModuleID    string
	ModuleTitle string
	Level       courses.Level
	// FinalScore is the module's best final-quiz score, 0–1.
	FinalScore float64
	// Counts is true when the module was mastered and so counts for the level.
	Counts bool
	// At is when it was first mastered, or last finished when never mastered.
	At time.Time
}

// CompetencyLevel is a competency's derived level and the evidence behind it.
type CompetencyLevel struct {
	Code  string
	Label string // from SummaryOptions.Label, empty for codes without a label
	Level int    // 0..MaxLevel
	// Evidence is sorted by date, oldest first.
	Evidence []Evidence
}

// levelFrom applies the rule above to the modules that count.
func levelFrom(counting []Evidence) int {
	n := len(counting)
	var intermediate, advanced bool
	for _, e := range counting {
		switch e.Level {
		case courses.Intermediate:
			intermediate = true
		case courses.Advanced:
			advanced = true
		}
	}
	switch {
	case advanced && n >= 2:
		return 3
	case n >= 2 || intermediate || advanced:
		return 2
	case n == 1:
		return 1
	default:
		return 0
	}
}

// storedCompletion is a row of the completions table.
type storedCompletion struct {
	Completion
	firstMastered time.Time
}

func (s *Store) completionsOf(ctx context.Context, key int64) ([]storedCompletion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pack_id, pack_version, module_id, module_title, level,
		competencies, hours, final_score, mastered, at FROM completions WHERE profile_key = ? ORDER BY at`, key)
	if err != nil {
		return nil, s.classify("read completions", err)
	}
	defer rows.Close()
	var out []storedCompletion
	for rows.Next() {
		var c storedCompletion
		var level, codes string
		var at int64
		if err := rows.Scan(&c.PackID, &c.PackVersion, &c.ModuleID, &c.ModuleTitle, &level, &codes,
			&c.Hours, &c.FinalScore, &c.Mastered, &at); err != nil {
			return nil, s.classify("read completions", err)
		}
		c.Level = courses.Level(level)
		c.At = fromMillis(at)
		if err := json.Unmarshal([]byte(codes), &c.Competencies); err != nil {
			return nil, fmt.Errorf("learner: %s: %w: completion of %s/%s has bad competencies: %v",
				s.path, ErrCorrupt, c.PackID, c.ModuleID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify("read completions", err)
	}
	return out, nil
}

// bestCompletions keeps, per module, the best score, the first mastery date and
// the latest level/competencies (completions come sorted by date).
func bestCompletions(all []storedCompletion) map[moduleKey]storedCompletion {
	best := map[moduleKey]storedCompletion{}
	for _, c := range all {
		k := moduleKey{c.PackID, c.ModuleID}
		b, seen := best[k]
		first := b.firstMastered
		score := max(b.FinalScore, c.FinalScore)
		if !seen {
			score = c.FinalScore
		}
		if c.Mastered && first.IsZero() {
			first = c.At
		}
		b = c
		b.FinalScore = score
		b.firstMastered = first
		b.Mastered = !first.IsZero()
		best[k] = b
	}
	return best
}

// competencyLevels computes every code's level from the best completion of each
// module; codes of offered modules without evidence appear at level 0.
func competencyLevels(modules []ModuleInfo, best map[moduleKey]storedCompletion, opts SummaryOptions) []CompetencyLevel {
	byCode := map[string][]Evidence{}
	for _, m := range modules {
		for _, code := range m.Competencies {
			if _, ok := byCode[code]; !ok {
				byCode[code] = nil
			}
		}
	}
	for _, c := range best {
		at := c.At
		if c.Mastered {
			at = c.firstMastered
		}
		e := Evidence{
			PackID: c.PackID, ModuleID: c.ModuleID, ModuleTitle: c.ModuleTitle, Level: c.Level,
			FinalScore: c.FinalScore, Counts: c.Mastered, At: at,
		}
		for _, code := range c.Competencies {
			byCode[code] = append(byCode[code], e)
		}
	}
	codes := make([]string, 0, len(byCode))
	for code := range byCode {
		codes = append(codes, code)
	}
	sortCodes(codes)
	lang := opts.Language
	if lang == "" {
		lang = "fr"
	}
	label := opts.Label
	if label == nil {
		label = courses.CompetencyLabel
	}
	out := make([]CompetencyLevel, 0, len(codes))
	for _, code := range codes {
		ev := byCode[code]
		sortEvidence(ev)
		var counting []Evidence
		for _, e := range ev {
			if e.Counts {
				counting = append(counting, e)
			}
		}
		cl := CompetencyLevel{Code: code, Level: levelFrom(counting), Evidence: ev}
		if l, ok := label(code, lang); ok {
			cl.Label = l
		}
		out = append(out, cl)
	}
	return out
}

func sortEvidence(ev []Evidence) {
	slices.SortFunc(ev, func(a, b Evidence) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.PackID, b.PackID), cmp.Compare(a.ModuleID, b.ModuleID))
	})
}

// levelOf turns a stored level name back into a courses.Level.
func levelOf(s string) courses.Level { return courses.Level(s) }
