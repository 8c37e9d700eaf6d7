package learner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"declic/courses"
)

// CompletedModule is a finished module as an attestation states it: the
// completion it rests on, and the learner's activity on the module up to it.
type CompletedModule struct {
	PackID, PackVersion         string
	ModuleID, ModuleTitle       string
	Level                       courses.Level
	Competencies                []string
	Hours                       float64
	FinalScore                  float64 // 0–1, of the completion attested
	Mastered                    bool
	CompletedAt                 time.Time // when the completion attested was recorded
	FirstActivity, LastActivity time.Time // bound every step view and active span counted
	// Active is the active time spent on the module in the spans begun up to
	// CompletedAt; it never exceeds LastActivity − FirstActivity.
	Active time.Duration
}

// CompletedModules lists the modules the profile finished, one per module, oldest
// first. The completion attested is the first one that reached the pass mark, or,
// for a module never mastered, the best one (the earliest of equal scores): a
// mastered module's attestation never changes afterwards.
func (s *Store) CompletedModules(ctx context.Context, profileID string) ([]CompletedModule, error) {
	key, err := s.profileKey(ctx, profileID)
	if err != nil {
		return nil, err
	}
	all, err := s.completionsOf(ctx, key)
	if err != nil {
		return nil, err
	}
	chosen := map[moduleKey]Completion{}
	var order []moduleKey
	for _, c := range all { // sorted by date
		k := moduleKey{c.PackID, c.ModuleID}
		prev, seen := chosen[k]
		switch {
		case !seen:
			order = append(order, k)
			chosen[k] = c.Completion
		case prev.Mastered:
			// The first mastery stays.
		case c.Mastered || c.FinalScore > prev.FinalScore:
			chosen[k] = c.Completion
		}
	}
	out := make([]CompletedModule, 0, len(order))
	for _, k := range order {
		c := chosen[k]
		m := CompletedModule{PackID: c.PackID, PackVersion: c.PackVersion, ModuleID: c.ModuleID,
			ModuleTitle: c.ModuleTitle, Level: c.Level, Competencies: c.Competencies, Hours: c.Hours,
			FinalScore: c.FinalScore, Mastered: c.Mastered, CompletedAt: c.At,
			FirstActivity: c.At, LastActivity: c.At}
		if err := s.activityBefore(ctx, key, &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	sortByCompletion(out)
	return out, nil
}

// activityBefore fills the activity window and active time of m from the step
// views and active spans of its module that began up to its completion.
func (s *Store) activityBefore(ctx context.Context, key int64, m *CompletedModule) error {
	at := m.CompletedAt.UnixMilli()
	var firstView sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(at) FROM step_views
		WHERE profile_key = ? AND pack_id = ? AND module_id = ? AND at <= ?`,
		key, m.PackID, m.ModuleID, at).Scan(&firstView); err != nil {
		return s.classify("read module activity", err)
	}
	var firstSpan, lastSpan, active sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(started_at), max(ended_at), sum(active_ms) FROM active_spans
		WHERE profile_key = ? AND pack_id = ? AND module_id = ? AND started_at <= ?`,
		key, m.PackID, m.ModuleID, at).Scan(&firstSpan, &lastSpan, &active); err != nil {
		return s.classify("read module activity", err)
	}
	for _, v := range []sql.NullInt64{firstView, firstSpan} {
		if v.Valid && v.Int64 < m.FirstActivity.UnixMilli() {
			m.FirstActivity = fromMillis(v.Int64)
		}
	}
	if lastSpan.Valid && lastSpan.Int64 > m.LastActivity.UnixMilli() {
		m.LastActivity = fromMillis(lastSpan.Int64)
	}
	if active.Valid {
		m.Active = time.Duration(active.Int64) * time.Millisecond
	}
	return nil
}

func sortByCompletion(mods []CompletedModule) {
	for i := 1; i < len(mods); i++ {
		for j := i; j > 0 && mods[j].CompletedAt.Before(mods[j-1].CompletedAt); j-- {
			mods[j], mods[j-1] = mods[j-1], mods[j]
		}
	}
}

// IssuedRecord is the id and signing time of the completion record handed out
// for one module of a profile.
type IssuedRecord struct {
	PackID, ModuleID string
	RecordID         string    // "urn:uuid:…"
	IssuedAt         time.Time // the credential's validFrom, to the second
}

// ErrInvalidRecord is returned for an IssuedRecord that cannot be stored.
var ErrInvalidRecord = errors.New("invalid issued record")

// IssuedRecordFor returns the record already issued for the profile's module, if
// any (found false otherwise).
func (s *Store) IssuedRecordFor(ctx context.Context, profileID, packID, moduleID string) (rec IssuedRecord, found bool, err error) {
	key, err := s.profileKey(ctx, profileID)
	if err != nil {
		return IssuedRecord{}, false, err
	}
	var at int64
	err = s.db.QueryRowContext(ctx, `SELECT record_id, issued_at FROM issued_records
		WHERE profile_key = ? AND pack_id = ? AND module_id = ?`, key, packID, moduleID).Scan(&rec.RecordID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return IssuedRecord{}, false, nil
	}
	if err != nil {
		return IssuedRecord{}, false, s.classify("read issued record", err)
	}
	rec.PackID, rec.ModuleID, rec.IssuedAt = packID, moduleID, fromMillis(at)
	return rec, true, nil
}

// KeepIssuedRecord stores want as the record of the profile's module unless one
// is stored already, and returns the stored one: the first id handed out stays
// the module's id for good, even when two windows issue at the same moment.
func (s *Store) KeepIssuedRecord(ctx context.Context, profileID string, want IssuedRecord) (IssuedRecord, error) {
	if strings.TrimSpace(want.PackID) == "" || strings.TrimSpace(want.ModuleID) == "" {
		return IssuedRecord{}, fmt.Errorf("learner: keep issued record: %w: empty pack or module id", ErrInvalidRecord)
	}
	id, ok := strings.CutPrefix(want.RecordID, "urn:uuid:")
	if _, err := uuid.Parse(id); !ok || err != nil {
		return IssuedRecord{}, fmt.Errorf("learner: keep issued record: %w: record id %q is not urn:uuid:…", ErrInvalidRecord, want.RecordID)
	}
	if want.IssuedAt.IsZero() {
		return IssuedRecord{}, fmt.Errorf("learner: keep issued record: %w: no issue time", ErrInvalidRecord)
	}
	key, err := s.profileKey(ctx, profileID)
	if err != nil {
		return IssuedRecord{}, err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO issued_records (profile_key, pack_id, module_id, record_id, issued_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_key, pack_id, module_id) DO NOTHING`,
		key, want.PackID, want.ModuleID, want.RecordID, want.IssuedAt.Truncate(time.Second).UnixMilli()); err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return IssuedRecord{}, fmt.Errorf("learner: keep issued record: %w: record id %s already belongs to another module", ErrInvalidRecord, want.RecordID)
		}
		return IssuedRecord{}, s.classify("keep issued record", err)
	}
	rec, found, err := s.IssuedRecordFor(ctx, profileID, want.PackID, want.ModuleID)
	if err != nil {
		return IssuedRecord{}, err
	}
	if !found { // the profile was deleted in between
		return IssuedRecord{}, fmt.Errorf("learner: profile %s: %w", profileID, ErrProfileNotFound)
	}
	return rec, nil
}
