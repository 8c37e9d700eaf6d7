package bilan

import (
	"testing"

	"declic/keys"
)

func BenchmarkVerify(b *testing.B) {
	k, _ := newKeyB()
	data, err := Sign(sample(), k)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Verify(data); err != nil {
			b.Fatal(err)
		}
	}
}

func newKeyB() (*keys.Key, error) { return keys.Generate() }
