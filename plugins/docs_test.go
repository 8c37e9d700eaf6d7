package plugins_test

import (
	"os"
	"strings"
	"testing"

	"declic/plugins"
	_ "declic/plugins/builtin"
)

// TestEveryDocExampleParses reads docs/activities.md, the trainers' reference, and
// parses every ```kind block with the registered kind: an example that drifts from
// the code fails here.
func TestEveryDocExampleParses(t *testing.T) {
	data, err := os.ReadFile("../docs/activities.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	seen := map[string]int{}
	for i := 0; i < len(lines); i++ {
		info := strings.TrimSpace(strings.TrimPrefix(lines[i], "```"))
		if !strings.HasPrefix(lines[i], "```") || info == "" {
			continue
		}
		start := i + 1
		end := start
		for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
			end++
		}
		i = end
		kind, ok := plugins.Lookup(info)
		if !ok {
			continue // a Go or shell example
		}
		body := []byte(strings.Join(lines[start:end], "\n"))
		at := plugins.Position{File: "docs/activities.md", Line: start + 1}
		act, err := kind.Parse(body, at)
		if err != nil {
			t.Errorf("example at %s: %v", at, err)
			continue
		}
		if act.Kind() != info {
			t.Errorf("example at %s parsed as kind %q", at, act.Kind())
		}
		seen[info]++
	}
	for _, k := range []string{"quiz", "mouse", "keyboard", "form", "order", "spot"} {
		if seen[k] == 0 {
			t.Errorf("docs/activities.md has no %s example", k)
		}
	}
}

// TestBuiltinRegistersTheSixKinds is what the CLI relies on.
func TestBuiltinRegistersTheSixKinds(t *testing.T) {
	if got := strings.Join(plugins.Kinds(), ","); got != "form,keyboard,mouse,order,quiz,spot" {
		t.Errorf("Kinds() = %q", got)
	}
}
