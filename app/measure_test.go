package app

import (
	"bytes"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestStartTicksReadsField22EvenWithSpacesInTheName(t *testing.T) {
	stat := "4242 (declic (beta) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 3 0 98765 1000 200"
	got, ok := startTicks(stat)
	if !ok || got != 98765 {
		t.Fatalf("startTicks = %d, %v; want 98765", got, ok)
	}
	if _, ok := startTicks("garbage"); ok {
		t.Error("garbage must not parse")
	}
}

func TestProcessStartIsInThePastAndCloseToNow(t *testing.T) {
	now := time.Now()
	start := processStart(now)
	if start.After(now) || now.Sub(start) > 10*time.Minute {
		t.Errorf("process start %v is not plausible (now %v)", start, now)
	}
}

func TestFirstFrameProbeFiresOnceWhenDrawn(t *testing.T) {
	calls := 0
	probe := firstFrameProbe(func() { calls++ })
	w := test.NewWindow(probe)
	defer w.Close()
	w.Canvas().Capture()
	w.Canvas().Capture()
	if calls != 1 {
		t.Errorf("probe fired %d times, want once", calls)
	}
	var out bytes.Buffer
	start := time.Now()
	reportStartup(&out, start, start.Add(812*time.Millisecond))
	if out.String() != "startup-ms 812\n" {
		t.Errorf("report = %q", out.String())
	}
	if smaps, err := os.ReadFile("/proc/self/smaps"); err == nil {
		if r := splitResident(string(smaps)); r.total <= 0 || r.own() <= 0 {
			t.Errorf("resident memory not read: %+v", r)
		}
	}
	if runtime.GOOS == "linux" && processCPU() <= 0 {
		t.Error("the process's CPU time is not read")
	}
}

func TestResidentMemoryLeavesTheSoftwareRendererOut(t *testing.T) {
	smaps := `55d0c0000000-55d0c2000000 r-xp 00000000 08:01 123 /usr/bin/declic
Size:              32768 kB
Rss:               30000 kB
7f0000000000-7f0003000000 r-xp 00000000 08:01 456 /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1
Size:              50000 kB
Rss:               50000 kB
7f1000000000-7f1000800000 r-xp 00000000 08:01 789 /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so
Rss:                8000 kB
7f2000000000-7f2001000000 rw-p 00000000 00:00 0 
Rss:               12000 kB
VmFlags: rd wr mr mw me ac sd
`
	r := splitResident(smaps)
	want := residentSplit{total: 100000 * 1024 / 1e6, renderer: 58000 * 1024 / 1e6}
	if r != want || r.own() != float64(100000-58000)*1024/1e6 {
		t.Fatalf("split %+v (own %.1f MB), want %+v", r, r.own(), want)
	}
}

func TestStartupMarksArePrintedFromTheProcessStart(t *testing.T) {
	start := time.Now().Add(-50 * time.Millisecond)
	m := newStartupMarks(start)
	m.mark("window")
	done := make(chan struct{})
	go func() { m.wait("learner-screen", 5*time.Second); close(done) }()
	time.Sleep(10 * time.Millisecond)
	m.mark("learner-screen")
	<-done
	m.wait("window", time.Second) // already reached: returns at once
	var out bytes.Buffer
	m.report(&out)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "phase-ms window ") || !strings.HasPrefix(lines[1], "phase-ms learner-screen ") {
		t.Fatalf("report:\n%s", out.String())
	}
	var nilMarks *startupMarks
	nilMarks.mark("nothing") // not measuring: no effect, no panic
}

func TestDrawProbeReportsTheFrameAfterItIsArmed(t *testing.T) {
	p := newDrawProbe()
	w := test.NewWindow(p.raster)
	defer w.Close()
	w.Canvas().Capture()
	select {
	case <-p.drawn:
		t.Fatal("a frame drawn before arming was reported")
	default:
	}
	p.arm()
	w.Canvas().Capture()
	select {
	case <-p.drawn:
	case <-time.After(time.Second):
		t.Fatal("the frame after arming was not reported")
	}
}
