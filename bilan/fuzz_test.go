package bilan

import (
	"crypto/ed25519"
	"testing"

	"github.com/mr-tron/base58"

	"declic/keys"
)

func base58Encode(b []byte) string { return base58.Encode(b) }

// FuzzVerify: a bilan comes from a USB stick anyone may have written. Whatever the
// bytes, Verify must not panic, and what it accepts must be signed by the key it names
// and sign again to a file that verifies to the same content.
func FuzzVerify(f *testing.F) {
	k, err := keys.FromBytes(make([]byte, ed25519.SeedSize))
	if err != nil {
		f.Fatal(err)
	}
	good, err := Sign(sample(), k)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"type":"DeclicBilan","version":1}`))
	f.Add([]byte(`{"type":"DeclicBilan","version":2}`))
	f.Add([]byte(`{"type":"DeclicBilan","version":1,"proof":{}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Verify(data)
		if err != nil {
			return
		}
		if b.Learner.DID != k.DID() {
			// Only the seed's key signs in the corpus; any other accepted signer
			// would be a forgery.
			t.Fatalf("accepted a bilan signed by %s", b.Learner.DID)
		}
		again, err := Sign(*b, k)
		if err != nil {
			t.Fatalf("Sign of an accepted bilan: %v", err)
		}
		if _, err := Verify(again); err != nil {
			t.Fatalf("re-signed bilan does not verify: %v", err)
		}
	})
}
