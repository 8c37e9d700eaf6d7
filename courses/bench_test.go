package courses

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeBigPack writes a .declic file of modules×lessons lessons, each with five
// screens, a picture and a quiz, like a large real pack.
func writeBigPack(b *testing.B, modules, lessons int) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "big"+PackExt)
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	write := func(name, data string) {
		w, err := zw.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		w.Write([]byte(data))
	}
	write("pack.toml", "id = \"org.example.gros\"\nversion = \"1.0.0\"\ntitle = \"Gros parcours\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0\"\ndescription = \"D\"\n")
	svg := "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"320\" viewBox=\"0 0 480 320\"><rect width=\"480\" height=\"320\" fill=\"#fff\"/></svg>\n"
	for m := 1; m <= modules; m++ {
		dir := fmt.Sprintf("modules/%02d-module", m)
		write(dir+"/module.toml", fmt.Sprintf("title = \"Module %d\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 1\norder = %d\n", m, m))
		write(dir+"/images/image.svg", svg)
		for l := 1; l <= lessons; l++ {
			write(fmt.Sprintf("%s/%03d-lecon.md", dir, l), fmt.Sprintf(`+++
title = "Leçon %d"
duration = 10
+++

## Voici l'écran

![Un écran d'ordinateur.](images/image.svg)

Un ordinateur a un **écran** et un *clavier*.
Appuyez sur `+"`Entrée`"+` pour valider.

## Les parties

- L'écran.
- Le clavier.
  - Les touches.
- La souris.

## À retenir

> Un clic, c'est appuyer une fois sur le bouton gauche.

## Les étapes

1. Allumer.
2. Attendre.
3. Se connecter.

## À vous !

`+"```quiz"+`
question = "Quel bouton sert à cliquer ?"
[[choices]]
text = "Le bouton gauche"
correct = true
feedback = "Oui."
[[choices]]
text = "La molette"
feedback = "Non."
`+"```"+`
`, l))
		}
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return p
}

// BenchmarkLoadPack1000Lessons opens, parses and validates a .declic pack of
// 1,000 lessons (20 modules × 50 lessons, 5,000 screens, 1,000 quizzes).
func BenchmarkLoadPack1000Lessons(b *testing.B) {
	p := writeBigPack(b, 20, 50)
	b.ResetTimer()
	for b.Loop() {
		pack, problems, err := LoadPath(p)
		if err != nil || problems.HasErrors() {
			b.Fatalf("%v %v", err, problems[:1])
		}
		if len(pack.Modules) != 20 || len(pack.Modules[19].Lessons) != 50 {
			b.Fatal("pack incomplete")
		}
	}
}

// BenchmarkRefuseZipBomb measures how quickly a hostile archive is refused.
func BenchmarkRefuseZipBomb(b *testing.B) {
	p := writeZip(b, []entry{{name: "bomb.png", data: make([]byte, 20<<20)}})
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Open(p); err == nil {
			b.Fatal("bomb accepted")
		}
	}
}

// pathological returns 2 MB lessons built from the CommonMark reference's
// pathological inputs, each paragraph as large as the guards allow, so the
// benchmark shows the worst time a hostile lesson can cost.
func pathological() map[string]string {
	para := func(unit string) string {
		n := MaxMarksPerParagraph / max(1, countMarks([]byte(unit)))
		return strings.Repeat(unit, max(n, 1)) + "\n\n"
	}
	fill := func(p string) string {
		n := min((MaxLessonBytes-100)/len(p), MaxLessonLines/3, MaxMarksPerLesson/max(1, countMarks([]byte(p))))
		return "+++\ntitle = \"T\"\n+++\n## A\n\n" + strings.Repeat(p, n)
	}
	out := map[string]string{}
	for name, unit := range map[string]string{
		"nested brackets":   "[",
		"unclosed links":    "[a](b ",
		"mismatched emph":   "*a_ ",
		"multiple of three": "a**b c* ",
		"link openers emph": "[ a_",
		"html attributes":   "<a x='",
		"emph closers":      "a_ ",
		"backticks":         "e`` `a ```b ",
	} {
		out[name] = fill(para(unit))
	}
	out["headings"] = "+++\ntitle = \"T\"\n+++\n" + strings.Repeat("## A\n\nx\n", MaxLessonLines/3-2)
	out["list items"] = "+++\ntitle = \"T\"\n+++\n## A\n\n" + strings.Repeat("- a\n  - b\n\n", MaxLessonLines/3-10)
	out["plain text"] = "+++\ntitle = \"T\"\n+++\n## A\n\n" + strings.Repeat(strings.Repeat("Une phrase simple et courte. ", 300)+"\n\n", 200)
	return out
}

// BenchmarkParsePathologicalLessons measures the worst inputs the guards let
// through (each is accepted by the guards, then parsed): each must take well
// under a second.
func BenchmarkParsePathologicalLessons(b *testing.B) {
	for name, src := range pathological() {
		data := []byte(src)
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				ParseLesson("a.md", data)
			}
		})
	}
}

func TestPathologicalBenchmarkInputsPassTheGuards(t *testing.T) {
	for name, src := range pathological() {
		p := &lessonParser{file: "a.md"}
		if !p.checkShape([]byte(src)) {
			t.Errorf("%s is refused by the guards (%v): the benchmark would measure nothing", name, p.problems)
		}
	}
}
