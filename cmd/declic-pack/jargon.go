package main

import (
	"context"
	"fmt"

	"declic/internal/cli"
	"declic/readability"
)

// jargonCommand prints the jargon list lint checks against (readability's shipped
// list), each word with what lint suggests: the guide speaks of « la liste de
// Déclic », and a trainer can read it before writing instead of after lint.
type jargonCommand struct{}

func (*jargonCommand) Name() string       { return "jargon" }
func (*jargonCommand) Flags(f *cli.Flags) {}

func (*jargonCommand) Run(ctx context.Context, env *cli.Env, args []string) error {
	if len(args) != 0 {
		return cli.Usage("declicpack.jargon.no_args")
	}
	terms := readability.JargonList()
	env.Say("declicpack.jargon.count", "Count", len(terms))
	for _, t := range terms {
		advice := env.T("declicpack.lint.jargon_explain", "Text", t.Explain)
		if t.Replace != "" {
			advice = env.T("declicpack.lint.jargon_replace", "Text", t.Replace)
		}
		fmt.Fprintln(env.Stdout, "  "+env.T("declicpack.jargon.line", "Word", t.Word, "Advice", advice))
	}
	return nil
}
