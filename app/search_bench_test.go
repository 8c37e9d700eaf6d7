package app

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/courses/starter"
	"declic/i18n"
)

// BenchmarkSearchKeystrokeToResults measures, on the starter pack, the UI goroutine's
// work from a query's answer to the results screen updated: search, suggestions when
// nothing is found, and the rows (kept from one answer to the next) filled with their
// highlighted snippets, those the screen shows. The frame that draws them
// comes on top: `declic --measure-search` measures key → frame drawn in the real app.
func BenchmarkSearchKeystrokeToResults(b *testing.B) {
	a := test.NewApp()
	defer a.Quit()
	pack, problems, err := courses.Load(starter.FS(), starter.Source)
	if err != nil || problems.HasErrors() {
		b.Fatal(err, problems)
	}
	u := buildUI(a, a.NewWindow(""), testOptions(b, uiOptions{Packs: []*courses.Pack{pack}, Tr: i18n.New(language.French)}))
	u.win.Resize(defaultWindowSize)
	u.searchBar()
	svc := openSearchService(filepath.Join(b.TempDir(), "search"))
	u.attachSearch(svc)
	svc.Sync(u.opts.Packs)
	defer u.StopSearch()
	<-waitReady(svc)
	queries := []string{"sou", "sour", "souri", "sourie", "demarche caf", "mot de passe", "courriel", "wxqzt"}
	ctx := context.Background()
	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		u.search.showAnswer(answer(ctx, svc, queries[i%len(queries)]))
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	ms := func(q float64) float64 { return float64(times[int(q*float64(len(times)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
}

// waitReady returns a channel closed once svc answers.
func waitReady(svc *searchService) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		for svc.Status() != searchReady {
			time.Sleep(5 * time.Millisecond)
		}
		close(done)
	}()
	return done
}
