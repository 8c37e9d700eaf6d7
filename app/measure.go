package app

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// firstFrameProbe is a one-pixel, fully transparent raster. Fyne calls a raster's
// generator only when the painter actually draws it, so its first call marks the
// first frame on screen — the moment a learner sees the app.
func firstFrameProbe(onFirstFrame func()) fyne.CanvasObject {
	var once sync.Once
	r := canvas.NewRasterWithPixels(func(_, _, _, _ int) color.Color {
		once.Do(onFirstFrame)
		return color.Transparent
	})
	r.SetMinSize(fyne.NewSize(1, 1))
	return r
}

// processStart returns when this process started, read from /proc on Linux (so Go
// runtime and package initialisation count too); elsewhere, the time Run began.
func processStart(fallback time.Time) time.Time {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return fallback
	}
	uptime, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return fallback
	}
	started, ok := startTicks(string(stat))
	up, err := strconv.ParseFloat(strings.Fields(string(uptime))[0], 64)
	if !ok || err != nil {
		return fallback
	}
	// Linux reports start times in clock ticks of 1/100 s (USER_HZ) on every
	// architecture Déclic ships for.
	const userHz = 100
	age := time.Duration((up - float64(started)/userHz) * float64(time.Second))
	if age < 0 || age > time.Hour {
		return fallback
	}
	return time.Now().Add(-age)
}

// startTicks reads field 22 (starttime) of /proc/self/stat; the command name in
// field 2 may hold spaces, so fields are counted after its closing parenthesis.
func startTicks(stat string) (uint64, bool) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(stat[i+1:])
	// After ")" come field 3 (state) onwards: starttime is field 22, index 19 here.
	if len(fields) < 20 {
		return 0, false
	}
	v, err := strconv.ParseUint(fields[19], 10, 64)
	return v, err == nil
}

// residentSplit is the resident memory of this process split between the software
// OpenGL renderer (Mesa's llvmpipe: libLLVM and the swrast driver, which a PC with a
// GPU driver does not load) and the rest, Déclic's own share; in MB (10^6 bytes).
type residentSplit struct {
	total, renderer float64
}

// own is the resident memory without the software renderer's mappings.
func (r residentSplit) own() float64 { return r.total - r.renderer }

// rendererMapping tells the software renderer's libraries by their file name.
func rendererMapping(path string) bool {
	base := path[strings.LastIndexByte(path, '/')+1:]
	return strings.HasPrefix(base, "libLLVM") || strings.Contains(base, "swrast_dri") || strings.HasPrefix(base, "libgallium")
}

// splitResident reads a /proc/PID/smaps text: each mapping's header line ends with
// its file (if any), and its "Rss:" line gives its resident kB.
func splitResident(smaps string) residentSplit {
	var totalKB, rendererKB int64
	renderer := false
	for _, line := range strings.Split(smaps, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":"):
			renderer = len(f) >= 6 && rendererMapping(f[5])
		case len(f) >= 2 && f[0] == "Rss:":
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				continue
			}
			totalKB += kb
			if renderer {
				rendererKB += kb
			}
		}
	}
	return residentSplit{total: float64(totalKB) * 1024 / 1e6, renderer: float64(rendererKB) * 1024 / 1e6}
}

// writeHeapProfile saves a heap profile to path (for go tool pprof) when path is
// set: make bench uses it to see what holds memory on a lesson screen.
func writeHeapProfile(path string) {
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "declic: heap profile:", err)
		return
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "declic: heap profile:", err)
	}
}

// reportStartup writes the figure make bench reads: "startup-ms N".
func reportStartup(w io.Writer, start, firstFrame time.Time) {
	fmt.Fprintf(w, "startup-ms %d\n", firstFrame.Sub(start).Milliseconds())
}

// startupMarks notes when each phase of start-up ends, for --measure-startup (which
// prints them) and for a runtime/trace of the start (DECLIC_TRACE=file), where each
// mark is a log line of the "startup" category.
type startupMarks struct {
	mu    sync.Mutex
	start time.Time
	ctx   context.Context
	names []string
	at    []time.Time
	cpu   []time.Duration // the process's CPU time at each mark
	// waiting is the mark the measurement waits for before it prints and quits.
	waiting string
	reached chan struct{}
}

func newStartupMarks(start time.Time) *startupMarks {
	return &startupMarks{start: start, ctx: context.Background(), reached: make(chan struct{})}
}

// mark notes that phase name ended now; m may be nil (not measuring).
func (m *startupMarks) mark(name string) {
	if m == nil {
		return
	}
	trace.Log(m.ctx, "startup", name)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.names = append(m.names, name)
	m.at = append(m.at, time.Now())
	m.cpu = append(m.cpu, processCPU())
	if name == m.waiting {
		close(m.reached)
	}
}

// wait returns once phase name has ended, or after timeout.
func (m *startupMarks) wait(name string, timeout time.Duration) {
	m.mu.Lock()
	if slices.Contains(m.names, name) {
		m.mu.Unlock()
		return
	}
	m.waiting = name
	m.mu.Unlock()
	select {
	case <-m.reached:
	case <-time.After(timeout):
	}
}

// report writes "phase-ms NAME N cpu-ms C" for each mark, N counted from the process
// start, C the process's CPU time then (all threads): on a busy machine the wall
// clock says more about the other work than about Déclic.
func (m *startupMarks) report(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, name := range m.names {
		fmt.Fprintf(w, "phase-ms %s %d cpu-ms %d\n", name, m.at[i].Sub(m.start).Milliseconds(), m.cpu[i].Milliseconds())
	}
}

// startTrace starts a runtime/trace into path when it is set; the returned function
// stops it.
func startTrace(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "declic: trace:", err)
		return func() {}
	}
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, "declic: trace:", err)
		f.Close()
		return func() {}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			trace.Stop()
			f.Close()
		})
	}
}

// drawProbe is a one-pixel, transparent raster that reports each frame in which it is
// drawn again after a refresh: refreshing it along with a change of the screen tells
// when that change reached the screen.
type drawProbe struct {
	raster *canvas.Raster
	mu     sync.Mutex
	armed  bool
	drawn  chan time.Time
}

func newDrawProbe() *drawProbe {
	p := &drawProbe{drawn: make(chan time.Time, 1)}
	p.raster = canvas.NewRasterWithPixels(func(_, _, _, _ int) color.Color {
		p.mu.Lock()
		if p.armed {
			p.armed = false
			select {
			case p.drawn <- time.Now():
			default:
			}
		}
		p.mu.Unlock()
		return color.Transparent
	})
	p.raster.SetMinSize(fyne.NewSize(1, 1))
	p.raster.Resize(fyne.NewSize(1, 1))
	return p
}

// arm asks for the time of the next frame that draws the probe (UI goroutine).
func (p *drawProbe) arm() {
	p.mu.Lock()
	p.armed = true
	select { // a report nobody waited for is stale
	case <-p.drawn:
	default:
	}
	p.mu.Unlock()
	p.raster.Refresh()
}

// searchQueries are typed letter by letter by --measure-search: words of the starter
// pack, a phrase, and a word found nowhere.
var searchQueries = []string{"souris", "clavier", "courriel", "mot de passe", "arnaque", "wxqzt"}

// searchKeyPause is the time between two keys: a learner's slow typing.
const searchKeyPause = 400 * time.Millisecond

// waitSearchReady returns once the search index answers, or after timeout.
func (u *ui) waitSearchReady(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for u.search.svc.Status() != searchReady {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// measureSearch types searchQueries into the search field once the index is ready,
// and for every key from the third letter on notes the time until the frame that
// shows that text's answer is drawn; it then prints the samples and quits.
func (u *ui) measureSearch(probe *drawProbe, quit func()) {
	s := u.search
	if !u.waitSearchReady(2 * time.Minute) {
		fmt.Println("search-error index not ready")
		quit()
		return
	}
	answered := make(chan string, 8)
	fyne.Do(func() {
		s.onAnswerShown = func(text string) {
			probe.arm()
			select {
			case answered <- text:
			default: // nobody waits for it: an answer to an earlier text
			}
		}
	})
	var samples []searchSample
	for _, q := range searchQueries {
		fyne.Do(func() {
			s.entry.SetText("")
			u.win.Canvas().Focus(s.entry)
		})
		time.Sleep(searchKeyPause)
		typed := ""
		for _, r := range q {
			typed += string(r)
			text := typed
			pressed, cpu := time.Now(), processCPU()
			fyne.Do(func() { s.entry.TypedRune(r) })
			if letters(text) >= searchMinLetters {
				wall := waitAnswerDrawn(answered, probe, text, pressed)
				samples = append(samples, searchSample{text: text, wall: wall, cpu: processCPU() - cpu})
			}
			time.Sleep(time.Until(pressed.Add(searchKeyPause)))
		}
	}
	for _, x := range samples {
		fmt.Printf("search-frame-ms %.1f cpu-ms %.1f text %q\n", float64(x.wall.Microseconds())/1000, float64(x.cpu.Microseconds())/1000, x.text)
	}
	quit()
}

// searchSample is one key of --measure-search: the text typed so far, the time until
// its answer was drawn, and the CPU time the process used meanwhile (all threads).
type searchSample struct {
	text      string
	wall, cpu time.Duration
}

// waitAnswerDrawn waits until the answer to text is shown and the frame showing it is
// drawn, and returns the time since the key was pressed (3 s when it never comes).
func waitAnswerDrawn(answered <-chan string, probe *drawProbe, text string, pressed time.Time) time.Duration {
	timeout := time.After(3 * time.Second)
	for {
		select {
		case got := <-answered:
			if got != text {
				continue // the answer to an earlier text
			}
			select {
			case at := <-probe.drawn:
				return at.Sub(pressed)
			case <-timeout:
				return 3 * time.Second
			}
		case <-timeout:
			return 3 * time.Second
		}
	}
}
