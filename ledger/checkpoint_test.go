package ledger

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"declic/keys"
)

func testChain(key *keys.Key, n int) []Entry {
	var chain []Entry
	prev, at := GenesisHash, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for i := range n {
		e := Link(Entry{Kind: KindEnrol, Centre: "epn-nord", Learner: "L", LearnerKey: "did:key:z6Mk", CreatedAt: at.Add(time.Duration(i) * time.Minute)}, int64(i), prev, key)
		chain = append(chain, e)
		prev = e.Hash
	}
	return chain
}

func TestACheckpointRoundTripsAndIsExtendedByItsChain(t *testing.T) {
	key, _ := keys.Generate()
	chain := testChain(key, 5)
	cp := HeadOf("epn-nord", chain[:3], chain[2].CreatedAt, key)
	back, err := ParseCheckpoint(cp.Marshal())
	if err != nil || back != cp {
		t.Fatalf("%+v %v", back, err)
	}
	if p := back.Extends(chain); len(p) != 0 {
		t.Fatalf("a longer chain extends its checkpoint: %v", p)
	}
	if p := back.Extends(chain[:2]); len(p) != 1 || p[0].Code != CodeShorterThanHead {
		t.Fatalf("a cut chain: %v", p)
	}
	other, _ := keys.Generate()
	codes := ""
	for _, p := range back.Extends(testChain(other, 5)) {
		codes += string(p.Code) + " "
	}
	if codes != "head-signer head-differs " {
		t.Fatalf("a rewritten chain: %q", codes)
	}
	if p := CheckChainOf(chain); len(p) != 0 {
		t.Fatalf("fresh chain: %v", p)
	}
}

func TestAnEditedCheckpointIsRefused(t *testing.T) {
	key, _ := keys.Generate()
	data := HeadOf("epn-nord", testChain(key, 3), time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), key).Marshal()
	for name, edit := range map[string][]byte{
		"fewer entries":  bytes.Replace(data, []byte(`"entries": 3`), []byte(`"entries": 2`), 1),
		"another centre": bytes.Replace(data, []byte(`"epn-nord"`), []byte(`"epn-sud"`), 1),
		"an extra field": bytes.Replace(data, []byte(`"version": 1,`), []byte(`"version": 1, "x": 1,`), 1),
		"another type":   bytes.Replace(data, []byte(CheckpointType), []byte("Autre"), 1),
		"too large":      append(append([]byte(nil), data...), bytes.Repeat([]byte(" "), 20000)...),
		"a line break":   bytes.Replace(data, []byte(`"epn-nord"`), []byte(`"epn-nord\nentries=9"`), 1),
	} {
		if _, err := ParseCheckpoint(edit); err == nil || !strings.Contains(err.Error(), "checkpoint") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzParseCheckpoint(f *testing.F) {
	key, _ := keys.Generate()
	f.Add(HeadOf("epn-nord", testChain(key, 2), time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), key).Marshal())
	f.Add([]byte(`{"type":"DeclicLedgerCheckpoint","version":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cp, err := ParseCheckpoint(data)
		if err != nil {
			return
		}
		if cp.Verify() != nil {
			t.Fatal("a parsed checkpoint does not verify")
		}
		again, err := ParseCheckpoint(cp.Marshal())
		if err != nil || again != cp {
			t.Fatalf("round trip: %+v %v", again, err)
		}
	})
}
