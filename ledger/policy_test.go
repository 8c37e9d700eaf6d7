package ledger

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPolicyApply(t *testing.T) {
	p := Policy{HoursPerPass: 10, HomeHoursCap: 4, CreditRatio: 0.5}
	cases := []struct {
		earned, total, home, want float64
		noted                     bool
	}{
		{2, 0, 0, 1, false},      // ratio
		{2, 3.5, 3.5, 0.5, true}, // home cap leaves half an hour
		{2, 4, 4, 0, true},       // home cap reached
		{30, 0, 0, 4, true},      // 15 h after ratio, capped by home hours
	}
	for _, c := range cases {
		got, note := p.Apply(c.earned, c.total, c.home)
		if math.Abs(got-c.want) > 1e-9 || (note != "") != c.noted || (c.noted && note != CodeHomeCap) {
			t.Errorf("Apply(%v, %v, %v) = %v, %q; want %v (note %v)", c.earned, c.total, c.home, got, note, c.want, c.noted)
		}
	}
}

func FuzzLoadPolicy(f *testing.F) {
	f.Add("hours_per_pass = 10\nhome_hours_cap = 5\ncredit_ratio = 0.5\n")
	f.Add("hours_per_pass = \"dix\"\n")
	f.Add("[x]\ny = 1\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content string) {
		p := filepath.Join(dir, "p.toml")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		pol, err := LoadPolicy(p)
		if err == nil && (math.IsNaN(pol.HoursPerPass+pol.HomeHoursCap+pol.CreditRatio) || pol.HoursPerPass <= 0 || pol.HomeHoursCap < 0 || pol.CreditRatio <= 0 || pol.CreditRatio > 1) {
			t.Fatalf("accepted an out-of-range policy %+v", pol)
		}
	})
}

func TestPolicyFileErrorsNameTheLine(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"hours_per_pass = 10\nheures = 3\n": ":2:",
		"hours_per_pass = \"dix\"\n":        ":1:",
		"credit_ratio = 1.5\n":              "credit_ratio",
		"hours_per_pass = 0\n":              "hours_per_pass",
		"home_hours_cap = -1\n":             "home_hours_cap",
		"hours_per_pass = nan\n":            "nombres finis",
	}
	for content, want := range cases {
		p := filepath.Join(dir, "p.toml")
		os.WriteFile(p, []byte(content), 0o600)
		if _, err := LoadPolicy(p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want it to contain %q", content, err, want)
		}
	}
	if _, err := LoadPolicy(filepath.Join(dir, "absent.toml")); err == nil {
		t.Error("a missing policy file was accepted")
	}
}
