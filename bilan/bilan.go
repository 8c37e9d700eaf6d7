// Package bilan writes and checks « Mon bilan », the progress file a learner hands to
// a centre for its diagnostic view: the modules she has begun and finished, the
// placement questionnaire's outcome and her competencies with their evidence, signed
// by her profile's key (the key her « carte Déclic » shows) with a Data Integrity proof
// of the eddsa-jcs-2022 cryptosuite. The format is in docs/learner-data.md
// (« Mon bilan »). The package is pure Go, imports no GUI and no database: a centre
// imports it to read what a learner brings.
package bilan

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/gowebpki/jcs"
	"github.com/mr-tron/base58"

	"declic/keys"
)

// Type is the value of the document's "type" field.
const Type = "DeclicBilan"

// Version is the format this package writes and reads.
const Version = 1

// MaxSize is the largest file Verify reads, in bytes. A learner who finished every
// module of ten packs of 12 writes 109 kB (BenchmarkVerify).
const MaxSize = 1 << 20

// Cryptosuite is the proof's cryptosuite: eddsa-jcs-2022 (W3C Data Integrity EdDSA
// Cryptosuites v1.0): JSON Canonicalisation Scheme (RFC 8785), SHA-256, Ed25519.
const Cryptosuite = "eddsa-jcs-2022"

// Limits Verify applies to what a file may hold.
const (
	MaxModules     = 2000
	MaxTextLength  = 500 // bytes of any text field
	MaxLevel       = 3   // a competency level, as the learner store computes it
	maxProofLength = 200
)

// Errors Verify wraps, to be tested with errors.Is; a centre's screen turns each into
// plain words.
var (
	// ErrTooLarge: the file is bigger than MaxSize.
	ErrTooLarge = errors.New("bilan: file too large to be a bilan")
	// ErrNotABilan: not JSON, not a bilan, or fields missing, unknown or misspelt.
	ErrNotABilan = errors.New("bilan: not a Déclic bilan")
	// ErrNewerVersion: written by a newer Déclic than this program.
	ErrNewerVersion = errors.New("bilan: made by a newer version of Déclic")
	// ErrSignature: not signed, or not signed by the key the bilan names, or changed
	// since it was signed.
	ErrSignature = errors.New("bilan: the signature does not match the learner's key (changed or not signed)")
	// ErrInvalid: a value is out of its range (a score above 100, an unknown state…).
	ErrInvalid = errors.New("bilan: a value is out of range")
)

// Bilan is the content of the progress file.
type Bilan struct {
	// Learner says who: her pseudonymous id, her key, and a first name when she chose
	// to add it.
	Learner Learner `json:"learner"`
	// Issued is when the file was made (UTC, to the second).
	Issued time.Time `json:"issued"`
	// Placement is the placement questionnaire's outcome.
	Placement Placement `json:"placement"`
	// ActiveMinutes is all her active learning time, in whole minutes.
	ActiveMinutes int `json:"activeMinutes"`
	// Modules are the modules begun or finished, in the app's order.
	Modules []Module `json:"modules"`
	// Competencies are the competencies with a level or evidence, CRCN codes first.
	Competencies []Competency `json:"competencies"`
}

// Learner identifies the person the bilan is about.
type Learner struct {
	// ID is the profile's id, "urn:uuid:…" (lower case), as in her records.
	ID string `json:"id"`
	// Name is her first name, or "" when she chose not to add it; never trusted.
	Name string `json:"name"`
	// DID is her profile's key, "did:key:z6Mk…": the key that signs the bilan.
	DID string `json:"did"`
}

// Placement states.
const (
	PlacementDone    = "done"
	PlacementSkipped = "skipped"
	PlacementNotYet  = "not-yet"
)

// Placement is the outcome of the placement questionnaire.
type Placement struct {
	// State is PlacementDone, PlacementSkipped or PlacementNotYet.
	State string `json:"state"`
	// PackID, ModuleID and ModuleTitle name the module it suggested ("" when none).
	PackID      string `json:"packId"`
	ModuleID    string `json:"moduleId"`
	ModuleTitle string `json:"moduleTitle"`
	// At is when it was answered or skipped (nil when not yet).
	At *time.Time `json:"at"`
}

// Module states.
const (
	ModuleInProgress = "in-progress"
	ModuleDone       = "done"
)

// Module is one module begun or finished.
type Module struct {
	PackID   string `json:"packId"`
	ModuleID string `json:"moduleId"`
	Title    string `json:"title"`
	// State is ModuleInProgress or ModuleDone (final quiz at the pass mark).
	State         string `json:"state"`
	ActiveMinutes int    `json:"activeMinutes"`
	StepsSeen     int    `json:"stepsSeen"`
	Attempts      int    `json:"attempts"`
	// BestScore is the best final-quiz score in percent (0 when never taken).
	BestScore int `json:"bestScore"`
	// MasteredAt is when the module was first mastered (nil when not yet).
	MasteredAt *time.Time `json:"masteredAt"`
	// LastActivity is the last time she worked in it (nil when unknown).
	LastActivity *time.Time `json:"lastActivity"`
}

// Competency is a competency level with the modules behind it.
type Competency struct {
	// Code is a CRCN code ("2.1") or a pack's own ("socle.souris").
	Code string `json:"code"`
	// Label is its name in French ("" for a pack's own code).
	Label    string     `json:"label"`
	Level    int        `json:"level"`
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one module finished for a competency.
type Evidence struct {
	PackID      string `json:"packId"`
	ModuleID    string `json:"moduleId"`
	ModuleTitle string `json:"moduleTitle"`
	// Level is the module's level ("débutant", "intermédiaire", "avancé").
	Level string `json:"level"`
	// FinalScore is the best final-quiz score in percent.
	FinalScore int `json:"finalScore"`
	// Counts is true when the module was mastered and counts for the level.
	Counts bool `json:"counts"`
	// At is when it was first mastered, or last finished when never mastered.
	At time.Time `json:"at"`
}

// document is the file: the bilan between its type and version and its proof.
type document struct {
	Type    string `json:"type"`
	Version int    `json:"version"`
	Bilan
	Proof *proof `json:"proof,omitempty"`
}

// proof is a Data Integrity proof (W3C VC Data Integrity 1.0).
type proof struct {
	Type               string `json:"type"`
	Cryptosuite        string `json:"cryptosuite"`
	Created            string `json:"created"`
	VerificationMethod string `json:"verificationMethod"`
	ProofPurpose       string `json:"proofPurpose"`
	ProofValue         string `json:"proofValue,omitempty"`
}

// Sign returns the signed file of b: b with Learner.DID set to key's did:key and its
// dates in UTC to the second, and an eddsa-jcs-2022 proof made with key, created at
// b.Issued. The file is indented JSON, UTF-8, with a final newline.
func Sign(b Bilan, key *keys.Key) ([]byte, error) {
	b = normalised(b)
	b.Learner.DID = key.DID()
	if err := check(b); err != nil {
		return nil, err
	}
	doc := document{Type: Type, Version: Version, Bilan: b}
	unsecured, err := canonical(doc)
	if err != nil {
		return nil, err
	}
	p := proof{Type: "DataIntegrityProof", Cryptosuite: Cryptosuite, Created: b.Issued.Format(time.RFC3339),
		VerificationMethod: key.VerificationMethod(), ProofPurpose: "assertionMethod"}
	config, err := canonical(p)
	if err != nil {
		return nil, err
	}
	p.ProofValue = "z" + base58.Encode(key.Sign(hashData(config, unsecured)))
	doc.Proof = &p
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("bilan: %w", err)
	}
	return append(out, '\n'), nil
}

// hashData is what eddsa-jcs-2022 signs: SHA-256 of the canonical proof options, then
// SHA-256 of the canonical document without its proof.
func hashData(config, unsecured []byte) []byte {
	a, b := sha256.Sum256(config), sha256.Sum256(unsecured)
	return append(a[:], b[:]...)
}

// canonical is the JCS form of v marshalled as JSON.
func canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("bilan: %w", err)
	}
	out, err := jcs.Transform(raw)
	if err != nil {
		return nil, fmt.Errorf("bilan: canonical form: %w", err)
	}
	return out, nil
}

// Verify checks a bilan file and returns its content. It checks, in this order: the
// size; that the file is one JSON object of type DeclicBilan; the version; that the
// file holds exactly the fields of its version, each once, spelt as written here (so
// what the signature covers is exactly what is returned — no field a reader could see
// and another not); the proof (eddsa-jcs-2022, made by the key named in learner.did);
// then every value's range. The learner's key is Bilan.Learner.DID: a centre compares
// it with the keys it enrolled for the dossier.
func Verify(data []byte) (*Bilan, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w (%d bytes, at most %d)", ErrTooLarge, len(data), MaxSize)
	}
	var head struct {
		Type    string          `json:"type"`
		Version json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotABilan, err)
	}
	if head.Type != Type {
		return nil, fmt.Errorf("%w: type is %q, want %q", ErrNotABilan, head.Type, Type)
	}
	var version int
	if err := json.Unmarshal(head.Version, &version); err != nil {
		return nil, fmt.Errorf("%w: version %s is not a whole number", ErrNotABilan, head.Version)
	}
	if version > Version {
		return nil, fmt.Errorf("%w (version %d, this program reads version %d)", ErrNewerVersion, version, Version)
	}
	if version != Version {
		return nil, fmt.Errorf("%w: version %d", ErrNotABilan, version)
	}
	// The file's own canonical form, and the canonical form of what Go reads from it,
	// must be the same bytes: nothing unknown, missing, repeated or spelt in another
	// case can hide beside the signed values.
	given, err := jcs.Transform(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotABilan, err)
	}
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotABilan, err)
	}
	if doc.Proof == nil {
		return nil, fmt.Errorf("%w: no proof", ErrSignature)
	}
	read, err := canonical(doc)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotABilan, err)
	}
	if !bytes.Equal(given, read) {
		return nil, fmt.Errorf("%w: fields missing, unknown, repeated or spelt differently", ErrNotABilan)
	}
	if !listsPresent(doc.Bilan) {
		return nil, fmt.Errorf("%w: a list is null instead of []", ErrNotABilan)
	}
	if err := checkProof(doc); err != nil {
		return nil, err
	}
	if err := check(doc.Bilan); err != nil {
		return nil, err
	}
	b := doc.Bilan
	return &b, nil
}

// listsPresent says whether every list of b is there ([] when empty), as Sign writes.
func listsPresent(b Bilan) bool {
	if b.Modules == nil || b.Competencies == nil {
		return false
	}
	for _, c := range b.Competencies {
		if c.Evidence == nil {
			return false
		}
	}
	return true
}

// checkProof verifies doc's eddsa-jcs-2022 proof against the key of learner.did.
func checkProof(doc document) error {
	p := *doc.Proof
	pub, err := keys.ParseDID(doc.Learner.DID)
	if err != nil {
		return fmt.Errorf("%w: learner.did: %v", ErrSignature, err)
	}
	mb := keys.EncodePublicMultibase(pub)
	switch {
	case p.Type != "DataIntegrityProof" || p.Cryptosuite != Cryptosuite:
		return fmt.Errorf("%w: proof is %s/%s, want DataIntegrityProof/%s", ErrSignature, p.Type, p.Cryptosuite, Cryptosuite)
	case p.ProofPurpose != "assertionMethod":
		return fmt.Errorf("%w: proof purpose %q", ErrSignature, p.ProofPurpose)
	case p.VerificationMethod != "did:key:"+mb+"#"+mb || doc.Learner.DID != "did:key:"+mb:
		return fmt.Errorf("%w: signed by %q, not by the learner's key %s", ErrSignature, p.VerificationMethod, doc.Learner.DID)
	case len(p.ProofValue) > maxProofLength || !strings.HasPrefix(p.ProofValue, "z"):
		return fmt.Errorf("%w: proof value is not base58btc", ErrSignature)
	}
	if _, err := time.Parse(time.RFC3339, p.Created); err != nil {
		return fmt.Errorf("%w: proof created %q is not a date", ErrSignature, p.Created)
	}
	sig, err := base58.Decode(p.ProofValue[1:])
	if err != nil || len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("%w: proof value is not a 64-byte signature", ErrSignature)
	}
	unsigned := doc
	unsigned.Proof = nil
	unsecured, err := canonical(unsigned)
	if err != nil {
		return err
	}
	p.ProofValue = ""
	config, err := canonical(p)
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, hashData(config, unsecured), sig) {
		return fmt.Errorf("%w: the signature does not verify", ErrSignature)
	}
	return nil
}

// normalised puts b's dates in UTC to the second and its empty lists as [], the form
// Sign writes.
func normalised(b Bilan) Bilan {
	second := func(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
	optional := func(t *time.Time) *time.Time {
		if t == nil || t.IsZero() {
			return nil
		}
		v := second(*t)
		return &v
	}
	b.Issued = second(b.Issued)
	b.Placement.At = optional(b.Placement.At)
	mods := make([]Module, len(b.Modules))
	for i, m := range b.Modules {
		m.MasteredAt, m.LastActivity = optional(m.MasteredAt), optional(m.LastActivity)
		mods[i] = m
	}
	b.Modules = mods
	comps := make([]Competency, len(b.Competencies))
	for i, c := range b.Competencies {
		ev := make([]Evidence, len(c.Evidence))
		for j, e := range c.Evidence {
			e.At = second(e.At)
			ev[j] = e
		}
		c.Evidence = ev
		comps[i] = c
	}
	b.Competencies = comps
	return b
}

// check applies the rules on values that Sign and Verify share.
func check(b Bilan) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
	}
	id, ok := strings.CutPrefix(b.Learner.ID, "urn:uuid:")
	if u, err := uuid.Parse(id); !ok || err != nil || u.String() != id {
		return bad("learner.id %q is not a lower-case urn:uuid", b.Learner.ID)
	}
	if _, err := keys.ParseDID(b.Learner.DID); err != nil {
		return bad("learner.did: %v", err)
	}
	if b.Issued.IsZero() {
		return bad("no issue date")
	}
	switch b.Placement.State {
	case PlacementDone, PlacementSkipped, PlacementNotYet:
	default:
		return bad("placement state %q", b.Placement.State)
	}
	if b.ActiveMinutes < 0 {
		return bad("negative active time")
	}
	if b.Modules == nil || b.Competencies == nil {
		return bad("modules or competencies missing")
	}
	if len(b.Modules) > MaxModules || len(b.Competencies) > MaxModules {
		return bad("more than %d modules or competencies", MaxModules)
	}
	texts := []string{b.Learner.Name, b.Placement.PackID, b.Placement.ModuleID, b.Placement.ModuleTitle}
	for _, m := range b.Modules {
		if m.State != ModuleInProgress && m.State != ModuleDone {
			return bad("module %s state %q", m.ModuleID, m.State)
		}
		if m.PackID == "" || m.ModuleID == "" {
			return bad("a module without pack or module id")
		}
		if m.ActiveMinutes < 0 || m.StepsSeen < 0 || m.Attempts < 0 || m.BestScore < 0 || m.BestScore > 100 {
			return bad("module %s: a count is negative or the score is not a percentage", m.ModuleID)
		}
		texts = append(texts, m.PackID, m.ModuleID, m.Title)
	}
	for _, c := range b.Competencies {
		if c.Code == "" || c.Level < 0 || c.Level > MaxLevel || c.Evidence == nil || len(c.Evidence) > MaxModules {
			return bad("competency %q: level %d or evidence out of range", c.Code, c.Level)
		}
		texts = append(texts, c.Code, c.Label)
		for _, e := range c.Evidence {
			if e.FinalScore < 0 || e.FinalScore > 100 || e.At.IsZero() {
				return bad("competency %s: evidence of %s has a score or date out of range", c.Code, e.ModuleID)
			}
			texts = append(texts, e.PackID, e.ModuleID, e.ModuleTitle, e.Level)
		}
	}
	for _, s := range texts {
		if err := checkText(s); err != nil {
			return bad("%v", err)
		}
	}
	return nil
}

// checkText refuses text a centre could not print safely: too long, or holding
// control or invisible formatting characters.
func checkText(s string) error {
	if len(s) > MaxTextLength {
		return fmt.Errorf("a text of %d bytes, at most %d", len(s), MaxTextLength)
	}
	if !utf8.ValidString(s) {
		return errors.New("a text is not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("a text holds the control character %U", r)
		}
	}
	return nil
}
