// Command declic-centre is the centre's tool for Déclic completion records: it opens
// « Espace centre », the web workspace of centre staff (serve), and, for scripts and
// those at ease with a terminal, enrols a learner's « carte Déclic », verifies records
// offline, credits them once to a learner's pass numérique in an append-only ledger
// signed with the centre's key, writes signed checkpoints for funders and reports
// hours. It stands on the command-line skeleton internal/cli: GNU-style flags, help and
// errors from the i18n catalogue (i18n/locales/declicentre.*.toml), French by default,
// English with DECLIC_LANG=en. It is pure Go (CGO_ENABLED=0) for headless machines.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"time"

	"declic/internal/cli"
)

// Exit statuses, as internal/cli maps them.
const (
	exitOK       = cli.ExitOK
	exitRefused  = cli.ExitProblems // a record is invalid or was refused, or a ledger check failed
	exitBadInput = cli.ExitUsage    // unreadable input or wrong usage
)

// fixedClock is empty in every build except the one the tests make
// (go build -ldflags "-X main.fixedClock=2026-11-23T12:00:00Z"): a command started by a
// test then runs at the test's own instant, whatever today's date is.
var fixedClock string

// program is declic-centre: its commands in the order centre staff meet them.
func program() *cli.Program {
	return &cli.Program{Name: "declic-centre", ID: "declicentre", Commands: []cli.Command{
		&serveCommand{}, &accountCommand{}, &keygenCommand{}, &enrolCommand{}, &verifyCommand{}, &creditCommand{},
		&cancelCommand{}, &ledgerCommand{}, &reportCommand{}, &checkpointCommand{}, &checkLedgerCommand{},
		&packsCommand{}, &sampleCommand{}, &syncCommand{}, &bundleCommand{},
	}}
}

// gcPercent is the garbage collector's setting for a command. A command other than
// serve lives for a moment and keeps little: verifying and crediting a stick's
// records makes much short-lived garbage, and collecting when the heap has grown
// fivefold (400 %) instead of twofold costs a few MB and saves about a tenth of the
// command's processor time (BenchmarkCredit1000). The workspace runs for days: it
// keeps Go's default.
func gcPercent(args []string) int {
	if len(args) > 0 && args[0] == "serve" { // the command is always the first word
		return 100
	}
	return 400
}

func main() {
	env := cli.NewEnv()
	env.Stdin = os.Stdin
	if fixedClock != "" {
		at, err := time.Parse(time.RFC3339, fixedClock)
		if err != nil {
			fmt.Fprintf(os.Stderr, "fixedClock %q: %v\n", fixedClock, err)
			os.Exit(exitBadInput)
		}
		env.Now = func() time.Time { return at }
	}
	debug.SetGCPercent(gcPercent(os.Args[1:]))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := program().Main(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}
