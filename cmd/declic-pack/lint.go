package main

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"declic/courses"
	"declic/i18n"
	"declic/internal/cli"
	"declic/plugins"
	"declic/readability"
)

// lintCommand reviews a pack's language for learners (FALC): long sentences,
// long words, jargon, several names for one thing, pictures without a
// description, screens too long, lessons hard to read.
type lintCommand struct {
	strict bool
}

func (*lintCommand) Name() string { return "lint" }

func (c *lintCommand) Flags(f *cli.Flags) {
	f.Bool(&c.strict, "strict", "", "declicpack.lint.flag_strict")
}

// Screen height estimate, in points (see the help text and docs/guide-formateur.md).
const (
	screenBudget      = 560
	paragraphLine     = 30
	paragraphWords    = 14
	paragraphGap      = 12
	headingHeight     = 44
	imageHeight       = 300
	activityHeight    = 420
	listItemWords     = 12
	listItemGap       = 6
	minAltWords       = 3
	maxReportedPerKey = 1
)

// lintWarning is one finding of lint, at a file and line: what the rule found
// and what to do, as messages of the catalogue.
type lintWarning struct {
	File       string
	Line       int
	Rule       string
	Message    i18n.Message
	Suggestion i18n.Message
}

// lessonRow is one line of the final table.
type lessonRow struct {
	File     string
	Screens  int
	Stats    readability.Stats
	Warnings int
}

// textUnit is a piece of learner-facing text with where to look for it.
type textUnit struct {
	text     string
	stepLine int
}

// occurrence is where a name of a synonym group is used.
type occurrence struct {
	file string
	line int
}

type linter struct {
	env  *cli.Env
	pack *courses.Pack
	// settings are the pack's and the current lesson's accepted remarks.
	settings courses.LintSettings
	// lessonSettings keeps each lesson's settings, for the synonyms reported
	// once the whole pack is read.
	lessonSettings map[string]courses.LintSettings
	warnings       []lintWarning
	rows           []lessonRow
	// jargonSeen marks jargon terms met already in the pack (explained or not).
	jargonSeen map[string]bool
	// names counts each synonym name used; first holds its first use per lesson.
	names map[int]map[string]int
	first map[int]map[string][]occurrence
}

func (c *lintCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 1 {
		return cli.Usage("declicpack.lint.no_path")
	}
	path := args[0]
	pack, problems, err := courses.LoadPath(path)
	if err != nil {
		return err
	}
	errs := 0
	for _, p := range problems {
		if p.Severity == courses.SeverityError {
			printProblem(env, path, p)
			errs++
		}
	}
	l := &linter{env: env, pack: pack, jargonSeen: map[string]bool{}, names: map[int]map[string]int{},
		first: map[int]map[string][]occurrence{}, lessonSettings: map[string]courses.LintSettings{}}
	l.lintPack()
	severity := courses.SeverityWarning
	if c.strict {
		severity = courses.SeverityError
	}
	sort.SliceStable(l.warnings, func(i, j int) bool {
		a, b := l.warnings[i], l.warnings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	for _, w := range l.warnings {
		p := courses.Problem{File: w.File, Line: w.Line, Severity: severity, Code: "declicpack.lint.remark",
			Args: map[string]any{"Text": w.Message, "Rule": w.Rule}}
		printProblem(env, path, p)
		if w.Suggestion.ID != "" {
			env.Say("declicpack.lint.suggestion", "Text", w.Suggestion)
		}
	}
	l.printTable()
	env.Say("declicpack.lint.result", "Warnings", count(env, "declicpack.n_lint_warnings", len(l.warnings)), "Errors", count(env, "declicpack.n_errors", errs))
	if errs > 0 || (c.strict && len(l.warnings) > 0) {
		return cli.ErrProblems
	}
	return nil
}

// warn records a remark of rule, unless the pack or the lesson accepts the
// rule.
func (l *linter) warn(file string, line int, rule string, msg, suggestion i18n.Message) {
	if l.settings.AcceptsRule(rule) {
		return
	}
	l.warnings = append(l.warnings, lintWarning{File: file, Line: line, Rule: rule, Message: msg, Suggestion: suggestion})
}

func (l *linter) lintPack() {
	for _, m := range l.pack.Modules {
		for _, lesson := range m.Lessons {
			l.settings = l.pack.Lint.Merge(lesson.Lint)
			l.lessonSettings[lesson.File] = l.settings
			l.lintLesson(lesson)
		}
	}
	l.reportSynonyms()
}

func (l *linter) lintLesson(lesson *courses.Lesson) {
	before := len(l.warnings)
	src, _ := fs.ReadFile(l.pack.FS, lesson.File)
	lines := strings.Split(string(src), "\n")
	row := lessonRow{File: lesson.File, Screens: len(lesson.Steps)}
	longWords := map[string]bool{}
	// Jargon met for the first time in the pack, explained if any sentence of
	// this lesson that uses it explains it.
	type pendingJargon struct {
		term readability.Term
		line int
	}
	var pending []pendingJargon
	explained := map[string]bool{}
	for _, step := range lesson.Steps {
		var units []textUnit
		units = append(units, textUnit{step.Title, step.Line})
		height := headingHeight
		l.collect(step.Blocks, step, lesson, &units, &height)
		if height > screenBudget {
			l.warn(lesson.File, step.Line, "ecran-long",
				i18n.M("declicpack.lint.screen_long", "Title", step.Title, "Height", height, "Budget", screenBudget),
				i18n.M("declicpack.lint.screen_long_fix"))
		}
		for _, u := range units {
			sentences := readability.Sentences(u.text)
			for i, s := range sentences {
				words := readability.Words(s)
				if len(words) == 0 {
					continue
				}
				st := readability.Measure(s)
				row.Stats = row.Stats.Add(st)
				line := findLine(lines, u.stepLine, s)
				if len(words) > readability.MaxSentenceWords {
					l.warn(lesson.File, line, "phrase-longue",
						i18n.M("declicpack.lint.sentence_long", "Words", len(words), "Max", readability.MaxSentenceWords, "Sentence", clip(s)),
						i18n.M("declicpack.lint.sentence_long_fix"))
				}
				for _, w := range words {
					l.checkLongWord(lesson.File, line, w, longWords)
				}
				next := ""
				if i+1 < len(sentences) {
					next = sentences[i+1]
				}
				for _, j := range readability.FindJargon(s) {
					if readability.Explained(j.Word, s, next) {
						explained[j.Word] = true
					}
					if !l.jargonSeen[j.Word] {
						l.jargonSeen[j.Word] = true
						pending = append(pending, pendingJargon{j, line})
					}
				}
				for _, m := range readability.SameThing(s) {
					if l.names[m.Group] == nil {
						l.names[m.Group] = map[string]int{}
						l.first[m.Group] = map[string][]occurrence{}
					}
					l.names[m.Group][m.Term]++
					occ := l.first[m.Group][m.Term]
					if len(occ) == 0 || occ[len(occ)-1].file != lesson.File {
						l.first[m.Group][m.Term] = append(occ, occurrence{lesson.File, line})
					}
				}
			}
		}
	}
	for _, p := range pending {
		if explained[p.term.Word] || l.settings.AcceptsWord(p.term.Word) {
			continue
		}
		fix := i18n.M("declicpack.lint.jargon_explain", "Text", p.term.Explain)
		if p.term.Replace != "" {
			fix = i18n.M("declicpack.lint.jargon_replace", "Text", p.term.Replace)
		}
		l.warn(lesson.File, p.line, "jargon", i18n.M("declicpack.lint.jargon", "Word", p.term.Word), fix)
	}
	if row.Stats.Words >= 20 {
		if score := row.Stats.Score(); score < readability.MinScore {
			l.warn(lesson.File, 1, "lisibilite",
				i18n.M("declicpack.lint.hard", "Score", decimal(l.env, score), "Min", readability.MinScore),
				i18n.M("declicpack.lint.hard_fix"))
		}
	}
	row.Warnings = len(l.warnings) - before
	l.rows = append(l.rows, row)
}

// checkLongWord warns once per lesson about a long word; the parts of a
// hyphenated word are judged one by one ("installez-vous" is not long).
func (l *linter) checkLongWord(file string, line int, w string, seen map[string]bool) {
	if strings.ContainsAny(w, ".@0123456789") {
		return
	}
	for _, part := range strings.Split(w, "-") {
		key := strings.ToLower(part)
		if part == "" || seen[key] {
			continue
		}
		syl, letters := readability.Syllables(part), utf8.RuneCountInString(part)
		if syl < readability.LongWordSyllables && letters < readability.LongWordLetters {
			continue
		}
		seen[key] = true
		if l.settings.AcceptsWord(part) || readability.SuggestedWord(part) {
			continue
		}
		l.warn(file, line, "mot-long",
			i18n.M("declicpack.lint.long_word", "Word", part, "Syllables", syl, "Letters", letters),
			i18n.M("declicpack.lint.long_word_fix", "Word", part))
	}
}

// collect gathers the learner-facing text of blocks and adds their estimated
// height; it also checks pictures' alternative text.
func (l *linter) collect(blocks []courses.Block, step *courses.Step, lesson *courses.Lesson, units *[]textUnit, height *int) {
	for _, b := range blocks {
		switch b := b.(type) {
		case courses.Paragraph:
			t := inlineText(b.Inlines)
			*units = append(*units, textUnit{t, step.Line})
			*height += paragraphHeight(t, paragraphWords, paragraphGap)
		case courses.Heading:
			*units = append(*units, textUnit{inlineText(b.Inlines), step.Line})
			*height += headingHeight
		case courses.List:
			for _, item := range b.Items {
				var inner []textUnit
				h := 0
				l.collect(item, step, lesson, &inner, &h)
				for _, u := range inner {
					*units = append(*units, u)
					*height += paragraphHeight(u.text, listItemWords, listItemGap)
				}
				*height += h - sumParagraphs(inner)
			}
		case courses.Callout:
			start := len(*units)
			l.collect(b.Blocks, step, lesson, units, height)
			if start < len(*units) {
				// The app shows the box's own « À retenir » label and drops the
				// one trainers write: the learner does not read it twice.
				(*units)[start].text = dropRememberLabel((*units)[start].text)
			}
			*height += paragraphGap
		case courses.Image:
			*height += imageHeight
			alt := strings.TrimSpace(b.Alt)
			switch n := len(readability.Words(alt)); {
			case n == 0:
				l.warn(lesson.File, b.Line, "image", i18n.M("declicpack.lint.alt_missing", "Src", b.Src), i18n.M("declicpack.lint.alt_missing_fix"))
			case n < minAltWords:
				l.warn(lesson.File, b.Line, "image", i18n.M("declicpack.lint.alt_short", "Src", b.Src, "Alt", alt), i18n.M("declicpack.lint.alt_short_fix"))
			}
		case courses.Activity:
			*height += activityHeight
			if b.Parsed != nil {
				line := b.Line
				if p := b.Parsed.Prompt(); p != "" {
					*units = append(*units, textUnit{p, line})
				}
				if tx, ok := b.Parsed.(plugins.Texter); ok {
					for _, t := range tx.Text() {
						*units = append(*units, textUnit{t, line})
					}
				}
				if adv, ok := b.Parsed.(plugins.Advisor); ok { // e.g. a dangerous answer that reassures
					for _, a := range adv.Advise(b.Body, plugins.Position{File: lesson.File, Line: b.Line + 1}) {
						l.warn(lesson.File, a.Pos.Line, a.Rule, a.Msg, a.Suggestion)
					}
				}
			}
		}
	}
}

// sumParagraphs is the height collect already gave paragraphs of a list item,
// replaced by the list-item estimate.
func sumParagraphs(units []textUnit) int {
	h := 0
	for _, u := range units {
		h += paragraphHeight(u.text, paragraphWords, paragraphGap)
	}
	return h
}

func paragraphHeight(t string, wordsPerLine, gap int) int {
	lines := 0
	for _, part := range strings.Split(t, "\n") {
		n := len(readability.Words(part))
		lines += max(1, int(math.Ceil(float64(n)/float64(wordsPerLine))))
	}
	return lines*paragraphLine + gap
}

// reportSynonyms warns where a pack uses another name than its most used one
// for the same thing (once per lesson and name), unless the lesson accepts
// that name or the rule.
func (l *linter) reportSynonyms() {
	groups := make([]int, 0, len(l.names))
	for g := range l.names {
		groups = append(groups, g)
	}
	sort.Ints(groups)
	for _, g := range groups {
		counts := l.names[g]
		if len(counts) < 2 {
			continue
		}
		keep := readability.MostUsed(g, counts)
		falc := readability.SynonymGroups()[g][0]
		var used []string
		for n := range counts {
			used = append(used, fmt.Sprintf("« %s » ×%d", n, counts[n]))
		}
		sort.Strings(used)
		names := make([]string, 0, len(l.first[g]))
		for name := range l.first[g] {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if name == keep {
				continue
			}
			for _, o := range l.first[g][name] {
				l.settings = l.lessonSettings[o.file]
				if l.settings.AcceptsWord(name) {
					continue
				}
				fix := i18n.M("declicpack.lint.synonym_fix", "Keep", keep, "Used", strings.Join(used, ", "))
				if keep != falc {
					fix = i18n.M("declicpack.lint.synonym_fix_falc", "Keep", keep, "Used", strings.Join(used, ", "), "FALC", falc)
				}
				l.warn(o.file, o.line, "synonyme", i18n.M("declicpack.lint.synonym", "Name", name, "Keep", keep), fix)
			}
		}
	}
}

func (l *linter) printTable() {
	env := l.env
	fmt.Fprintln(env.Stdout)
	head := env.T("declicpack.lint.col_lesson")
	width := utf8.RuneCountInString(head)
	for _, r := range l.rows {
		width = max(width, utf8.RuneCountInString(r.File))
	}
	fmt.Fprintf(env.Stdout, "%s  %7s %8s %8s %8s %6s %7s\n", pad(head, width),
		env.T("declicpack.lint.col_screens"), env.T("declicpack.lint.col_sentences"), env.T("declicpack.lint.col_words"),
		env.T("declicpack.lint.col_syllables"), env.T("declicpack.lint.col_score"), env.T("declicpack.lint.col_warnings"))
	var total readability.Stats
	screens := 0
	for _, r := range l.rows {
		l.printRow(pad(r.File, width), r.Screens, r.Stats, r.Warnings)
		total = total.Add(r.Stats)
		screens += r.Screens
	}
	l.printRow(pad(env.T("declicpack.lint.total"), width), screens, total, len(l.warnings))
}

func (l *linter) printRow(name string, screens int, st readability.Stats, warnings int) {
	wps, spw, score := "-", "-", "-"
	if st.Sentences > 0 && st.Words > 0 {
		wps = decimal(l.env, float64(st.Words)/float64(st.Sentences))
		spw = decimal(l.env, float64(st.Syllables)/float64(st.Words))
		score = decimal(l.env, st.Score())
	}
	fmt.Fprintf(l.env.Stdout, "%s  %7d %8d %8s %8s %6s %7d\n", name, screens, st.Sentences, wps, spw, score, warnings)
}

// inlineText is the plain text of inlines; keys are written between backquotes
// so they are not mistaken for words to explain.
func inlineText(inl []courses.Inline) string {
	var sb strings.Builder
	for _, in := range inl {
		if in.Style&courses.Key != 0 {
			sb.WriteString("touche")
			continue
		}
		sb.WriteString(in.Text)
	}
	return sb.String()
}

// dropRememberLabel removes a leading « À retenir : » from a callout's text.
func dropRememberLabel(t string) string {
	trimmed := strings.TrimSpace(t)
	for _, label := range []string{"À retenir", "A retenir", "à retenir"} {
		if rest, ok := strings.CutPrefix(trimmed, label); ok {
			return strings.TrimLeft(rest, " : ")
		}
	}
	return t
}

// clip shortens a sentence for a message.
func clip(s string) string {
	r := []rune(s)
	if len(r) <= 70 {
		return s
	}
	return string(r[:67]) + "…"
}

// findLine finds the source line of a sentence: the first line, from the step's
// heading on, that holds its first words once Markdown marks are removed. It
// falls back to the step's line.
func findLine(lines []string, from int, sentence string) int {
	words := readability.Words(sentence)
	if len(words) == 0 || from < 1 {
		return from
	}
	probe := func(n int) int {
		needle := strings.ToLower(strings.Join(words[:min(n, len(words))], " "))
		for i := from - 1; i < len(lines); i++ {
			if i > from-1 && strings.HasPrefix(lines[i], "## ") {
				break
			}
			if strings.Contains(strings.ToLower(strings.Join(readability.Words(lines[i]), " ")), needle) {
				return i + 1
			}
		}
		return 0
	}
	for _, n := range []int{6, 3, 1} {
		if line := probe(n); line > 0 {
			return line
		}
	}
	return from
}
