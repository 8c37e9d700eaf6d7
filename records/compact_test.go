package records_test

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"strings"
	"testing"

	"declic/records"
)

func TestCompactFormVerifiesAfterExpanding(t *testing.T) {
	data := mustIssue(t, mustKey(t), sampleInput())
	c, err := records.Compact(data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c, records.CompactPrefix) || len(c) >= len(data)/2 || !records.IsCompact([]byte(" "+c+"\n")) {
		t.Fatalf("compact form of %d bytes from %d", len(c), len(data))
	}
	back, err := records.Expand(c + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := records.Verify(back, records.VerifyOptions{Now: verifyNow}); err != nil {
		t.Fatal(err)
	}
}

func TestExpandRefusesBadInput(t *testing.T) {
	var bomb bytes.Buffer
	w, _ := flate.NewWriter(&bomb, flate.BestCompression)
	w.Write(bytes.Repeat([]byte(" "), 1<<20))
	w.Close()
	for name, in := range map[string]string{
		"no prefix":     "abc",
		"bad base64":    records.CompactPrefix + "***",
		"not deflate":   records.CompactPrefix + base64.RawURLEncoding.EncodeToString([]byte("bonjour")),
		"expands to 1M": records.CompactPrefix + base64.RawURLEncoding.EncodeToString(bomb.Bytes()),
	} {
		if _, err := records.Expand(in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := records.Compact([]byte("{")); err == nil {
		t.Error("compacted broken JSON")
	}
}

func FuzzExpand(f *testing.F) {
	f.Add(records.CompactPrefix + "q1YqS8xRslIqSk1R0lFKTUvMKU4FAA")
	f.Add("DCL1.")
	f.Fuzz(func(t *testing.T, s string) {
		out, err := records.Expand(s)
		if err == nil && len(out) > 256<<10 {
			t.Fatalf("expanded to %d bytes", len(out))
		}
	})
}
