package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"declic/i18n"
)

// echoCommand is a test command: it prints its options and arguments, or
// returns the error it is given.
type echoCommand struct {
	count  int
	output string
	loud   bool
	tags   []string
	err    error
	got    []string
}

func (*echoCommand) Name() string { return "echo" }

func (c *echoCommand) Flags(f *Flags) {
	c.count = 10
	f.Int(&c.count, "count", "n", "declicpack.value.number", "declicpack.search.flag_count")
	f.String(&c.output, "output", "o", "declicpack.value.file", "declicpack.build.flag_output")
	f.Bool(&c.loud, "loud", "", "declicpack.lint.flag_strict")
	f.Strings(&c.tags, "tag", "", "declicpack.value.name", "declicpack.flag_trust")
}

func (c *echoCommand) Run(ctx context.Context, env *Env, args []string) error {
	c.got = args
	return c.err
}

func testProgram(c *echoCommand) *Program {
	return &Program{Name: "outil", ID: "declicpack", Commands: []Command{c}}
}

func runTest(p *Program, lang language.Tag, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }, Tr: i18n.New(lang), Now: time.Now}
	code := p.Main(context.Background(), env, args)
	return code, out.String(), errOut.String()
}

func TestFlagsAreGNUStyleAndMayComeAnywhere(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		count int
		out   string
		loud  bool
		tags  string
		rest  string
	}{
		{"defaults", []string{"echo", "a"}, 10, "", false, "", "a"},
		{"long flags before the arguments", []string{"echo", "--count", "3", "--output=x.declic", "a", "b"}, 3, "x.declic", false, "", "a b"},
		{"short flags after the arguments", []string{"echo", "a", "-n", "4", "-o", "y"}, 4, "y", false, "", "a"},
		{"a long flag with one dash", []string{"echo", "-count", "5", "a", "-loud"}, 5, "", true, "", "a"},
		{"a repeated flag", []string{"echo", "--tag", "x", "a", "--tag", "y"}, 10, "", false, "x y", "a"},
		{"-- ends the flags", []string{"echo", "a", "--", "--count", "-n"}, 10, "", false, "", "a --count -n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &echoCommand{}
			code, _, errOut := runTest(testProgram(c), language.French, tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if c.count != tt.count || c.output != tt.out || c.loud != tt.loud || strings.Join(c.tags, " ") != tt.tags || strings.Join(c.got, " ") != tt.rest {
				t.Errorf("got count=%d output=%q loud=%v tags=%q args=%q", c.count, c.output, c.loud, c.tags, c.got)
			}
		})
	}
}

func TestErrorsBecomeExitCodesInOnePlace(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"no error", nil, ExitOK, ""},
		{"problems already printed", ErrProblems, ExitProblems, ""},
		{"a quiet exit", Quiet(ExitUsage), ExitUsage, ""},
		{"a refusal", Refused(errors.New("changed")), ExitProblems, "outil echo : changed\n"},
		{"a usage error", Usage("declicpack.lint.no_path"), ExitUsage, "outil echo : indiquez un seul parcours, par exemple : declic-pack lint mon-parcours\nAide : outil echo --help\n"},
		{"a translated error", i18n.NewError(nil, nil, "courses.pack_missing"), ExitUsage, "outil echo : pack.toml est introuvable."},
		{"any other error", errors.New("disk full"), ExitUsage, "outil echo : disk full\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runTest(testProgram(&echoCommand{err: tt.err}), language.French, "echo")
			if code != tt.code || !strings.HasPrefix(errOut, tt.stderr) || (tt.stderr == "" && errOut != "") {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errOut, tt.code, tt.stderr)
			}
		})
	}
}

func TestCommandLineMistakesAreExplained(t *testing.T) {
	tests := []struct {
		name string
		lang language.Tag
		args []string
		want string
	}{
		{"an unknown flag", language.French, []string{"echo", "--bruit"}, "outil echo : l'option --bruit n'existe pas pour cette commande.\nAide : outil echo --help\n"},
		{"a missing value", language.French, []string{"echo", "--output"}, "l'option --output attend une valeur après elle."},
		{"a word for a number", language.French, []string{"echo", "-n", "trois"}, "l'option --count attend un nombre entier ; « trois » n'en est pas un."},
		{"in English", language.English, []string{"echo", "-n", "three"}, "outil echo: the option --count expects a whole number; « three » is not one."},
		{"an unknown command", language.French, []string{"publier"}, "outil : la commande « publier » n'existe pas. outil help liste les commandes."},
		{"a flag without a command", language.French, []string{"--loud"}, "outil : l'option --loud n'existe pas pour cette commande."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runTest(testProgram(&echoCommand{}), tt.lang, tt.args...)
			if code != ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q, want %q", code, errOut, tt.want)
			}
		})
	}
}

func TestHelpAndVersionWorkEverywhere(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}, {"help", "echo"}, {"echo", "--help"}, {"echo", "a", "-h"}, {"echo", "-help"}} {
		code, out, _ := runTest(testProgram(&echoCommand{}), language.French, args...)
		if code != ExitOK || !strings.Contains(out, "Options :") {
			t.Errorf("%q: exit %d\n%s", args, code, out)
		}
	}
	for _, args := range [][]string{{"--version"}, {"echo", "--version"}, {"echo", "a", "--version"}} {
		code, out, _ := runTest(testProgram(&echoCommand{}), language.French, args...)
		if code != ExitOK || !strings.HasPrefix(out, "outil ") || strings.Count(out, "\n") != 1 {
			t.Errorf("%q: exit %d, %q", args, code, out)
		}
	}
	code, _, errOut := runTest(testProgram(&echoCommand{}), language.French)
	if code != ExitUsage || !strings.Contains(errOut, "Commandes :") {
		t.Errorf("no arguments: exit %d\n%s", code, errOut)
	}
}

// The help lists flags GNU-style, in a column, and never as Go's flag package
// does ("-count int", "(default 10)").
func TestCommandHelpListsFlagsGNUStyle(t *testing.T) {
	_, out, _ := runTest(testProgram(&echoCommand{}), language.French, "echo", "--help")
	for _, want := range []string{
		"  -n, --count NOMBRE     nombre de résultats par recherche (10 par défaut)\n",
		"  -o, --output FICHIER   le fichier à écrire",
		"      --loud             les remarques deviennent des erreurs",
		"      --tag NOM          un dossier de clés de confiance en plus",
		"  -h, --help             afficher cette aide\n",
		"      --version          afficher la version de outil\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
}
