package attest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var (
	frenchDays   = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
		"septembre", "octobre", "novembre", "décembre"}
)

// LongDate writes a date out in full for a learner, in the local time zone of t:
// "lundi 3 mars 2026" in French (the default), "Monday 3 March 2026" in English.
// FALC asks for dates written out, never 03/03/2026.
func LongDate(t time.Time, lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		return t.Format("Monday 2 January 2006")
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", frenchDays[t.Weekday()], day, frenchMonths[t.Month()-1], t.Year())
}

// Hours writes a number of hours the French way ("1,5 h", "2 h") or the English
// way ("1.5 h").
func Hours(h float64, lang string) string {
	s := strconv.FormatFloat(h, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s) > i+3 {
		s = strconv.FormatFloat(h, 'f', 2, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if !strings.HasPrefix(strings.ToLower(lang), "en") {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " h"
}
