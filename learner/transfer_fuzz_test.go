package learner

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParseProfileFile: a profile file comes from a USB stick anyone may have written.
// Whatever the bytes, reading it must not panic, and what it accepts names a profile,
// a key and a secret kind.
func FuzzParseProfileFile(f *testing.F) {
	s := openTemp(f)
	p := mustProfile(f, s, "Marie")
	fillProfile(f, s, p)
	if err := s.SetPIN(ctx, p.ID, "4821"); err != nil {
		f.Fatal(err)
	}
	good, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "4821"})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(bytes.Replace(good, []byte(`"version":1,`), []byte(`"version":2,`), 1))
	f.Add([]byte(`{"format":"declic.profile","version":1}`))
	f.Add([]byte(`{"format":"declic.profile","version":"1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pp, err := ParseProfileFile(data)
		if err != nil {
			return
		}
		if pp.ProfileID == "" || pp.DID == "" || (pp.Unlock != SecretPIN && pp.Unlock != SecretPictures) {
			t.Fatalf("accepted a file without profile, key or secret kind: %+v", pp)
		}
	})
}

// FuzzProfileFileData: the data of a profile file is covered by its owner's signature,
// but its owner can sign anything. Whatever the rows, checking them must not panic,
// and the events it accepts are events the recorder would accept.
func FuzzProfileFileData(f *testing.F) {
	s := openTemp(f)
	p := mustProfile(f, s, "Marie")
	fillProfile(f, s, p)
	if err := s.SetPIN(ctx, p.ID, "4821"); err != nil {
		f.Fatal(err)
	}
	good, err := s.ProfileFile(ctx, p.ID, Secret{PIN: "4821"})
	if err != nil {
		f.Fatal(err)
	}
	pp, err := ParseProfileFile(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(pp.data))
	f.Add([]byte(`{"format":"declic.learner-export","version":1,"profile":{"id":"` + p.ID + `"}}`))
	f.Add([]byte(`{"attempts":[{"score":1e309}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		fuzzed := *pp
		fuzzed.data = data
		exp, err := decodeExport(&fuzzed)
		if err != nil {
			return
		}
		for _, e := range exportEvents(exp) {
			if err := e.validate(); err != nil {
				t.Fatalf("accepted an event the recorder refuses: %v", err)
			}
		}
	})
}
