package speech

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// words are the spoken forms of symbols and abbreviations in one language. Every
// interface language needs its entry in vocabularies (a test checks it).
type words struct {
	at, dot, percent, euro, and, number string
	email, emails                       string // "" keeps the word as written
	hour, hours, minute, minutes        string
	// plural reports whether a quantity takes the plural ("1,5 heure" in French,
	// "1.5 hours" in English).
	plural func(n float64) bool
	// keys maps a key name, lower case, to how it is said.
	keys map[string]string
}

func frenchPlural(n float64) bool  { return n >= 2 }
func englishPlural(n float64) bool { return n != 1 }

var commonTLD = map[string]string{"fr": "F R", "eu": "E U", "org": "O R G", "com": "com", "net": "nette", "gouv": "gouv", "uk": "U K", "es": "E S", "pt": "P T", "ro": "R O", "tr": "T R", "ua": "U A", "de": "D E", "be": "B E", "ch": "C H"}

var vocabularies = map[string]words{
	"fr": {at: "arobase", dot: "point", percent: "pour cent", euro: "euros", and: "et", number: "numéro",
		email: "imèle", emails: "imèles", hour: "heure", hours: "heures", minute: "minute", minutes: "minutes",
		plural: frenchPlural,
		keys: map[string]string{"ctrl": "Contrôle", "maj": "Majuscule", "shift": "Majuscule", "alt": "Alte", "altgr": "Alte Gr",
			"entrée": "Entrée", "enter": "Entrée", "échap": "Échappe", "esc": "Échappe", "tab": "Tabulation", "suppr": "Supprimer",
			"del": "Supprimer", "effacer": "Effacer", "retour arrière": "Retour arrière", "espace": "Espace", "verr maj": "Verrouillage majuscule",
			"cmd": "Commande", "windows": "Windows", "fn": "F N"}},
	"en": {at: "at", dot: "dot", percent: "percent", euro: "euros", and: "and", number: "number",
		hour: "hour", hours: "hours", minute: "minute", minutes: "minutes", plural: englishPlural,
		keys: map[string]string{"ctrl": "Control", "maj": "Shift", "shift": "Shift", "alt": "Alt", "entrée": "Enter", "enter": "Enter",
			"échap": "Escape", "esc": "Escape", "tab": "Tab", "suppr": "Delete", "del": "Delete", "effacer": "Backspace", "espace": "Space", "cmd": "Command"}},
	"es": {at: "arroba", dot: "punto", percent: "por ciento", euro: "euros", and: "y", number: "número",
		hour: "hora", hours: "horas", minute: "minuto", minutes: "minutos", plural: englishPlural,
		keys: map[string]string{"ctrl": "Control", "maj": "Mayúsculas", "shift": "Mayúsculas", "entrée": "Intro", "enter": "Intro", "échap": "Escape", "tab": "Tabulador", "suppr": "Suprimir", "espace": "Espacio"}},
	"pt": {at: "arroba", dot: "ponto", percent: "por cento", euro: "euros", and: "e", number: "número",
		hour: "hora", hours: "horas", minute: "minuto", minutes: "minutos", plural: frenchPlural,
		keys: map[string]string{"ctrl": "Control", "maj": "Shift", "entrée": "Enter", "échap": "Escape", "tab": "Tab", "suppr": "Delete", "espace": "Espaço"}},
	"ro": {at: "a rond", dot: "punct", percent: "la sută", euro: "euro", and: "și", number: "numărul",
		hour: "oră", hours: "ore", minute: "minut", minutes: "minute", plural: englishPlural,
		keys: map[string]string{"ctrl": "Control", "maj": "Shift", "entrée": "Enter", "échap": "Escape", "espace": "Spațiu"}},
	"tr": {at: "et", dot: "nokta", percent: "yüzde", euro: "avro", and: "ve", number: "numara",
		hour: "saat", hours: "saat", minute: "dakika", minutes: "dakika", plural: englishPlural,
		keys: map[string]string{"ctrl": "Kontrol", "maj": "Şift", "entrée": "Enter", "échap": "Escape", "espace": "Boşluk"}},
	"uk": {at: "равлик", dot: "крапка", percent: "відсотків", euro: "євро", and: "і", number: "номер",
		hour: "год", hours: "год", minute: "хв", minutes: "хв", plural: englishPlural,
		keys: map[string]string{"ctrl": "Контрол", "maj": "Шифт", "entrée": "Ентер", "échap": "Ескейп", "espace": "Пробіл"}},
	"ar": {at: "آت", dot: "نقطة", percent: "بالمئة", euro: "يورو", and: "و", number: "رقم",
		hour: "ساعة", hours: "ساعات", minute: "دقيقة", minutes: "دقائق", plural: englishPlural,
		keys: map[string]string{"ctrl": "كنترول", "maj": "شيفت", "entrée": "إدخال", "échap": "هروب", "espace": "مسافة"}},
}

func vocabulary(lang string) words {
	if w, ok := vocabularies[Options{Lang: lang}.lang()]; ok {
		return w
	}
	return vocabularies["en"]
}

var (
	reLineMarks   = regexp.MustCompile(`(?m)^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+•◦▪–][ \t]+)`)
	reEmphasis    = regexp.MustCompile("\\*\\*|__|\\*|`|~~")
	reBacktick    = regexp.MustCompile("`([^`\n]{1,30})`")
	reKeyBrackets = regexp.MustCompile(`\[([^\[\]\n]{1,30})\]`)
	reShortcut    = regexp.MustCompile(`(?i)\b(ctrl|maj|shift|alt|altgr|cmd|fn)[ \t]*\+[ \t]*(\S+?)(?:[ \t]*\+[ \t]*(\S+?))?([ \t.,;:!?)]|$)`)
	reEmailAddr   = regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)
	reURL         = regexp.MustCompile(`(?i)\b(?:https?://)?(?:www\.)?(?:[\p{L}\p{N}-]+\.)+(?:gouv\.fr|fr|com|org|net|eu|example|uk|es|pt|ro|tr|ua|de|be|ch)\b(?:/[^\s]*)?`)
	reDotDomain   = regexp.MustCompile(`(?i)(^|[\s(«"'])\.((?:[\p{L}\p{N}-]+\.)*(?:fr|com|org|net|eu|gouv))\b`)
	reEmailWord   = regexp.MustCompile(`(?i)\be-?mail(s?)\b`)
	reHours       = regexp.MustCompile(`(\d+(?:[,.]\d+)?)[ \t\x{a0}]*h\b`)
	reMinutes     = regexp.MustCompile(`(\d+)[ \t\x{a0}]*min\b`)
	reNumero      = regexp.MustCompile(`\b[nN][°º][ \t\x{a0}]*`)
	reSpaces      = regexp.MustCompile(`[ \t\x{a0}\x{202f}]+`)
	reSpaceBefore = regexp.MustCompile(` +([.,])`)
)

// Clean turns screen text into text a voice reads well in lang: no Markdown
// symbols or bullets, keys and shortcuts said in words ("Ctrl+C" → "Contrôle C"),
// "@" and web addresses spelt out ("impots point gouv point F R"), "e-mail" said as
// a word, units written out ("1,5 h" → "1,5 heure"). Accented letters are kept.
// Each line becomes a sentence, so the voice pauses between them.
func Clean(text, lang string) string {
	w := vocabulary(lang)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = reLineMarks.ReplaceAllString(text, "")
	text = reBacktick.ReplaceAllStringFunc(text, func(m string) string {
		return sayKeys(m[1:len(m)-1], w)
	})
	text = reEmphasis.ReplaceAllString(text, "")
	text = reKeyBrackets.ReplaceAllStringFunc(text, func(m string) string {
		return sayKeys(m[1:len(m)-1], w)
	})
	text = reShortcut.ReplaceAllStringFunc(text, func(m string) string {
		sub := reShortcut.FindStringSubmatch(m)
		parts := []string{sayKey(sub[1], w), sayKey(sub[2], w)}
		if sub[3] != "" {
			parts = append(parts, sayKey(sub[3], w))
		}
		return strings.Join(parts, " ") + sub[4]
	})
	text = reEmailAddr.ReplaceAllStringFunc(text, func(m string) string {
		at := strings.LastIndex(m, "@")
		return sayDotted(m[:at], w) + " " + w.at + " " + sayDomain(m[at+1:], w)
	})
	text = reURL.ReplaceAllStringFunc(text, func(m string) string { return sayURL(m, w) })
	text = reDotDomain.ReplaceAllStringFunc(text, func(m string) string {
		sub := reDotDomain.FindStringSubmatch(m)
		return sub[1] + w.dot + " " + sayDomain(sub[2], w)
	})
	if w.email != "" {
		text = reEmailWord.ReplaceAllStringFunc(text, func(m string) string {
			if strings.HasSuffix(strings.ToLower(m), "s") {
				return w.emails
			}
			return w.email
		})
	}
	text = reHours.ReplaceAllStringFunc(text, func(m string) string {
		n := reHours.FindStringSubmatch(m)[1]
		return n + " " + unit(n, w.hour, w.hours, w)
	})
	text = reMinutes.ReplaceAllStringFunc(text, func(m string) string {
		n := reMinutes.FindStringSubmatch(m)[1]
		return n + " " + unit(n, w.minute, w.minutes, w)
	})
	text = reNumero.ReplaceAllString(text, w.number+" ")
	text = replaceSymbols(text, w)

	var lines []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(reSpaces.ReplaceAllString(line, " "))
		line = reSpaceBefore.ReplaceAllString(line, "$1")
		line = strings.Trim(line, " ,;")
		if line == "" {
			continue
		}
		if !strings.ContainsRune(".!?:;…", lastRune(line)) {
			line += "."
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

// unit picks the singular or plural of a unit for the number n ("1,5" or "2").
func unit(n, one, many string, w words) string {
	f, err := strconv.ParseFloat(strings.Replace(n, ",", ".", 1), 64)
	if err == nil && w.plural(f) {
		return many
	}
	return one
}

// sayKeys says a key or a shortcut written as one token ("Entrée", "Ctrl+C").
func sayKeys(s string, w words) string {
	parts := strings.Split(s, "+")
	for i, p := range parts {
		parts[i] = sayKey(strings.TrimSpace(p), w)
	}
	return strings.Join(parts, " ")
}

func sayKey(k string, w words) string {
	if said, ok := w.keys[strings.ToLower(k)]; ok {
		return said
	}
	return k
}

// sayURL reads a web address: the scheme is dropped, dots and slashes said.
func sayURL(u string, w words) string {
	lower := strings.ToLower(u)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(lower, scheme) {
			u = u[len(scheme):]
			break
		}
	}
	host, path, _ := strings.Cut(u, "/")
	out := sayDomain(host, w)
	if path = strings.Trim(path, "/"); path != "" {
		out += " / " + strings.Join(strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '-' || r == '_' }), " ")
	}
	return out
}

// sayDomain reads "www.impots.gouv.fr" as "W W W point impots point gouv point F R".
func sayDomain(host string, w words) string {
	labels := strings.Split(host, ".")
	for i, l := range labels {
		switch {
		case strings.EqualFold(l, "www"):
			labels[i] = "W W W"
		case i == len(labels)-1:
			if said, ok := commonTLD[strings.ToLower(l)]; ok {
				labels[i] = said
			}
		}
	}
	return strings.Join(labels, " "+w.dot+" ")
}

// sayDotted reads the part of an e-mail address before "@": "marie.dupont" → "marie point dupont".
func sayDotted(s string, w words) string {
	return strings.Join(strings.Split(s, "."), " "+w.dot+" ")
}

// replaceSymbols says or drops the remaining symbols.
func replaceSymbols(text string, w words) string {
	var sb strings.Builder
	for _, r := range text {
		switch {
		case r == '@':
			sb.WriteString(" " + w.at + " ")
		case r == '%':
			sb.WriteString(" " + w.percent)
		case r == '€':
			sb.WriteString(" " + w.euro)
		case r == '&':
			sb.WriteString(" " + w.and + " ")
		case r == '…':
			sb.WriteString(".")
		case r == '·' || r == '|':
			sb.WriteString(", ")
		case strings.ContainsRune("«»“”\"#_*<>{}[]()\\^~=°º", r):
			sb.WriteRune(' ')
		case r == '→' || r == '←' || r == '⇒':
			sb.WriteRune(' ')
		case unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) || unicode.Is(unicode.Co, r):
			sb.WriteRune(' ') // pictograms, emoji: nothing to say
		case unicode.IsControl(r) && r != '\n':
			sb.WriteRune(' ')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
