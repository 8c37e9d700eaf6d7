package clocktest

import (
	"testing"
	"time"
)

func TestTheShiftMovesTheClock(t *testing.T) {
	t.Setenv(ShiftVariable, "")
	still := Now()
	t.Setenv(ShiftVariable, "8760h")
	if got := Now().Sub(still); got != 8760*time.Hour {
		t.Fatalf("a shift of 8760h moved the clock by %v", got)
	}
}

func TestABadShiftPanicsWithItsName(t *testing.T) {
	t.Setenv(ShiftVariable, "un an")
	defer func() {
		msg, _ := recover().(string)
		if msg == "" {
			t.Fatal("a shift that is not a duration was accepted")
		}
	}()
	Now()
}

func TestMonthOfGivesTheFirstAndLastDays(t *testing.T) {
	for _, tc := range []struct {
		at          time.Time
		first, last string
	}{
		{time.Date(2027, 2, 14, 9, 0, 0, 0, time.UTC), "2027-02-01", "2027-02-28"},
		{time.Date(2028, 2, 29, 9, 0, 0, 0, time.UTC), "2028-02-01", "2028-02-29"},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "2026-12-01", "2026-12-31"},
	} {
		if first, last := MonthOf(tc.at); first != tc.first || last != tc.last {
			t.Errorf("MonthOf(%s) = %s, %s; want %s, %s", tc.at, first, last, tc.first, tc.last)
		}
	}
}
