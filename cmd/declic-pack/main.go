// Command declic-pack is the trainer's tool for Déclic course packs: it creates
// a pack, checks it (every problem as file:line, in French by default), reviews
// its language for learners, builds, signs, verifies and installs it. It is
// pure Go (no cgo, no GUI) so it runs on any centre server.
//
// Each command is a value of its own file (new.go, validate.go…) listed in
// commands below; the command-line skeleton (internal/cli) parses the flags,
// prints the help from the i18n catalogue (i18n/locales/declicpack.*.toml) and
// turns errors into exit codes.
package main

import (
	"context"
	"os"
	"os/signal"

	"declic/internal/cli"
	// Every built-in activity kind, so that validate checks activity bodies.
	_ "declic/plugins/builtin"
)

// program is declic-pack: its commands in the order a trainer uses them.
func program() *cli.Program {
	return &cli.Program{Name: "declic-pack", ID: "declicpack", Commands: []cli.Command{
		&newCommand{}, &addModuleCommand{}, &addLessonCommand{},
		&validateCommand{}, &lintCommand{}, &jargonCommand{}, &statsCommand{}, &searchCommand{}, &printCommand{},
		&buildCommand{}, &keygenCommand{}, &signCommand{}, &verifyCommand{}, &installCommand{},
	}}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := program().Main(ctx, cli.NewEnv(), os.Args[1:])
	stop()
	os.Exit(code)
}
