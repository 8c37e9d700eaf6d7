package learner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxFirstNameLength is the longest first name a profile accepts, in characters.
const MaxFirstNameLength = 40

// Profile is one learner on a shared PC: shown as a big picture and a first name.
// Secrets are never returned, only whether they are set.
type Profile struct {
	// ID is a random uuid: the learner's pseudonymous id, also used in records.
	ID        string
	FirstName string
	// Avatar names a picture of the app's avatar set (the app owns the pictures).
	Avatar             string
	HasPIN             bool
	HasPicturePassword bool
	Preferences        Preferences
	Placement          Placement
	Created            time.Time
}

// Preferences are a profile's display settings, restored when the learner comes back.
type Preferences struct {
	// TextScale multiplies the theme's text size (1 = default; 0.5–3 accepted;
	// 0 means 1).
	TextScale float64
	// Theme is the app's theme name ("" = default, e.g. "clair", "contraste").
	Theme string
	// Language is a BCP 47 tag ("" = follow the system).
	Language string
	// ReadAloud turns on speech for every screen.
	ReadAloud bool
	// SpeechRate is the read-aloud speed (1 = normal; 0.5–2 accepted; 0 means 1).
	SpeechRate float64
	// SlowHands gives pointer gestures more time and room: a slower double-click,
	// more movement allowed during a click or a drag, bigger drill targets.
	SlowHands bool
}

// PlacementState says whether the first-run questionnaire was answered.
type PlacementState string

// The placement states; the zero value means "not yet asked".
const (
	PlacementNotYet  PlacementState = ""
	PlacementDone    PlacementState = "done"
	PlacementSkipped PlacementState = "skipped"
)

// Placement is the outcome of the placement questionnaire: where it suggests to start.
type Placement struct {
	State    PlacementState
	PackID   string // suggested starting module (empty when skipped)
	ModuleID string
	At       time.Time
}

// NewProfile is what the "create a profile" screen collects.
type NewProfile struct {
	FirstName   string
	Avatar      string
	Preferences Preferences
}

// CreateProfile adds a profile with a fresh uuid. Two profiles may share a first
// name (the picture tells them apart).
func (s *Store) CreateProfile(ctx context.Context, p NewProfile) (Profile, error) {
	name, err := cleanFirstName(p.FirstName)
	if err != nil {
		return Profile{}, err
	}
	if err := validAvatar(p.Avatar); err != nil {
		return Profile{}, err
	}
	prefs, err := cleanPreferences(p.Preferences)
	if err != nil {
		return Profile{}, err
	}
	created := s.now().UTC().Truncate(time.Millisecond)
	id := uuid.NewString()
	// The profile and its key are born together: no profile is ever without a key.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Profile{}, s.classify("create profile", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO profiles
		(id, first_name, avatar, text_scale, theme, language, read_aloud, speech_rate, slow_hands, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, name, p.Avatar, prefs.TextScale, prefs.Theme, prefs.Language, prefs.ReadAloud, prefs.SpeechRate,
		prefs.SlowHands, created.UnixMilli())
	if err != nil {
		return Profile{}, s.classify("create profile", err)
	}
	key, err := res.LastInsertId()
	if err != nil {
		return Profile{}, s.classify("create profile", err)
	}
	if err := insertKey(ctx, tx, key, created); err != nil {
		return Profile{}, s.classify("create profile key", err)
	}
	if err := tx.Commit(); err != nil {
		return Profile{}, s.classify("create profile", err)
	}
	return Profile{ID: id, FirstName: name, Avatar: p.Avatar, Preferences: prefs, Created: created}, nil
}

const profileColumns = `id, first_name, avatar, pin_hash IS NOT NULL, picture_hash IS NOT NULL,
	text_scale, theme, language, read_aloud, speech_rate, slow_hands, placement_state, placement_pack,
	placement_module, placement_at, created_at`

func scanProfile(row interface{ Scan(...any) error }) (Profile, error) {
	var p Profile
	var state string
	var placementAt, created int64
	err := row.Scan(&p.ID, &p.FirstName, &p.Avatar, &p.HasPIN, &p.HasPicturePassword,
		&p.Preferences.TextScale, &p.Preferences.Theme, &p.Preferences.Language, &p.Preferences.ReadAloud,
		&p.Preferences.SpeechRate, &p.Preferences.SlowHands, &state, &p.Placement.PackID, &p.Placement.ModuleID, &placementAt, &created)
	if err != nil {
		return Profile{}, err
	}
	p.Placement.State = PlacementState(state)
	if placementAt != 0 {
		p.Placement.At = fromMillis(placementAt)
	}
	p.Created = fromMillis(created)
	return p, nil
}

// Profiles lists every profile, oldest first (a stable order for the chooser).
func (s *Store) Profiles(ctx context.Context) ([]Profile, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+profileColumns+" FROM profiles ORDER BY created_at, key")
	if err != nil {
		return nil, s.classify("list profiles", err)
	}
	defer rows.Close()
	var out []Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, s.classify("list profiles", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify("list profiles", err)
	}
	return out, nil
}

// Profile returns one profile, or an error wrapping ErrProfileNotFound.
func (s *Store) Profile(ctx context.Context, id string) (Profile, error) {
	p, err := scanProfile(s.db.QueryRowContext(ctx, "SELECT "+profileColumns+" FROM profiles WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{}, fmt.Errorf("learner: profile %s: %w", id, ErrProfileNotFound)
	}
	if err != nil {
		return Profile{}, s.classify("read profile", err)
	}
	return p, nil
}

// RenameProfile changes a profile's first name.
func (s *Store) RenameProfile(ctx context.Context, id, firstName string) error {
	name, err := cleanFirstName(firstName)
	if err != nil {
		return err
	}
	return s.updateProfile(ctx, id, "rename profile", "first_name = ?", name)
}

// SetAvatar changes a profile's picture.
func (s *Store) SetAvatar(ctx context.Context, id, avatar string) error {
	if err := validAvatar(avatar); err != nil {
		return err
	}
	return s.updateProfile(ctx, id, "set avatar", "avatar = ?", avatar)
}

// SetPreferences replaces a profile's display settings.
func (s *Store) SetPreferences(ctx context.Context, id string, prefs Preferences) error {
	prefs, err := cleanPreferences(prefs)
	if err != nil {
		return err
	}
	return s.updateProfile(ctx, id, "set preferences",
		"text_scale = ?, theme = ?, language = ?, read_aloud = ?, speech_rate = ?, slow_hands = ?",
		prefs.TextScale, prefs.Theme, prefs.Language, prefs.ReadAloud, prefs.SpeechRate, prefs.SlowHands)
}

// SetPlacement stores the placement questionnaire's outcome (done with a
// suggestion, or skipped); calling it again after a redo replaces it.
func (s *Store) SetPlacement(ctx context.Context, id string, p Placement) error {
	switch p.State {
	case PlacementDone, PlacementSkipped, PlacementNotYet:
	default:
		return fmt.Errorf("learner: %w: placement state %q", ErrInvalid, p.State)
	}
	at := p.At
	if at.IsZero() && p.State != PlacementNotYet {
		at = s.now()
	}
	var ms int64
	if !at.IsZero() {
		ms = at.UnixMilli()
	}
	return s.updateProfile(ctx, id, "set placement",
		"placement_state = ?, placement_pack = ?, placement_module = ?, placement_at = ?",
		string(p.State), p.PackID, p.ModuleID, ms)
}

// SetPIN sets a 4-digit PIN (stored as a salted argon2id hash); "" removes it.
func (s *Store) SetPIN(ctx context.Context, id, pin string) error {
	if pin == "" {
		return s.updateProfile(ctx, id, "remove PIN", "pin_hash = NULL")
	}
	if err := validPIN(pin); err != nil {
		return err
	}
	h, err := hashSecret(pin)
	if err != nil {
		return err
	}
	return s.updateProfile(ctx, id, "set PIN", "pin_hash = ?", h)
}

// CheckPIN says whether pin opens the profile. A profile without a PIN opens with
// any input, so the app should look at Profile.HasPIN before asking. Wrong tries are
// limited (see unlock.go): when the profile must wait, the error is a *LockedError
// (errors.Is ErrLocked) saying how long, and the PIN is not even looked at.
func (s *Store) CheckPIN(ctx context.Context, id, pin string) (bool, error) {
	return s.checkSecret(ctx, id, "pin_hash", pin, true)
}

// SetPicturePassword sets the picture password: PicturePasswordLength different
// picture indexes in 0..PictureCount-1, in the order the learner taps them. nil
// removes it.
func (s *Store) SetPicturePassword(ctx context.Context, id string, pictures []int) error {
	if pictures == nil {
		return s.updateProfile(ctx, id, "remove picture password", "picture_hash = NULL")
	}
	secret, err := pictureSecret(pictures)
	if err != nil {
		return err
	}
	h, err := hashSecret(secret)
	if err != nil {
		return err
	}
	return s.updateProfile(ctx, id, "set picture password", "picture_hash = ?", h)
}

// CheckPicturePassword says whether the tapped pictures, in order, open the
// profile. A badly formed guess is simply wrong (false, nil), and counts as a wrong
// try. A profile without a picture password opens with any input. Wrong tries are
// limited as for CheckPIN.
func (s *Store) CheckPicturePassword(ctx context.Context, id string, pictures []int) (bool, error) {
	secret, err := pictureSecret(pictures)
	return s.checkSecret(ctx, id, "picture_hash", secret, err == nil)
}

// DeleteProfile removes the profile and, through foreign-key cascades, every row
// about it; then it folds the WAL into the main file so the deleted data (overwritten
// thanks to secure_delete) no longer lingers in the WAL either.
func (s *Store) DeleteProfile(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM profiles WHERE id = ?", id)
	if err != nil {
		return s.classify("delete profile", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("learner: profile %s: %w", id, ErrProfileNotFound)
	}
	// Best effort: TRUNCATE waits for readers (busy_timeout); if another window
	// keeps reading, the checkpoint is partial and the WAL pages are overwritten by
	// later commits. The rows are deleted either way.
	s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return nil
}

func (s *Store) updateProfile(ctx context.Context, id, doing, set string, args ...any) error {
	res, err := s.db.ExecContext(ctx, "UPDATE profiles SET "+set+" WHERE id = ?", append(args, id)...)
	if err != nil {
		return s.classify(doing, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("learner: %s %s: %w", doing, id, ErrProfileNotFound)
	}
	return nil
}

func cleanFirstName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("learner: %w: the first name is empty", ErrInvalid)
	}
	if !utf8.ValidString(name) {
		return "", fmt.Errorf("learner: %w: the first name is not valid text", ErrInvalid)
	}
	if n := utf8.RuneCountInString(name); n > MaxFirstNameLength {
		return "", fmt.Errorf("learner: %w: the first name has %d characters, at most %d",
			ErrInvalid, n, MaxFirstNameLength)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return "", fmt.Errorf("learner: %w: the first name holds a control character", ErrInvalid)
		}
	}
	return name, nil
}

func validAvatar(avatar string) error {
	if avatar == "" || len(avatar) > 64 || strings.ContainsFunc(avatar, unicode.IsSpace) {
		return fmt.Errorf("learner: %w: avatar %q must be a short picture id", ErrInvalid, avatar)
	}
	return nil
}

func cleanPreferences(p Preferences) (Preferences, error) {
	if p.TextScale == 0 {
		p.TextScale = 1
	}
	if !(p.TextScale >= 0.5 && p.TextScale <= 3) {
		return p, fmt.Errorf("learner: %w: text scale %v is not between 0.5 and 3", ErrInvalid, p.TextScale)
	}
	if p.SpeechRate == 0 {
		p.SpeechRate = 1
	}
	if !(p.SpeechRate >= 0.5 && p.SpeechRate <= 2) {
		return p, fmt.Errorf("learner: %w: speech rate %v is not between 0.5 and 2", ErrInvalid, p.SpeechRate)
	}
	if len(p.Theme) > 32 || len(p.Language) > 35 {
		return p, fmt.Errorf("learner: %w: theme or language name too long", ErrInvalid)
	}
	return p, nil
}

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
