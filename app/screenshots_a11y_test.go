package app

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"golang.org/x/text/language"

	"declic/courses"
)

// go test ./app -run TestAccessibilityScreenshots -a11yshots DIR renders the main
// screens in high contrast at 200 %, and at 1024×600 and 1920×1080, with Fyne's
// software painter, to look at them without a display.
var a11yShotDir = flag.String("a11yshots", "", "write accessibility screenshots to this folder")

func TestAccessibilityScreenshots(t *testing.T) {
	if *a11yShotDir == "" {
		t.Skip("pass -a11yshots DIR to render the screens")
	}
	if err := os.MkdirAll(*a11yShotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	pack := loadStarter(t)
	for _, cfg := range []struct {
		name    string
		size    fyne.Size
		scale   float32
		palette string
		lang    language.Tag
	}{
		{"hc200", fyne.NewSize(1280, 720), 2, themeHighContrast, language.French},
		{"hc100", fyne.NewSize(1280, 720), 1, themeHighContrast, language.French},
		{"1024x600", fyne.NewSize(1024, 600), 1, themeCalm, language.French},
		{"1920x1080", fyne.NewSize(1920, 1080), 1, themeCalm, language.French},
		{"uk", fyne.NewSize(1280, 720), 1, themeCalm, language.Ukrainian},
		{"ar", fyne.NewSize(1280, 720), 1, themeCalm, language.Arabic},
	} {
		u, w, _ := newUI(t, []*courses.Pack{pack}, cfg.lang)
		withTopBar(u, w)
		u.applyTextScale(cfg.scale)
		u.applyContrast(cfg.palette)
		time.Sleep(300 * time.Millisecond) // Fyne applies the theme on its own goroutine
		w.Resize(cfg.size)
		screensToCheck(t, u, w, pack, func(screen string) {
			if i := strings.Index(screen, " ("); i > 0 {
				screen = screen[:i] // "quiz activity (module / step)" → "quiz activity"
			}
			name := strings.ReplaceAll(strings.ToLower(screen), " ", "-")
			f, err := os.Create(filepath.Join(*a11yShotDir, "a11y-"+cfg.name+"-"+name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, w.Canvas().Capture()); err != nil {
				t.Fatal(err)
			}
		})
	}
}
