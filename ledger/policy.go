package ledger

import (
	"bytes"
	"errors"
	"math"
	"os"
	"regexp"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"declic/i18n"
)

// Policy is the centre's crediting rules, read from a TOML file (policy.toml).
type Policy struct {
	// HoursPerPass is the most hours one pass (or one learner without pass) can receive.
	HoursPerPass float64 `toml:"hours_per_pass"`
	// HomeHoursCap is the most home-learning hours credited per pass.
	HomeHoursCap float64 `toml:"home_hours_cap"`
	// CreditRatio is the share of a record's hours the centre credits (0 < ratio ≤ 1).
	CreditRatio float64 `toml:"credit_ratio"`
	// AcceptUnenrolled credits records whose key no one enrolled in person; such credits
	// are marked in every listing and report. Off by default.
	AcceptUnenrolled bool `toml:"accept_unenrolled"`
}

// DefaultPolicy credits hours one for one, up to 20 hours per pass, all of which may be
// home learning.
func DefaultPolicy() Policy { return Policy{HoursPerPass: 20, HomeHoursCap: 20, CreditRatio: 1} }

// ErrPolicy is what every error of LoadPolicy is (errors.Is). Each is an *i18n.Error
// whose message id (ledger.policy.*) is its code and names the file and line; the
// command line says it in its reader's language.
var ErrPolicy = errors.New("ledger: the policy file cannot be used")

// policyKeys are the keys a policy file may hold, as the messages list them.
const policyKeys = "hours_per_pass, home_hours_cap, credit_ratio, accept_unenrolled"

// LoadPolicy reads a policy file; an unreadable file, an unknown key, a value of the
// wrong kind or out of range is an error (ErrPolicy) that names the file and line.
func LoadPolicy(path string) (Policy, error) {
	p := DefaultPolicy()
	data, err := os.ReadFile(path)
	if err != nil {
		return p, i18n.NewError(ErrPolicy, err, "ledger.policy.unreadable", "Path", path)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // the byte order mark of Windows editors
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			line, _ := sm.Errors[0].Position()
			return p, i18n.NewError(ErrPolicy, nil, "ledger.policy.unknown_key",
				"Path", path, "Line", line, "Key", strings.Join(sm.Errors[0].Key(), "."), "Keys", policyKeys)
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			if key := de.Key(); len(key) > 0 && strings.Contains(de.Error(), "cannot decode") {
				hint := "ledger.policy.hint_number"
				if key[len(key)-1] == "accept_unenrolled" {
					hint = "ledger.policy.hint_bool"
				}
				return p, i18n.NewError(ErrPolicy, nil, "ledger.policy.wrong_type",
					"Path", path, "Line", line, "Key", strings.Join(key, "."), "Hint", i18n.M(hint))
			}
			return p, i18n.NewError(ErrPolicy, nil, "ledger.policy.syntax",
				"Path", path, "Line", line, "Reason", strings.TrimPrefix(de.Error(), "toml: "))
		}
		return p, i18n.NewError(ErrPolicy, err, "ledger.policy.unreadable", "Path", path)
	}
	bad := func(key, id string) error {
		return i18n.NewError(ErrPolicy, nil, id, "Path", path, "Line", lineOfKey(data, key), "Key", key)
	}
	for _, f := range []struct {
		key string
		v   float64
	}{{"hours_per_pass", p.HoursPerPass}, {"home_hours_cap", p.HomeHoursCap}, {"credit_ratio", p.CreditRatio}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return p, bad(f.key, "ledger.policy.not_finite")
		}
	}
	switch {
	case p.HoursPerPass <= 0:
		return p, bad("hours_per_pass", "ledger.policy.hours_per_pass")
	case p.HomeHoursCap < 0:
		return p, bad("home_hours_cap", "ledger.policy.home_hours_cap")
	case p.CreditRatio <= 0 || p.CreditRatio > 1:
		return p, bad("credit_ratio", "ledger.policy.credit_ratio")
	}
	return p, nil
}

// policyKeyLine matches the line that sets a key: `key = …` or `"key" = …`.
var policyKeyLine = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]+)"?\s*=`)

// lineOfKey returns the line of data that sets key (1 when none does: the file
// then breaks the rule as a whole).
func lineOfKey(data []byte, key string) int {
	for i, line := range strings.Split(string(data), "\n") {
		if m := policyKeyLine.FindStringSubmatch(line); m != nil && m[1] == key {
			return i + 1
		}
	}
	return 1
}

// Apply returns the hours to credit for a record worth earned hours, given the hours
// already credited on the pass (total, of which home), and the code of the cap that
// reduced or refused the credit ("" when none did).
func (p Policy) Apply(earned, total, home float64) (float64, Code) {
	hours := round2(earned * p.CreditRatio)
	var note Code
	if room := round2(p.HoursPerPass - total); hours > room {
		hours, note = max(room, 0), CodePassCap
	}
	if room := round2(p.HomeHoursCap - home); hours > room {
		hours, note = max(room, 0), CodeHomeCap
	}
	return hours, note
}

// capOf returns the cap a code names.
func (p Policy) capOf(c Code) float64 {
	if c == CodeHomeCap {
		return p.HomeHoursCap
	}
	return p.HoursPerPass
}

// round2 rounds hours to two decimals.
func round2(v float64) float64 { return math.Round(v*100) / 100 }
