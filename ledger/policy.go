package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/pelletier/go-toml/v2"
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

// LoadPolicy reads a policy file; unknown keys and out-of-range values are errors that
// name the file and line.
func LoadPolicy(path string) (Policy, error) {
	p := DefaultPolicy()
	data, err := os.ReadFile(path)
	if err != nil {
		return p, fmt.Errorf("politique %s : %w", path, err)
	}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			return p, fmt.Errorf("%s:%d: %s", path, line, de.Error())
		}
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			line, _ := sm.Errors[0].Position()
			return p, fmt.Errorf("%s:%d: clé inconnue %q", path, line, sm.Errors[0].Key())
		}
		return p, fmt.Errorf("politique %s : %w", path, err)
	}
	switch {
	case math.IsNaN(p.HoursPerPass+p.HomeHoursCap+p.CreditRatio) || math.IsInf(p.HoursPerPass+p.HomeHoursCap+p.CreditRatio, 0):
		return p, fmt.Errorf("%s: les valeurs doivent être des nombres finis", path)
	case p.HoursPerPass <= 0:
		return p, fmt.Errorf("%s: hours_per_pass doit être supérieur à 0", path)
	case p.HomeHoursCap < 0:
		return p, fmt.Errorf("%s: home_hours_cap ne peut pas être négatif", path)
	case p.CreditRatio <= 0 || p.CreditRatio > 1:
		return p, fmt.Errorf("%s: credit_ratio doit être entre 0 (exclu) et 1", path)
	}
	return p, nil
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
