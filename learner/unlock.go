package learner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Wrong PINs and picture passwords are limited per profile, with a growing wait: a
// 4-digit PIN has 10 000 values and a picture password 1 320, so without a limit
// anyone at the PC could try them all in an afternoon. The first FreeUnlockTries wrong
// tries in a row cost nothing (people mistype); the next one imposes FirstUnlockWait,
// and each further wrong try doubles it, up to MaxUnlockWait: 30 s, 1 min, 2 min,
// 4 min, 8 min, then 15 min for every later one. A right answer starts the count
// again. The count and the end of the wait are stored in the profile's row, so quitting
// and restarting Déclic does not clear them, and PIN and pictures share them.
const (
	FreeUnlockTries = 2
	FirstUnlockWait = 30 * time.Second
	MaxUnlockWait   = 15 * time.Minute
)

// ErrLocked is what a *LockedError is: the profile refuses tries for a while.
var ErrLocked = errors.New("too many wrong tries: wait before trying again")

// LockedError says that a profile must wait before the next try, and how long.
type LockedError struct {
	// Wait is how long is left to wait, from the store's clock.
	Wait time.Duration
	// Failures is the count of wrong tries in a row.
	Failures int
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("learner: %v (%d wrong tries, %v left)", ErrLocked, e.Failures, e.Wait)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// UnlockWait returns the wait the n-th wrong try in a row imposes (0 for the free ones).
func UnlockWait(failures int) time.Duration {
	if failures <= FreeUnlockTries {
		return 0
	}
	wait := FirstUnlockWait
	for i := FreeUnlockTries + 1; i < failures && wait < MaxUnlockWait; i++ {
		wait *= 2
	}
	return min(wait, MaxUnlockWait)
}

// WaitBeforeUnlock returns how long the profile must still wait before a try is
// looked at: 0 when it may try now. The lock screens ask it before showing the pad.
func (s *Store) WaitBeforeUnlock(ctx context.Context, id string) (time.Duration, error) {
	var failures int
	var until int64
	err := s.db.QueryRowContext(ctx, "SELECT unlock_failures, unlock_wait_until FROM profiles WHERE id = ?", id).Scan(&failures, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("learner: profile %s: %w", id, ErrProfileNotFound)
	}
	if err != nil {
		return 0, s.classify("read unlock wait", err)
	}
	return remainingWait(until, failures, s.now()), nil
}

// remainingWait is the wait left at now before until. A clock set back cannot make
// it longer than the wait the failures impose.
func remainingWait(until int64, failures int, now time.Time) time.Duration {
	left := time.Duration(until-now.UnixMilli()) * time.Millisecond
	if left <= 0 {
		return 0
	}
	return min(left, UnlockWait(failures))
}

// checkSecret compares secret with the profile's hash in column, applying the limit
// on wrong tries, in one transaction so two windows count every try. wellFormed false
// means the guess cannot be right (a picture chosen twice): it is a wrong try.
func (s *Store) checkSecret(ctx context.Context, id, column, secret string, wellFormed bool) (bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.classify("check secret", err)
	}
	defer tx.Rollback()
	var h sql.NullString
	var failures int
	var until int64
	err = tx.QueryRowContext(ctx, "SELECT "+column+", unlock_failures, unlock_wait_until FROM profiles WHERE id = ?", id).
		Scan(&h, &failures, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("learner: profile %s: %w", id, ErrProfileNotFound)
	}
	if err != nil {
		return false, s.classify("check secret", err)
	}
	if !h.Valid {
		return true, nil
	}
	now := s.now()
	if wait := remainingWait(until, failures, now); wait > 0 {
		return false, &LockedError{Wait: wait, Failures: failures}
	}
	ok := false
	if wellFormed {
		if ok, err = verifySecret(h.String, secret); err != nil {
			return false, err
		}
	}
	if ok {
		failures, until = 0, 0
	} else {
		failures++
		until = 0
		if wait := UnlockWait(failures); wait > 0 {
			until = now.Add(wait).UnixMilli()
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE profiles SET unlock_failures = ?, unlock_wait_until = ? WHERE id = ?",
		failures, until, id); err != nil {
		return false, s.classify("count unlock tries", err)
	}
	if err := tx.Commit(); err != nil {
		return false, s.classify("count unlock tries", err)
	}
	if !ok && until != 0 {
		return false, &LockedError{Wait: UnlockWait(failures), Failures: failures}
	}
	return ok, nil
}
