package courses_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"declic/courses"
	"declic/courses/demarches"
	"declic/courses/starter"
)

// finalsWithoutPractice names, for each module of pack, what keeps its final
// check from asking for the gesture: no final lesson at all, or a final lesson
// without a practice activity (courses.IsPractice).
func finalsWithoutPractice(pack *courses.Pack) []string {
	var out []string
	for _, m := range pack.Modules {
		final, practice := "", 0
		for _, l := range m.Lessons {
			if !l.Final {
				continue
			}
			final = l.File
			for _, s := range l.Steps {
				for _, b := range s.Blocks {
					if a, ok := b.(courses.Activity); ok && courses.IsPractice(a.Kind) {
						practice++
					}
				}
			}
		}
		switch {
		case final == "":
			out = append(out, m.ID+": no final check (a lesson with final = true)")
		case practice == 0:
			out = append(out, final+": the final check has no practice activity ("+courses.PracticeKinds+")")
		}
	}
	return out
}

// TestEveryBuiltInModuleEndsWithPractice: every module of « Mes démarches en
// ligne », and of the starter pack from its version 1.1.0 (the one that put a
// gesture in every final check), has a final check with at least one practice
// activity: a learner masters a built-in module by doing, not only by answering.
func TestEveryBuiltInModuleEndsWithPractice(t *testing.T) {
	for _, p := range []struct {
		name, source, since string
		fsys                fs.FS
	}{
		{"starter", starter.Source, "1.1.0", starter.FS()},
		{"demarches", demarches.Source, "0.0.0", demarches.FS()},
	} {
		// Only the modules there are: a pack still being written may have none.
		pack, _, err := courses.Load(p.fsys, p.source)
		if err != nil {
			t.Fatal(err)
		}
		if courses.CompareVersions(pack.Version, p.since) < 0 {
			t.Logf("%s %s: its final checks gain their practice in %s", p.name, pack.Version, p.since)
			continue
		}
		for _, problem := range finalsWithoutPractice(pack) {
			t.Errorf("%s: %s", p.name, problem)
		}
	}
}

// TestFinalsWithoutPracticeAreFound checks the rule above on a pack whose two
// modules end with questions only and with no final check at all.
func TestFinalsWithoutPracticeAreFound(t *testing.T) {
	quiz := "```quiz\nquestion = \"Q ?\"\n[[choices]]\ntext = \"Oui\"\ncorrect = true\n[[choices]]\ntext = \"Non\"\n```\n"
	fsys := fstest.MapFS{
		"pack.toml":                    {Data: []byte("id = \"org.example.p\"\nversion = \"1.0.0\"\ntitle = \"P\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0-1.0\"\ndescription = \"D\"\n")},
		"modules/01-a/module.toml":     {Data: []byte("title = \"A\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 0.02\norder = 1\n")},
		"modules/01-a/01-verifie.md":   {Data: []byte("+++\ntitle = \"Je vérifie\"\nfinal = true\n+++\n\n## Une question\n\n" + quiz)},
		"modules/02-b/module.toml":     {Data: []byte("title = \"B\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 0.02\norder = 2\n")},
		"modules/02-b/01-apprendre.md": {Data: []byte("+++\ntitle = \"Apprendre\"\n+++\n\n## Une question\n\n" + quiz)},
	}
	pack, _, err := courses.Load(fsys, "test")
	if err != nil {
		t.Fatal(err)
	}
	got := finalsWithoutPractice(pack)
	if len(got) != 2 || got[0] != "modules/01-a/01-verifie.md: the final check has no practice activity (mouse, keyboard, form, spot or site)" || got[1] != "02-b: no final check (a lesson with final = true)" {
		t.Errorf("found %q", got)
	}
	if got := finalsWithoutPractice(&courses.Pack{}); len(got) != 0 {
		t.Errorf("a pack without modules: %q", got)
	}
}
