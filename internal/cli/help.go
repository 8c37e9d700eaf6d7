package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"declic/i18n"
)

// The help of a program and of its commands is made of catalogue messages
// named after the program's ID and the command's name:
//
//	ID.program.summary    what the program is for, one line
//	ID.program.footer     notes under the list of commands
//	ID.NAME.summary       what the command does, one line in the list
//	ID.NAME.args          its arguments in the usage line ("DOSSIER...")
//	ID.NAME.help          what it does, in full
//	ID.NAME.exit          its exit statuses, one per line
//	ID.NAME.example       one or more example lines
//
// Each flag names its own messages (Flags.String and the others).
func (p *Program) id(parts ...string) string {
	return p.ID + "." + strings.Join(parts, ".")
}

func (p *Program) writeHelp(env *Env, w io.Writer) {
	fmt.Fprintf(w, "%s%s\n\n", p.Name, env.T("cli.title_sep", "Text", env.T(p.id("program", "summary"))))
	fmt.Fprintln(w, env.T("cli.usage_title"))
	fmt.Fprintln(w, "  "+env.T("cli.usage_program", "Program", p.Name))
	fmt.Fprintln(w, "  "+env.T("cli.usage_help", "Program", p.Name))
	fmt.Fprintln(w)
	fmt.Fprintln(w, env.T("cli.commands_title"))
	width := 0
	for _, c := range p.Commands {
		width = max(width, len(c.Name()))
	}
	for _, c := range p.Commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name(), env.T(p.id(c.Name(), "summary")))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, env.T("cli.options_title"))
	writeFlags(env, w, nil, p.Name)
	fmt.Fprintln(w)
	fmt.Fprintln(w, strings.TrimRight(env.T(p.id("program", "footer")), "\n"))
}

func (p *Program) writeCommandHelp(env *Env, w io.Writer, c Command) {
	flags := newFlags(c.Name())
	c.Flags(flags)
	usage := p.Name + " " + c.Name()
	if len(flags.infos) > 0 {
		usage += " " + env.T("cli.usage_options")
	}
	// A command without arguments has no args message.
	if id := p.id(c.Name(), "args"); i18n.Has(env.Tr.Language(), id) || i18n.Has(i18n.Fallback, id) {
		args := env.T(id)
		usage += " " + args
	}
	fmt.Fprintln(w, env.T("cli.usage_line", "Usage", usage))
	fmt.Fprintln(w)
	fmt.Fprintln(w, strings.TrimRight(env.T(p.id(c.Name(), "help")), "\n"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, env.T("cli.options_title"))
	writeFlags(env, w, flags.infos, p.Name)
	fmt.Fprintln(w)
	fmt.Fprintln(w, env.T("cli.exit_title"))
	fmt.Fprintln(w, indent(env.T(p.id(c.Name(), "exit"))))
	fmt.Fprintln(w)
	fmt.Fprintln(w, env.T("cli.example_title"))
	fmt.Fprintln(w, indent(env.T(p.id(c.Name(), "example"))))
}

// writeFlags lists flags GNU-style, the descriptions in one column:
//
//	-o, --output NOM.declic   le fichier à écrire
//	    --force               remplacer même une version plus haute
func writeFlags(env *Env, w io.Writer, infos []flagInfo, program string) {
	infos = append(append([]flagInfo(nil), infos...),
		flagInfo{name: "help", short: "h", help: "cli.flag_help"},
		flagInfo{name: "version", help: "cli.flag_version"})
	heads := make([]string, len(infos))
	width := 0
	for i, f := range infos {
		head := "    --" + f.name
		if f.short != "" {
			head = "-" + f.short + ", --" + f.name
		}
		if f.value != "" {
			head += " " + env.T(f.value)
		}
		heads[i] = head
		width = max(width, utf8.RuneCountInString(head))
	}
	for i, f := range infos {
		pad := strings.Repeat(" ", width-utf8.RuneCountInString(heads[i]))
		text := env.T(f.help, "Program", program)
		text = strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n"+strings.Repeat(" ", width+5))
		fmt.Fprintf(w, "  %s%s   %s\n", heads[i], pad, text)
	}
}

// indent puts two spaces before every line of a text.
func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// Kind names, for a message, what a flag of a pflag value type expects.
func Kind(valueType string) i18n.Message {
	switch valueType {
	case "int":
		return i18n.M("cli.kind_int")
	case "float64":
		return i18n.M("cli.kind_float")
	}
	return i18n.M("cli.kind_text")
}
