package cli

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// Flags are the flags of one command, bound to the fields of its options. The
// texts of the help (the value's name, the description) are message ids of
// the catalogue. Flags may come before, between or after the arguments; "--"
// ends them.
type Flags struct {
	set   *pflag.FlagSet
	infos []flagInfo
}

// flagInfo is what the help shows of a flag.
type flagInfo struct {
	name, short string
	// value is the message id of the value's name ("DOSSIER"); "" for a
	// flag without value.
	value string
	// help is the message id of the flag's description.
	help string
}

func newFlags(command string) *Flags {
	set := pflag.NewFlagSet(command, pflag.ContinueOnError)
	set.SetOutput(io.Discard)
	set.SortFlags = false
	return &Flags{set: set}
}

// String declares a flag with a text value: --name VALUE or -short VALUE
// (short may be ""). value and help are message ids: the value's name and the
// description shown in the help. The field keeps its value when the flag is absent.
func (f *Flags) String(p *string, name, short, value, help string) {
	f.set.StringVarP(p, name, short, *p, "")
	f.infos = append(f.infos, flagInfo{name, short, value, help})
}

// Strings declares a flag that may be given several times, each value added
// to the list.
func (f *Flags) Strings(p *[]string, name, short, value, help string) {
	f.set.StringArrayVarP(p, name, short, *p, "")
	f.infos = append(f.infos, flagInfo{name, short, value, help})
}

// Int declares a flag with a whole-number value.
func (f *Flags) Int(p *int, name, short, value, help string) {
	f.set.IntVarP(p, name, short, *p, "")
	f.infos = append(f.infos, flagInfo{name, short, value, help})
}

// Float declares a flag with a number value (written with a point).
func (f *Flags) Float(p *float64, name, short, value, help string) {
	f.set.Float64VarP(p, name, short, *p, "")
	f.infos = append(f.infos, flagInfo{name, short, value, help})
}

// Bool declares a flag without value, true when present.
func (f *Flags) Bool(p *bool, name, short, help string) {
	f.set.BoolVarP(p, name, short, *p, "")
	f.infos = append(f.infos, flagInfo{name, short, "", help})
}

// Changed reports whether the flag was given on the command line.
func (f *Flags) Changed(name string) bool { return f.set.Changed(name) }

// action is what a command line asks for besides running the command.
type action int

const (
	run action = iota
	showHelp
	showVersion
)

// parse takes the flags out of args. -h, --help (and -help, a habit of Go's
// tools) ask for the help, --version for the version, wherever they are. A
// long flag written with one dash (-library, the habit of Go's flag package)
// is read as --library.
func (f *Flags) parse(args []string) ([]string, action, error) {
	args = f.longWithOneDash(args)
	for _, a := range args {
		if a == "--" {
			break
		}
		if isHelp(a) {
			return nil, showHelp, nil
		}
		if a == "--version" {
			return nil, showVersion, nil
		}
	}
	if err := f.set.Parse(args); err != nil {
		return nil, run, f.translate(err)
	}
	return f.set.Args(), run, nil
}

// longWithOneDash rewrites -name and -name=value as --name… when name is one
// of the command's long flags.
func (f *Flags) longWithOneDash(args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && f.set.Lookup(name) != nil {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}

// translate turns pflag's errors into messages of the catalogue.
func (f *Flags) translate(err error) error {
	var notExist *pflag.NotExistError
	var needsValue *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	var syntax *pflag.InvalidSyntaxError
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if notExist.GetSpecifiedShortnames() != "" || len(name) == 1 {
			return Usage("cli.unknown_flag", "Flag", "-"+name)
		}
		return Usage("cli.unknown_flag", "Flag", "--"+name)
	case errors.As(err, &needsValue):
		return Usage("cli.flag_needs_value", "Flag", "--"+needsValue.GetFlag().Name)
	case errors.As(err, &invalid):
		fl := invalid.GetFlag()
		return Usage("cli.flag_bad_value", "Flag", "--"+fl.Name, "Value", invalid.GetValue(), "Kind", Kind(fl.Value.Type()))
	case errors.As(err, &syntax):
		return Usage("cli.flag_syntax", "Flag", syntax.GetSpecifiedFlag())
	}
	return Usage("cli.flag_other", "Reason", err.Error())
}
