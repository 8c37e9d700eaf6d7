package main

import (
	"context"

	"declic/courses"
	"declic/internal/cli"
)

// validateCommand checks packs and prints every problem as file:line.
type validateCommand struct{}

func (*validateCommand) Name() string       { return "validate" }
func (*validateCommand) Flags(f *cli.Flags) {}

// tally counts what validate has seen across all packs.
type tally struct {
	packs, modules, lessons, steps, activities, errors, warnings int
}

func (*validateCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) == 0 {
		return cli.Usage("declicpack.validate.no_path")
	}
	var t tally
	unreadable := false
	for _, path := range args {
		pack, problems, err := courses.LoadPath(path)
		if err != nil {
			env.Report(err)
			unreadable = true
			continue
		}
		t.packs++
		countPack(&t, pack)
		for _, p := range problems {
			printProblem(env, path, p)
			if p.Severity == courses.SeverityError {
				t.errors++
			} else {
				t.warnings++
			}
		}
	}
	env.Say("declicpack.validate.result",
		"Packs", count(env, "declicpack.n_packs", t.packs), "Modules", count(env, "declicpack.n_modules", t.modules),
		"Lessons", count(env, "declicpack.n_lessons", t.lessons), "Screens", count(env, "declicpack.n_screens", t.steps),
		"Activities", count(env, "declicpack.n_activities", t.activities),
		"Errors", count(env, "declicpack.n_errors", t.errors), "Warnings", count(env, "declicpack.n_warnings", t.warnings))
	switch {
	case unreadable:
		return cli.Quiet(cli.ExitUsage)
	case t.errors > 0:
		return cli.ErrProblems
	}
	return nil
}

func countPack(t *tally, pack *courses.Pack) {
	var blocks func([]courses.Block)
	blocks = func(bs []courses.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case courses.Activity:
				t.activities++
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
		t.modules++
		for _, l := range m.Lessons {
			t.lessons++
			for _, s := range l.Steps {
				t.steps++
				blocks(s.Blocks)
			}
		}
	}
}
