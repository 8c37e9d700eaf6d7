package app

import (
	"sort"
	"testing"
	"time"

	"golang.org/x/text/language"

	"fyne.io/fyne/v2/test"

	"declic/courses"
	"declic/courses/starter"
	"declic/i18n"
)

// percentile returns the p-th percentile (0–100) of durations, in milliseconds.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p / 100)
	return float64(s[i]) / float64(time.Millisecond)
}

// BenchmarkOpenModuleAndNextScreen walks every screen of every starter module as a
// learner would (open the module's first lesson, then Suivant or Passer to the end),
// with the real widgets, and reports p50/p95 of each step. Budget: p95 < 50 ms.
func BenchmarkOpenModuleAndNextScreen(b *testing.B) {
	pack := loadStarterForBench(b)
	u, _, _ := newUIForBench(b, pack)
	var opens, nexts []time.Duration
	for i := 0; i < b.N; i++ {
		for _, m := range pack.Modules {
			start := time.Now()
			u.OpenLesson(pack, m, 0, 0)
			opens = append(opens, time.Since(start))
			for li := range m.Lessons {
				u.OpenLesson(pack, m, li, 0)
				for si := 1; si < len(m.Lessons[li].Steps); si++ {
					start := time.Now()
					if u.Player().CanGoNext() {
						u.Player().Next()
					} else {
						u.Player().Skip()
					}
					nexts = append(nexts, time.Since(start))
				}
			}
		}
	}
	b.ReportMetric(percentile(opens, 50), "open-p50-ms")
	b.ReportMetric(percentile(opens, 95), "open-p95-ms")
	b.ReportMetric(percentile(nexts, 50), "next-p50-ms")
	b.ReportMetric(percentile(nexts, 95), "next-p95-ms")
}

func loadStarterForBench(b *testing.B) *courses.Pack {
	b.Helper()
	pack, problems, err := courses.Load(starter.FS(), starter.Source)
	if err != nil || problems.HasErrors() {
		b.Fatalf("starter pack: %v %v", err, problems)
	}
	return pack
}

func newUIForBench(b *testing.B, pack *courses.Pack) (*ui, any, any) {
	b.Helper()
	a := test.NewApp()
	b.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	u := buildUI(a, w, testOptions(b, uiOptions{Packs: []*courses.Pack{pack}, Tr: i18n.New(language.French)}))
	return u, w, nil
}
