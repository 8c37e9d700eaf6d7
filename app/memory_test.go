package app

import (
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/i18n"
)

func TestRequestsToReturnMemoryMadeDuringAReturnAreJoinedIntoOneMore(t *testing.T) {
	calls, proceed := make(chan struct{}), make(chan struct{})
	m := newMemoryReturn(func() {
		calls <- struct{}{}
		<-proceed
	})
	m.soon()
	<-calls // the first release runs and waits
	m.soon()
	m.soon()
	m.soon()
	proceed <- struct{}{}
	<-calls // the three requests made meanwhile: one more release
	m.mu.Lock()
	again := m.again
	m.mu.Unlock()
	if again {
		t.Fatal("the requests made during the first release asked for a third one")
	}
	proceed <- struct{}{}
}

func TestTheCollectorTargetTightensUnlessTheEnvironmentChoseOne(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	tests := []struct {
		name    string
		gogc    string
		changed bool
		want    int
	}{
		{"without GOGC the target becomes steadyGCPercent", "", true, steadyGCPercent},
		{"with GOGC set the target chosen is kept", "200", false, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			changed := tightenGC(func(key string) string {
				if key == "GOGC" {
					return tc.gogc
				}
				return ""
			})
			if got := debug.SetGCPercent(100); changed != tc.changed || got != tc.want {
				t.Fatalf("tightenGC: changed %v, target %d; want %v, %d", changed, got, tc.changed, tc.want)
			}
		})
	}
}

func TestACompletedIndexingReturnsTheMemoryItUsed(t *testing.T) {
	returned := make(chan struct{}, 8)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	pack := miniPack(t, quizLesson)
	u := buildUI(a, a.NewWindow(""), testOptions(t, uiOptions{
		Packs: []*courses.Pack{pack}, Tr: i18n.New(language.French),
		ReturnMemory: func() { returned <- struct{}{} },
	}))
	svc := openSearchService(filepath.Join(t.TempDir(), "search"))
	u.attachSearch(svc) // as the window does
	t.Cleanup(func() { u.StopSearch() })
	svc.Sync(u.opts.Packs)
	select {
	case <-returned:
	case <-time.After(20 * time.Second):
		t.Fatal("the index was built and no memory was given back")
	}
	if svc.Status() != searchReady {
		t.Fatalf("memory given back while the index says %v", svc.Status())
	}
}

func TestLeavingALessonWithAPictureReturnsItsMemory(t *testing.T) {
	returned := make(chan struct{}, 8)
	a := test.NewApp()
	t.Cleanup(a.Quit)
	w := a.NewWindow("")
	w.Resize(defaultWindowSize)
	pack := loadStarter(t)
	u := buildUI(a, w, testOptions(t, uiOptions{
		Packs: []*courses.Pack{pack}, Tr: i18n.New(language.French),
		Now:          func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) },
		ReturnMemory: func() { returned <- struct{}{} },
	}))
	u.ShowHome()
	if len(returned) != 0 {
		t.Fatal("memory was returned before any picture was drawn")
	}
	u.openMeasuredLesson()
	if u.pictures.bytes == 0 {
		t.Fatal("the lesson drew no picture")
	}
	u.ShowHome()
	<-returned // the lesson's pictures were forgotten and their memory given back
	u.pictures.mu.Lock()
	held := u.pictures.bytes
	u.pictures.mu.Unlock()
	if held != 0 {
		t.Fatalf("the lesson's pictures (%d bytes) are still held on the home screen", held)
	}
}
