package learner

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/gowebpki/jcs"

	"declic/courses"
	"declic/keys"
)

// A profile file carries a whole profile from one PC to another (the centre's PC and
// the learner's own): everything Export writes, the PIN and picture-password hashes,
// and the profile's key sealed with the learner's PIN or picture password, so she keeps
// one key — the one a centre enrolled from her card — and one history. The format is
// in docs/learner-data.md (« Fichier de profil »).

// ProfileFileFormat names the profile file's JSON document.
const ProfileFileFormat = "declic.profile"

// ProfileFileVersion is the version of that document this code writes and reads.
const ProfileFileVersion = 1

// MaxProfileFileSize is the largest profile file read, in bytes: three years of daily
// use take 13 MB (docs/learner-data.md), so 128 MiB leaves room for decades.
const MaxProfileFileSize = 128 << 20

// Errors of profile files, to be tested with errors.Is; the app says each in plain
// words, and none of them leaves anything written.
var (
	// ErrNotAProfileFile: not a profile file (another file, or not a regular file).
	ErrNotAProfileFile = errors.New("not a Déclic profile file")
	// ErrProfileFileNewer: written by a newer Déclic.
	ErrProfileFileNewer = errors.New("the profile file comes from a newer version of Déclic")
	// ErrProfileFileDamaged: the file was cut, changed or damaged since it was saved.
	ErrProfileFileDamaged = errors.New("the profile file is damaged")
	// ErrProfileFileTooLarge: bigger than MaxProfileFileSize.
	ErrProfileFileTooLarge = errors.New("the profile file is too large")
	// ErrWrongSecret: the PIN or pictures given do not open the file or the profile.
	ErrWrongSecret = errors.New("wrong PIN or picture password")
	// ErrNoSecret: the profile has no PIN or picture password of the kind asked; a
	// profile leaves the PC only sealed with one.
	ErrNoSecret = errors.New("the profile has no PIN or picture password to seal its key")
	// ErrKeyOfAnotherProfile: the file's key already belongs to another profile here.
	ErrKeyOfAnotherProfile = errors.New("the profile file's key belongs to another profile on this PC")
)

// SecretKind says which secret seals a profile file's key.
type SecretKind string

// The two secrets a profile can have.
const (
	SecretPIN      SecretKind = "pin"
	SecretPictures SecretKind = "pictures"
)

// Secret is what the learner typed or tapped: a PIN, or pictures in order.
type Secret struct {
	PIN      string
	Pictures []int
}

// kind says which secret s is, and the string it stands for (the PIN's digits, or
// the picture indexes joined by commas: "3,11,0"), which seals the key.
func (s Secret) kind() (SecretKind, string, error) {
	switch {
	case s.Pictures != nil && s.PIN == "":
		secret, err := pictureSecret(s.Pictures)
		return SecretPictures, secret, err
	case s.PIN != "" && s.Pictures == nil:
		return SecretPIN, s.PIN, validPIN(s.PIN)
	}
	return "", "", fmt.Errorf("learner: %w: give a PIN or pictures", ErrInvalid)
}

// profileFileHead is everything in the file but the data and the signature; the
// signature covers its JCS form (RFC 8785).
type profileFileHead struct {
	Format      string          `json:"format"`
	Version     int             `json:"version"`
	SavedAt     time.Time       `json:"saved_at"`
	ProfileID   string          `json:"profile_id"`
	FirstName   string          `json:"first_name"`
	Avatar      string          `json:"avatar"`
	DID         string          `json:"did"`
	Unlock      SecretKind      `json:"unlock"`
	Key         json.RawMessage `json:"key"`
	PINHash     *string         `json:"pin_hash"`
	PictureHash *string         `json:"picture_hash"`
	DataSHA256  string          `json:"data_sha256"`
}

// profileFileDoc is the whole file.
type profileFileDoc struct {
	profileFileHead
	Data      json.RawMessage `json:"data"`
	Signature string          `json:"signature"`
}

// signingInput is what the profile key signs: a label, then the head's JCS form.
func (h profileFileHead) signingInput() ([]byte, error) {
	raw, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	canon, err := jcs.Transform(raw)
	if err != nil {
		return nil, err
	}
	return append([]byte("declic.profile/1\n"), canon...), nil
}

// ProfileFile returns the profile file of a profile, its key sealed with secret. The
// secret must open the profile (it is checked like an unlock: wrong tries count and
// may impose a wait, *LockedError); a profile without a secret of that kind gives
// ErrNoSecret, and the app asks the learner to choose one first.
func (s *Store) ProfileFile(ctx context.Context, profileID string, secret Secret) ([]byte, error) {
	kind, sealWith, err := secret.kind()
	if err != nil {
		return nil, err
	}
	p, err := s.Profile(ctx, profileID)
	if err != nil {
		return nil, err
	}
	if (kind == SecretPIN && !p.HasPIN) || (kind == SecretPictures && !p.HasPicturePassword) {
		return nil, fmt.Errorf("learner: profile %s: %w", profileID, ErrNoSecret)
	}
	var ok bool
	if kind == SecretPIN {
		ok, err = s.CheckPIN(ctx, profileID, secret.PIN)
	} else {
		ok, err = s.CheckPicturePassword(ctx, profileID, secret.Pictures)
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("learner: profile %s: %w", profileID, ErrWrongSecret)
	}
	key, err := s.ProfileKey(ctx, profileID)
	if err != nil {
		return nil, err
	}
	sealed, err := keys.Marshal(key, sealWith)
	if err != nil {
		return nil, fmt.Errorf("learner: seal profile key: %w", err)
	}
	var exported bytes.Buffer
	if err := s.Export(ctx, profileID, &exported); err != nil {
		return nil, err
	}
	var data bytes.Buffer
	if err := json.Compact(&data, exported.Bytes()); err != nil {
		return nil, fmt.Errorf("learner: profile file: %w", err)
	}
	head := profileFileHead{Format: ProfileFileFormat, Version: ProfileFileVersion,
		SavedAt: s.now().UTC().Truncate(time.Second), ProfileID: p.ID, FirstName: p.FirstName, Avatar: p.Avatar,
		DID: key.DID(), Unlock: kind, Key: compactJSON(sealed)}
	if head.PINHash, head.PictureHash, err = s.secretHashes(ctx, profileID); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data.Bytes())
	head.DataSHA256 = hex.EncodeToString(sum[:])
	input, err := head.signingInput()
	if err != nil {
		return nil, fmt.Errorf("learner: profile file: %w", err)
	}
	out, err := json.Marshal(profileFileDoc{profileFileHead: head, Data: data.Bytes(),
		Signature: base64.RawURLEncoding.EncodeToString(key.Sign(input))})
	if err != nil {
		return nil, fmt.Errorf("learner: profile file: %w", err)
	}
	return append(out, '\n'), nil
}

func compactJSON(data []byte) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, data) != nil {
		return data
	}
	return b.Bytes()
}

func (s *Store) secretHashes(ctx context.Context, id string) (pin, pictures *string, err error) {
	var p, q sql.NullString
	if err := s.db.QueryRowContext(ctx, "SELECT pin_hash, picture_hash FROM profiles WHERE id = ?", id).Scan(&p, &q); err != nil {
		return nil, nil, s.classify("read secrets", err)
	}
	if p.Valid {
		pin = &p.String
	}
	if q.Valid {
		pictures = &q.String
	}
	return pin, pictures, nil
}

// PendingProfile is a profile file read and checked, waiting for the learner's
// secret to be added to this PC (Store.ImportProfile).
type PendingProfile struct {
	// ProfileID, FirstName and Avatar say whose profile it is, for the screen.
	ProfileID, FirstName, Avatar string
	// DID is the profile's key.
	DID string
	// Unlock is the secret the key is sealed with: the learner gives that one.
	Unlock SecretKind
	// SavedAt is when the file was saved.
	SavedAt time.Time

	head profileFileHead
	data []byte
	key  *keys.Key // set by Open
}

// Open checks secret against the file: it must be of the kind Unlock names and open
// the sealed key (ErrWrongSecret otherwise). It takes a fraction of a second (scrypt),
// so the lock screen can say at once that a PIN is wrong, before ImportProfile's
// longer work.
func (pp *PendingProfile) Open(secret Secret) error {
	kind, openWith, err := secret.kind()
	if err != nil || kind != pp.Unlock {
		return fmt.Errorf("learner: import: %w (this file opens with its %s)", ErrWrongSecret, pp.Unlock)
	}
	key, err := keys.Unmarshal(pp.head.Key, openWith)
	if errors.Is(err, keys.ErrPassphrase) {
		return fmt.Errorf("learner: import: %w", ErrWrongSecret)
	}
	if err != nil || key.DID() != pp.DID {
		return fmt.Errorf("learner: import: %w: the sealed key does not open as the profile's", ErrProfileFileDamaged)
	}
	pp.key = key
	return nil
}

// ReadProfileFile reads and checks the profile file at path: only a regular file (not
// a folder, a device or a pipe, even behind a link) of at most MaxProfileFileSize
// bytes is read.
func ReadProfileFile(path string) (*PendingProfile, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("learner: %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("learner: %s: %w (not a regular file)", path, ErrNotAProfileFile)
	}
	if st.Size() > MaxProfileFileSize {
		return nil, fmt.Errorf("learner: %s: %w (%d bytes, at most %d)", path, ErrProfileFileTooLarge, st.Size(), MaxProfileFileSize)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("learner: %s: %w", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("learner: %s: %w (not a regular file)", path, ErrNotAProfileFile)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxProfileFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("learner: %s: %w", path, err)
	}
	pp, err := ParseProfileFile(data)
	if err != nil {
		return nil, fmt.Errorf("learner: %s: %w", path, err)
	}
	return pp, nil
}

// ParseProfileFile checks a profile file's bytes without its secret: that it is one,
// of a version this code reads, whole (the data's SHA-256) and unchanged (the
// signature by the key it carries). Checking the secret and the data's every row is
// ImportProfile's job.
func ParseProfileFile(data []byte) (*PendingProfile, error) {
	if len(data) > MaxProfileFileSize {
		return nil, fmt.Errorf("%w (%d bytes)", ErrProfileFileTooLarge, len(data))
	}
	var head struct {
		Format  string          `json:"format"`
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		if looksCut(data) {
			return nil, fmt.Errorf("%w: the file ends too soon", ErrProfileFileDamaged)
		}
		return nil, fmt.Errorf("%w: %v", ErrNotAProfileFile, err)
	}
	if head.Format != ProfileFileFormat {
		return nil, fmt.Errorf("%w: format %q", ErrNotAProfileFile, head.Format)
	}
	var version int
	if err := json.Unmarshal(head.Version, &version); err != nil || version < 1 {
		return nil, fmt.Errorf("%w: version %s", ErrProfileFileDamaged, head.Version)
	}
	if version > ProfileFileVersion {
		return nil, fmt.Errorf("%w (version %d, this Déclic reads version %d)", ErrProfileFileNewer, version, ProfileFileVersion)
	}
	var doc profileFileDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProfileFileDamaged, err)
	}
	damaged := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrProfileFileDamaged}, args...)...)
	}
	h := doc.profileFileHead
	if _, err := uuid.Parse(h.ProfileID); err != nil || strings.ToLower(h.ProfileID) != h.ProfileID {
		return nil, damaged("profile id %q", h.ProfileID)
	}
	pub, err := keys.ParseDID(h.DID)
	if err != nil || keys.DID(pub) != h.DID {
		return nil, damaged("key %q", h.DID)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc.Data); err != nil || len(doc.Data) == 0 {
		return nil, damaged("no data")
	}
	sum := sha256.Sum256(compact.Bytes())
	if hex.EncodeToString(sum[:]) != h.DataSHA256 {
		return nil, damaged("the data's SHA-256 does not match")
	}
	input, err := h.signingInput()
	if err != nil {
		return nil, damaged("%v", err)
	}
	sig, err := base64.RawURLEncoding.DecodeString(doc.Signature)
	if err != nil || !ed25519.Verify(pub, input, sig) {
		return nil, damaged("the signature does not match the profile's key")
	}
	var sealed struct {
		PublicKeyMultibase string `json:"publicKeyMultibase"`
	}
	if isSealed, err := keys.Sealed(h.Key); err != nil || !isSealed ||
		json.Unmarshal(h.Key, &sealed) != nil || sealed.PublicKeyMultibase != keys.EncodePublicMultibase(pub) {
		return nil, damaged("the sealed key is not the profile's")
	}
	if h.Unlock != SecretPIN && h.Unlock != SecretPictures {
		return nil, damaged("unlock %q", h.Unlock)
	}
	return &PendingProfile{ProfileID: h.ProfileID, FirstName: h.FirstName, Avatar: h.Avatar, DID: h.DID,
		Unlock: h.Unlock, SavedAt: h.SavedAt, head: h, data: compact.Bytes()}, nil
}

// looksCut says whether data starts like a profile file but is not whole JSON.
func looksCut(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte(`{"format":"`+ProfileFileFormat+`"`)) && !json.Valid(data)
}

// ImportResult says what ImportProfile did.
type ImportResult struct {
	// Profile is the profile as it now is on this PC.
	Profile Profile
	// Merged is true when a profile with the same id was already here: the two
	// histories are now one.
	Merged bool
	// Added counts the events (screens seen, tries, modules finished, spans of active
	// time) of the file that this PC did not have.
	Added int
	// KeyReplaced is true when the profile here had another key; it now has the
	// file's, and the learner shows her new card to her centre.
	KeyReplaced bool
}

// ImportProfile adds the profile of a profile file to this PC, opening its key with
// secret (the kind pp.Unlock names; see Open). A profile with the same id already here is
// merged with it, following these rules (docs/learner-data.md):
//   - events (screens seen, tries, modules finished, active time) are a union: each
//     event of the file is added unless this PC has the very same one, so nothing
//     done on either PC is lost and nothing is counted twice;
//   - the first name, picture, display settings and protection (PIN, pictures) are
//     the file's: the file is the learner's latest profile;
//   - the placement questionnaire's outcome is the more recent of the two;
//   - each module keeps the record id issued first (the earlier date) on either PC;
//   - the key is the file's, so a learner who uses two PCs ends with one key.
//
// Everything is checked before anything is written, and written in one transaction:
// a wrong secret, a damaged row or a failure leaves the PC as it was.
func (s *Store) ImportProfile(ctx context.Context, pp *PendingProfile, secret Secret) (ImportResult, error) {
	if err := pp.Open(secret); err != nil {
		return ImportResult{}, err
	}
	exp, err := decodeExport(pp)
	if err != nil {
		return ImportResult{}, err
	}
	return s.merge(ctx, pp, pp.key, exp)
}

// decodeExport reads and checks every row of the file's data.
func decodeExport(pp *PendingProfile) (*Export, error) {
	damaged := func(format string, args ...any) error {
		return fmt.Errorf("learner: import: %w: "+format, append([]any{ErrProfileFileDamaged}, args...)...)
	}
	var exp Export
	if err := json.Unmarshal(pp.data, &exp); err != nil {
		return nil, damaged("%v", err)
	}
	if exp.Format != ExportFormat || exp.Version < 1 || exp.Version > ExportVersion {
		return nil, damaged("data format %q version %d", exp.Format, exp.Version)
	}
	p := exp.Profile
	if p.ID != pp.ProfileID || p.FirstName != pp.FirstName || p.Avatar != pp.Avatar {
		return nil, damaged("the data is another profile's")
	}
	if _, err := cleanFirstName(p.FirstName); err != nil {
		return nil, damaged("%v", err)
	}
	if err := validAvatar(p.Avatar); err != nil {
		return nil, damaged("%v", err)
	}
	if _, err := cleanPreferences(preferencesOf(p)); err != nil {
		return nil, damaged("%v", err)
	}
	switch PlacementState(p.Placement.State) {
	case PlacementNotYet, PlacementDone, PlacementSkipped:
	default:
		return nil, damaged("placement state %q", p.Placement.State)
	}
	if p.Created.IsZero() {
		return nil, damaged("no creation date")
	}
	for _, h := range []*string{pp.head.PINHash, pp.head.PictureHash} {
		if h != nil {
			if _, err := parseSecretHash(*h); err != nil {
				return nil, damaged("%v", err)
			}
		}
	}
	if (pp.Unlock == SecretPIN && pp.head.PINHash == nil) || (pp.Unlock == SecretPictures && pp.head.PictureHash == nil) {
		return nil, damaged("the file opens with a secret the profile does not have")
	}
	for _, e := range exportEvents(&exp) {
		if err := e.validate(); err != nil {
			return nil, damaged("%v", err)
		}
	}
	for _, r := range exp.IssuedRecords {
		id, ok := strings.CutPrefix(r.RecordID, "urn:uuid:")
		if _, err := uuid.Parse(id); !ok || err != nil || r.PackID == "" || r.ModuleID == "" || r.IssuedAt.IsZero() {
			return nil, damaged("issued record %q", r.RecordID)
		}
	}
	return &exp, nil
}

func preferencesOf(p ExportProfile) Preferences {
	return Preferences{TextScale: p.Preferences.TextScale, Theme: p.Preferences.Theme, Language: p.Preferences.Language,
		ReadAloud: p.Preferences.ReadAloud, SpeechRate: p.Preferences.SpeechRate}
}

// exportEvents turns the export's rows back into the events the recorder wrote. A
// zero time would be stamped "now" on writing, so it counts as damage.
func exportEvents(exp *Export) []Event {
	id := exp.Profile.ID
	var out []Event
	for _, v := range exp.StepViews {
		out = append(out, importedEvent{StepView{ProfileID: id, PackID: v.PackID, ModuleID: v.ModuleID, LessonID: v.LessonID, Step: v.Step, At: v.At}, v.At})
	}
	for _, a := range exp.Attempts {
		out = append(out, importedEvent{Attempt{ProfileID: id, PackID: a.PackID, ModuleID: a.ModuleID, LessonID: a.LessonID, Step: a.Step,
			Kind: a.Kind, Score: a.Score, Passed: a.Passed, Skipped: a.Skipped, Duration: time.Duration(a.DurationMs) * time.Millisecond,
			Answer: a.Answer, At: a.At}, a.At})
	}
	for _, c := range exp.Completions {
		codes := c.Competencies
		if codes == nil {
			codes = []string{}
		}
		out = append(out, importedEvent{Completion{ProfileID: id, PackID: c.PackID, PackVersion: c.PackVersion, ModuleID: c.ModuleID,
			ModuleTitle: c.ModuleTitle, Level: courses.Level(c.Level), Competencies: codes, Hours: c.Hours,
			FinalScore: c.FinalScore, Mastered: c.Mastered, At: c.At}, c.At})
	}
	for _, sp := range exp.ActiveSpans {
		out = append(out, importedEvent{ActiveSpan{ProfileID: id, PackID: sp.PackID, ModuleID: sp.ModuleID,
			Start: sp.Start, End: sp.End, Active: time.Duration(sp.ActiveMs) * time.Millisecond}, sp.Start})
	}
	return out
}

// importedEvent is an event read from a file: its time must be there.
type importedEvent struct {
	Event
	at time.Time
}

func (e importedEvent) validate() error {
	if e.at.IsZero() {
		return fmt.Errorf("learner: %w: an event without a date", ErrInvalid)
	}
	if span, ok := e.Event.(ActiveSpan); ok && span.End.IsZero() {
		return fmt.Errorf("learner: %w: an active span without an end", ErrInvalid)
	}
	return e.Event.validate()
}

// merge writes the checked profile in one transaction (see ImportProfile's rules).
func (s *Store) merge(ctx context.Context, pp *PendingProfile, key *keys.Key, exp *Export) (ImportResult, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ImportResult{}, s.classify("import profile", err)
	}
	defer tx.Rollback()
	var res ImportResult
	p := exp.Profile
	prefs, _ := cleanPreferences(preferencesOf(p))
	var placementAt int64
	if p.Placement.At != nil {
		placementAt = p.Placement.At.UnixMilli()
	}
	var rowKey int64
	var localPlacementAt int64
	err = tx.QueryRowContext(ctx, "SELECT key, placement_at FROM profiles WHERE id = ?", p.ID).Scan(&rowKey, &localPlacementAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		r, err := tx.ExecContext(ctx, `INSERT INTO profiles (id, first_name, avatar, pin_hash, picture_hash,
			text_scale, theme, language, read_aloud, speech_rate, placement_state, placement_pack, placement_module,
			placement_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.FirstName, p.Avatar, pp.head.PINHash, pp.head.PictureHash, prefs.TextScale, prefs.Theme, prefs.Language,
			prefs.ReadAloud, prefs.SpeechRate, p.Placement.State, p.Placement.PackID, p.Placement.ModuleID, placementAt,
			p.Created.UnixMilli())
		if err != nil {
			return ImportResult{}, s.classify("import profile", err)
		}
		if rowKey, err = r.LastInsertId(); err != nil {
			return ImportResult{}, s.classify("import profile", err)
		}
	case err != nil:
		return ImportResult{}, s.classify("import profile", err)
	default:
		res.Merged = true
		if _, err := tx.ExecContext(ctx, `UPDATE profiles SET first_name = ?, avatar = ?, pin_hash = ?, picture_hash = ?,
			text_scale = ?, theme = ?, language = ?, read_aloud = ?, speech_rate = ? WHERE key = ?`,
			p.FirstName, p.Avatar, pp.head.PINHash, pp.head.PictureHash, prefs.TextScale, prefs.Theme, prefs.Language,
			prefs.ReadAloud, prefs.SpeechRate, rowKey); err != nil {
			return ImportResult{}, s.classify("import profile", err)
		}
		if placementAt > localPlacementAt {
			if _, err := tx.ExecContext(ctx, `UPDATE profiles SET placement_state = ?, placement_pack = ?,
				placement_module = ?, placement_at = ? WHERE key = ?`,
				p.Placement.State, p.Placement.PackID, p.Placement.ModuleID, placementAt, rowKey); err != nil {
				return ImportResult{}, s.classify("import profile", err)
			}
		}
	}
	if res.KeyReplaced, err = s.mergeKey(ctx, tx, rowKey, key); err != nil {
		return ImportResult{}, err
	}
	if res.Added, err = mergeEvents(ctx, tx, rowKey, exp); err != nil {
		return ImportResult{}, s.classify("import events", err)
	}
	if err := mergeIssuedRecords(ctx, tx, rowKey, exp.IssuedRecords); err != nil {
		return ImportResult{}, s.classify("import issued records", err)
	}
	if err := rebuildProgress(ctx, tx, rowKey); err != nil {
		return ImportResult{}, s.classify("import progress", err)
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, s.classify("import profile", err)
	}
	if res.Profile, err = s.Profile(ctx, p.ID); err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// mergeKey gives the profile the file's key; it reports whether another key was
// replaced. A key already held by another profile here is refused.
func (s *Store) mergeKey(ctx context.Context, tx *sql.Tx, rowKey int64, key *keys.Key) (bool, error) {
	var owner int64
	err := tx.QueryRowContext(ctx, "SELECT profile_key FROM profile_keys WHERE did = ?", key.DID()).Scan(&owner)
	switch {
	case err == nil && owner == rowKey:
		return false, nil
	case err == nil:
		return false, fmt.Errorf("learner: import: %w", ErrKeyOfAnotherProfile)
	case !errors.Is(err, sql.ErrNoRows):
		return false, s.classify("import key", err)
	}
	r, err := tx.ExecContext(ctx, "UPDATE profile_keys SET secret = ?, did = ? WHERE profile_key = ?",
		key.SecretMultibase(), key.DID(), rowKey)
	if err != nil {
		return false, s.classify("import key", err)
	}
	if n, _ := r.RowsAffected(); n == 1 {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO profile_keys (profile_key, secret, did, created_at) VALUES (?, ?, ?, ?)",
		rowKey, key.SecretMultibase(), key.DID(), s.now().UnixMilli()); err != nil {
		return false, s.classify("import key", err)
	}
	return false, nil
}

// mergeEvents adds each event of exp that the profile does not have yet, the very
// same row (every column equal), and returns how many it added.
func mergeEvents(ctx context.Context, tx *sql.Tx, rowKey int64, exp *Export) (int, error) {
	added := 0
	// Each statement is prepared once: parsing the SQL again for every row took most
	// of the time of a large import.
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	run := func(query string, args ...any) error {
		st, ok := stmts[query]
		if !ok {
			var err error
			if st, err = tx.PrepareContext(ctx, query); err != nil {
				return err
			}
			stmts[query] = st
		}
		r, err := st.ExecContext(ctx, args...)
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		added += int(n)
		return nil
	}
	for _, v := range exp.StepViews {
		if err := run(`INSERT INTO step_views (profile_key, pack_id, module_id, lesson_id, step, at)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM step_views WHERE profile_key = ?1
			AND at = ?6 AND pack_id = ?2 AND module_id = ?3 AND lesson_id = ?4 AND step = ?5)`,
			rowKey, v.PackID, v.ModuleID, v.LessonID, v.Step, v.At.UnixMilli()); err != nil {
			return 0, err
		}
	}
	for _, a := range exp.Attempts {
		if err := run(`INSERT INTO attempts (profile_key, pack_id, module_id, lesson_id, step, kind, score, passed,
			skipped, duration_ms, answer, at)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 WHERE NOT EXISTS (SELECT 1 FROM attempts
			WHERE profile_key = ?1 AND at = ?12 AND pack_id = ?2 AND module_id = ?3 AND lesson_id = ?4 AND step = ?5
			AND kind = ?6 AND score = ?7 AND passed = ?8 AND skipped = ?9 AND duration_ms = ?10 AND answer = ?11)`,
			rowKey, a.PackID, a.ModuleID, a.LessonID, a.Step, a.Kind, a.Score, a.Passed, a.Skipped,
			a.DurationMs, a.Answer, a.At.UnixMilli()); err != nil {
			return 0, err
		}
	}
	for _, c := range exp.Completions {
		codes := c.Competencies
		if codes == nil {
			codes = []string{}
		}
		js, err := json.Marshal(codes)
		if err != nil {
			return 0, err
		}
		if err := run(`INSERT INTO completions (profile_key, pack_id, pack_version, module_id, module_title, level,
			competencies, hours, final_score, mastered, at)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 WHERE NOT EXISTS (SELECT 1 FROM completions
			WHERE profile_key = ?1 AND at = ?11 AND pack_id = ?2 AND pack_version = ?3 AND module_id = ?4
			AND module_title = ?5 AND level = ?6 AND competencies = ?7 AND hours = ?8 AND final_score = ?9
			AND mastered = ?10)`,
			rowKey, c.PackID, c.PackVersion, c.ModuleID, c.ModuleTitle, c.Level, string(js), c.Hours,
			c.FinalScore, c.Mastered, c.At.UnixMilli()); err != nil {
			return 0, err
		}
	}
	for _, sp := range exp.ActiveSpans {
		if err := run(`INSERT INTO active_spans (profile_key, pack_id, module_id, started_at, ended_at, active_ms)
			SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM active_spans WHERE profile_key = ?1
			AND started_at = ?4 AND pack_id = ?2 AND module_id = ?3 AND ended_at = ?5 AND active_ms = ?6)`,
			rowKey, sp.PackID, sp.ModuleID, sp.Start.UnixMilli(), sp.End.UnixMilli(), sp.ActiveMs); err != nil {
			return 0, err
		}
	}
	return added, nil
}

// mergeIssuedRecords keeps, for each module, the record id issued first on either PC.
// An id this PC already gave to another module or profile is left out.
func mergeIssuedRecords(ctx context.Context, tx *sql.Tx, rowKey int64, recs []ExportIssuedRecord) error {
	for _, r := range recs {
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM issued_records WHERE record_id = ?", r.RecordID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			continue // already here (the same record), or another module's: keep this PC's
		}
		at := r.IssuedAt.Truncate(time.Second).UnixMilli()
		if _, err := tx.ExecContext(ctx, `INSERT INTO issued_records (profile_key, pack_id, module_id, record_id, issued_at)
			VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (profile_key, pack_id, module_id) DO UPDATE SET
			record_id = excluded.record_id, issued_at = excluded.issued_at WHERE excluded.issued_at < issued_at`,
			rowKey, r.PackID, r.ModuleID, r.RecordID, at); err != nil {
			return err
		}
	}
	return nil
}

// rebuildProgress computes the profile's module_progress rows again from its events,
// as the recorder keeps them: counts and active time per module, the last moment of
// activity, and the resume point at the latest screen seen or tried.
func rebuildProgress(ctx context.Context, tx *sql.Tx, rowKey int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM module_progress WHERE profile_key = ?", rowKey); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO module_progress
		(profile_key, pack_id, module_id, steps_seen, attempts, active_ms, last_lesson, last_step, last_at)
		SELECT ?1, pack_id, module_id, sum(steps), sum(tries), sum(ms), '', 0, max(at) FROM (
			SELECT pack_id, module_id, 1 AS steps, 0 AS tries, 0 AS ms, at FROM step_views WHERE profile_key = ?1
			UNION ALL SELECT pack_id, module_id, 0, 1, 0, at FROM attempts WHERE profile_key = ?1
			UNION ALL SELECT pack_id, module_id, 0, 0, active_ms, ended_at FROM active_spans WHERE profile_key = ?1
			UNION ALL SELECT pack_id, module_id, 0, 0, 0, at FROM completions WHERE profile_key = ?1
		) GROUP BY pack_id, module_id`, rowKey); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE module_progress SET (last_lesson, last_step) = (
			SELECT lesson_id, step FROM (
				SELECT lesson_id, step, at, 0 AS tie FROM step_views v
				WHERE v.profile_key = module_progress.profile_key AND v.pack_id = module_progress.pack_id
					AND v.module_id = module_progress.module_id
				UNION ALL SELECT lesson_id, step, at, 1 FROM attempts a
				WHERE a.profile_key = module_progress.profile_key AND a.pack_id = module_progress.pack_id
					AND a.module_id = module_progress.module_id
			) ORDER BY at DESC, tie DESC LIMIT 1)
		WHERE profile_key = ?1 AND module_id <> ''
			AND EXISTS (SELECT 1 FROM step_views WHERE profile_key = ?1 AND pack_id = module_progress.pack_id AND module_id = module_progress.module_id
				UNION ALL SELECT 1 FROM attempts WHERE profile_key = ?1 AND pack_id = module_progress.pack_id AND module_id = module_progress.module_id)`,
		rowKey)
	return err
}
