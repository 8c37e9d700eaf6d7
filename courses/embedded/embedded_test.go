package embedded

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"declic/courses"
	_ "declic/plugins/builtin" // the packs' activities must parse
)

// TestEveryBuiltInPackIsValid loads each built-in pack as `declic-pack validate`
// does and fails on any error; « Mes démarches en ligne » is held to 0 warnings
// as well.
func TestEveryBuiltInPackIsValid(t *testing.T) {
	for _, p := range Packs() {
		t.Run(p.Source, func(t *testing.T) {
			pack, problems, err := courses.Load(p.FS(), p.Source)
			if err != nil {
				t.Fatal(err)
			}
			for _, pr := range problems {
				if pr.Severity == courses.SeverityError || p.Source == "embedded:demarches" {
					t.Errorf("%s", pr)
				}
			}
			lessons := 0
			for _, m := range pack.Modules {
				lessons += len(m.Lessons)
			}
			if len(pack.Modules) == 0 || lessons == 0 {
				t.Errorf("%s has %d modules and %d lessons", p.Source, len(pack.Modules), lessons)
			}
		})
	}
}

func TestLoadGivesTheStarterPackFirstThenTheDemarchesPack(t *testing.T) {
	packs, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range packs {
		ids = append(ids, p.ID)
	}
	if got := strings.Join(ids, " "); got != "fr.declic.premiers-pas fr.declic.mes-demarches" {
		t.Errorf("built-in packs = %s", got)
	}
	for _, p := range packs {
		// The app keeps packs whose source starts with "embedded:" when the
		// library of installed packs changes (app.replaceLibrary).
		if !strings.HasPrefix(p.Source, "embedded:") {
			t.Errorf("%s: source %q is not marked as embedded", p.ID, p.Source)
		}
	}
}

// memPack is a pack in memory, from file names to contents.
func memPack(files map[string]string) Pack {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return Pack{Source: "embedded:test", FS: func() fs.FS { return m }}
}

const (
	okManifest = "id = \"fr.example.a\"\nversion = \"1.0.0\"\ntitle = \"A\"\nlanguage = \"fr\"\n"
	okModule   = "title = \"M\"\nsummary = \"S.\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 1\norder = 1\n"
	okLesson   = "+++\ntitle = \"L\"\n+++\n\n## Un écran\n\nBonjour.\n"
)

func TestLoadPacksRefusesABrokenBuiltInPack(t *testing.T) {
	good := memPack(map[string]string{"pack.toml": okManifest, "modules/01-m/module.toml": okModule, "modules/01-m/01-l.md": okLesson})
	tests := []struct {
		name  string
		packs []Pack
		want  []string
	}{
		{"a pack without pack.toml", []Pack{memPack(map[string]string{"modules/01-m/module.toml": okModule})},
			[]string{"built-in pack", "embedded:test"}},
		{"a lesson with an unknown activity kind", []Pack{memPack(map[string]string{"pack.toml": okManifest, "modules/01-m/module.toml": okModule,
			"modules/01-m/01-l.md": "+++\ntitle = \"L\"\n+++\n\n## Un écran\n\n```devinette\nx = 1\n```\n"})},
			[]string{"built-in pack embedded:test", "problems, first: modules/01-m/01-l.md:7:", "devinette"}},
		{"two packs with one id", []Pack{good, good},
			[]string{"share the id \"fr.example.a\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			packs, err := LoadPacks(tt.packs)
			if err == nil {
				t.Fatalf("loaded %d packs, want an error", len(packs))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	if packs, err := LoadPacks([]Pack{good}); err != nil || len(packs) != 1 {
		t.Errorf("a good pack: %d packs, %v", len(packs), err)
	}
}

// BenchmarkLoadBuiltInPacks measures what start-up spends reading and checking
// the built-in packs before the first frame.
func BenchmarkLoadBuiltInPacks(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
