package main

import (
	"context"
	"database/sql"
	"testing"

	"declic/keys"
	"declic/ledger"
	"declic/ledger/sqlite"
)

// rehash is the forger who has the ledger file: it sets entry from's credited hours to
// 9 and recomputes the hash of that entry and every later one, so the chain links again.
// Without a key the old signatures stay; with one, every entry from there on is signed
// anew with it (from = 1: the whole ledger rewritten under another key).
func rehash(t *testing.T, path string, from int64, key *keys.Key) {
	t.Helper()
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Entries(context.Background(), ledger.Filter{})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DROP TRIGGER entries_no_update`); err != nil {
		t.Fatal(err)
	}
	prev := ledger.GenesisHash
	for _, e := range all {
		if e.Seq >= from {
			if e.Seq == 3 {
				e.HoursCredited = 9
			}
			if key != nil {
				e = ledger.Link(e, e.Seq-1, prev, key)
			} else {
				e.PrevHash = prev
				e.Hash = ledger.Hash(e)
			}
			if _, err := raw.Exec(`UPDATE entries SET hours_credited = ?, prev_hash = ?, hash = ?, signer = ?, signature = ? WHERE seq = ?`,
				e.HoursCredited, e.PrevHash, e.Hash, e.Signer, e.Signature, e.Seq); err != nil {
				t.Fatal(err)
			}
		}
		prev = e.Hash
	}
}
