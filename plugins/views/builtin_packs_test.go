package views

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"declic/plugins"
	"declic/plugins/view"
)

// builtInPacks are the folders of the packs embedded in Déclic.
var builtInPacks = []string{"../../courses/starter/pack", "../../courses/demarches/pack"}

// TestBuiltInPackActivitiesParseAndRender parses every activity block of the
// embedded packs (the starter pack and « Mes démarches en ligne ») with its kind
// and builds its widget: the packs and the plug-ins must keep agreeing on the
// contract.
func TestBuiltInPackActivitiesParseAndRender(t *testing.T) {
	test.NewTempApp(t)
	for _, root := range builtInPacks {
		t.Run(filepath.Base(filepath.Dir(root)), func(t *testing.T) { parseAndRenderEvery(t, root) })
	}
}

// parseAndRenderEvery parses and renders every activity block of the pack in root.
func parseAndRenderEvery(t *testing.T, root string) {
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("no pack at %s: %v", root, err)
	}
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
	if count == 0 {
		t.Errorf("no activity found in %s", root)
	}
	t.Logf("%d activities of %s parsed and rendered", count, root)
}
