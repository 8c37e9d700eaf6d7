package catalogue

import (
	"fmt"
	"math"

	"declic/records"
)

// RefusalCode says, in one word a program can test, why the catalogue refuses a record.
type RefusalCode string

// Why a verified record is not creditable.
const (
	// RefusalUnknownAchievement: no trusted pack has the record's module.
	RefusalUnknownAchievement RefusalCode = "unknown-achievement"
	// RefusalNoActiveTime: the record does not say how long the learner was active.
	RefusalNoActiveTime RefusalCode = "no-active-time"
	// RefusalTooShort: the active time is too short for the module's length.
	RefusalTooShort RefusalCode = "too-short"
	// RefusalNoHours: the record claims no hours.
	RefusalNoHours RefusalCode = "no-hours"
)

// Refusal is a record the catalogue does not let a centre credit.
type Refusal struct {
	Code RefusalCode
	// AchievementID is the record's; Module is the catalogue's when known.
	AchievementID string
	Module        Module
	// ActiveMinutes is the record's active time, NeedMinutes the least the module takes.
	ActiveMinutes, NeedMinutes int
}

// Error says the code and the facts, in English (the CLI says it in French from Code).
func (r *Refusal) Error() string {
	return fmt.Sprintf("catalogue: %s: %s (%d active minutes, %d needed)", r.Code, r.AchievementID, r.ActiveMinutes, r.NeedMinutes)
}

// MinActiveShare is the least share of a module's length the learner's active time
// must reach: a 80-minute module needs 20 active minutes.
const MinActiveShare = 0.25

// Credit is what the catalogue allows for a verified record.
type Credit struct {
	Module Module
	// Hours is the least of the module's hours and the hours the record claims.
	Hours float64
}

// Check looks a verified record up: its module must be in a trusted pack, its active
// time known and plausible for the module's length. The hours are the module's, never
// more than the record claims.
func (c *Catalogue) Check(rec *records.Record) (Credit, error) {
	m, ok := c.Lookup(rec.AchievementID)
	if !ok {
		return Credit{}, &Refusal{Code: RefusalUnknownAchievement, AchievementID: rec.AchievementID}
	}
	need := int(math.Ceil(MinActiveShare * float64(m.Minutes)))
	switch {
	case rec.ActiveMinutes < 0:
		return Credit{}, &Refusal{Code: RefusalNoActiveTime, AchievementID: rec.AchievementID, Module: m, ActiveMinutes: -1, NeedMinutes: need}
	case rec.ActiveMinutes < need:
		return Credit{}, &Refusal{Code: RefusalTooShort, AchievementID: rec.AchievementID, Module: m, ActiveMinutes: rec.ActiveMinutes, NeedMinutes: need}
	}
	hours := min(m.Hours, rec.CreditsEarned)
	if rec.CreditsAvailable > 0 {
		hours = min(hours, rec.CreditsAvailable)
	}
	hours = math.Round(hours*100) / 100
	if hours <= 0 {
		return Credit{}, &Refusal{Code: RefusalNoHours, AchievementID: rec.AchievementID, Module: m, ActiveMinutes: rec.ActiveMinutes, NeedMinutes: need}
	}
	return Credit{Module: m, Hours: hours}, nil
}
