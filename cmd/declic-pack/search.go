package main

import (
	gocontext "context"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"

	"declic/courses"
	"declic/search"
)

func init() {
	register("search", command{
		Summary: map[string]string{
			"fr": "chercher dans un parcours comme un apprenant",
			"en": "search a pack the way a learner does",
		},
		Help: map[string]string{
			"fr": `Utilisation : declic-pack search [-n NOMBRE] CHEMIN "RECHERCHE"...

Cherche dans un parcours (dossier ou fichier .declic) comme le fait
l'écran de recherche de Déclic : sans tenir compte des accents, avec les
synonymes (« courriel » trouve « e-mail »), en corrigeant les fautes de
frappe (« sourie » trouve « souris ») et en complétant le dernier mot.
Pour chaque recherche, affiche les meilleurs écrans :

   1.  0,512  modules/02-la-souris/01-tenir-la-souris.md:8  La souris › Tenir la souris › Voici la souris
              Une [souris] vue de dessus. Elle a 2 boutons…

(score, fichier:ligne de l'écran, module › leçon › écran, extrait avec les
mots trouvés entre crochets). Un index temporaire est créé puis effacé.

Options :
  -n NOMBRE   nombre de résultats par recherche (10 par défaut)

Code de sortie :
  0  les recherches ont été faites (même sans résultat)
  2  le parcours ne peut pas être lu, ou la commande est incomplète

Exemple :
  declic-pack search mon-parcours/ "demarche caf" "mot de passe"
`,
			"en": `Usage: declic-pack search [-n COUNT] PATH "QUERY"...

Searches a pack (folder or .declic file) the way Déclic's search screen
does: accents ignored, synonyms ("courriel" finds "e-mail"), typos
corrected ("sourie" finds "souris"), the last word completed. For each
query, prints the best screens:

   1.  0.512  modules/02-la-souris/01-tenir-la-souris.md:8  La souris › Tenir la souris › Voici la souris
              Une [souris] vue de dessus. Elle a 2 boutons…

(score, file:line of the screen, module › lesson › screen, extract with
the words found in brackets). A temporary index is created, then deleted.

Options:
  -n COUNT    results per query (default 10)

Exit status:
  0  the queries were run (even with no result)
  2  the pack cannot be read, or the command line is incomplete

Example:
  declic-pack search my-pack/ "demarche caf" "mot de passe"
`,
		},
		Run: runSearch,
	})
}

func runSearch(ctx *context, args []string) int {
	args, limit, ok := searchOptions(args)
	if !ok {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack search : option incorrecte ; -n attend un nombre supérieur à 0.\n",
			"declic-pack search: bad option; -n expects a number above 0.\n"))
		return exitUsage
	}
	if len(args) < 2 {
		fmt.Fprint(ctx.Stderr, text(ctx,
			"declic-pack search : indiquez un parcours puis au moins une recherche, par exemple :\n  declic-pack search mon-parcours/ \"mot de passe\"\n",
			"declic-pack search: give a pack, then at least one query, for example:\n  declic-pack search my-pack/ \"password\"\n"))
		return exitUsage
	}
	packPath, queries := args[0], args[1:]
	pack, problems, err := courses.LoadPath(packPath)
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "%s: error: %v\n", packPath, err)
		return exitUsage
	}
	if problems.HasErrors() {
		n := 0
		for _, p := range problems {
			if p.Severity == courses.SeverityError {
				n++
			}
		}
		fmt.Fprintf(ctx.Stderr, text(ctx,
			"%s : %s ; les apprenants ne pourront pas installer ce parcours (voir declic-pack validate). Recherche dans ce qui a pu être lu.\n",
			"%s: %s; learners cannot install this pack (see declic-pack validate). Searching what could be read.\n"),
			packPath, count(ctx, n, text(ctx, "erreur", "error"), text(ctx, "erreurs", "errors")))
	}

	dir, err := os.MkdirTemp("", "declic-search-*")
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack search: %v\n", err)
		return exitUsage
	}
	defer os.RemoveAll(dir)
	idx, err := search.Open(dir)
	if err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack search: %v\n", err)
		return exitUsage
	}
	defer idx.Close()
	bg := gocontext.Background()
	if err := idx.Sync(bg, []*courses.Pack{pack}); err != nil {
		fmt.Fprintf(ctx.Stderr, "declic-pack search: %v\n", err)
		return exitUsage
	}

	for i, q := range queries {
		if i > 0 {
			fmt.Fprintln(ctx.Stdout)
		}
		res, err := idx.Search(bg, q, pack.Language, limit)
		if err != nil {
			fmt.Fprintf(ctx.Stderr, "declic-pack search: %v\n", err)
			return exitUsage
		}
		printResults(ctx, pack, q, res)
		if len(res.Hits) == 0 {
			printSuggestions(ctx, idx, q, pack.Language)
		}
	}
	return exitOK
}

// searchOptions takes "-n N" (or -n=N) out of args, wherever it is, so that a
// trainer can add it at the end of the line. "--" ends the options.
func searchOptions(args []string) (rest []string, limit int, ok bool) {
	limit = 10
	for i := 0; i < len(args); i++ {
		a := args[i]
		var val string
		switch {
		case a == "--":
			return append(rest, args[i+1:]...), limit, true
		case a == "-n" || a == "--n":
			if i+1 == len(args) {
				return nil, 0, false
			}
			i++
			val = args[i]
		case strings.HasPrefix(a, "-n="):
			val = strings.TrimPrefix(a, "-n=")
		case strings.HasPrefix(a, "-") && len(a) > 1:
			return nil, 0, false
		default:
			rest = append(rest, a)
			continue
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 {
			return nil, 0, false
		}
		limit = n
	}
	return rest, limit, true
}

// printResults writes one query's results, numbered, best first.
func printResults(ctx *context, pack *courses.Pack, q string, res search.Results) {
	found := count(ctx, int(res.Total), text(ctx, "écran trouvé", "screen found"), text(ctx, "écrans trouvés", "screens found"))
	fmt.Fprintf(ctx.Stdout, text(ctx, "« %s » : %s\n", "%q: %s\n"), q, found)
	for i, h := range res.Hits {
		score := strconv.FormatFloat(h.Score, 'f', 3, 64)
		if ctx.Lang != "en" {
			score = strings.Replace(score, ".", ",", 1)
		}
		fmt.Fprintf(ctx.Stdout, "%4d.  %s  %s  %s › %s › %s\n", i+1, score, stepPlace(pack, h),
			h.ModuleTitle, h.LessonTitle, h.StepTitle)
		fmt.Fprintf(ctx.Stdout, "%s%s\n", strings.Repeat(" ", 7+len(score)+2), bracketed(h.Snippet))
	}
}

// printSuggestions writes the words and modules a learner would be offered.
func printSuggestions(ctx *context, idx *search.Index, q, lang string) {
	s, err := idx.Suggest(q, lang)
	if err != nil {
		return
	}
	if len(s.Words) > 0 {
		fmt.Fprintf(ctx.Stdout, text(ctx, "   Mots proches : %s\n", "   Close words: %s\n"), strings.Join(s.Words, ", "))
	}
	var titles []string
	for _, m := range s.Modules {
		titles = append(titles, m.Title)
	}
	if len(titles) > 0 {
		fmt.Fprintf(ctx.Stdout, text(ctx, "   Modules proposés : %s\n", "   Suggested modules: %s\n"), strings.Join(titles, ", "))
	}
}

// stepPlace is the file:line of a result's step in the pack, as editors
// understand it, or module/lesson#step if the step cannot be found.
func stepPlace(pack *courses.Pack, h search.Result) string {
	for _, m := range pack.Modules {
		if m.ID != h.ModuleID {
			continue
		}
		for _, l := range m.Lessons {
			if l.ID == h.LessonID && h.StepIndex < len(l.Steps) {
				return fmt.Sprintf("%s:%d", l.File, l.Steps[h.StepIndex].Line)
			}
		}
	}
	return path.Join(h.ModuleID, h.LessonID) + "#" + strconv.Itoa(h.StepIndex+1)
}

// bracketed renders a snippet with the matched words in [brackets].
func bracketed(fs []search.Fragment) string {
	var sb strings.Builder
	for _, f := range fs {
		if f.Highlight {
			sb.WriteString("[" + f.Text + "]")
		} else {
			sb.WriteString(f.Text)
		}
	}
	return sb.String()
}
