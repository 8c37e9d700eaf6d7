package app

import (
	"context"
	"errors"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/learner"
	"declic/plugins/view"
)

// waitTicker is how often the wait screen counts down. A variable: the tests slow it
// to a day and drive the countdown through TickUnlockWait with their own clock.
var waitTicker = time.Second

// showUnlockWait is the screen after too many wrong PINs or picture passwords: it says
// in plain words why Déclic waits and how long, counts down, and offers « Essayer
// encore » once the wait is over. The wait itself is kept by the learner store, so
// leaving this screen or restarting Déclic does not shorten it.
func (u *ui) showUnlockWait(wait time.Duration, retry, back func()) {
	tr := u.tr
	until := u.opts.Now().Add(wait)
	left := bold("")
	again := view.NewPushButton(tr.T("learner.wait.retry"), theme.ViewRefreshIcon(), retry)
	again.Importance = widget.HighImportance
	again.Disable()
	backBtn := view.NewPushButton(tr.T("nav.back"), theme.NavigateBackIcon(), back)
	screen := container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, sized(widget.NewIcon(theme.WarningIcon()), 48, 48), nil, heading(tr.T("learner.wait.title"))),
		wrapped(tr.T("learner.wait.why")),
		wrapped(tr.T("learner.wait.protect")),
		left,
		container.NewHBox(again, backBtn),
	))
	tick := func() bool {
		remaining := until.Sub(u.opts.Now())
		if remaining <= 0 {
			left.SetText(tr.T("learner.wait.over"))
			again.Enable()
			return false
		}
		left.SetText(tr.T("learner.wait.now", map[string]any{"Time": u.waitText(remaining)}))
		return true
	}
	tick()
	u.show(screen)
	u.escapeTo(back, nil)
	u.unlockTick = func() {
		if len(u.body.Objects) == 1 && u.body.Objects[0] == screen {
			tick()
		}
	}
	go func() {
		t := time.NewTicker(waitTicker)
		defer t.Stop()
		for range t.C {
			going := true
			fyne.DoAndWait(func() {
				if len(u.body.Objects) != 1 || u.body.Objects[0] != screen {
					going = false // another screen is shown: stop counting
					return
				}
				going = tick()
			})
			if !going {
				return
			}
		}
	}()
}

// TickUnlockWait updates the wait screen now (tests move their clock, then call it).
func (u *ui) TickUnlockWait() {
	if u.unlockTick != nil {
		u.unlockTick()
	}
}

// waitText says a wait the way people say it: « 30 secondes », « 4 minutes »,
// rounded up so the learner never tries a moment too soon.
func (u *ui) waitText(d time.Duration) string {
	secs := int(math.Ceil(d.Seconds()))
	if secs < 60 {
		return u.tr.N("learner.wait.seconds", secs)
	}
	return u.tr.N("learner.wait.minutes", (secs+59)/60)
}

// unlockWaiting shows the wait screen instead of a lock screen when the profile must
// still wait, and says whether it did.
func (u *ui) unlockWaiting(p learner.Profile, retry func()) bool {
	return u.unlockWaitingThen(p, retry, u.profiles.ShowProfiles)
}

// unlockWaitingThen is unlockWaiting whose « Retour » goes to back.
func (u *ui) unlockWaitingThen(p learner.Profile, retry, back func()) bool {
	wait, err := u.store.WaitBeforeUnlock(context.Background(), p.ID)
	if err != nil {
		u.storeFailed(err)
		return true
	}
	if wait <= 0 {
		return false
	}
	u.showUnlockWait(wait, retry, back)
	return true
}

// lockedOut reports whether err says the profile must wait, and shows the wait
// screen if so.
func (u *ui) lockedOut(err error, retry, back func()) bool {
	var locked *learner.LockedError
	if !errors.As(err, &locked) {
		return false
	}
	u.showUnlockWait(locked.Wait, retry, back)
	return true
}
