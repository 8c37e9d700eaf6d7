package learner

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestTheWaitGrowsFrom30SecondsAndStopsAt15Minutes(t *testing.T) {
	for failures, want := range map[int]time.Duration{
		0: 0, 1: 0, 2: 0,
		3: 30 * time.Second, 4: time.Minute, 5: 2 * time.Minute, 6: 4 * time.Minute, 7: 8 * time.Minute,
		8: 15 * time.Minute, 9: 15 * time.Minute, 1000: 15 * time.Minute,
	} {
		if got := UnlockWait(failures); got != want {
			t.Errorf("UnlockWait(%d) = %v, want %v", failures, got, want)
		}
	}
}

// lockedFor returns the wait of a *LockedError, or fails.
func lockedFor(t *testing.T, err error) time.Duration {
	t.Helper()
	var locked *LockedError
	if !errors.As(err, &locked) || !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want a *LockedError", err)
	}
	return locked.Wait
}

func TestThreeWrongPINsImposeAWaitDuringWhichEvenTheRightPINIsRefused(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	if err := s.SetPIN(ctx, p.ID, "4821"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		if ok, err := s.CheckPIN(ctx, p.ID, "0000"); ok || err != nil {
			t.Fatalf("wrong try %d: %v, %v; want false, nil", i, ok, err)
		}
	}
	ok, err := s.CheckPIN(ctx, p.ID, "0000")
	if ok || lockedFor(t, err) != 30*time.Second {
		t.Fatalf("third wrong try: %v, %v; want a 30 s wait", ok, err)
	}
	clock.advance(10 * time.Second)
	ok, err = s.CheckPIN(ctx, p.ID, "4821")
	if ok || lockedFor(t, err) != 20*time.Second {
		t.Fatalf("the right PIN during the wait: %v, %v; want refused, 20 s left", ok, err)
	}
	if wait, err := s.WaitBeforeUnlock(ctx, p.ID); err != nil || wait != 20*time.Second {
		t.Fatalf("WaitBeforeUnlock = %v, %v; want 20 s", wait, err)
	}
	clock.advance(20 * time.Second)
	if wait, _ := s.WaitBeforeUnlock(ctx, p.ID); wait != 0 {
		t.Fatalf("after the wait, WaitBeforeUnlock = %v", wait)
	}
	ok, err = s.CheckPIN(ctx, p.ID, "1111")
	if ok || lockedFor(t, err) != time.Minute {
		t.Fatalf("fourth wrong try: %v, %v; want a 1 min wait", ok, err)
	}
	clock.advance(time.Minute)
	if ok, err := s.CheckPIN(ctx, p.ID, "4821"); !ok || err != nil {
		t.Fatalf("the right PIN after the wait: %v, %v", ok, err)
	}
	// The right PIN starts the count again: two free wrong tries.
	for i := 1; i <= 2; i++ {
		if ok, err := s.CheckPIN(ctx, p.ID, "0000"); ok || err != nil {
			t.Fatalf("wrong try %d after a success: %v, %v", i, ok, err)
		}
	}
}

func TestPINAndPicturesShareOneCount(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	if err := s.SetPIN(ctx, p.ID, "4821"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPicturePassword(ctx, p.ID, []int{3, 11, 0}); err != nil {
		t.Fatal(err)
	}
	s.CheckPIN(ctx, p.ID, "0000")
	s.CheckPicturePassword(ctx, p.ID, []int{1, 2, 3})
	_, err := s.CheckPicturePassword(ctx, p.ID, []int{5, 5, 5}) // badly formed: wrong too
	lockedFor(t, err)
	if ok, err := s.CheckPicturePassword(ctx, p.ID, []int{3, 11, 0}); ok || !errors.Is(err, ErrLocked) {
		t.Fatalf("switching to pictures must not escape the wait: %v, %v", ok, err)
	}
}

func TestTheWaitSurvivesClosingTheApp(t *testing.T) {
	clock := newFakeClock()
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	p := mustProfile(t, s, "Marie")
	s.SetPIN(ctx, p.ID, "4821")
	for range 5 { // 3rd: 30 s; after it, the 4th and 5th tries are refused unseen
		s.CheckPIN(ctx, p.ID, "0000")
	}
	s.Close()
	clock.advance(5 * time.Second)
	s, err = Open(path, Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if wait, err := s.WaitBeforeUnlock(ctx, p.ID); err != nil || wait != 25*time.Second {
		t.Fatalf("after a restart, WaitBeforeUnlock = %v, %v; want 25 s", wait, err)
	}
	if _, err := s.CheckPIN(ctx, p.ID, "4821"); lockedFor(t, err) != 25*time.Second {
		t.Fatal("a restart cleared the wait")
	}
}

func TestTriesRefusedDuringAWaitDoNotMakeItLonger(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	s.SetPIN(ctx, p.ID, "4821")
	for range 3 {
		s.CheckPIN(ctx, p.ID, "0000")
	}
	for range 50 {
		s.CheckPIN(ctx, p.ID, "0000")
	}
	if wait, _ := s.WaitBeforeUnlock(ctx, p.ID); wait != 30*time.Second {
		t.Fatalf("tries during the wait changed it to %v", wait)
	}
}

func TestAClockSetBackCannotMakeTheWaitLongerThanItsStep(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	s.SetPIN(ctx, p.ID, "4821")
	for range 3 {
		s.CheckPIN(ctx, p.ID, "0000")
	}
	clock.advance(-48 * time.Hour)
	if wait, _ := s.WaitBeforeUnlock(ctx, p.ID); wait != 30*time.Second {
		t.Fatalf("with the clock set back two days the wait is %v, want at most 30 s", wait)
	}
}

func TestTwoProfilesHaveTheirOwnCount(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	marie := mustProfile(t, s, "Marie")
	ahmed := mustProfile(t, s, "Ahmed")
	s.SetPIN(ctx, marie.ID, "4821")
	s.SetPIN(ctx, ahmed.ID, "1234")
	for range 3 {
		s.CheckPIN(ctx, marie.ID, "0000")
	}
	if ok, err := s.CheckPIN(ctx, ahmed.ID, "1234"); !ok || err != nil {
		t.Fatalf("Marie's wrong tries locked Ahmed out: %v, %v", ok, err)
	}
}

func TestAnUnknownProfileHasNoWaitButAnError(t *testing.T) {
	s := openTemp(t)
	if _, err := s.WaitBeforeUnlock(ctx, "nobody"); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("WaitBeforeUnlock(unknown) = %v", err)
	}
	if _, err := s.CheckPIN(ctx, "nobody", "1234"); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("CheckPIN(unknown) = %v", err)
	}
	if _, err := s.CheckPicturePassword(ctx, "nobody", []int{1}); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("CheckPicturePassword(unknown, bad guess) = %v", err)
	}
}
