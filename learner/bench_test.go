package learner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"declic/courses"
)

func TestMain(m *testing.M) {
	if role := os.Getenv(envChildRole); role != "" {
		runChild(role) // a child of the crash tests: it never returns
	}
	code := m.Run()
	if historyDir != "" {
		os.RemoveAll(historyDir)
	}
	os.Exit(code)
}

// reportPercentiles adds p50 and p95 of the measured calls, in microseconds.
func reportPercentiles(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	at := func(q float64) float64 {
		return float64(d[int(q*float64(len(d)-1))].Nanoseconds()) / 1e3
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.95), "p95-µs")
}

// BenchmarkRecordEvent is what the UI pays per event: Recorder.Record on the UI
// goroutine. The writes themselves happen on the recorder's goroutine.
func BenchmarkRecordEvent(b *testing.B) {
	s := openTemp(b)
	p := mustProfile(b, s, "Marie")
	r := s.NewRecorder(RecorderOptions{})
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := Attempt{ProfileID: p.ID, PackID: "declic-starter", ModuleID: "02-la-souris", LessonID: "01-tenir-la-souris",
			Step: i % 9, Kind: "quiz", Score: 1, Passed: true, Duration: 4 * time.Second, Answer: "Le bouton gauche"}
		t0 := time.Now()
		if err := r.Record(e); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	if err := r.Close(); err != nil { // all of them durable before we stop the clock
		b.Fatal(err)
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkRecordEventDurable is one event written and fsynced (synchronous=FULL)
// in its own transaction: the worst case, the latency of an acknowledgement when
// events arrive one at a time.
func BenchmarkRecordEventDurable(b *testing.B) {
	s := openTemp(b)
	p := mustProfile(b, s, "Marie")
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := s.Record(ctx, StepView{ProfileID: p.ID, PackID: "declic-starter", ModuleID: "02-la-souris",
			LessonID: "01-tenir-la-souris", Step: i % 9}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// historyDir holds a database with three years of daily use, built once per run.
var (
	historyOnce    sync.Once
	historyDir     string
	historyProfile string
	historyEvents  int
	historyErr     error
	historyModules []ModuleInfo
)

// buildHistory simulates 3 years of daily use by one learner: each day about 30
// minutes in one module, with ~50 screens seen, ~15 activity attempts and 25
// active-time spans (one a minute or so), and a module completed every ~10 days
// across 3 packs of 12 modules — about 98 000 events.
func buildHistory() {
	historyDir, historyErr = os.MkdirTemp("", "learner-bench-*")
	if historyErr != nil {
		return
	}
	s, err := Open(filepath.Join(historyDir, "learner.db"))
	if err != nil {
		historyErr = err
		return
	}
	defer s.Close()
	p, err := s.CreateProfile(ctx, NewProfile{FirstName: "Marie", Avatar: "chat"})
	if err != nil {
		historyErr = err
		return
	}
	historyProfile = p.ID
	levels := []courses.Level{courses.Beginner, courses.Intermediate, courses.Advanced}
	for pack := 0; pack < 3; pack++ {
		for m := 0; m < 12; m++ {
			historyModules = append(historyModules, ModuleInfo{
				PackID: fmt.Sprintf("pack-%d", pack), ModuleID: fmt.Sprintf("%02d-module-%d", m+1, m+1),
				Title: fmt.Sprintf("Module %d", m+1), Level: levels[m/4],
				Competencies: []string{fmt.Sprintf("%d.%d", m%5+1, m%3+1), "socle.base"}, Hours: 1.5,
			})
		}
	}
	start := time.Date(2023, 11, 23, 9, 0, 0, 0, time.UTC)
	for day := 0; day < 3*365; day++ {
		m := historyModules[(day/10)%len(historyModules)]
		at := start.Add(time.Duration(day) * 24 * time.Hour)
		var events []Event
		for i := 0; i < 50; i++ {
			events = append(events, StepView{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID,
				LessonID: fmt.Sprintf("%02d-lecon", i/10+1), Step: i % 10, At: at.Add(time.Duration(i) * 30 * time.Second)})
		}
		for i := 0; i < 15; i++ {
			events = append(events, Attempt{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID,
				LessonID: fmt.Sprintf("%02d-lecon", i/3+1), Step: i % 10, Kind: []string{"quiz", "mouse", "keyboard"}[i%3],
				Score: float64(i%5) / 4, Passed: i%5 >= 3, Duration: 20 * time.Second, Answer: "a choisi la réponse B",
				At: at.Add(time.Duration(i) * 100 * time.Second)})
		}
		for i := 0; i < 25; i++ {
			t0 := at.Add(time.Duration(i) * 72 * time.Second)
			events = append(events, ActiveSpan{ProfileID: p.ID, PackID: m.PackID, ModuleID: m.ModuleID,
				Start: t0, End: t0.Add(72 * time.Second), Active: 60 * time.Second})
		}
		if day%10 == 9 {
			events = append(events, Completion{ProfileID: p.ID, PackID: m.PackID, PackVersion: "1.0.0",
				ModuleID: m.ModuleID, ModuleTitle: m.Title, Level: m.Level, Competencies: m.Competencies,
				Hours: m.Hours, FinalScore: 0.9, Mastered: true, At: at.Add(30 * time.Minute)})
		}
		if err := s.Record(ctx, events...); err != nil {
			historyErr = err
			return
		}
		historyEvents += len(events)
	}
}

// BenchmarkOpenProfileSummary is "Mon parcours" after 3 years of daily use
// (~98 000 events): one Summary call over 36 modules. It also reports the size of
// the database file for that history, and the time to open the file (with its
// quick_check) plus the summary, as the app does at start-up.
func BenchmarkOpenProfileSummary(b *testing.B) {
	historyOnce.Do(buildHistory)
	if historyErr != nil {
		b.Fatal(historyErr)
	}
	path := filepath.Join(historyDir, "learner.db")
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum, err := s.Summary(ctx, historyProfile, historyModules, SummaryOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Done == 0 || sum.Active == 0 {
			b.Fatalf("summary of the history is empty: %+v", sum)
		}
	}
	b.StopTimer()
	s.Close()

	size := int64(0)
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(path + suffix); err == nil {
			size += st.Size()
		}
	}
	b.ReportMetric(float64(size)/1e6, "db-MB")
	b.ReportMetric(float64(historyEvents), "events")

	t0 := time.Now()
	s2, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s2.Summary(ctx, historyProfile, historyModules, SummaryOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1e3, "open+summary-ms")
	s2.Close()
}

// BenchmarkOpenHistory opens the 3-year database as the app does at start-up:
// with PRAGMA quick_check (the default) and, for comparison, without.
func BenchmarkOpenHistory(b *testing.B) {
	historyOnce.Do(buildHistory)
	if historyErr != nil {
		b.Fatal(historyErr)
	}
	for _, skip := range []bool{false, true} {
		b.Run(fmt.Sprintf("skipcheck=%v", skip), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s, err := Open(filepath.Join(historyDir, "learner.db"), Options{SkipCheck: skip})
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
		})
	}
}

// BenchmarkExportHistory exports the 3-year history as JSON.
func BenchmarkExportHistory(b *testing.B) {
	historyOnce.Do(buildHistory)
	if historyErr != nil {
		b.Fatal(historyErr)
	}
	s, err := Open(filepath.Join(historyDir, "learner.db"), Options{SkipCheck: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var n countingWriter
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n = 0
		if err := s.Export(ctx, historyProfile, &n); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n)/1e6, "json-MB")
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkProfileFileHistory saves the 3-year history as a profile file (sealing the
// key with a PIN, scrypt included) and reports the file's size; then
// BenchmarkImportProfileHistory reads it on a fresh PC and on the same PC (a merge
// where every event is already there).
func BenchmarkProfileFileHistory(b *testing.B) {
	s, data := historyProfileFile(b)
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if data, err = s.ProfileFile(ctx, historyProfile, Secret{PIN: "4821"}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(data))/1e6, "file-MB")
}

func BenchmarkImportProfileHistory(b *testing.B) {
	s, data := historyProfileFile(b)
	defer s.Close()
	for _, into := range []string{"fresh", "merge"} {
		b.Run(into, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				target := s
				if into == "fresh" {
					var err error
					if target, err = Open(filepath.Join(b.TempDir(), "learner.db")); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				pp, err := ParseProfileFile(data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := target.ImportProfile(ctx, pp, Secret{PIN: "4821"}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if into == "fresh" {
					target.Close()
				}
				b.StartTimer()
			}
		})
	}
}

// historyProfileFile opens the 3-year history with a PIN set and saves its profile file.
func historyProfileFile(b *testing.B) (*Store, []byte) {
	historyOnce.Do(buildHistory)
	if historyErr != nil {
		b.Fatal(historyErr)
	}
	s, err := Open(filepath.Join(historyDir, "learner.db"), Options{SkipCheck: true})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SetPIN(ctx, historyProfile, "4821"); err != nil {
		b.Fatal(err)
	}
	data, err := s.ProfileFile(ctx, historyProfile, Secret{PIN: "4821"})
	if err != nil {
		b.Fatal(err)
	}
	return s, data
}

// BenchmarkWrongPINOnAProfileFile is what one guess costs someone who has a profile
// file and tries PINs: one scrypt derivation (N=2^15, r=8) and a failed decryption.
func BenchmarkWrongPINOnAProfileFile(b *testing.B) {
	s := openTemp(b)
	p := mustProfile(b, s, "Marie")
	if err := s.SetPIN(ctx, p.ID, "4821"); err != nil {
		b.Fatal(err)
	}
	data, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "4821"})
	if err != nil {
		b.Fatal(err)
	}
	pp, err := ParseProfileFile(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := pp.Open(Secret{PIN: "0000"}); !errors.Is(err, ErrWrongSecret) {
			b.Fatal(err)
		}
	}
}
