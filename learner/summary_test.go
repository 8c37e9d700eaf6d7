package learner

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"declic/courses"
)

var day0 = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

// starterModules are four modules like the starter pack's.
var starterModules = []ModuleInfo{
	{PackID: "declic-starter", ModuleID: "01-allumer", Title: "Allumer l'ordinateur", Level: courses.Beginner, Competencies: []string{"5.2", "socle.allumer"}, Hours: 1},
	{PackID: "declic-starter", ModuleID: "02-la-souris", Title: "La souris", Level: courses.Beginner, Competencies: []string{"5.2", "socle.souris"}, Hours: 1.5},
	{PackID: "declic-starter", ModuleID: "03-le-clavier", Title: "Le clavier", Level: courses.Beginner, Competencies: []string{"5.2", "3.1"}, Hours: 2},
	{PackID: "declic-starter", ModuleID: "08-les-arnaques", Title: "Les arnaques", Level: courses.Intermediate, Competencies: []string{"4.1", "4.2"}, Hours: 2},
}

func completion(p Profile, m ModuleInfo, score float64, mastered bool, at time.Time) Completion {
	return Completion{ProfileID: p.ID, PackID: m.PackID, PackVersion: "1.0.0", ModuleID: m.ModuleID,
		ModuleTitle: m.Title, Level: m.Level, Competencies: m.Competencies, Hours: m.Hours,
		FinalScore: score, Mastered: mastered, At: at}
}

func TestSummaryStatesActiveTimeAndResumePoint(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	m1, m2 := starterModules[0], starterModules[1]
	err := s.Record(ctx,
		StepView{ProfileID: p.ID, PackID: m1.PackID, ModuleID: m1.ModuleID, LessonID: "01-le-bouton", Step: 0, At: day0},
		ActiveSpan{ProfileID: p.ID, PackID: m1.PackID, ModuleID: m1.ModuleID, Start: day0, End: day0.Add(20 * time.Minute), Active: 15 * time.Minute},
		completion(p, m1, 0.9, true, day0.Add(20*time.Minute)),
		StepView{ProfileID: p.ID, PackID: m2.PackID, ModuleID: m2.ModuleID, LessonID: "01-tenir", Step: 2, At: day0.Add(time.Hour)},
		StepView{ProfileID: p.ID, PackID: m2.PackID, ModuleID: m2.ModuleID, LessonID: "02-cliquer", Step: 4, At: day0.Add(2 * time.Hour)},
		// An older event arriving late must not move the resume point back.
		StepView{ProfileID: p.ID, PackID: m2.PackID, ModuleID: m2.ModuleID, LessonID: "01-tenir", Step: 1, At: day0.Add(90 * time.Minute)},
		Attempt{ProfileID: p.ID, PackID: m2.PackID, ModuleID: m2.ModuleID, LessonID: "02-cliquer", Step: 4,
			Kind: "mouse", Score: 1, Passed: true, Duration: 40 * time.Second, Answer: "3 clics sur 3", At: day0.Add(2 * time.Hour)},
		ActiveSpan{ProfileID: p.ID, PackID: m2.PackID, ModuleID: m2.ModuleID, Start: day0.Add(time.Hour), End: day0.Add(2 * time.Hour), Active: 30 * time.Minute},
		// Time on "Mon parcours", outside any module.
		ActiveSpan{ProfileID: p.ID, Start: day0.Add(3 * time.Hour), End: day0.Add(3*time.Hour + time.Minute), Active: time.Minute},
	)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Done != 1 || sum.InProgress != 1 || sum.ToDo != 2 {
		t.Errorf("done/in progress/to do = %d/%d/%d, want 1/1/2", sum.Done, sum.InProgress, sum.ToDo)
	}
	if sum.Active != 46*time.Minute {
		t.Errorf("Active = %v, want 46m", sum.Active)
	}
	got1, got2 := sum.Modules[0], sum.Modules[1]
	if got1.State != Done || !got1.Mastered.Equal(day0.Add(20*time.Minute)) || got1.BestScore != 0.9 || got1.Active != 15*time.Minute {
		t.Errorf("module 1: %+v", got1)
	}
	if got2.State != InProgress || got2.StepsSeen != 3 || got2.Attempts != 1 || got2.Active != 30*time.Minute {
		t.Errorf("module 2: %+v", got2)
	}
	if got2.ResumeLesson != "02-cliquer" || got2.ResumeStep != 4 || !got2.LastAt.Equal(day0.Add(2*time.Hour)) {
		t.Errorf("module 2 resume point: %s step %d at %v", got2.ResumeLesson, got2.ResumeStep, got2.LastAt)
	}
	if sum.Modules[2].State != ToDo || sum.Modules[3].State != ToDo {
		t.Errorf("modules 3 and 4 should be to do: %+v %+v", sum.Modules[2], sum.Modules[3])
	}
	if sum.Next != 1 {
		t.Errorf("Next = %d, want 1 (the module in progress)", sum.Next)
	}
}

func TestAFailedFinalQuizLeavesTheModuleInProgress(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	m := starterModules[1]
	s.Record(ctx, completion(p, m, 0.5, false, day0))
	sum, _ := s.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	if st := sum.Modules[1]; st.State != InProgress || st.BestScore != 0.5 || !st.Mastered.IsZero() {
		t.Errorf("after a failed final quiz: %+v", st)
	}
	// Redone and passed: done, mastered at the second date, best score kept.
	s.Record(ctx, completion(p, m, 0.85, true, day0.Add(24*time.Hour)), completion(p, m, 0.8, true, day0.Add(48*time.Hour)))
	sum, _ = s.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	if st := sum.Modules[1]; st.State != Done || st.BestScore != 0.85 || !st.Mastered.Equal(day0.Add(24*time.Hour)) {
		t.Errorf("after passing: %+v", st)
	}
}

func TestNextFollowsPlacementThenOrder(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	sum, _ := s.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	if sum.Next != 0 {
		t.Errorf("fresh profile: Next = %d, want 0", sum.Next)
	}
	s.SetPlacement(ctx, p.ID, Placement{State: PlacementDone, PackID: "declic-starter", ModuleID: "03-le-clavier"})
	sum, _ = s.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	if sum.Next != 2 {
		t.Errorf("after placement: Next = %d, want 2", sum.Next)
	}
	var events []Event
	for _, m := range starterModules {
		events = append(events, completion(p, m, 1, true, day0))
	}
	s.Record(ctx, events...)
	sum, _ = s.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	if sum.Next != -1 || sum.Done != 4 {
		t.Errorf("all done: Next = %d, Done = %d; want -1 and 4", sum.Next, sum.Done)
	}
}

func TestCompetencyLevelsFollowTheRule(t *testing.T) {
	beg := func(id string, codes ...string) ModuleInfo {
		return ModuleInfo{PackID: "p", ModuleID: id, Title: id, Level: courses.Beginner, Competencies: codes}
	}
	inter := func(id string, codes ...string) ModuleInfo {
		m := beg(id, codes...)
		m.Level = courses.Intermediate
		return m
	}
	adv := func(id string, codes ...string) ModuleInfo {
		m := beg(id, codes...)
		m.Level = courses.Advanced
		return m
	}
	type done struct {
		m        ModuleInfo
		mastered bool
	}
	tests := []struct {
		name string
		done []done
		want int
	}{
		{"nothing finished is level 0", nil, 0},
		{"a finished but not mastered module is level 0", []done{{beg("a", "2.1"), false}}, 0},
		{"one mastered beginner module is level 1", []done{{beg("a", "2.1"), true}}, 1},
		{"the same module mastered twice is still level 1", []done{{beg("a", "2.1"), true}, {beg("a", "2.1"), true}}, 1},
		{"two mastered beginner modules are level 2", []done{{beg("a", "2.1"), true}, {beg("b", "2.1"), true}}, 2},
		{"one mastered intermediate module is level 2", []done{{inter("a", "2.1"), true}}, 2},
		{"one mastered advanced module alone is level 2", []done{{adv("a", "2.1"), true}}, 2},
		{"advanced plus another is level 3", []done{{adv("a", "2.1"), true}, {beg("b", "2.1"), true}}, 3},
		{"three beginner modules stay level 2", []done{{beg("a", "2.1"), true}, {beg("b", "2.1"), true}, {beg("c", "2.1"), true}}, 2},
		{"modules of another code do not count", []done{{beg("a", "4.1"), true}, {beg("b", "4.1"), true}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			p := mustProfile(t, s, "Marie")
			for i, d := range tt.done {
				score := 0.4
				if d.mastered {
					score = 0.9
				}
				if err := s.Record(ctx, completion(p, d.m, score, d.mastered, day0.Add(time.Duration(i)*time.Hour))); err != nil {
					t.Fatal(err)
				}
			}
			sum, err := s.Summary(ctx, p.ID, []ModuleInfo{beg("a", "2.1")}, SummaryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got *CompetencyLevel
			for i := range sum.Competencies {
				if sum.Competencies[i].Code == "2.1" {
					got = &sum.Competencies[i]
				}
			}
			if got == nil {
				t.Fatalf("code 2.1 missing from %+v", sum.Competencies)
			}
			if got.Level != tt.want {
				t.Errorf("level = %d, want %d (evidence %+v)", got.Level, tt.want, got.Evidence)
			}
			// Every counting piece of evidence is a mastered module of this code.
			for _, e := range got.Evidence {
				if e.Counts && e.FinalScore < 0.9 {
					t.Errorf("evidence %+v counts without mastery", e)
				}
			}
		})
	}
}

func TestCompetencyEvidenceAndLabels(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	m1, m2, m3 := starterModules[0], starterModules[1], starterModules[2]
	s.Record(ctx,
		completion(p, m2, 0.95, true, day0.Add(2*time.Hour)),
		completion(p, m1, 0.85, true, day0.Add(time.Hour)),
		completion(p, m3, 0.3, false, day0.Add(3*time.Hour)),
		// A module of a pack no longer installed still counts.
		Completion{ProfileID: p.ID, PackID: "old-pack", ModuleID: "x", ModuleTitle: "Ancien module",
			Level: courses.Beginner, Competencies: []string{"2.1"}, FinalScore: 1, Mastered: true, At: day0},
	)
	labels := map[string]string{"5.2": "Construire un environnement numérique", "2.1": "Interagir"}
	sum, err := s.Summary(ctx, p.ID, starterModules, SummaryOptions{Language: "fr",
		Label: func(code, lang string) (string, bool) {
			if lang != "fr" {
				t.Errorf("label asked in %q", lang)
			}
			l, ok := labels[code]
			return l, ok
		}})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	byCode := map[string]CompetencyLevel{}
	for _, c := range sum.Competencies {
		codes = append(codes, c.Code)
		byCode[c.Code] = c
	}
	wantCodes := []string{"2.1", "3.1", "4.1", "4.2", "5.2", "socle.allumer", "socle.souris"}
	if !reflect.DeepEqual(codes, wantCodes) {
		t.Errorf("codes = %v, want %v", codes, wantCodes)
	}
	c52 := byCode["5.2"]
	if c52.Level != 2 || c52.Label != "Construire un environnement numérique" {
		t.Errorf("5.2: level %d label %q", c52.Level, c52.Label)
	}
	if len(c52.Evidence) != 3 || c52.Evidence[0].ModuleID != m1.ModuleID || c52.Evidence[1].ModuleID != m2.ModuleID ||
		c52.Evidence[2].ModuleID != m3.ModuleID || c52.Evidence[2].Counts {
		t.Errorf("5.2 evidence = %+v; want allumer, souris (counting), clavier (not counting)", c52.Evidence)
	}
	if c21 := byCode["2.1"]; c21.Level != 1 || c21.Evidence[0].ModuleTitle != "Ancien module" {
		t.Errorf("2.1 from a removed pack: %+v", c21)
	}
	if c41 := byCode["4.1"]; c41.Level != 0 || len(c41.Evidence) != 0 || c41.Label != "" {
		t.Errorf("4.1 untouched: %+v", c41)
	}
}

func TestCompetencyLabelsDefaultToTheCRCNTable(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	sum, err := s.Summary(ctx, p.ID, starterModules, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range sum.Competencies {
		want, known := courses.CompetencyLabel(c.Code, "fr")
		if c.Label != want || (known && c.Label == "") {
			t.Errorf("%s: label %q, want %q", c.Code, c.Label, want)
		}
		if strings.HasPrefix(c.Code, "socle.") && c.Label != "" {
			t.Errorf("pack code %s got label %q", c.Code, c.Label)
		}
	}
	if sum.Competencies[0].Code != "3.1" || sum.Competencies[0].Label == "" {
		t.Errorf("first competency %+v, want 3.1 with its label", sum.Competencies[0])
	}
}

func TestTwoProfilesSeeOnlyTheirOwnData(t *testing.T) {
	s := openTemp(t)
	marie, ahmed := mustProfile(t, s, "Marie"), mustProfile(t, s, "Ahmed")
	m := starterModules[1]
	s.Record(ctx,
		StepView{ProfileID: marie.ID, PackID: m.PackID, ModuleID: m.ModuleID, LessonID: "01", At: day0},
		ActiveSpan{ProfileID: marie.ID, PackID: m.PackID, ModuleID: m.ModuleID, Start: day0, End: day0.Add(time.Hour), Active: time.Hour},
		completion(marie, m, 1, true, day0),
		Attempt{ProfileID: marie.ID, PackID: m.PackID, ModuleID: m.ModuleID, LessonID: "01", Kind: "quiz", Score: 1, Passed: true},
	)
	sum, err := s.Summary(ctx, ahmed.ID, starterModules, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Done != 0 || sum.InProgress != 0 || sum.Active != 0 {
		t.Errorf("Ahmed sees Marie's progress: %+v", sum)
	}
	for _, c := range sum.Competencies {
		if c.Level != 0 || len(c.Evidence) != 0 {
			t.Errorf("Ahmed has evidence for %s: %+v", c.Code, c)
		}
	}
	var out strings.Builder
	if err := s.Export(ctx, ahmed.ID, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), m.ModuleID) || strings.Contains(out.String(), marie.ID) {
		t.Errorf("Ahmed's export mentions Marie's data:\n%s", out.String())
	}
	sumMarie, _ := s.Summary(ctx, marie.ID, starterModules, SummaryOptions{})
	if sumMarie.Done != 1 || sumMarie.Active != time.Hour {
		t.Errorf("Marie's own summary: done %d active %v", sumMarie.Done, sumMarie.Active)
	}
}

func TestBadEventsAreRefusedAndNothingIsWritten(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	ok := StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l"}
	att := Attempt{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l", Kind: "quiz"}
	with := func(f func(a *Attempt)) Attempt { a := att; f(&a); return a }
	tests := map[string]Event{
		"step view without lesson":  StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m"},
		"negative step":             StepView{ProfileID: p.ID, PackID: "p", ModuleID: "m", LessonID: "l", Step: -1},
		"attempt without kind":      with(func(a *Attempt) { a.Kind = "" }),
		"score above 1":             with(func(a *Attempt) { a.Score = 1.5 }),
		"NaN score":                 with(func(a *Attempt) { a.Score = nan() }),
		"negative duration":         with(func(a *Attempt) { a.Duration = -time.Second }),
		"answer too long":           with(func(a *Attempt) { a.Answer = strings.Repeat("x", MaxAnswerLength+1) }),
		"answer not UTF-8":          with(func(a *Attempt) { a.Answer = "\xff" }),
		"completion without module": Completion{ProfileID: p.ID, PackID: "p"},
		"final score below 0":       Completion{ProfileID: p.ID, PackID: "p", ModuleID: "m", FinalScore: -0.1},
		"negative hours":            Completion{ProfileID: p.ID, PackID: "p", ModuleID: "m", Hours: -1},
		"span ending before start":  ActiveSpan{ProfileID: p.ID, Start: day0, End: day0.Add(-time.Second)},
		"active longer than span":   ActiveSpan{ProfileID: p.ID, Start: day0, End: day0.Add(time.Minute), Active: 2 * time.Minute},
		"negative active time":      ActiveSpan{ProfileID: p.ID, Start: day0, End: day0.Add(time.Minute), Active: -1},
		"module without pack":       ActiveSpan{ProfileID: p.ID, ModuleID: "m", Start: day0, End: day0},
	}
	for name, bad := range tests {
		// A good event in the same call is not written either: all or nothing.
		if err := s.Record(ctx, ok, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Record = %v, want ErrInvalid", name, err)
		}
	}
	// An unknown profile in the middle rolls the whole transaction back.
	err := s.Record(ctx, ok, StepView{ProfileID: "nobody", PackID: "p", ModuleID: "m", LessonID: "l"})
	if !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
	if n := countRows(t, s, p.ID); n != 0 {
		t.Errorf("%d rows written by refused calls", n)
	}
}

func nan() float64 { var z float64; return z / z }
