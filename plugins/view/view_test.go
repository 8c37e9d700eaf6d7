package view_test

import (
	"errors"
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins"
	"declic/plugins/view"
)

type act struct{ kind string }

func (a act) Kind() string             { return a.kind }
func (a act) Prompt() string           { return "" }
func (a act) Grade(any) plugins.Result { return plugins.Result{} }

func TestRegisterAndBuild(t *testing.T) {
	test.NewTempApp(t)
	view.Register("test-kind", func(a plugins.Activity, env view.Env) fyne.CanvasObject {
		return widget.NewLabel(env.Tr().T("activity.check"))
	})
	obj, ok := view.Build(act{"test-kind"}, view.Env{})
	if !ok || obj.(*widget.Label).Text != "Vérifier" {
		t.Fatalf("Build = %v, %v", obj, ok)
	}
	if _, ok := view.Build(act{"no-such-kind"}, view.Env{}); ok {
		t.Error("an unknown kind must report false, not crash")
	}
	if _, ok := view.Build(nil, view.Env{}); ok {
		t.Error("a nil activity must report false")
	}
	if !strings.Contains(strings.Join(view.Kinds(), ","), "test-kind") {
		t.Errorf("Kinds() = %v", view.Kinds())
	}
}

func TestRegisterPanicsOnDuplicatesAndNil(t *testing.T) {
	view.Register("dup-kind", func(plugins.Activity, view.Env) fyne.CanvasObject { return nil })
	for name, f := range map[string]func(){
		"duplicate": func() { view.Register("dup-kind", func(plugins.Activity, view.Env) fyne.CanvasObject { return nil }) },
		"nil":       func() { view.Register("nil-kind", nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s registration should panic", name)
				}
			}()
			f()
		}()
	}
}

func TestSessionFinishesOnceAndTimesAttempts(t *testing.T) {
	var durations []time.Duration
	done := 0
	s := view.NewSession(view.Env{
		Attempt: func(_ plugins.Result, d time.Duration) { durations = append(durations, d) },
		Done:    func(plugins.Result) { done++ },
	})
	s.Attempt(plugins.Result{})
	s.Attempt(plugins.Result{Passed: true})
	s.Finish(plugins.Result{Passed: true})
	s.Finish(plugins.Result{Passed: true})
	if len(durations) != 2 || done != 1 || !s.Finished() {
		t.Errorf("attempts %v, done %d", durations, done)
	}
	for _, d := range durations {
		if d < 0 {
			t.Errorf("negative duration %v", d)
		}
	}
	view.NewSession(view.Env{}).Finish(plugins.Result{}) // nil callbacks are allowed
}

func TestFeedbackShowsAWordNotOnlyAColour(t *testing.T) {
	test.NewTempApp(t)
	f := view.NewFeedback()
	if f.Visible() {
		t.Error("feedback starts hidden")
	}
	f.Set(false, "Pas encore", "Essayez encore.")
	if !f.Visible() || f.Word() != "Pas encore" || f.Message() != "Essayez encore." {
		t.Errorf("feedback %q %q", f.Word(), f.Message())
	}
	f.Clear()
	if f.Visible() {
		t.Error("Clear hides it")
	}
}

func TestMinSizeMakesBigTargets(t *testing.T) {
	test.NewTempApp(t)
	b := view.MinSize(widget.NewButton("OK", nil), 160, view.Target)
	if s := b.MinSize(); s.Width < 160 || s.Height < view.Target {
		t.Errorf("min size %v", s)
	}
}

func TestPicturePrefersTheDrawnBitmap(t *testing.T) {
	drawn := image.NewRGBA(image.Rect(0, 0, 40, 20))
	asked := fyne.Size{}
	env := view.Env{
		Image:  func(string) (fyne.Resource, error) { return theme.InfoIcon(), nil },
		Bitmap: func(_ string, size fyne.Size) (image.Image, error) { asked = size; return drawn, nil },
	}
	pic, ok := view.Picture(env, "images/a.svg", 120, 80).(*canvas.Image)
	if !ok || pic.Image != drawn || pic.Resource != nil || asked != fyne.NewSize(120, 80) || pic.MinSize() != fyne.NewSize(120, 80) {
		t.Fatalf("picture %+v, size asked %v", pic, asked)
	}
	env.Bitmap = func(string, fyne.Size) (image.Image, error) { return nil, errors.New("no such file") }
	if view.Picture(env, "images/a.svg", 120, 80) != nil {
		t.Error("a picture that cannot be drawn is left out")
	}
	env.Bitmap = nil
	if pic, ok := view.Picture(env, "images/a.svg", 120, 80).(*canvas.Image); !ok || pic.Resource == nil {
		t.Error("without Bitmap, the resource is shown")
	}
	if view.Picture(view.Env{}, "images/a.svg", 120, 80) != nil || view.Picture(env, "", 120, 80) != nil {
		t.Error("no loader or no path: no picture")
	}
}
