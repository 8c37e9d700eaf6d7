package main

import (
	"declic/internal/cli"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"declic/courses"
)

func TestNewMakesAValidPackWithEveryActivityKind(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Mon Parcours!")
	code, out, errOut := runCLI(t, env(), "new", dir, "--title", `Le "clic"`)
	if code != cli.ExitOK || !strings.Contains(out, "declic --preview") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	pack, problems, err := courses.LoadPath(dir)
	if err != nil || len(problems) != 0 {
		t.Fatalf("the new pack has problems: %v %v", err, problems)
	}
	if pack.ID != "fr.mon-centre.mon-parcours" || pack.Title != `Le "clic"` {
		t.Errorf("id %q, title %q", pack.ID, pack.Title)
	}
	st := collectStats(pack)
	for _, kind := range []string{"quiz", "mouse", "keyboard", "form", "order", "spot", "site"} {
		if st.ByKind[kind] != 1 {
			t.Errorf("%s: %d activities, want 1", kind, st.ByKind[kind])
		}
	}
	if st.Images != 1 {
		t.Errorf("%d images", st.Images)
	}
	// Every field of the manifests is explained by a comment.
	data, _ := os.ReadFile(filepath.Join(dir, "pack.toml"))
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if key, _, ok := strings.Cut(l, " = "); ok && !strings.HasPrefix(l, "#") && (i == 0 || !strings.HasPrefix(lines[i-1], "#")) {
			t.Errorf("pack.toml: %s has no comment above it", key)
		}
	}
	// lint finds nothing to say about the example.
	if code, out, _ := runCLI(t, env(), "lint", "--strict", dir); code != cli.ExitOK {
		t.Errorf("lint --strict on the new pack: exit %d\n%s", code, out)
	}
	// A second new in the same folder is refused and changes nothing.
	if code, _, errOut := runCLI(t, env(), "new", dir); code != cli.ExitUsage || !strings.Contains(errOut, "n'est pas vide") {
		t.Errorf("exit %d, %s", code, errOut)
	}
}

func TestPackIDFor(t *testing.T) {
	for in, want := range map[string]string{
		"mon-parcours": "fr.mon-centre.mon-parcours", "/tmp/Démarches CAF/": "fr.mon-centre.demarches-caf",
		"2024": "fr.mon-centre.parcours-2024", "!!!": "fr.mon-centre.parcours",
	} {
		if got := packIDFor(in); got != want {
			t.Errorf("packIDFor(%q) = %q, want %q", in, got, want)
		}
	}
}
