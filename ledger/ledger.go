// Package ledger is a centre's append-only ledger of credited completion records. One
// interface, Store, has two implementations that behave the same: ledger/sqlite (one
// centre, a file, offline) and ledger/postgres (a network of centres sharing a server).
// The crediting rules live here, once, and run inside each store's transaction.
package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Entry is one line of the append-only ledger: a credited record or a device enrolment.
// Hash chains it to the previous entry of the same chain (the whole SQLite file, or one
// centre in PostgreSQL), so an altered row is detected.
type Entry struct {
	Seq           int64  // position in its chain, from 1
	Centre        string // id of the centre that wrote the entry ("" in ledgers older than centre ids)
	Operator      string // who at the centre wrote it
	Kind          string // KindCredit or KindEnrol
	RecordID      string
	Learner       string
	Pass          string
	Device        string
	AchievementID string
	Module        string
	HoursEarned   float64
	HoursCredited float64
	ActivityEnd   string
	Enrolled      bool // the device was enrolled for this learner when credited
	CreatedAt     time.Time
	PrevHash      string
	Hash          string
}

// Entry kinds.
const (
	KindCredit = "credit"
	KindEnrol  = "enrol"
)

// GenesisHash is the PrevHash of the first entry of a chain.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// CreditRequest asks the ledger to credit one verified record to a learner.
type CreditRequest struct {
	Centre, Operator                                                    string
	RecordID, Learner, Pass, Device, AchievementID, Module, ActivityEnd string
	HoursEarned                                                         float64
	Rebind                                                              bool
	Policy                                                              Policy
	Now                                                                 time.Time
}

// EnrolRequest binds a learner's device to the learner, in person, at a centre.
type EnrolRequest struct {
	Centre, Operator, Device, Learner string
	Now                               time.Time
}

// Refusal is a credit the ledger declined, with the reason for centre staff (French).
// Holder is the entry that already holds the record, for a duplicate.
type Refusal struct {
	Message string
	Holder  *Entry
}

// Error returns the message for centre staff.
func (r *Refusal) Error() string { return r.Message }

// Duplicate is the refusal of a record already credited by holder, seen from centre:
// it names the centre and the date, and the learner only within the same centre.
func Duplicate(holder Entry, centre string) *Refusal {
	msg := "déjà crédité"
	if holder.Centre != "" {
		msg += " par " + holder.Centre
	}
	msg += " le " + holder.CreatedAt.Local().Format("02/01/2006 à 15:04")
	if holder.Centre == centre {
		msg += fmt.Sprintf(" (à %s)", holder.Learner)
	}
	return &Refusal{Message: msg, Holder: &holder}
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

// ChainProblem is an entry whose stored hash does not match its content or chain.
type ChainProblem struct {
	Centre  string
	Seq     int64
	Message string
}

// Store is a ledger. Credit and Enrol are atomic: the checks and the append happen in
// one transaction, serialised per chain, and a record id is credited once in the whole
// store, enforced by the database. A Store is safe for concurrent use.
type Store interface {
	Credit(ctx context.Context, req CreditRequest) (Entry, error)
	Enrol(ctx context.Context, req EnrolRequest) (Entry, error)
	// Entries returns the entries matching f, chain by chain in chain order.
	Entries(ctx context.Context, f Filter) ([]Entry, error)
	// CheckChain recomputes every hash and link and lists the entries that do not match.
	CheckChain(ctx context.Context) ([]ChainProblem, error)
	Close() error
}

// Tx is what the crediting rules need from a store's open transaction. Stores
// implement it; CreditIn and EnrolIn drive it.
type Tx interface {
	// Holder returns the entry that credited recordID, if any.
	Holder(ctx context.Context, recordID string) (Entry, bool, error)
	// Binding returns the learner a device is bound to at centre (its latest
	// enrolment, else its first credit) and whether that binding is an enrolment.
	Binding(ctx context.Context, centre, device string) (learner string, enrolled bool, err error)
	// Credited returns the hours already credited at centre to learner on pass.
	Credited(ctx context.Context, centre, learner, pass string) (float64, error)
	// Append fills Seq, PrevHash and Hash from the chain's head and inserts e.
	Append(ctx context.Context, e Entry) (Entry, error)
}

// ErrInvalid marks a request the ledger cannot store (an empty id, a negative number).
var ErrInvalid = errors.New("demande invalide")

func validText(name, v string, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return fmt.Errorf("%w : %s manquant", ErrInvalid, name)
	}
	if len(v) > 1000 || strings.ContainsAny(v, "\x00\n\r") {
		return fmt.Errorf("%w : %s illisible (trop long ou caractère de contrôle)", ErrInvalid, name)
	}
	return nil
}

func (r CreditRequest) validate() error {
	for _, f := range []struct {
		name, v  string
		required bool
	}{
		{"centre", r.Centre, false}, {"opérateur", r.Operator, false}, {"identifiant d'attestation", r.RecordID, true},
		{"personne", r.Learner, true}, {"pass", r.Pass, false}, {"ordinateur", r.Device, true},
		{"badge", r.AchievementID, false}, {"module", r.Module, false}, {"fin d'activité", r.ActivityEnd, false},
	} {
		if err := validText(f.name, f.v, f.required); err != nil {
			return err
		}
	}
	if math.IsNaN(r.HoursEarned) || math.IsInf(r.HoursEarned, 0) || r.HoursEarned < 0 || r.HoursEarned > 1000 {
		return fmt.Errorf("%w : heures %v hors limites", ErrInvalid, r.HoursEarned)
	}
	return nil
}

// Timestamp is the form a time takes in the ledger: UTC, to the microsecond (what both
// engines store exactly).
func Timestamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// CreditIn applies the crediting rules inside tx: refuse a record already credited, a
// device bound to another learner (unless Rebind, which appends an enrolment first), and
// what the policy refuses; then append the credit.
func CreditIn(ctx context.Context, tx Tx, req CreditRequest) (Entry, error) {
	if err := req.validate(); err != nil {
		return Entry{}, err
	}
	now := Timestamp(req.Now)
	if holder, found, err := tx.Holder(ctx, req.RecordID); err != nil {
		return Entry{}, err
	} else if found {
		return Entry{}, Duplicate(holder, req.Centre)
	}
	bound, enrolled, err := tx.Binding(ctx, req.Centre, req.Device)
	if err != nil {
		return Entry{}, err
	}
	if bound != "" && bound != req.Learner {
		if !req.Rebind {
			return Entry{}, &Refusal{Message: fmt.Sprintf("cet ordinateur est lié à « %s » (utilisez --rebind pour le lier à « %s »)", bound, req.Learner)}
		}
		if _, err := tx.Append(ctx, Entry{Kind: KindEnrol, Centre: req.Centre, Operator: req.Operator, Learner: req.Learner, Device: req.Device, CreatedAt: now}); err != nil {
			return Entry{}, err
		}
		enrolled = true
	} else if bound == "" {
		enrolled = false
	}
	total, err := tx.Credited(ctx, req.Centre, req.Learner, req.Pass)
	if err != nil {
		return Entry{}, err
	}
	// Every credited record is home learning: records come from the learner's own PC.
	hours, note := req.Policy.Apply(req.HoursEarned, total, total)
	if hours <= 0 {
		return Entry{}, &Refusal{Message: note}
	}
	return tx.Append(ctx, Entry{
		Kind: KindCredit, Centre: req.Centre, Operator: req.Operator, RecordID: req.RecordID, Learner: req.Learner,
		Pass: req.Pass, Device: req.Device, AchievementID: req.AchievementID, Module: req.Module,
		HoursEarned: req.HoursEarned, HoursCredited: hours, ActivityEnd: req.ActivityEnd, Enrolled: enrolled, CreatedAt: now,
	})
}

// EnrolIn appends an enrolment inside tx.
func EnrolIn(ctx context.Context, tx Tx, req EnrolRequest) (Entry, error) {
	for _, f := range []struct{ name, v string }{{"ordinateur", req.Device}, {"personne", req.Learner}} {
		if err := validText(f.name, f.v, true); err != nil {
			return Entry{}, err
		}
	}
	if err := errors.Join(validText("centre", req.Centre, false), validText("opérateur", req.Operator, false)); err != nil {
		return Entry{}, err
	}
	return tx.Append(ctx, Entry{Kind: KindEnrol, Centre: req.Centre, Operator: req.Operator, Learner: req.Learner,
		Device: req.Device, CreatedAt: Timestamp(req.Now)})
}

// Hash is the chain hash of e: SHA-256 over the previous hash and every field, each
// length-prefixed. Centre and operator are covered when set (ledgers written before
// centre ids have neither, and their hashes stay valid).
func Hash(e Entry) string {
	fields := []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), e.Kind, e.RecordID, e.Learner, e.Pass, e.Device,
		e.AchievementID, e.Module, strconv.FormatFloat(e.HoursEarned, 'g', -1, 64),
		strconv.FormatFloat(e.HoursCredited, 'g', -1, 64), e.ActivityEnd, strconv.FormatBool(e.Enrolled),
		e.CreatedAt.UTC().Format(time.RFC3339Nano),
	}
	if e.Centre != "" || e.Operator != "" {
		fields = append(fields, e.Centre, e.Operator)
	}
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Link sets e's place after the chain head (seq 0 and GenesisHash for an empty chain)
// and its hash.
func Link(e Entry, headSeq int64, headHash string) Entry {
	if headHash == "" {
		headHash = GenesisHash
	}
	e.Seq, e.PrevHash = headSeq+1, headHash
	e.CreatedAt = e.CreatedAt.UTC()
	e.Hash = Hash(e)
	return e
}

// CheckChainOf checks one chain, given in order: numbering from 1 without gaps, each link
// to the previous hash, and each hash against the content.
func CheckChainOf(chain []Entry) []ChainProblem {
	var problems []ChainProblem
	prev := GenesisHash
	for i, e := range chain {
		if e.Seq != int64(i+1) {
			problems = append(problems, ChainProblem{e.Centre, e.Seq, fmt.Sprintf("numéro %d attendu : une ligne manque", i+1)})
		}
		if e.PrevHash != prev {
			problems = append(problems, ChainProblem{e.Centre, e.Seq, "le lien avec la ligne précédente est rompu"})
		}
		if Hash(e) != e.Hash {
			problems = append(problems, ChainProblem{e.Centre, e.Seq, "le contenu de la ligne a été modifié"})
		}
		prev = e.Hash
	}
	return problems
}
