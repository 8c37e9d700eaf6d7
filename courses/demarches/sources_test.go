package demarches_test

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"declic/courses/demarches"
)

// sourceRef is a screen named in a sources file: `module/lesson.md:line` « title ».
var sourceRef = regexp.MustCompile("`([0-9]{2}-[a-z0-9-]+/[0-9]{2}-[a-z0-9-]+\\.md):([0-9]+)` « (.+?) » \\|")

// sourcesText is the text of every sources file kept beside the pack.
func sourcesText(t *testing.T) string {
	t.Helper()
	names, err := fs.Glob(os.DirFS("."), "SOURCES*.md")
	if err != nil || len(names) == 0 {
		t.Fatalf("no SOURCES*.md beside the pack (%v)", err)
	}
	var all strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
		all.WriteString("\n")
	}
	return all.String()
}

// TestEverySourcedScreenStillExists checks that each screen the sources name,
// `module/lesson.md:line` « title », is the ## heading at that line of the
// lesson: a screen moved or renamed must have its source moved with it.
func TestEverySourcedScreenStillExists(t *testing.T) {
	text := sourcesText(t)
	refs := sourceRef.FindAllStringSubmatch(text, -1)
	if len(refs) < 50 {
		t.Fatalf("only %d screens named in the sources", len(refs))
	}
	pack := demarches.FS()
	for _, r := range refs {
		data, err := fs.ReadFile(pack, path.Join("modules", r[1]))
		if err != nil {
			t.Errorf("%s: no such lesson in the pack", r[1])
			continue
		}
		n, _ := strconv.Atoi(r[2])
		lines := strings.Split(string(data), "\n")
		if n < 1 || n > len(lines) || lines[n-1] != "## "+r[3] {
			t.Errorf("%s:%d is not the screen « %s »; find its line again", r[1], n, r[3])
		}
	}
}

// TestEveryModuleAndLessonHasItsSources checks that each module of the pack has a
// section in the sources, and that in a module whose screens are named by file
// and line, every lesson is named at least once.
func TestEveryModuleAndLessonHasItsSources(t *testing.T) {
	text := sourcesText(t)
	cited := map[string]bool{}
	for _, r := range sourceRef.FindAllStringSubmatch(text, -1) {
		cited[r[1]] = true
		cited[path.Dir(r[1])] = true
	}
	modules, err := fs.ReadDir(demarches.FS(), "modules")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range modules {
		if !m.IsDir() {
			continue
		}
		if !strings.Contains(text, "## Module "+m.Name()[:2]) && !strings.Contains(text, "Modules 06–10") {
			t.Errorf("module %s has no « ## Module %s » section in the sources", m.Name(), m.Name()[:2])
		}
		if !cited[m.Name()] {
			continue // its sources name screens by title, not by line
		}
		lessons, _ := fs.Glob(demarches.FS(), path.Join("modules", m.Name(), "*.md"))
		for _, l := range lessons {
			if rel := strings.TrimPrefix(l, "modules/"); !cited[rel] {
				t.Errorf("%s: no screen of this lesson is in the sources", rel)
			}
		}
	}
}
