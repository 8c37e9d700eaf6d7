package learner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"declic/courses"
)

// ModuleInfo describes a module the app offers, for Summary. The store does not
// read packs itself; ModulesOf builds this list from loaded packs.
type ModuleInfo struct {
	PackID       string
	ModuleID     string
	Title        string
	Level        courses.Level
	Competencies []string
	Hours        float64
}

// ModulesOf lists the modules of packs, in the packs' order and each pack's module order.
func ModulesOf(packs ...*courses.Pack) []ModuleInfo {
	var out []ModuleInfo
	for _, p := range packs {
		if p == nil {
			continue
		}
		for _, m := range p.Modules {
			out = append(out, ModuleInfo{
				PackID: p.ID, ModuleID: m.ID, Title: m.Title, Level: m.Level,
				Competencies: m.Competencies, Hours: m.Hours,
			})
		}
	}
	return out
}

// ModuleState is where a learner stands in a module.
type ModuleState string

// The three states of "Mon parcours".
const (
	// ToDo: nothing seen or tried yet.
	ToDo ModuleState = "to-do"
	// InProgress: something seen or tried, or the final quiz done without mastery.
	InProgress ModuleState = "in-progress"
	// Done: the final quiz reached the pass mark (a mastered Completion).
	Done ModuleState = "done"
)

// ModuleStatus is one module as "Mon parcours" shows it.
type ModuleStatus struct {
	ModuleInfo
	State     ModuleState
	Active    time.Duration // active time spent in the module
	StepsSeen int           // step views, repeats included
	Attempts  int
	// BestScore is the best final-quiz score (0 when never completed).
	BestScore float64
	// Mastered is when the module was first mastered (zero if never).
	Mastered time.Time
	// ResumeLesson and ResumeStep are the last screen seen, to continue from.
	ResumeLesson string
	ResumeStep   int
	LastAt       time.Time // last event in the module (zero if none)
}

// Summary is "Mon parcours" for one profile.
type Summary struct {
	ProfileID string
	// Modules are the modules given to Summary, in the same order, with their state.
	Modules []ModuleStatus
	// Done, InProgress and ToDo count Modules by state.
	Done, InProgress, ToDo int
	// Active is all active learning time of the profile, in modules or not.
	Active time.Duration
	// Competencies lists every code met in the given modules or in completions
	// (even of packs since removed), sorted by code, with levels and evidence.
	Competencies []CompetencyLevel
	// Next is the index in Modules of what to do next, or -1 when all are done:
	// the in-progress module touched last, else the placement suggestion if it is
	// not done, else the first module to do.
	Next int
}

// SummaryOptions tune Summary.
type SummaryOptions struct {
	// Language picks the labels' language ("fr" if empty).
	Language string
	// Label returns a competency's label; nil means courses.CompetencyLabel (the
	// CRCN table). Codes it does not know ("socle.souris") keep an empty Label,
	// and the app shows the code.
	Label func(code, lang string) (string, bool)
}

// Summary builds "Mon parcours" for a profile over the given modules. It reads
// the small derived table module_progress and the completions, never the event
// history, so it stays fast after years of use.
func (s *Store) Summary(ctx context.Context, profileID string, modules []ModuleInfo, opts SummaryOptions) (Summary, error) {
	p, err := s.Profile(ctx, profileID)
	if err != nil {
		return Summary{}, err
	}
	key, err := s.profileKey(ctx, profileID)
	if err != nil {
		return Summary{}, err
	}
	progress, active, err := s.progressOf(ctx, key)
	if err != nil {
		return Summary{}, err
	}
	completions, err := s.completionsOf(ctx, key)
	if err != nil {
		return Summary{}, err
	}
	best := bestCompletions(completions)

	sum := Summary{ProfileID: profileID, Active: active, Next: -1}
	for _, m := range modules {
		mk := moduleKey{m.PackID, m.ModuleID}
		st := ModuleStatus{ModuleInfo: m, State: ToDo}
		if pr, ok := progress[mk]; ok {
			st.State = InProgress
			st.Active = pr.active
			st.StepsSeen = pr.steps
			st.Attempts = pr.attempts
			st.ResumeLesson = pr.lesson
			st.ResumeStep = pr.step
			st.LastAt = pr.last
		}
		if b, ok := best[mk]; ok {
			st.State = InProgress
			st.BestScore = b.FinalScore
			if !b.firstMastered.IsZero() {
				st.State = Done
				st.Mastered = b.firstMastered
			}
		}
		switch st.State {
		case Done:
			sum.Done++
		case InProgress:
			sum.InProgress++
		default:
			sum.ToDo++
		}
		sum.Modules = append(sum.Modules, st)
	}
	sum.Next = nextModule(sum.Modules, p.Placement)
	sum.Competencies = competencyLevels(modules, best, opts)
	return sum, nil
}

func (s *Store) profileKey(ctx context.Context, id string) (int64, error) {
	var key int64
	err := s.db.QueryRowContext(ctx, "SELECT key FROM profiles WHERE id = ?", id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("learner: profile %s: %w", id, ErrProfileNotFound)
	}
	if err != nil {
		return 0, s.classify("read profile", err)
	}
	return key, nil
}

type moduleKey struct{ pack, module string }

type moduleProgress struct {
	steps, attempts int
	active          time.Duration
	lesson          string
	step            int
	last            time.Time
}

// progressOf reads module_progress: per-module rows and the total active time.
func (s *Store) progressOf(ctx context.Context, key int64) (map[moduleKey]moduleProgress, time.Duration, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pack_id, module_id, steps_seen, attempts, active_ms,
		last_lesson, last_step, last_at FROM module_progress WHERE profile_key = ?`, key)
	if err != nil {
		return nil, 0, s.classify("read progress", err)
	}
	defer rows.Close()
	out := map[moduleKey]moduleProgress{}
	var total time.Duration
	for rows.Next() {
		var mk moduleKey
		var p moduleProgress
		var activeMs, last int64
		if err := rows.Scan(&mk.pack, &mk.module, &p.steps, &p.attempts, &activeMs, &p.lesson, &p.step, &last); err != nil {
			return nil, 0, s.classify("read progress", err)
		}
		p.active = time.Duration(activeMs) * time.Millisecond
		if last != 0 {
			p.last = fromMillis(last)
		}
		total += p.active
		if mk.module != "" {
			out[mk] = p
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.classify("read progress", err)
	}
	return out, total, nil
}

// nextModule picks what "Mon parcours" proposes next (see Summary.Next).
func nextModule(mods []ModuleStatus, placement Placement) int {
	next := -1
	for i, m := range mods {
		if m.State == InProgress && (next < 0 || m.LastAt.After(mods[next].LastAt)) {
			next = i
		}
	}
	if next >= 0 {
		return next
	}
	if placement.State == PlacementDone && placement.ModuleID != "" {
		for i, m := range mods {
			if m.PackID == placement.PackID && m.ModuleID == placement.ModuleID && m.State != Done {
				return i
			}
		}
	}
	for i, m := range mods {
		if m.State == ToDo {
			return i
		}
	}
	return -1
}

// sortCodes orders competency codes: CRCN codes ("1.1" … "5.2") first, then the
// packs' own codes ("socle.souris"), each alphabetically.
func sortCodes(codes []string) {
	sort.Slice(codes, func(i, j int) bool {
		ci, cj := isCRCN(codes[i]), isCRCN(codes[j])
		if ci != cj {
			return ci
		}
		return codes[i] < codes[j]
	})
}

func isCRCN(code string) bool {
	return len(code) == 3 && code[0] >= '1' && code[0] <= '5' && code[1] == '.' && code[2] >= '1' && code[2] <= '9'
}
