// Package cli is the command-line skeleton of Déclic's tools (declic-pack,
// declic-centre). A tool is a Program: a list of Commands, each a value that
// holds its options, declares them as GNU-style flags (--output, -o; parsed by
// spf13/pflag, before or after the arguments), and runs with
// Run(ctx, env, args) error. Every text a user reads — the help, the flag
// descriptions, the errors — comes from the i18n catalogue, in French unless
// DECLIC_LANG (or the locale) asks for another language. --help and --version
// work everywhere, and errors become exit codes in one place (Program.Main).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"declic/i18n"
	"declic/version"
)

// Exit statuses shared by Déclic's tools.
const (
	// ExitOK: the command did its work (warnings allowed).
	ExitOK = 0
	// ExitProblems: the input was read and has problems, or was refused.
	ExitProblems = 1
	// ExitUsage: the command line is wrong, or the input cannot be read at all.
	ExitUsage = 2
)

// Env is what a command may use of the outside world. Main fills it from the
// process; tests fill it with buffers, a fixed clock and their own variables.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads an environment variable (os.Getenv in a real run).
	Getenv func(string) string
	// Tr speaks the user's language.
	Tr *i18n.Translator
	// Now is the clock.
	Now func() time.Time
	// prefix names the running command in errors ("declic-pack build").
	prefix string
}

// NewEnv returns the environment of the running process, speaking the
// language chosen by DECLIC_LANG or the locale (French by default).
func NewEnv() *Env {
	return &Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Tr: i18n.New(i18n.DetectFrom(os.Getenv)), Now: time.Now,
	}
}

// T translates a message id with its name/value pairs.
func (e *Env) T(id string, pairs ...any) string { return e.Tr.Message(i18n.M(id, pairs...)) }

// Say prints a translated line on the standard output.
func (e *Env) Say(id string, pairs ...any) { fmt.Fprintln(e.Stdout, e.T(id, pairs...)) }

// Warn prints a translated line on the error output.
func (e *Env) Warn(id string, pairs ...any) { fmt.Fprintln(e.Stderr, e.T(id, pairs...)) }

// Report prints an error on the error output as Main does, naming the
// command, for a command that goes on after it (one of several files that
// cannot be read).
func (e *Env) Report(err error) {
	fmt.Fprintln(e.Stderr, e.T("cli.error", "Program", e.prefix, "Text", e.Tr.Error(err)))
}

// Command is one sub-command of a Program. The value holds the command's
// options: Flags binds them to flags, then Run reads them.
type Command interface {
	// Name is the word typed after the program's name, such as "build".
	Name() string
	// Flags declares the command's flags, bound to its options.
	Flags(f *Flags)
	// Run does the work with the arguments left once the flags are taken out.
	// Its error decides the exit status (see Main).
	Run(ctx context.Context, env *Env, args []string) error
}

// Program is a command-line tool: its name and its commands, in the order its
// help lists them. Its texts are catalogue messages named after it and its
// commands (see Help).
type Program struct {
	// Name is the program's name, such as "declic-pack".
	Name string
	// ID prefixes its message ids, such as "declicpack".
	ID       string
	Commands []Command
}

// Usage returns an error for a wrong command line: Main prints the message
// and how to get help, and exits with ExitUsage.
func Usage(id string, pairs ...any) error {
	return &usageError{i18n.M(id, pairs...)}
}

type usageError struct{ msg i18n.Message }

func (e *usageError) Error() string { return e.msg.String() }

// ErrProblems is returned by a command that has printed the problems it found:
// Main prints nothing more and exits with ExitProblems.
var ErrProblems error = &quietError{ExitProblems}

// Quiet returns an error that makes Main exit with code and print nothing: the
// command has already said what went wrong (with Env.Report, for example).
func Quiet(code int) error { return &quietError{code} }

type quietError struct{ code int }

func (e *quietError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Refused marks err as a refusal of the input (a changed file, a wrong
// signature…): Main prints it and exits with ExitProblems. Other errors exit
// with ExitUsage: the input could not be read, or the command line is wrong.
func Refused(err error) error {
	if err == nil {
		return nil
	}
	return &refusedError{err}
}

type refusedError struct{ err error }

func (e *refusedError) Error() string { return e.err.Error() }
func (e *refusedError) Unwrap() error { return e.err }

// ExitCode is the exit status Main gives an error returned by Run.
func ExitCode(err error) int {
	var refused *refusedError
	var quiet *quietError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &quiet):
		return quiet.code
	case errors.As(err, &refused):
		return ExitProblems
	}
	return ExitUsage
}

// Main runs the program with the command-line arguments (without the
// program's name) and returns the exit status: the one place where errors
// become exit codes and are printed.
func (p *Program) Main(ctx context.Context, env *Env, args []string) int {
	err := p.run(ctx, env, args)
	var quiet *quietError
	if err == nil || errors.As(err, &quiet) {
		return ExitCode(err)
	}
	var usage *usageError
	var withCommand *commandError
	prefix, helpHint := p.Name, p.Name+" --help"
	if errors.As(err, &withCommand) {
		prefix = p.Name + " " + withCommand.name
		helpHint = prefix + " --help"
		err = withCommand.err
	}
	if errors.As(err, &usage) {
		fmt.Fprintln(env.Stderr, env.T("cli.error", "Program", prefix, "Text", usage.msg))
		fmt.Fprintln(env.Stderr, env.T("cli.help_hint", "Command", helpHint))
		return ExitUsage
	}
	fmt.Fprintln(env.Stderr, env.T("cli.error", "Program", prefix, "Text", env.Tr.Error(err)))
	return ExitCode(err)
}

// commandError tells Main which command failed, to name it.
type commandError struct {
	name string
	err  error
}

func (e *commandError) Error() string { return e.err.Error() }
func (e *commandError) Unwrap() error { return e.err }

func (p *Program) run(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		p.writeHelp(env, env.Stderr)
		return Quiet(ExitUsage)
	}
	switch first := args[0]; {
	case isHelp(first) || first == "help":
		if first == "help" && len(args) > 1 {
			if c := p.command(args[1]); c != nil {
				p.writeCommandHelp(env, env.Stdout, c)
				return nil
			}
			return Usage("cli.unknown_command", "Command", args[1], "Program", p.Name)
		}
		p.writeHelp(env, env.Stdout)
		return nil
	case first == "--version":
		p.writeVersion(env)
		return nil
	case strings.HasPrefix(first, "-"):
		return Usage("cli.unknown_flag", "Flag", first)
	}
	c := p.command(args[0])
	if c == nil {
		return Usage("cli.unknown_command", "Command", args[0], "Program", p.Name)
	}
	flags := newFlags(c.Name())
	c.Flags(flags)
	rest, action, err := flags.parse(args[1:])
	switch {
	case err != nil:
		return &commandError{c.Name(), err}
	case action == showHelp:
		p.writeCommandHelp(env, env.Stdout, c)
		return nil
	case action == showVersion:
		p.writeVersion(env)
		return nil
	}
	env.prefix = p.Name + " " + c.Name()
	if err := c.Run(ctx, env, rest); err != nil {
		return &commandError{c.Name(), err}
	}
	return nil
}

func (p *Program) command(name string) Command {
	for _, c := range p.Commands {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

func (p *Program) writeVersion(env *Env) {
	fmt.Fprintf(env.Stdout, "%s %s\n", p.Name, version.String())
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" }
