package views

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"declic/plugins"
	"declic/plugins/view"
)

// BenchmarkBuildViews builds and lays out each kind's widget from its documented
// example: what a learner waits for when an activity screen opens.
func BenchmarkBuildViews(b *testing.B) {
	a := test.NewApp()
	defer a.Quit()
	for _, kind := range []string{"quiz", "mouse", "keyboard", "form", "order", "spot", "site"} {
		b.Run(kind, func(b *testing.B) {
			body, at := firstExample(b, kind)
			k, _ := plugins.Lookup(kind)
			act, err := k.Parse(body, at)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				obj, _ := view.Build(act, view.Env{})
				w := test.NewWindow(obj)
				w.Close()
			}
		})
	}
}
