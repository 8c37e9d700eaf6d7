package app

import (
	"sync"
	"testing"

	"declic/attest"
)

// plugged is each test's USB sticks (plug, stick, stickAt): the test UIs list them
// as their removable drives, so no test sees the machine's own.
var plugged sync.Map // testing.TB → []attest.Drive

// testOptions gives o the test's USB sticks as its removable drives.
func testOptions(tb testing.TB, o uiOptions) uiOptions {
	if o.Drives == nil {
		o.Drives = func() []attest.Drive {
			drives, _ := plugged.Load(tb)
			list, _ := drives.([]attest.Drive)
			return list
		}
	}
	return o
}

// plug makes drives the USB sticks plugged in for this test (none when empty).
func plug(tb testing.TB, drives ...attest.Drive) {
	plugged.Store(tb, drives)
	tb.Cleanup(func() { plugged.Delete(tb) })
}
