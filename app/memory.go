package app

import (
	"runtime/debug"
	"sync"
)

// memoryReturn gives back to the system the memory Go keeps after a burst of work.
// Go keeps the heap pages it freed, to reuse them, and hands them back only slowly:
// after the start's background work (reading the other packs, building the search
// index) or once a lesson's pictures are forgotten, the window would go on holding
// tens of megabytes it no longer uses, on PCs that have little.
type memoryReturn struct {
	// release collects garbage and returns the free pages: debug.FreeOSMemory.
	release func()
	mu      sync.Mutex
	running bool // a release is under way: another asked meanwhile is not needed
	again   bool // asked while running: release once more when it ends
}

// newMemoryReturn returns a memoryReturn calling release; nil means
// debug.FreeOSMemory.
func newMemoryReturn(release func()) *memoryReturn {
	if release == nil {
		release = debug.FreeOSMemory
	}
	return &memoryReturn{release: release}
}

// soon returns the freed memory in the background (a full collection takes a few
// milliseconds, which the UI goroutine must not wait for). Requests made while one
// runs are joined into a single next one.
func (m *memoryReturn) soon() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.running {
		m.again = true
		return
	}
	m.running = true
	go m.run()
}

func (m *memoryReturn) run() {
	for {
		m.release()
		m.mu.Lock()
		if !m.again {
			m.running = false
			m.mu.Unlock()
			return
		}
		m.again = false
		m.mu.Unlock()
	}
}

// steadyGCPercent is the garbage collector's target (GOGC) once the first frame is
// drawn: the heap may grow by half of what is alive before a collection, instead
// of Go's default of all of it. Measured with --measure-memory on a lesson: 6 MB
// less resident memory for a few more milliseconds of collection; the start keeps
// Go's default, for its first frame comes sooner (docs/benchmarks.md, « Memory »).
const steadyGCPercent = 50

// tightenGC sets the garbage collector's target to steadyGCPercent, unless the
// environment (getenv("GOGC")) chose one; it reports whether it did.
func tightenGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(steadyGCPercent)
	return true
}
