package ledger

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"declic/i18n"
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
	f.Add("credit_ratio = 0,5\n")
	f.Add("\ufeff\"hours_per_pass\" = inf\r\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content string) {
		p := filepath.Join(dir, "p.toml")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		pol, err := LoadPolicy(p)
		ie := &i18n.Error{}
		if err != nil && (!errors.Is(err, ErrPolicy) || !errors.As(err, &ie) || !strings.HasPrefix(ie.ID, "ledger.policy.")) {
			t.Fatalf("an error without its code: %v", err)
		}
		if line, ok := ie.Args["Line"].(int); ok && line < 1 {
			t.Fatalf("%s at line %d", ie.ID, line)
		}
		if err == nil && (math.IsNaN(pol.HoursPerPass+pol.HomeHoursCap+pol.CreditRatio) || pol.HoursPerPass <= 0 || pol.HomeHoursCap < 0 || pol.CreditRatio <= 0 || pol.CreditRatio > 1) {
			t.Fatalf("accepted an out-of-range policy %+v", pol)
		}
	})
}

func TestPolicyFileErrorsAreCodesThatNameTheLine(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, content, code string
		line                int
		french              string
	}{
		{"an unknown key", "hours_per_pass = 10\nheures = 3\n", "ledger.policy.unknown_key", 2, "« heures » est inconnue"},
		{"a number written as text", "hours_per_pass = \"dix\"\n", "ledger.policy.wrong_type", 1, "attend un nombre"},
		{"a yes written as a number", "\naccept_unenrolled = 1\n", "ledger.policy.wrong_type", 2, "true (oui) ou false"},
		{"a decimal comma", "hours_per_pass = 20\ncredit_ratio = 0,5\n", "ledger.policy.syntax", 2, "avec un point"},
		{"a ratio above 1", "hours_per_pass = 20\n\ncredit_ratio = 1.5\n", "ledger.policy.credit_ratio", 3, "au plus 1"},
		{"a ratio of 0", "credit_ratio = 0\n", "ledger.policy.credit_ratio", 1, "plus grand que 0"},
		{"no hours per pass", "# the centre's rules\nhours_per_pass = 0\n", "ledger.policy.hours_per_pass", 2, "plus grand que 0"},
		{"a negative home cap", "home_hours_cap = -1\n", "ledger.policy.home_hours_cap", 1, "négatif"},
		{"a quoted key with nan", "credit_ratio = 1\n\"hours_per_pass\" = nan\n", "ledger.policy.not_finite", 2, "pas nan ni inf"},
		{"an infinite cap", "home_hours_cap = inf\n", "ledger.policy.not_finite", 1, "pas nan ni inf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, "politique.toml")
			os.WriteFile(p, []byte(c.content), 0o600)
			_, err := LoadPolicy(p)
			var ie *i18n.Error
			if !errors.Is(err, ErrPolicy) || !errors.As(err, &ie) || ie.ID != c.code {
				t.Fatalf("LoadPolicy = %v, want the code %s", err, c.code)
			}
			if ie.Args["Line"] != c.line || ie.Args["Path"] != p {
				t.Errorf("%s:%v, want %s:%d", ie.Args["Path"], ie.Args["Line"], p, c.line)
			}
			want := fmt.Sprintf("%s:%d : ", p, c.line)
			if fr := err.Error(); !strings.HasPrefix(fr, want) || !strings.Contains(fr, c.french) {
				t.Errorf("in French: %q, want it to start with %q and say %q", fr, want, c.french)
			}
			if en := i18n.New(language.English).Error(err); strings.Contains(en, "attend") || !strings.HasPrefix(en, want[:len(want)-3]+": ") {
				t.Errorf("in English: %q", en)
			}
		})
	}
}

func TestAMissingPolicyFileSaysSoInTheReadersLanguage(t *testing.T) {
	p := filepath.Join(t.TempDir(), "absent.toml")
	_, err := LoadPolicy(p)
	var ie *i18n.Error
	if !errors.Is(err, ErrPolicy) || !errors.As(err, &ie) || ie.ID != "ledger.policy.unreadable" || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadPolicy = %v", err)
	}
	if fr := err.Error(); !strings.Contains(fr, p+" est introuvable") {
		t.Errorf("in French: %q", fr)
	}
}

func TestAPolicyFileWithAByteOrderMarkIsRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "politique.toml")
	os.WriteFile(p, []byte("\ufeffhours_per_pass = 12\r\ncredit_ratio = 0.5\r\n"), 0o600)
	pol, err := LoadPolicy(p)
	if err != nil || pol.HoursPerPass != 12 || pol.CreditRatio != 0.5 || pol.HomeHoursCap != 20 {
		t.Fatalf("LoadPolicy = %+v, %v", pol, err)
	}
}
