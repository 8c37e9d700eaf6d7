// Package ledger is a centre's append-only ledger of credited completion records. One
// interface, Store, has two implementations that behave the same: ledger/sqlite (one
// centre, a file, offline) and ledger/postgres (a network of centres sharing a server).
// The crediting rules live here, once, and run inside each store's transaction.
//
// Every entry is signed with the centre's key and chained by hash to the one before, so
// a ledger proves it was not rewritten: an edited row breaks its hash, a rehashed row its
// signature, and a signed checkpoint (Checkpoint) handed to a funder shows whether rows
// were dropped since. Refusals are values with a code (Refusal, InvalidError); the
// French words are the command line's. Errors about what centre staff open (a policy
// file: ErrPolicy; a ledger from a newer declic-centre: ErrNewerSchema) are
// *i18n.Error values whose message id is the code and whose words are in
// i18n/locales/ledger.<lang>.toml. The schema of both stores is numbered SQL files run
// by Migrate.
package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"declic/keys"
)

// Entry is one line of the append-only ledger: a credited record, the enrolment of a
// learner's key, or the cancelling of an earlier entry. Hash chains it to the previous
// entry of the same chain (the whole SQLite file, or one centre in PostgreSQL), and
// Signature is the centre key's signature of Hash.
type Entry struct {
	Seq      int64  // position in its chain, from 1
	Centre   string // id of the centre that wrote the entry ("" in ledgers older than centre ids)
	Operator string // who at the centre wrote it
	Kind     string // KindCredit, KindEnrol or KindCancel
	// RecordID is the credited record's id (a cancel carries its target's).
	RecordID string
	// Learner is the learner's dossier at the centre (a name or a file number).
	Learner string
	Pass    string
	// LearnerKey is the learner profile's did:key: the key enrolled, or the record's signer.
	LearnerKey    string
	AchievementID string
	// Module is the module's title, from the centre's catalogue.
	Module        string
	HoursEarned   float64 // hours the record claims
	HoursCredited float64 // hours credited (negative for a cancelled credit)
	ActivityEnd   string
	// Enrolled is true when the record's key was enrolled for the learner when credited;
	// false marks a credit the centre's policy let through without enrolment.
	Enrolled bool
	// Target is the seq of the entry a cancel undoes, in the same chain.
	Target int64
	// Reason is why an entry was cancelled, or how a key was enrolled.
	Reason string
	// RecordHash is the SHA-256 (hex) of RecordJSON, the record exactly as credited.
	RecordHash string
	RecordJSON []byte
	// Attempts number the credits of the same record, dossier and module, and key and
	// module: one more after each cancel, so a database constraint allows one at a time.
	Attempts  Attempts
	CreatedAt time.Time
	PrevHash  string
	Hash      string
	// Signer is the centre's did:key, Signature its signature of Hash ("" in ledgers
	// written before entries were signed).
	Signer    string
	Signature string
	// Note says why a credit was reduced (a policy cap); it is not stored.
	Note Code
}

// Attempts is the rank of a credit among those of its record, of its dossier and
// module, and of its learner key and module (0 for the first; see Entry.Attempts).
type Attempts struct{ Record, Dossier, Key int }

// Entry kinds.
const (
	KindCredit = "credit"
	KindEnrol  = "enrol"
	KindCancel = "cancel"
)

// GenesisHash is the PrevHash of the first entry of a chain.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// CreditRequest asks the ledger to credit one verified record to a learner.
type CreditRequest struct {
	Centre, Operator string
	// CentreKey signs the entry.
	CentreKey                                                               *keys.Key
	RecordID, Learner, Pass, LearnerKey, AchievementID, Module, ActivityEnd string
	// HoursEarned is what the record claims; Hours what the catalogue allows (≤ HoursEarned).
	HoursEarned, Hours float64
	// RecordJSON is the record as received; the entry keeps it and its hash.
	RecordJSON []byte
	Policy     Policy
	Now        time.Time
}

// EnrolRequest binds a learner profile's key to a dossier, in person, at a centre.
type EnrolRequest struct {
	Centre, Operator string
	CentreKey        *keys.Key
	LearnerKey       string
	Learner          string
	// Reason says how the key was checked (card or key, code compared or not).
	Reason string
	Now    time.Time
}

// CancelRequest undoes entry Seq of the centre's chain by appending a signed entry.
type CancelRequest struct {
	Centre, Operator string
	CentreKey        *keys.Key
	Seq              int64
	Reason           string
	Now              time.Time
}

// Filter selects ledger entries; empty fields match everything.
type Filter struct {
	Centre, Learner, Pass string
	From, To              time.Time // on CreatedAt, To exclusive; zero = unbounded
}

// Match reports whether e passes the filter.
func (f Filter) Match(e Entry) bool {
	return (f.Centre == "" || e.Centre == f.Centre) && (f.Learner == "" || e.Learner == f.Learner) &&
		(f.Pass == "" || e.Pass == f.Pass) && (f.From.IsZero() || !e.CreatedAt.Before(f.From)) &&
		(f.To.IsZero() || e.CreatedAt.Before(f.To))
}

// Store is a ledger. Credit, Enrol and Cancel are atomic: the checks and the append
// happen in one transaction, serialised per chain, and the database's constraints allow
// one active credit per record, per dossier and module, and per learner key and module.
// A Store is safe for concurrent use.
type Store interface {
	Credit(ctx context.Context, req CreditRequest) (Entry, error)
	Enrol(ctx context.Context, req EnrolRequest) (Entry, error)
	Cancel(ctx context.Context, req CancelRequest) (Entry, error)
	// Entries returns the entries this connection may read, matching f, chain by chain
	// in chain order, with their record JSON.
	Entries(ctx context.Context, f Filter) ([]Entry, error)
	// Network returns the entries of every centre matching f, without record JSON, the
	// learner and pass of other centres replaced by pseudonyms: what reports use.
	Network(ctx context.Context, f Filter) ([]Entry, error)
	// CheckChain recomputes every readable chain's hashes, links and signatures, and
	// (PostgreSQL) checks each chain against the signed heads the network keeps.
	CheckChain(ctx context.Context) ([]ChainProblem, error)
	Close() error
}

// Hash is the chain hash of e: SHA-256 over the previous hash and every field, each
// length-prefixed. A signed entry (Signer set) covers every field; an unsigned one (from
// a ledger written before entries were signed) the fields it had then.
func Hash(e Entry) string {
	if e.Signer == "" {
		return legacyHash(e)
	}
	f := strconv.FormatFloat
	fields := []string{
		"declic-ledger-entry-2", e.PrevHash, strconv.FormatInt(e.Seq, 10), e.Kind, e.Centre, e.Operator, e.RecordID,
		e.Learner, e.Pass, e.LearnerKey, e.AchievementID, e.Module, f(e.HoursEarned, 'g', -1, 64),
		f(e.HoursCredited, 'g', -1, 64), e.ActivityEnd, strconv.FormatBool(e.Enrolled), strconv.FormatInt(e.Target, 10),
		e.Reason, e.RecordHash, strconv.Itoa(e.Attempts.Record), strconv.Itoa(e.Attempts.Dossier), strconv.Itoa(e.Attempts.Key),
		e.CreatedAt.UTC().Format(time.RFC3339Nano), e.Signer,
	}
	return hashFields(fields)
}

func legacyHash(e Entry) string {
	fields := []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), e.Kind, e.RecordID, e.Learner, e.Pass, e.LearnerKey,
		e.AchievementID, e.Module, strconv.FormatFloat(e.HoursEarned, 'g', -1, 64),
		strconv.FormatFloat(e.HoursCredited, 'g', -1, 64), e.ActivityEnd, strconv.FormatBool(e.Enrolled),
		e.CreatedAt.UTC().Format(time.RFC3339Nano),
	}
	if e.Centre != "" || e.Operator != "" {
		fields = append(fields, e.Centre, e.Operator)
	}
	return hashFields(fields)
}

func hashFields(fields []string) string {
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// RecordHash is the hex SHA-256 of a record's JSON, as entries keep it.
func RecordHash(record []byte) string {
	if len(record) == 0 {
		return ""
	}
	sum := sha256.Sum256(record)
	return hex.EncodeToString(sum[:])
}

// Link sets e's place after the chain head (seq 0 and GenesisHash for an empty chain),
// its hash and, with key, its signer and signature.
func Link(e Entry, headSeq int64, headHash string, key *keys.Key) Entry {
	if headHash == "" {
		headHash = GenesisHash
	}
	e.Seq, e.PrevHash = headSeq+1, headHash
	e.CreatedAt = e.CreatedAt.UTC()
	e.RecordHash = RecordHash(e.RecordJSON)
	if key != nil {
		e.Signer = key.DID()
	}
	e.Hash = Hash(e)
	if key != nil {
		e.Signature = signText(key, entryMessage(e.Hash))
	}
	return e
}

func entryMessage(hash string) []byte { return []byte("declic-ledger-entry:" + hash) }

// Timestamp is the form a time takes in the ledger: UTC, to the microsecond (what both
// engines store exactly).
func Timestamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
