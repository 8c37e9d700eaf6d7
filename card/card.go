// Package card reads and writes the learner's « carte Déclic »: a small JSON file that
// carries the public key of one learner profile (its did:key), the short code shown on
// the learner's screen (keys.Fingerprint of that key) and a first name for people to
// read. The learner saves it on a USB stick; a centre enrols the key it carries after a
// trainer has compared the code with the learner's screen. The format is fixed in
// docs/learner-data.md (« La carte Déclic »). The package is pure Go and imports no GUI.
package card

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"declic/keys"
)

// Type is the value of the card's "type" field.
const Type = "DeclicCard"

// Version is the card format this package writes and reads.
const Version = 1

// MaxSize is the largest card file Parse reads, in bytes; a card written by Marshal
// takes about 200 bytes (199 for « Ana »).
const MaxSize = 4096

// MaxNameLength is the longest first name a card carries, in characters (the learner
// store's limit).
const MaxNameLength = 40

// Errors Parse wraps, to be tested with errors.Is; each one says what is wrong with
// the file in a way a centre's screen can put in plain words.
var (
	// ErrTooLarge: the file is bigger than MaxSize; no card is that big.
	ErrTooLarge = errors.New("card: file too large to be a carte Déclic")
	// ErrNotACard: the file is not JSON, or not a carte Déclic (another type, a field
	// missing, repeated or of the wrong kind).
	ErrNotACard = errors.New("card: not a carte Déclic")
	// ErrNewerVersion: the card was made by a newer Déclic than this program.
	ErrNewerVersion = errors.New("card: made by a newer version of Déclic")
	// ErrKey: the did field is not an Ed25519 did:key.
	ErrKey = errors.New("card: the key is not a valid Ed25519 did:key")
	// ErrCode: the code does not match the key, so the card was edited.
	ErrCode = errors.New("card: the code does not match the key")
	// ErrName: the first name is too long or holds control characters.
	ErrName = errors.New("card: the first name is not a plain first name")
)

// Card is one learner profile's public identity, as the card file carries it.
type Card struct {
	// Name is the profile's first name, for people to read; never trusted.
	Name string
	// DID is the profile's key, "did:key:z6Mk…".
	DID string
	// Code is keys.Fingerprint of the key, "7K3M-Q9XA-4D2E-HB8W".
	Code string
	// Created is when the card was made (UTC, to the second).
	Created time.Time
}

// New returns the card of a profile's public key.
func New(name string, pub ed25519.PublicKey, created time.Time) Card {
	return Card{
		Name:    strings.TrimSpace(name),
		DID:     keys.DID(pub),
		Code:    keys.Fingerprint(pub),
		Created: created.UTC().Truncate(time.Second),
	}
}

// PublicKey returns the Ed25519 key the card carries.
func (c Card) PublicKey() (ed25519.PublicKey, error) {
	pub, err := parseDID(c.DID)
	if err != nil {
		return nil, err
	}
	return pub, nil
}

// file is the JSON layout, in the field order of the format.
type file struct {
	Type    string `json:"type"`
	Version int    `json:"version"`
	Name    string `json:"name"`
	DID     string `json:"did"`
	Code    string `json:"code"`
	Created string `json:"created"`
}

// Marshal returns the card file's bytes (indented JSON, UTF-8, final newline). It
// refuses a card Parse would refuse, so a bad card is never written.
func (c Card) Marshal() ([]byte, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(file{Type: Type, Version: Version, Name: c.Name, DID: c.DID,
		Code: c.Code, Created: c.Created.UTC().Format(time.RFC3339)}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("card: %w", err)
	}
	return append(data, '\n'), nil
}

// fields are the card's fields, each required exactly once.
var fields = []string{"type", "version", "name", "did", "code", "created"}

// Parse reads a card file. It checks, in this order: the size, that the file is one
// JSON object holding each field exactly once (fields it does not know are ignored,
// so a later version 1 may add some), the type, the version, the key, that the code
// is the key's fingerprint (typed in any case, with or without dashes), the first
// name and the date. The card returned has the code in keys.Fingerprint's form.
func Parse(data []byte) (Card, error) {
	if len(data) > MaxSize {
		return Card{}, fmt.Errorf("%w (%d bytes, at most %d)", ErrTooLarge, len(data), MaxSize)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // a BOM from a Windows editor
	if err := checkFields(data); err != nil {
		return Card{}, err
	}
	var raw struct {
		Type    string          `json:"type"`
		Version json.RawMessage `json:"version"`
		Name    string          `json:"name"`
		DID     string          `json:"did"`
		Code    string          `json:"code"`
		Created string          `json:"created"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return Card{}, fmt.Errorf("%w: %v", ErrNotACard, err)
	}
	if raw.Type != Type {
		return Card{}, fmt.Errorf("%w: type is %q, want %q", ErrNotACard, raw.Type, Type)
	}
	var version int
	if err := json.Unmarshal(raw.Version, &version); err != nil {
		return Card{}, fmt.Errorf("%w: version %s is not a whole number", ErrNotACard, raw.Version)
	}
	switch {
	case version > Version:
		return Card{}, fmt.Errorf("%w (version %d, this program reads version %d)", ErrNewerVersion, version, Version)
	case version != Version:
		return Card{}, fmt.Errorf("%w: version %d", ErrNotACard, version)
	}
	created, err := time.Parse(time.RFC3339, raw.Created)
	if err != nil {
		return Card{}, fmt.Errorf("%w: created %q is not an RFC 3339 date", ErrNotACard, raw.Created)
	}
	c := Card{Name: raw.Name, DID: raw.DID, Code: raw.Code, Created: created.UTC()}
	if code, err := keys.NormalizeFingerprint(c.Code); err == nil {
		c.Code = code
	}
	if err := c.check(); err != nil {
		return Card{}, err
	}
	return c, nil
}

// check applies the rules both Marshal and Parse enforce.
func (c Card) check() error {
	pub, err := parseDID(c.DID)
	if err != nil {
		return err
	}
	if c.Code != keys.Fingerprint(pub) {
		return fmt.Errorf("%w: %q is not the code of %s", ErrCode, c.Code, c.DID)
	}
	if err := checkName(c.Name); err != nil {
		return err
	}
	if c.Created.IsZero() {
		return fmt.Errorf("%w: no creation date", ErrNotACard)
	}
	return nil
}

// parseDID accepts exactly the form keys.DID writes: no fragment, no other spelling.
func parseDID(did string) (ed25519.PublicKey, error) {
	pub, err := keys.ParseDID(did)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKey, err)
	}
	if keys.DID(pub) != did {
		return nil, fmt.Errorf("%w: %q is not written as did:key:z6Mk… alone", ErrKey, did)
	}
	return pub, nil
}

// checkName accepts a first name of at most MaxNameLength characters, in NFC, without
// control or invisible formatting characters (a name is printed on terminals and
// screens, and must not reorder or hide text there).
func checkName(name string) error {
	switch {
	case !utf8.ValidString(name):
		return fmt.Errorf("%w: not valid UTF-8", ErrName)
	case utf8.RuneCountInString(name) > MaxNameLength:
		return fmt.Errorf("%w: %d characters, at most %d", ErrName, utf8.RuneCountInString(name), MaxNameLength)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("%w: spaces around it", ErrName)
	case !norm.NFC.IsNormalString(name):
		return fmt.Errorf("%w: not in Unicode normal form C", ErrName)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("%w: holds the control character %U", ErrName, r)
		}
	}
	return nil
}

// checkFields walks the top level of data and makes sure it is one JSON object with
// each known field exactly once and nothing after it. encoding/json keeps the last of
// two equal keys; another reader could keep the first, so a card with a repeated key
// could show one key to a person and enrol another.
func checkFields(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotACard, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("%w: not a JSON object", ErrNotACard)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%w: %v", ErrNotACard, err)
		}
		key, _ := tok.(string)
		// Fields are matched as encoding/json matches them: without regard to case.
		folded := strings.ToLower(key)
		if seen[folded] {
			return fmt.Errorf("%w: the field %q appears twice", ErrNotACard, key)
		}
		seen[folded] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return fmt.Errorf("%w: %v", ErrNotACard, err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return fmt.Errorf("%w: %v", ErrNotACard, err)
	}
	if _, err := dec.Token(); err == nil {
		return fmt.Errorf("%w: text after the card", ErrNotACard)
	}
	for _, f := range fields {
		if !seen[f] {
			return fmt.Errorf("%w: the field %q is missing", ErrNotACard, f)
		}
	}
	return nil
}

// FileName is the name the card's file gets: carte-declic-<first name>.json, the
// first name in lower-case ASCII letters and digits ("carte-declic-helene.json"), or
// carte-declic.json when nothing of it is left.
func (c Card) FileName() string {
	var sb strings.Builder
	for _, r := range norm.NFD.String(c.Name) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			sb.WriteRune(unicode.ToLower(r))
		case (r == ' ' || r == '-') && sb.Len() > 0 && !strings.HasSuffix(sb.String(), "-"):
			sb.WriteByte('-')
		}
	}
	name := strings.Trim(sb.String(), "-")
	if name == "" {
		return "carte-declic.json"
	}
	return "carte-declic-" + name + ".json"
}
