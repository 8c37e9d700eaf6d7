// Command declic-pack is the trainer's tool for Déclic course packs: it checks a
// pack folder or .declic file and reports every problem as file:line. It is
// pure Go (no cgo, no GUI) so it runs on any centre server.
//
// Each sub-command lives in its own file and registers itself in init(), so a
// new command (build, search …) is added without editing this file.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	// Every built-in activity kind, so that validate checks activity bodies.
	_ "declic/plugins/builtin"
)

// Exit codes shared by all commands.
const (
	exitOK       = 0 // everything is fine (warnings allowed)
	exitProblems = 1 // the input was read and has problems
	exitUsage    = 2 // the input cannot be read, or the command line is wrong
)

// command is one sub-command of declic-pack.
type command struct {
	// Summary is the one-line description shown in the command list, per language.
	Summary map[string]string
	// Help is the full help text of the command, per language.
	Help map[string]string
	// Run executes the command; it returns the process exit code.
	Run func(ctx *context, args []string) int
}

// context is what a command needs from the outside world, passed in so that
// tests run commands in-process.
type context struct {
	Lang           string // "fr" or "en"
	Stdout, Stderr io.Writer
}

var commands = map[string]command{}

// register adds a command; it panics on a duplicate name (a programming error).
func register(name string, c command) {
	if _, dup := commands[name]; dup {
		panic("declic-pack: command registered twice: " + name)
	}
	commands[name] = c
}

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	ctx := &context{Lang: pickLang(getenv), Stdout: stdout, Stderr: stderr}
	if len(args) == 0 {
		printUsage(ctx, stderr)
		return exitUsage
	}
	name := args[0]
	if isHelp(name) || name == "help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fmt.Fprint(stdout, c.Help[ctx.Lang])
				return exitOK
			}
		}
		printUsage(ctx, stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, text(ctx, "declic-pack : commande inconnue %q\n\n", "declic-pack: unknown command %q\n\n"), name)
		printUsage(ctx, stderr)
		return exitUsage
	}
	for _, a := range args[1:] {
		if isHelp(a) {
			fmt.Fprint(stdout, c.Help[ctx.Lang])
			return exitOK
		}
	}
	return c.Run(ctx, args[1:])
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" }

// pickLang chooses the language of messages: DECLIC_LANG, then the locale
// variables; English only when asked for, French otherwise.
func pickLang(getenv func(string) string) string {
	for _, v := range []string{"DECLIC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		val := strings.ToLower(getenv(v))
		if val == "" {
			continue
		}
		if strings.HasPrefix(val, "en") {
			return "en"
		}
		return "fr"
	}
	return "fr"
}

// text picks the French or English version of a message.
func text(ctx *context, fr, en string) string {
	if ctx.Lang == "en" {
		return en
	}
	return fr
}

func printUsage(ctx *context, w io.Writer) {
	fmt.Fprint(w, text(ctx,
		"declic-pack : l'outil des formateurs pour les parcours Déclic.\n\nUtilisation :\n  declic-pack COMMANDE [ARGUMENTS]\n  declic-pack help COMMANDE\n\nCommandes :\n",
		"declic-pack: the trainers' tool for Déclic course packs.\n\nUsage:\n  declic-pack COMMAND [ARGUMENTS]\n  declic-pack help COMMAND\n\nCommands:\n"))
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].Summary[ctx.Lang])
	}
	fmt.Fprint(w, text(ctx,
		"\nLangue : français par défaut ; DECLIC_LANG=en pour l'anglais.\nFormat des parcours : docs/pack-format.md\n",
		"\nLanguage: French by default; DECLIC_LANG=en for English.\nPack format: docs/pack-format.md\n"))
}
