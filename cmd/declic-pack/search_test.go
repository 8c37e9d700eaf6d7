package main

import (
	"declic/internal/cli"
	"strings"
	"testing"
)

const starterPack = "../../courses/starter/pack"

func TestSearchPrintsTheBestScreensWithTheirPlace(t *testing.T) {
	code, out, errOut := runCLI(t, env(), "search", starterPack, "sourie", "-n", "3")
	if code != cli.ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1+2*3 {
		t.Fatalf("want a header and 3 results of 2 lines each, got:\n%s", out)
	}
	if !strings.HasPrefix(lines[0], "« sourie » : ") || !strings.Contains(lines[0], "écrans trouvés") {
		t.Errorf("header: %q", lines[0])
	}
	for i := 0; i < 3; i++ {
		head, snippet := lines[1+2*i], lines[2+2*i]
		if !strings.Contains(head, "modules/02-la-souris/") || !strings.Contains(head, ".md:") || !strings.Contains(head, "La souris › ") {
			t.Errorf("result %d is not a mouse screen with its file:line: %q", i+1, head)
		}
		if !strings.Contains(snippet, "[souris]") {
			t.Errorf("result %d: the word found is not marked: %q", i+1, snippet)
		}
	}
}

func TestSearchRunsEveryQueryAndSuggestsWhenNothingIsFound(t *testing.T) {
	code, out, _ := runCLI(t, env("DECLIC_LANG", "en"), "search", starterPack, "courriel", "xylophonne")
	if code != cli.ExitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"« courriel »: ", "modules/06-mon-adresse-e-mail/", "« xylophonne »: 0 screens found", "Suggested modules: "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSearchUsageErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no argument", []string{"search"}, "indiquez un parcours puis au moins une recherche"},
		{"no query", []string{"search", starterPack}, "indiquez un parcours puis au moins une recherche"},
		{"a count that is not a number", []string{"search", "-n", "dix", starterPack, "souris"}, "l'option --count attend un nombre entier"},
		{"a zero count", []string{"search", "-n=0", starterPack, "souris"}, "--count (-n) attend un nombre plus grand que 0"},
		{"-n without a count", []string{"search", starterPack, "souris", "-n"}, "l'option --count attend une valeur"},
		{"an unknown option", []string{"search", "-x", starterPack, "souris"}, "l'option -x n'existe pas"},
		{"a missing pack", []string{"search", "nulle-part", "souris"}, "declic-pack search : Le parcours ne peut pas être ouvert : nulle-part est introuvable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, env(), tt.args...)
			if code != cli.ExitUsage {
				t.Errorf("exit %d, want %d\n%s", code, cli.ExitUsage, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q: %q", tt.stderr, errOut)
			}
		})
	}
}

func TestSearchWarnsAboutABrokenPackButStillSearches(t *testing.T) {
	code, out, errOut := runCLI(t, env(), "search", "../../courses/testdata/broken/missing-image", "leçon")
	if code != cli.ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "1 erreur") || !strings.Contains(errOut, "declic-pack validate") {
		t.Errorf("no warning about the broken pack: %q", errOut)
	}
	if !strings.Contains(out, "« leçon » : ") {
		t.Errorf("the search did not run:\n%s", out)
	}
}

func TestSearchOptionsMayComeAnywhere(t *testing.T) {
	for _, args := range [][]string{{"-n", "1", starterPack, "souris"}, {starterPack, "souris", "-n=1"}, {starterPack, "--count", "1", "souris"}} {
		code, out, errOut := runCLI(t, env(), append([]string{"search"}, args...)...)
		if code != cli.ExitOK || strings.Count(out, "\n   1.  ") != 1 || strings.Contains(out, "\n   2.  ") {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	// "--" ends the options: "-n" is then a query.
	if code, out, _ := runCLI(t, env(), "search", starterPack, "--", "-n"); code != cli.ExitOK || !strings.Contains(out, "« -n » : ") {
		t.Errorf("-- does not end the options: %d\n%s", code, out)
	}
}
