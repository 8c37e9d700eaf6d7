package main

import (
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"declic/courses"
	"declic/plugins"
	"declic/readability"
)

func init() {
	register("lint", command{
		Summary: map[string]string{
			"fr": "relire un parcours pour les apprenants (FALC, lisibilité)",
			"en": "review a pack for learners (easy-to-read French, readability)",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack lint [--strict] CHEMIN

Relit un parcours (dossier ou fichier .declic) avec les règles FALC
(facile à lire et à comprendre) et signale, avec fichier:ligne et une
suggestion :

  - les phrases de plus de 15 mots ;
  - les mots longs (5 syllabes ou plus, ou 14 lettres ou plus) ;
  - les leçons difficiles à lire : score de Kandel et Moles sous 60
    (207 − 1,015 × mots/phrases − 73,6 × syllabes/mots ; plus il est
    haut, plus le texte est facile) ;
  - le jargon (liste fournie avec Déclic) employé sans explication la
    première fois : « c'est », « veut dire », « ( » ou « : » dans la même
    phrase ou la suivante comptent comme une explication ;
  - une même chose appelée de plusieurs noms dans le parcours
    (« courriel », « mail », « e-mail ») ;
  - les images sans texte de remplacement, ou avec un texte trop court ;
  - les réponses de quiz marquées dangereuses (danger = true) dont
    l'explication rassure (« Ce n'est pas grave ») ou manque ;
  - les écrans trop longs pour tenir en 1280×720 sans défiler.

Estimation de la hauteur d'un écran (place disponible : 560 points) :
un paragraphe compte 30 points par ligne de 14 mots, plus 12 ; un titre
44 ; une image 300 ; une activité 420 ; un élément de liste 30 par ligne
de 12 mots, plus 6. Environ 60 mots et une image tiennent ; une image et
une activité ne tiennent pas ensemble.

Un tableau par leçon termine le rapport : écrans, phrases, mots par
phrase, syllabes par mot, score, avertissements.

Options :
  --strict   les avertissements deviennent des erreurs (code de sortie 1)

Code de sortie :
  0  aucun problème, ou seulement des avertissements (sans --strict)
  1  le parcours a des erreurs de validation, ou des avertissements avec --strict
  2  le parcours ne peut pas être lu, ou la commande est incorrecte

Exemple :
  declic-pack lint mon-parcours/
`,
			"en": `Usage: declic-pack lint [--strict] PATH

Reviews a pack (folder or .declic file) against the easy-to-read (FALC)
rules and reports, with file:line and a suggestion:

  - sentences longer than 15 words;
  - long words (5 syllables or more, or 14 letters or more);
  - lessons hard to read: Kandel & Moles score under 60
    (207 − 1.015 × words/sentences − 73.6 × syllables/words; higher is
    easier);
  - jargon (a list shipped with Déclic) used without an explanation the
    first time: "c'est", "veut dire", "(" or ":" in the same sentence or
    the next one count as an explanation;
  - the same thing called by several names in the pack ("courriel",
    "mail", "e-mail");
  - pictures without alternative text, or with a very short one;
  - quiz answers marked dangerous (danger = true) whose feedback
    reassures ("Ce n'est pas grave") or is missing;
  - screens too long to fit 1280×720 without scrolling.

Screen height estimate (room available: 560 points): a paragraph counts
30 points per line of 14 words, plus 12; a heading 44; a picture 300; an
activity 420; a list item 30 per line of 12 words, plus 6. About 60 words
and a picture fit; a picture and an activity do not fit together.

A table per lesson ends the report: screens, sentences, words per
sentence, syllables per word, score, warnings.

Options:
  --strict   warnings become errors (exit status 1)

Exit status:
  0  no problem, or warnings only (without --strict)
  1  the pack has validation errors, or warnings with --strict
  2  the pack cannot be read, or the command line is wrong

Example:
  declic-pack lint my-pack/
`,
		},
		Run: runLint,
	})
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

// lintWarning is one finding of lint, at a file and line.
type lintWarning struct {
	File       string
	Line       int
	Message    string
	Suggestion string
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
	ctx      *context
	pack     *courses.Pack
	warnings []lintWarning
	rows     []lessonRow
	// jargonSeen marks jargon terms met already in the pack (explained or not).
	jargonSeen map[string]bool
	// names counts each synonym name used; first holds its first use per lesson.
	names map[int]map[string]int
	first map[int]map[string][]occurrence
}

func runLint(ctx *context, args []string) int {
	opts, rest, ok := parseOptions(args, nil, []string{"--strict"})
	if !ok || len(rest) != 1 {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack lint : indiquez un seul parcours, par exemple :\n  declic-pack lint mon-parcours/\n",
			"declic-pack lint: give exactly one pack, for example:\n  declic-pack lint my-pack/\n"))
		return exitUsage
	}
	strict := opts.bools["--strict"]
	path := rest[0]
	pack, problems, err := courses.LoadPath(path)
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", path, err)
		return exitUsage
	}
	errs := 0
	for _, p := range problems {
		if p.Severity == courses.SeverityError {
			p.File = filepath.Join(path, filepath.FromSlash(p.File))
			fmt.Fprintln(ctx.Stdout, p.String())
			errs++
		}
	}
	l := &linter{ctx: ctx, pack: pack, jargonSeen: map[string]bool{}, names: map[int]map[string]int{}, first: map[int]map[string][]occurrence{}}
	l.lintPack()
	severity := "warning"
	if strict {
		severity = "error"
	}
	sort.SliceStable(l.warnings, func(i, j int) bool {
		a, b := l.warnings[i], l.warnings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	for _, w := range l.warnings {
		place := filepath.Join(path, filepath.FromSlash(w.File))
		if w.Line > 0 {
			place += ":" + strconv.Itoa(w.Line)
		}
		fmt.Fprintf(ctx.Stdout, "%s: %s: %s\n", place, severity, w.Message)
		if w.Suggestion != "" {
			fmt.Fprintf(ctx.Stdout, "    %s %s\n", text(ctx, "suggestion :", "suggestion:"), w.Suggestion)
		}
	}
	l.printTable()
	fmt.Fprintf(ctx.Stdout, text(ctx, "%s, %s de validation\n", "%s, %s from validation\n"),
		count(ctx, len(l.warnings), text(ctx, "avertissement de lisibilité", "readability warning"), text(ctx, "avertissements de lisibilité", "readability warnings")),
		count(ctx, errs, text(ctx, "erreur", "error"), text(ctx, "erreurs", "errors")))
	if errs > 0 || (strict && len(l.warnings) > 0) {
		return exitProblems
	}
	return exitOK
}

func (l *linter) warn(file string, line int, fr, en, sugFr, sugEn string) {
	l.warnings = append(l.warnings, lintWarning{File: file, Line: line, Message: text(l.ctx, fr, en), Suggestion: text(l.ctx, sugFr, sugEn)})
}

func (l *linter) lintPack() {
	for _, m := range l.pack.Modules {
		for _, lesson := range m.Lessons {
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
			l.warn(lesson.File, step.Line,
				fmt.Sprintf("l'écran « %s » est sans doute trop long pour 1280×720 (environ %d points pour %d disponibles)", step.Title, height, screenBudget),
				fmt.Sprintf("screen %q is probably too long for 1280×720 (about %d points for %d available)", step.Title, height, screenBudget),
				"coupez cet écran en 2 avec un nouveau titre « ## », ou retirez du texte",
				"split this screen in 2 with a new \"##\" heading, or remove some text")
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
					l.warn(lesson.File, line,
						fmt.Sprintf("phrase de %d mots (15 au plus) : « %s »", len(words), clip(s)),
						fmt.Sprintf("sentence of %d words (15 at most): %q", len(words), clip(s)),
						"coupez-la en 2 phrases, une idée par phrase",
						"cut it into 2 sentences, one idea each")
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
		if !explained[p.term.Word] {
			l.warn(lesson.File, p.line,
				fmt.Sprintf("jargon sans explication la première fois : « %s »", p.term.Word),
				fmt.Sprintf("jargon without an explanation the first time: %q", p.term.Word),
				p.term.Suggestion, p.term.Suggestion)
		}
	}
	row.Warnings = len(l.warnings) - before
	if row.Stats.Words >= 20 {
		if score := row.Stats.Score(); score < readability.MinScore {
			l.warn(lesson.File, 1,
				fmt.Sprintf("leçon difficile à lire : score de Kandel et Moles %s (60 au moins)", decimal(l.ctx, score)),
				fmt.Sprintf("lesson hard to read: Kandel & Moles score %s (60 at least)", decimal(l.ctx, score)),
				"des phrases plus courtes et des mots plus courts font monter le score",
				"shorter sentences and shorter words raise the score")
			row.Warnings++
		}
	}
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
		l.warn(file, line,
			fmt.Sprintf("mot long : « %s » (%d syllabes, %d lettres)", part, syl, letters),
			fmt.Sprintf("long word: %q (%d syllables, %d letters)", part, syl, letters),
			"cherchez un mot plus court et courant, ou expliquez-le",
			"look for a shorter, common word, or explain it")
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
				l.warn(lesson.File, b.Line, fmt.Sprintf("l'image %s n'a pas de texte de remplacement", b.Src),
					fmt.Sprintf("picture %s has no alternative text", b.Src),
					"décrivez l'image entre les crochets : ![Une souris. Le bouton gauche est en jaune.](…)",
					"describe the picture between the brackets: ![Une souris. Le bouton gauche est en jaune.](…)")
			case n < minAltWords:
				l.warn(lesson.File, b.Line, fmt.Sprintf("le texte de remplacement de %s est très court : « %s »", b.Src, alt),
					fmt.Sprintf("the alternative text of %s is very short: %q", b.Src, alt),
					"dites ce que l'image montre et ce qu'il faut y voir, en une phrase",
					"say what the picture shows and what to notice, in one sentence")
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
						l.warn(lesson.File, a.Pos.Line, a.Fr, a.En, a.SuggestionFr, a.SuggestionEn)
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
// for the same thing (once per lesson and name).
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
		for name, occs := range l.first[g] {
			if name == keep {
				continue
			}
			for _, o := range occs {
				sugFr := fmt.Sprintf("écrivez « %s » partout (le parcours dit : %s)", keep, strings.Join(used, ", "))
				sugEn := fmt.Sprintf("write %q everywhere (the pack says: %s)", keep, strings.Join(used, ", "))
				if keep != falc {
					sugFr += fmt.Sprintf(" ; le guide FALC de Déclic dit « %s »", falc)
					sugEn += fmt.Sprintf("; Déclic's FALC guide says %q", falc)
				}
				l.warn(o.file, o.line,
					fmt.Sprintf("« %s » et « %s » désignent la même chose dans ce parcours", name, keep),
					fmt.Sprintf("%q and %q name the same thing in this pack", name, keep),
					sugFr, sugEn)
			}
		}
	}
}

func (l *linter) printTable() {
	ctx := l.ctx
	fmt.Fprintln(ctx.Stdout)
	head := text(ctx, "Leçon", "Lesson")
	width := len(head)
	for _, r := range l.rows {
		width = max(width, utf8.RuneCountInString(r.File))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-utf8.RuneCountInString(s)) }
	fmt.Fprintf(ctx.Stdout, "%s  %7s %8s %8s %8s %6s %7s\n", pad(head),
		text(ctx, "écrans", "screens"), text(ctx, "phrases", "sentences"), text(ctx, "mots/ph", "words/s"),
		text(ctx, "syll/mot", "syll/w"), "score", text(ctx, "avert.", "warn."))
	var total readability.Stats
	screens, warnings := 0, 0
	for _, r := range l.rows {
		l.printRow(pad(r.File), r.Screens, r.Stats, r.Warnings)
		total = total.Add(r.Stats)
		screens += r.Screens
		warnings += r.Warnings
	}
	l.printRow(pad(text(ctx, "Total", "Total")), screens, total, len(l.warnings))
	_ = warnings
}

func (l *linter) printRow(name string, screens int, st readability.Stats, warnings int) {
	wps, spw, score := "-", "-", "-"
	if st.Sentences > 0 && st.Words > 0 {
		wps = decimal(l.ctx, float64(st.Words)/float64(st.Sentences))
		spw = decimal(l.ctx, float64(st.Syllables)/float64(st.Words))
		score = decimal(l.ctx, st.Score())
	}
	fmt.Fprintf(l.ctx.Stdout, "%s  %7d %8d %8s %8s %6s %7d\n", name, screens, st.Sentences, wps, spw, score, warnings)
}

// decimal formats a number with one decimal, with a comma in French.
func decimal(ctx *context, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if ctx.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
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
