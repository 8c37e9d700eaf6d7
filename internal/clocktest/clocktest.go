// Package clocktest gives tests one instant to take as "now", so that no test depends on
// the day it runs. CI runs the suite a second time with DECLIC_TEST_CLOCK_SHIFT set (for
// example 8760h, a year) to prove that every date a test uses is relative to this clock.
package clocktest

import (
	"fmt"
	"os"
	"time"
)

// ShiftVariable names the environment variable that moves the test clock: a Go duration
// such as 8760h or -48h. Only test helpers read it; the programs never do.
const ShiftVariable = "DECLIC_TEST_CLOCK_SHIFT"

// base is a Monday at noon UTC, so its date is the same in every time zone.
var base = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// Now returns the instant tests take as "now": a fixed Monday at noon UTC, moved by
// DECLIC_TEST_CLOCK_SHIFT. It panics on a shift that is not a Go duration, since a test
// run with a clock nobody asked for would prove nothing.
func Now() time.Time {
	return base.Add(Shift())
}

// Shift returns the duration read from DECLIC_TEST_CLOCK_SHIFT (zero when unset).
func Shift() time.Duration {
	v := os.Getenv(ShiftVariable)
	if v == "" {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		panic(fmt.Sprintf("%s=%q is not a Go duration (write 8760h for a year): %v", ShiftVariable, v, err))
	}
	return d
}

// MonthOf returns the first and last days of t's month, as the YYYY-MM-DD dates that
// report commands take.
func MonthOf(t time.Time) (first, last string) {
	start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	return start.Format(time.DateOnly), start.AddDate(0, 1, -1).Format(time.DateOnly)
}
