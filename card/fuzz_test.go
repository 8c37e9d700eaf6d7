package card

import (
	"crypto/ed25519"
	"testing"
	"time"

	"declic/keys"
)

// FuzzParse: a card comes from a USB stick anyone may have written. Whatever the
// bytes, Parse must not panic, and a card it accepts must be one whose code is the
// fingerprint of its key and that Marshal writes back to the same card.
func FuzzParse(f *testing.F) {
	seed := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	good, err := New("Ana", seed, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)).Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"type":"DeclicCard","version":2}`))
	f.Add([]byte(`{"type":"DeclicCard","version":1,"name":"","did":"did:key:z6Mk","code":"","created":""}`))
	f.Add([]byte(`{"type":"DeclicCard","type":"x"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\uFEFF{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		pub, err := keys.ParseDID(c.DID)
		if err != nil {
			t.Fatalf("accepted a card whose key does not parse: %+v", c)
		}
		if c.Code != keys.Fingerprint(pub) {
			t.Fatalf("accepted a card whose code is not its key's: %+v", c)
		}
		again, err := c.Marshal()
		if err != nil {
			t.Fatalf("Marshal of an accepted card: %v", err)
		}
		back, err := Parse(again)
		if err != nil || back != c {
			t.Fatalf("round trip: %+v, %v; want %+v", back, err, c)
		}
	})
}
