package main

import (
	gocontext "context"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"

	"declic/courses"
	"declic/internal/cli"
	"declic/search"
)

// searchCommand searches a pack the way the learner's search screen does.
type searchCommand struct {
	limit int
}

func (*searchCommand) Name() string { return "search" }

func (c *searchCommand) Flags(f *cli.Flags) {
	c.limit = 10
	f.Int(&c.limit, "count", "n", "declicpack.value.number", "declicpack.search.flag_count")
}

func (c *searchCommand) Run(ctx gocontext.Context, env *cli.Env, args []string) error {
	if c.limit < 1 {
		return cli.Usage("declicpack.search.bad_count")
	}
	if len(args) < 2 {
		return cli.Usage("declicpack.search.no_args")
	}
	packPath, queries := args[0], args[1:]
	pack, problems, err := courses.LoadPath(packPath)
	if err != nil {
		return err
	}
	if problems.HasErrors() {
		env.Warn("declicpack.search.has_errors", "Path", packPath, "Errors", count(env, "declicpack.n_errors", problems.Errors()))
	}
	dir, err := os.MkdirTemp("", "declic-search-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	idx, err := search.Open(dir)
	if err != nil {
		return err
	}
	defer idx.Close()
	if err := idx.Sync(ctx, []*courses.Pack{pack}); err != nil {
		return err
	}
	for i, q := range queries {
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		res, err := idx.Search(ctx, q, pack.Language, c.limit)
		if err != nil {
			return err
		}
		printResults(env, pack, q, res)
		if len(res.Hits) == 0 {
			printSuggestions(env, idx, q, pack.Language)
		}
	}
	return nil
}

// printResults writes one query's results, numbered, best first.
func printResults(env *cli.Env, pack *courses.Pack, q string, res search.Results) {
	env.Say("declicpack.search.found", "Query", q, "Found", count(env, "declicpack.n_screens_found", int(res.Total)))
	for i, h := range res.Hits {
		score := strconv.FormatFloat(h.Score, 'f', 3, 64)
		if languageCode(env) == "fr" {
			score = strings.Replace(score, ".", ",", 1)
		}
		fmt.Fprintf(env.Stdout, "%4d.  %s  %s  %s › %s › %s\n", i+1, score, stepPlace(pack, h),
			h.ModuleTitle, h.LessonTitle, h.StepTitle)
		fmt.Fprintf(env.Stdout, "%s%s\n", strings.Repeat(" ", 7+len(score)+2), bracketed(h.Snippet))
	}
}

// printSuggestions writes the words and modules a learner would be offered.
func printSuggestions(env *cli.Env, idx *search.Index, q, lang string) {
	s, err := idx.Suggest(q, lang)
	if err != nil {
		return
	}
	if len(s.Words) > 0 {
		env.Say("declicpack.search.close_words", "Words", strings.Join(s.Words, ", "))
	}
	var titles []string
	for _, m := range s.Modules {
		titles = append(titles, m.Title)
	}
	if len(titles) > 0 {
		env.Say("declicpack.search.modules", "Titles", strings.Join(titles, ", "))
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
