package courses_test

import (
	"io/fs"
	"os"
	"reflect"
	"testing"
	"testing/fstest"

	"declic/courses"
	"declic/courses/demarches"
	"declic/courses/starter"
)

// outlineOf keeps what LoadOutline promises of a pack: its manifest's values, and for
// each module its manifest's values and its lessons' front matter.
func outlineOf(p *courses.Pack) []any {
	out := []any{p.ID, p.Version, p.Title}
	for _, m := range p.Modules {
		out = append(out, m.ID, m.Title, m.Hours, m.Level, m.Competencies)
		for _, l := range m.Lessons {
			out = append(out, l.ID, l.File, l.Title, l.DurationMinutes, l.Final)
		}
	}
	return out
}

func TestAnOutlineHoldsWhatLoadReadsOfManifestsAndFrontMatter(t *testing.T) {
	packs := map[string]fs.FS{"example": os.DirFS("testdata/example"), "starter": starter.FS(), "demarches": demarches.FS()}
	for name, fsys := range packs {
		t.Run(name, func(t *testing.T) {
			full, problems, err := courses.Load(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			outline, outlineProblems, err := courses.LoadOutline(fsys, name)
			if err != nil {
				t.Fatal(err)
			}
			if problems.HasErrors() { // a pack still being written (no module yet)
				if !outlineProblems.HasErrors() {
					t.Fatalf("the outline misses the pack's errors: %v", problems)
				}
				return
			}
			if outlineProblems.HasErrors() {
				t.Fatalf("outline: %v", outlineProblems)
			}
			if got, want := outlineOf(outline), outlineOf(full); !reflect.DeepEqual(got, want) {
				t.Fatalf("outline differs from the full load:\n%v\nwant\n%v", got, want)
			}
			for _, m := range outline.Modules {
				for _, l := range m.Lessons {
					if len(l.Steps) != 0 {
						t.Fatalf("%s: an outline has no screens, got %d", l.File, len(l.Steps))
					}
				}
			}
		})
	}
}

func TestAnOutlineStillReportsBrokenFrontMatter(t *testing.T) {
	example := os.DirFS("testdata/example")
	files := fstest.MapFS{}
	err := fs.WalkDir(example, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(example, p)
		files[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var lesson string
	for p := range files {
		if len(p) > 3 && p[len(p)-3:] == ".md" && p[:8] == "modules/" {
			lesson = p
			break
		}
	}
	files[lesson] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Sans fin\"\n\n# Écran\n")}
	_, problems, err := courses.LoadOutline(files, "broken")
	if err != nil || !problems.HasErrors() {
		t.Fatalf("an unclosed front matter in %s went unnoticed: %v %v", lesson, err, problems)
	}
}
