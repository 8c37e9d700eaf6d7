package main

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"declic/courses"
	"declic/internal/cli"
)

// statsCommand counts what a pack holds, and compares each module's declared
// hours with the time a beginner takes on it.
type statsCommand struct{}

func (*statsCommand) Name() string       { return "stats" }
func (*statsCommand) Flags(f *cli.Flags) {}

// packStats are the figures stats prints.
type packStats struct {
	Modules, Lessons, Screens, Activities, Images, Minutes int
	Hours                                                  float64
	ByKind                                                 map[string]int
	Competencies                                           map[string]int
	Estimate                                               courses.Estimate
}

func collectStats(pack *courses.Pack) packStats {
	st := packStats{ByKind: map[string]int{}, Competencies: map[string]int{}}
	images := map[string]bool{}
	var blocks func([]courses.Block)
	blocks = func(bs []courses.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case courses.Activity:
				st.Activities++
				st.ByKind[b.Kind]++
			case courses.Image:
				images[b.Src] = true
			case courses.List:
				for _, item := range b.Items {
					blocks(item)
				}
			case courses.Callout:
				blocks(b.Blocks)
			}
		}
	}
	for _, m := range pack.Modules {
		st.Modules++
		st.Hours += m.Hours
		st.Estimate = st.Estimate.Add(courses.EstimateModule(m))
		for _, c := range m.Competencies {
			st.Competencies[c]++
		}
		for _, l := range m.Lessons {
			st.Lessons++
			st.Minutes += l.DurationMinutes
			for _, s := range l.Steps {
				st.Screens++
				blocks(s.Blocks)
			}
		}
	}
	st.Images = len(images)
	return st
}

func (*statsCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.Usage("declicpack.stats.no_path")
	}
	path := args[0]
	pack, problems, err := courses.LoadPath(path)
	if err != nil {
		return err
	}
	st := collectStats(pack)
	w := env.Stdout
	fmt.Fprintf(w, "%s %s — %s\n", pack.ID, pack.Version, pack.Title)
	type line struct{ label, value string }
	var lines []line
	row := func(id, value string) { lines = append(lines, line{env.T(id), value}) }
	row("declicpack.stats.modules", strconv.Itoa(st.Modules))
	row("declicpack.stats.lessons", strconv.Itoa(st.Lessons))
	row("declicpack.stats.screens", strconv.Itoa(st.Screens))
	row("declicpack.stats.images", strconv.Itoa(st.Images))
	row("declicpack.stats.lesson_time", env.T("declicpack.stats.minutes_hours", "Minutes", st.Minutes, "Hours", decimal(env, float64(st.Minutes)/60)))
	row("declicpack.stats.estimate", env.T("declicpack.stats.minutes_hours", "Minutes", st.Estimate.Minutes(), "Hours", decimal(env, st.Estimate.Time.Hours())))
	row("declicpack.stats.hours", env.T("declicpack.stats.hours_value", "Hours", hoursText(env, st.Hours)))
	kinds := make([]string, 0, len(st.ByKind))
	for k := range st.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, st.ByKind[k]))
	}
	row("declicpack.stats.activities", fmt.Sprintf("%d (%s)", st.Activities, strings.Join(parts, ", ")))
	width := 0
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l.label))
	}
	for _, l := range lines {
		fmt.Fprintf(w, "  %s  %s\n", pad(l.label, width), l.value)
	}

	env.Say("declicpack.stats.by_module")
	width = 0
	for _, m := range pack.Modules {
		width = max(width, utf8.RuneCountInString(m.ID))
	}
	for _, m := range pack.Modules {
		est := courses.EstimateModule(m)
		verdict := env.T("declicpack.stats.hours_ok")
		if h := est.Time.Hours(); m.Hours > courses.HoursTolerance*h || m.Hours*courses.HoursTolerance < h {
			verdict = env.T("declicpack.stats.hours_off", "Suggested", strconv.FormatFloat(courses.SuggestHours(est.Time), 'f', -1, 64))
		}
		fmt.Fprintf(w, "    %s  %s  %s  %s\n", pad(m.ID, width),
			pad(env.T("declicpack.stats.hours_value", "Hours", hoursText(env, m.Hours)), 8),
			pad(env.T("declicpack.stats.about_minutes", "Minutes", est.Minutes()), 14), verdict)
	}

	codes := make([]string, 0, len(st.Competencies))
	for c := range st.Competencies {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	env.Say("declicpack.stats.competencies", "Count", len(codes))
	width = 0
	for _, c := range codes {
		width = max(width, utf8.RuneCountInString(c))
	}
	for _, c := range codes {
		label, ok := courses.CompetencyLabel(c, languageCode(env))
		if !ok {
			label = env.T("declicpack.stats.pack_code")
		}
		fmt.Fprintf(w, "    %s  %s  %s\n", pad(c, width), pad(count(env, "declicpack.n_modules", st.Competencies[c]), 10), label)
	}
	if problems.HasErrors() {
		env.Warn("declicpack.stats.has_errors")
		return cli.ErrProblems
	}
	return nil
}

// pad fills s with spaces to width runes, so that columns line up whatever
// the accents.
func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
}

// hoursText writes hours as module.toml holds them (up to 2 decimals), with a
// comma in French: "1,5", "0,05".
func hoursText(env *cli.Env, h float64) string {
	s := strconv.FormatFloat(math.Round(h*100)/100, 'f', -1, 64)
	if languageCode(env) == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
