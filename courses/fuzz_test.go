package courses

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzParseLesson feeds arbitrary bytes to the lesson parser: it must never
// panic, and every problem it reports must name the file.
func FuzzParseLesson(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/example/modules/*/*.md")
	broken, _ := filepath.Glob("testdata/broken/*/modules/*/*.md")
	for _, p := range append(seeds, broken...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("---\ntitle: [\n---\n"))
	f.Add([]byte("+++\n+++\n## \n```quiz\n"))
	f.Add([]byte("> - > 1. ![a](b)\n  ***x*** `k` <b>\n\\\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lesson, problems := ParseLesson("modules/01-a/01.md", src)
		for _, p := range problems {
			if p.File != "modules/01-a/01.md" || p.Code == "" || p.Line < 0 || strings.Contains(p.String(), "<no value>") {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if lesson == nil {
			return
		}
		for _, s := range lesson.Steps {
			if s == nil || s.Line < 0 {
				t.Fatalf("bad step %+v", s)
			}
		}
	})
}

// FuzzOpenZip feeds arbitrary bytes to the archive reader and loads whatever it
// accepts: nothing may panic, and an accepted archive must load or fail cleanly.
func FuzzOpenZip(f *testing.F) {
	f.Add(zipBytes(f, validPackEntries()))
	f.Add(zipBytes(f, []entry{{name: "../x", data: []byte("x")}}))
	f.Add(zipBytes(f, []entry{{name: "pack.toml", data: []byte("x"), raw: true, declaredSize: 1 << 40}}))
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys, err := OpenZip(bytes.NewReader(data), int64(len(data)), DefaultZipLimits)
		if err != nil {
			return
		}
		_, _, _ = Load(fsys, "fuzz.declic")
	})
}

func zipBytes(t testing.TB, entries []entry) []byte {
	data, err := os.ReadFile(writeZip(t, entries))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// FuzzLoadPack builds a one-module pack in memory from three arbitrary files
// (pack.toml, module.toml, a lesson) and loads it: manifests and lessons are
// checked together, through the same code as folders and archives.
func FuzzLoadPack(f *testing.F) {
	read := func(p string) []byte {
		data, _ := os.ReadFile(filepath.Join(examplePack, p))
		return data
	}
	f.Add(read("pack.toml"), read("modules/01-la-souris/module.toml"), read("modules/01-la-souris/01-tenir-la-souris.md"))
	f.Add([]byte("id = 1\nversion = \"1.0.0-rc.1+b\"\nsynonyms = [[\"a\"]]\nmin_app_version = \"0.0.1-a.b.1\""), []byte("order = -1\nhours = 1e9\npass_mark = nan\n"), []byte("---\ntitle: [a]\n---\n"))
	f.Fuzz(func(t *testing.T, packToml, moduleToml, lesson []byte) {
		fsys := fstest.MapFS{
			"pack.toml":                              {Data: packToml},
			"modules/01-la-souris/module.toml":       {Data: moduleToml},
			"modules/01-la-souris/01-lecon.md":       {Data: lesson},
			"modules/01-la-souris/images/souris.svg": {Data: read("modules/01-la-souris/images/souris.svg")},
		}
		pack, problems, err := Load(fsys, "fuzz")
		if err != nil {
			t.Fatalf("an in-memory pack cannot be unreadable: %v", err)
		}
		if pack == nil {
			t.Fatal("nil pack")
		}
		for _, p := range problems {
			if p.File == "" || p.Code == "" {
				t.Fatalf("problem without place or message: %+v", p)
			}
		}
		if _, err := LoadManifest(fsys, "fuzz"); err == nil && problemsIn(problems, "pack.toml") {
			t.Fatalf("LoadManifest accepts a pack.toml that Load rejects: %v", problems)
		}
	})
}

// problemsIn reports whether problems hold an error about file.
func problemsIn(problems Problems, file string) bool {
	for _, p := range problems {
		if p.File == file && p.Severity == SeverityError {
			return true
		}
	}
	return false
}

// FuzzTOMLTrap feeds any line to the typing-trap finder: it never panics, and
// a trap it names has a message of the catalogue and a column on the line.
func FuzzTOMLTrap(f *testing.F) {
	for _, s := range []string{"hours = 1,5", "title = “La souris”", "title\u00a0= \"x\"", "title\t\"x\"", "title = 'x’", "a = \"\\\"“\"", "# “commentaire”", "x = \"é\u200b\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		tr, ok := tomlTrap(line)
		if !ok {
			return
		}
		p := tr.at("f.toml", 1)
		if text := p.String(); strings.Contains(text, "<no value>") || strings.Contains(text, p.Code) {
			t.Fatalf("%q: %s", line, text)
		}
		if col, isCol := p.Args["Column"].(int); isCol && (col < 1 || col > len([]rune(line))) {
			t.Fatalf("%q: column %d", line, col)
		}
	})
}
