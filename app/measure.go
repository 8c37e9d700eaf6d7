package app

import (
	"fmt"
	"image/color"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
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

// residentMB reads the resident memory of this process from /proc (Linux), in MB.
func residentMB() (float64, bool) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, err := strconv.ParseFloat(f[1], 64)
				return kb / 1024, err == nil
			}
		}
	}
	return 0, false
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
