package views

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"declic/internal/prereq"
	"declic/plugins"
	"declic/plugins/view"
)

// TestBuiltInPackActivitiesParseAndRender parses every activity block of the
// embedded packs (the starter pack and « Mes démarches en ligne ») with its kind
// and builds its widget: the packs and the plug-ins must keep agreeing on the
// contract.
func TestBuiltInPackActivitiesParseAndRender(t *testing.T) {
	test.NewTempApp(t)
	for _, root := range []string{"../../courses/starter/pack", "../../courses/demarches/pack"} {
		prereq.File(t, root)
		count := parseAndRender(t, root)
		t.Logf("%s: %d activities parsed and rendered", root, count)
	}
}

func parseAndRender(t *testing.T, root string) int {
	count := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		lines := strings.Split(string(data), "\n")
		for i := 0; i < len(lines); i++ {
			info := strings.TrimSpace(strings.TrimPrefix(lines[i], "```"))
			if !strings.HasPrefix(lines[i], "```") {
				continue
			}
			end := i + 1
			for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
				end++
			}
			kind, ok := plugins.Lookup(info)
			start := i + 1
			i = end
			if !ok {
				continue
			}
			at := plugins.Position{File: rel, Line: start + 1}
			act, err := kind.Parse([]byte(strings.Join(lines[start:end], "\n")), at)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			obj, ok := view.Build(act, view.Env{})
			if !ok {
				t.Errorf("%s: no view for %s", at, info)
				continue
			}
			if h := obj.MinSize().Height; h > 620 {
				t.Logf("%s: the %s needs %.0f units of height; with the player's buttons it may not fit 720", at, info, h)
			}
			w := test.NewWindow(obj)
			w.Resize(fyne.NewSize(1280, 720))
			w.Close()
			count++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return count
}
