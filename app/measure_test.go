package app

import (
	"bytes"
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
	if mb, ok := residentMB(); !ok || mb <= 0 {
		t.Errorf("resident memory not read: %v %v", mb, ok)
	}
}
