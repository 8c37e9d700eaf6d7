package centreweb

import (
	"bytes"
	"testing"

	"declic/centre"
	"declic/internal/clocktest"
)

// FuzzUnzip: any bytes sent as a .zip expand within the limits, or are refused with a
// reason; never a panic, never more than a record's size per file.
func FuzzUnzip(f *testing.F) {
	f.Add(zipOf(&testing.T{}, map[string][]byte{"a.json": []byte(`{"a":1}`), "b.txt": []byte("DCL1.x")}))
	f.Add(zipOf(&testing.T{}, map[string][]byte{"b.zip": []byte("PK")}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files, why := unzip("f.zip", data)
		if why != nil && files != nil {
			t.Fatal("both files and a refusal")
		}
		total := 0
		for _, x := range files {
			if len(x.Data) > centre.MaxInputBytes {
				t.Fatalf("%s: %d bytes", x.Name, len(x.Data))
			}
			total += len(x.Data)
		}
		if total > MaxUnzipped {
			t.Fatalf("%d bytes expanded", total)
		}
	})
}

// FuzzDepositFile: any file dropped in a deposit is checked without a panic and gets
// a verdict: a record, a card, or a refusal with its reason.
func FuzzDepositFile(f *testing.F) {
	f.Add([]byte(`{"type":"DeclicCard","version":1}`))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"]}`))
	f.Add([]byte("DCL1.AAAA"))
	f.Add(bytes.Repeat([]byte("{"), 1000))
	cat := mustCatalogue(f)
	now := clocktest.Now()
	f.Fuzz(func(t *testing.T, data []byte) {
		c := centre.CheckData("f.json", data, now, cat)
		if !c.Card && c.Err == nil && c.Record == nil {
			t.Fatal("no verdict")
		}
		if c.Err != nil {
			if _, m := centre.Explain(c.Err, ""); m.ID == "" {
				t.Fatal("a refusal without words")
			}
		}
	})
}

// FuzzPasswordHash: a damaged accounts file is read without a panic, and only a hash
// with the parameters Espace centre writes is ever computed.
func FuzzPasswordHash(f *testing.F) {
	good, _ := hashPassword("une phrase assez longue")
	f.Add(good)
	f.Add("argon2id$v=19$m=1,t=1,p=1$$")
	f.Add("argon2id$v=19$m=4294967295,t=3,p=4$AAAAAAAAAAAA$AAAA")
	f.Fuzz(func(t *testing.T, encoded string) {
		h, ok := parseHash(encoded)
		if ok && (h.memory != argonMemory || h.time != argonTime || h.threads != argonThreads || len(h.sum) != argonKeyLen) {
			t.Fatalf("%q read as %+v", encoded, h)
		}
	})
}
