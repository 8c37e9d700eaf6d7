package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"declic/keys"
)

// Checkpoint is a centre's signed statement of its chain at a moment: how many entries,
// the hash of the last one, when, and the centre's key. A centre hands one to its funder
// with each report; a chain that no longer extends it was cut or rewritten. (The idea of
// Certificate Transparency's signed tree heads, RFC 6962, for one centre's chain.)
type Checkpoint struct {
	Centre    string    `json:"centre"`
	Entries   int64     `json:"entries"`
	Head      string    `json:"head"`
	Time      time.Time `json:"time"`
	Signer    string    `json:"signer"`
	Signature string    `json:"signature"`
	// Prev links a head the network keeps to the one written before it, by any centre
	// (the heads table is one chain); empty in a checkpoint file.
	Prev string `json:"prev,omitempty"`
}

// CheckpointType is the "type" of a checkpoint file.
const CheckpointType = "DeclicLedgerCheckpoint"

// ErrCheckpoint is wrapped by every error of ParseCheckpoint.
var ErrCheckpoint = errors.New("ledger: not a valid checkpoint")

// message is what the signature covers: one field per line, none holding a newline.
func (c Checkpoint) message() []byte {
	var b strings.Builder
	b.WriteString("declic-ledger-checkpoint-1\n")
	for _, f := range [][2]string{{"centre", c.Centre}, {"entries", strconv.FormatInt(c.Entries, 10)}, {"head", c.Head},
		{"time", c.Time.UTC().Format(time.RFC3339Nano)}, {"signer", c.Signer}, {"prev", c.Prev}} {
		b.WriteString(f[0] + "=" + f[1] + "\n")
	}
	return []byte(b.String())
}

// HeadOf returns the checkpoint of a chain (given in order), signed with key.
func HeadOf(centre string, chain []Entry, at time.Time, key *keys.Key) Checkpoint {
	c := Checkpoint{Centre: centre, Head: GenesisHash, Time: Timestamp(at), Signer: key.DID()}
	if n := len(chain); n > 0 {
		c.Entries, c.Head = chain[n-1].Seq, chain[n-1].Hash
	}
	return c.Sign(key)
}

// Sign returns c signed with key (Signer set to key's did:key).
func (c Checkpoint) Sign(key *keys.Key) Checkpoint {
	c.Signer = key.DID()
	c.Signature = signText(key, c.message())
	return c
}

// Verify checks c's signature and fields.
func (c Checkpoint) Verify() error {
	for _, f := range []string{c.Centre, c.Head, c.Signer, c.Prev} {
		if strings.ContainsAny(f, "\n\r") || len(f) > 1000 {
			return fmt.Errorf("%w: a field holds a line break or is too long", ErrCheckpoint)
		}
	}
	if c.Entries < 0 || len(c.Head) != len(GenesisHash) {
		return fmt.Errorf("%w: entries or head hash out of range", ErrCheckpoint)
	}
	if !verifyText(c.Signer, c.message(), c.Signature) {
		return fmt.Errorf("%w: the signature is not %s's", ErrCheckpoint, c.Signer)
	}
	return nil
}

// HeadHash is the hash a network head is linked by (the next head's Prev).
func (c Checkpoint) HeadHash() string { return hashFields([]string{string(c.message()), c.Signature}) }

type checkpointFile struct {
	Type    string `json:"type"`
	Version int    `json:"version"`
	Checkpoint
}

// Marshal returns the checkpoint file: indented JSON with a type and a version.
func (c Checkpoint) Marshal() []byte {
	data, _ := json.MarshalIndent(checkpointFile{Type: CheckpointType, Version: 1, Checkpoint: c}, "", "  ")
	return append(data, '\n')
}

// ParseCheckpoint reads a checkpoint file and checks its signature.
func ParseCheckpoint(data []byte) (Checkpoint, error) {
	if len(data) > 16<<10 {
		return Checkpoint{}, fmt.Errorf("%w: larger than 16 KiB", ErrCheckpoint)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f checkpointFile
	if err := dec.Decode(&f); err != nil {
		return Checkpoint{}, fmt.Errorf("%w: %v", ErrCheckpoint, err)
	}
	if f.Type != CheckpointType || f.Version != 1 {
		return Checkpoint{}, fmt.Errorf("%w: type %q version %d", ErrCheckpoint, f.Type, f.Version)
	}
	if err := f.Checkpoint.Verify(); err != nil {
		return Checkpoint{}, err
	}
	return f.Checkpoint, nil
}

// Extends checks that chain (one centre's, in order) still extends c: at least c.Entries
// entries, the one at c.Entries with c.Head as hash, signed by c.Signer.
func (c Checkpoint) Extends(chain []Entry) []ChainProblem {
	var problems []ChainProblem
	if s := ChainSigner(chain); s != "" && s != c.Signer {
		problems = append(problems, ChainProblem{c.Centre, 0, CodeHeadSigner, c.Signer})
	}
	if c.Entries == 0 {
		return problems
	}
	if int64(len(chain)) < c.Entries {
		return append(problems, ChainProblem{c.Centre, int64(len(chain)), CodeShorterThanHead, strconv.FormatInt(c.Entries, 10)})
	}
	if e := chain[c.Entries-1]; e.Seq != c.Entries || e.Hash != c.Head {
		problems = append(problems, ChainProblem{c.Centre, c.Entries, CodeHeadDiffers, c.Head})
	}
	return problems
}
