package main

import (
	"strconv"
	"strings"
	"testing"

	"declic/readability"
)

func TestJargonListsEveryWordLintFlagsWithItsSuggestion(t *testing.T) {
	terms := readability.JargonList()
	tests := []struct {
		name, lang, count, replace, explain string
	}{
		{"in French", "fr_FR.UTF-8", " mots de jargon, avec ce que lint propose :", "écrivez « %s » à la place", "ajoutez cette phrase après la première fois : « %s »"},
		{"in English", "en_GB.UTF-8", " jargon words, with what lint suggests:", "write « %s » instead", "add this sentence after the first use: « %s »"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, env("LANG", tt.lang), "jargon")
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if lines[0] != strconv.Itoa(len(terms))+tt.count {
				t.Errorf("first line %q", lines[0])
			}
			if len(lines) != len(terms)+1 {
				t.Fatalf("%d lines for %d terms:\n%s", len(lines), len(terms), out)
			}
			for i, term := range terms {
				advice := strings.Replace(tt.explain, "%s", term.Explain, 1)
				if term.Replace != "" {
					advice = strings.Replace(tt.replace, "%s", term.Replace, 1)
				}
				if !strings.HasPrefix(lines[i+1], "  « "+term.Word+" »") || !strings.HasSuffix(lines[i+1], advice) {
					t.Errorf("line for %q is %q, want its suggestion %q", term.Word, lines[i+1], advice)
				}
			}
		})
	}
}

func TestJargonRefusesAnArgument(t *testing.T) {
	code, out, errOut := runCLI(t, env(), "jargon", "mon-parcours")
	if code != 2 || out != "" || !strings.Contains(errOut, "jargon ne prend pas d'argument : tapez declic-pack jargon") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
