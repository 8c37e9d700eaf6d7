// Package keyboard is the "keyboard" activity kind: type a given text (accents,
// capitals, @, digits), or press given keys and shortcuts in order (Entrée, Ctrl+C).
// Feedback is tolerant and precise: it names the first character that differs and
// whether it is a capital or an accent. The widget lives in keyboard/keyboardview.
package keyboard

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"declic/i18n"
	"declic/plugins"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Name is the kind's registry name and fenced-block info string.
const Name = "keyboard"

// MaxText and MaxKeys keep an exercise short.
const (
	MaxText = 200
	MaxKeys = 12
)

func init() { plugins.Register(Kind{}) }

// Kind parses ```keyboard blocks.
type Kind struct{}

// Name returns "keyboard".
func (Kind) Name() string { return Name }

// Activity is a parsed keyboard exercise: exactly one of Expected (text) and Keys is set.
// Keys are stored in their canonical French names ("Entrée", "Ctrl+C").
type Activity struct {
	Instruction string   `toml:"prompt"`
	Expected    string   `toml:"text"`
	Keys        []string `toml:"keys"`
	// Paste asks for part of the text to be pasted (Ctrl+V), not typed: the
	// copy-and-paste exercise, where typing the words twice is not the gesture.
	Paste bool `toml:"paste"`
}

// Answer is what the learner did: the typed Text for a text exercise, or the
// canonical names of the keys pressed, in order, for a keys exercise. Pasted
// tells that some of Text came in one piece from the clipboard.
type Answer struct {
	Text   string
	Keys   []string
	Pasted bool
}

var (
	_ plugins.Activity = (*Activity)(nil)
	_ plugins.Texter   = (*Activity)(nil)
)

// Special keys, by canonical French name. Letters A–Z, digits 0–9 and F1–F12 are
// also keys; modifiers combine with "+": "Ctrl+C", "Ctrl+Maj+Z", "Alt+Tab".
var Special = []string{
	"Entrée", "Effacer", "Suppr", "Espace", "Tab", "Échap", "Maj", "Ctrl", "Alt", "AltGr",
	"Verr Maj", "Flèche haut", "Flèche bas", "Flèche gauche", "Flèche droite",
	"Début", "Fin", "Page haut", "Page bas", "Windows",
}

// Modifiers are the keys that combine with another in a shortcut.
var Modifiers = []string{"Ctrl", "Alt", "AltGr", "Maj", "Windows"}

var aliases = map[string]string{
	"entree": "Entrée", "enter": "Entrée", "return": "Entrée", "retour": "Entrée",
	"effacer": "Effacer", "backspace": "Effacer", "retour arriere": "Effacer",
	"suppr": "Suppr", "supprimer": "Suppr", "delete": "Suppr", "del": "Suppr",
	"espace": "Espace", "space": "Espace", "barre d'espace": "Espace",
	"tab": "Tab", "tabulation": "Tab",
	"echap": "Échap", "echappement": "Échap", "esc": "Échap", "escape": "Échap",
	"maj": "Maj", "shift": "Maj", "majuscule": "Maj",
	"ctrl": "Ctrl", "control": "Ctrl", "controle": "Ctrl",
	"alt": "Alt", "altgr": "AltGr", "alt gr": "AltGr",
	"verr maj": "Verr Maj", "verrmaj": "Verr Maj", "caps lock": "Verr Maj",
	"fleche haut": "Flèche haut", "haut": "Flèche haut", "up": "Flèche haut",
	"fleche bas": "Flèche bas", "bas": "Flèche bas", "down": "Flèche bas",
	"fleche gauche": "Flèche gauche", "gauche": "Flèche gauche", "left": "Flèche gauche",
	"fleche droite": "Flèche droite", "droite": "Flèche droite", "right": "Flèche droite",
	"debut": "Début", "home": "Début", "fin": "Fin", "end": "Fin",
	"page haut": "Page haut", "page up": "Page haut", "page bas": "Page bas", "page down": "Page bas",
	"windows": "Windows", "win": "Windows", "super": "Windows",
}

// CanonicalKey returns the canonical French name of a key or shortcut ("entree" →
// "Entrée", "ctrl+c" → "Ctrl+C"), or false when a part is not a key.
func CanonicalKey(name string) (string, bool) {
	parts := strings.Split(name, "+")
	held := map[string]bool{}
	last := ""
	for i, p := range parts {
		k, ok := single(p)
		if !ok {
			return "", false
		}
		if i == len(parts)-1 {
			last = k
			break
		}
		if !isModifier(k) || held[k] {
			return "", false // "C+Ctrl" or "Ctrl+Ctrl+C": modifiers come first, once each
		}
		held[k] = true
	}
	var out []string
	for _, m := range Modifiers { // one canonical order: Ctrl+Maj+Z, never Maj+Ctrl+Z
		if held[m] {
			out = append(out, m)
		}
	}
	return strings.Join(append(out, last), "+"), true
}

// Combine names the shortcut made of the held modifiers and key, in canonical order.
func Combine(held []string, key string) string {
	set := map[string]bool{}
	for _, h := range held {
		set[h] = true
	}
	var out []string
	for _, m := range Modifiers {
		if set[m] && m != key {
			out = append(out, m)
		}
	}
	return strings.Join(append(out, key), "+")
}

func single(p string) (string, bool) {
	p = strings.TrimSpace(p)
	if utf8.RuneCountInString(p) == 1 {
		r, _ := utf8.DecodeRuneInString(p)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return strings.ToUpper(p), true
		}
		return "", false
	}
	folded := strings.ToLower(Fold(p))
	if k, ok := aliases[folded]; ok {
		return k, true
	}
	if len(folded) >= 2 && len(folded) <= 3 && folded[0] == 'f' {
		var n int
		if _, err := fmt.Sscanf(folded[1:], "%d", &n); err == nil && n >= 1 && n <= 12 && fmt.Sprint(n) == folded[1:] {
			return fmt.Sprintf("F%d", n), true
		}
	}
	return "", false
}

func isModifier(k string) bool {
	for _, m := range Modifiers {
		if m == k {
			return true
		}
	}
	return false
}

// Fold removes accents (é → e), for comparisons that should forgive them.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// Parse reads a keyboard body.
func (Kind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var a Activity
	if err := plugins.DecodeBody(body, at, &a); err != nil {
		return nil, err
	}
	loc := plugins.NewLocator(body, at)
	hasText, hasKeys := a.Expected != "", a.Keys != nil
	switch {
	case hasText && hasKeys:
		return nil, plugins.NewError(loc.Key("", 0, "keys"), "plugins.keyboard.text_and_keys")
	case !hasText && !hasKeys:
		return nil, plugins.NewError(loc.Start(), "plugins.keyboard.nothing")
	case hasKeys && a.Paste:
		return nil, plugins.NewError(loc.Key("", 0, "paste"), "plugins.keyboard.paste_keys")
	case hasText:
		a.Expected = norm.NFC.String(a.Expected)
		if strings.TrimSpace(a.Expected) == "" {
			return nil, plugins.NewError(loc.Key("", 0, "text"), "plugins.keyboard.text_blank")
		}
		if strings.ContainsAny(a.Expected, "\n\t") {
			return nil, plugins.NewError(loc.Key("", 0, "text"), "plugins.keyboard.text_lines")
		}
		if utf8.RuneCountInString(a.Expected) > MaxText {
			return nil, plugins.NewError(loc.Key("", 0, "text"), "plugins.keyboard.text_too_long", "Length", utf8.RuneCountInString(a.Expected), "Max", MaxText)
		}
	default:
		where := loc.Key("", 0, "keys")
		if len(a.Keys) == 0 {
			return nil, plugins.NewError(where, "plugins.keyboard.keys_empty")
		}
		if len(a.Keys) > MaxKeys {
			return nil, plugins.NewError(where, "plugins.keyboard.too_many_keys", "Count", len(a.Keys), "Max", MaxKeys)
		}
		for i, k := range a.Keys {
			c, ok := CanonicalKey(k)
			if !ok {
				return nil, plugins.NewError(where, "plugins.keyboard.unknown_key", "Key", k, "Keys", strings.Join(Special, ", "))
			}
			a.Keys[i] = c
		}
	}
	return &a, nil
}

// Kind returns "keyboard".
func (a *Activity) Kind() string { return Name }

// Prompt is the instruction shown above the activity.
func (a *Activity) Prompt() string { return a.Instruction }

// Text returns the text to type or the keys to press, for search and read-aloud.
func (a *Activity) Text() []string {
	if a.Keys != nil {
		return []string{strings.Join(a.Keys, ", ")}
	}
	return []string{a.Expected}
}

// IsText reports whether this is a typing exercise (rather than keys to press).
func (a *Activity) IsText() bool { return a.Keys == nil }

// Grade scores an Answer with French feedback.
func (a *Activity) Grade(answer any) plugins.Result { return a.GradeIn(answer, nil) }

// GradeIn scores an Answer in t's language (nil: French).
//
// Text: passes when the typed text equals the expected one (spaces at the ends are
// forgiven; capitals and accents count) and, with paste = true, part of it was
// pasted; the right text typed without a paste scores 0.5. The score is 1 − edit distance ÷ length,
// and the feedback names the first difference. Keys: passes when the expected keys
// were pressed in order, even with other presses in between (a learner hunting for
// a key is not failing); the score is the share of expected keys found in order.
func (a *Activity) GradeIn(answer any, t *i18n.Translator) plugins.Result {
	t = plugins.Messages(t)
	ans, ok := answer.(Answer)
	if p, isPtr := answer.(*Answer); isPtr && p != nil {
		ans, ok = *p, true
	}
	if !ok {
		return plugins.Result{Feedback: t.T("activity.bad_answer"), Summary: fmt.Sprintf("%T", answer)}
	}
	if a.IsText() {
		res := a.gradeText(ans.Text, t)
		if res.Passed && a.Paste && !ans.Pasted {
			// The right words, typed twice: the copy and the paste are what is taught.
			res.Passed, res.Score = false, 0.5
			res.Feedback = t.T("keyboard.not_pasted")
		}
		return res
	}
	return a.gradeKeys(ans.Keys, t)
}

func (a *Activity) gradeText(typed string, t *i18n.Translator) plugins.Result {
	got := []rune(norm.NFC.String(strings.TrimSpace(typed)))
	want := []rune(strings.TrimSpace(a.Expected))
	dist := Distance(got, want)
	score := 1 - float64(dist)/float64(max(len(want), 1))
	if score < 0 {
		score = 0
	}
	res := plugins.Result{Score: score, Passed: dist == 0,
		Summary: t.T("keyboard.summary_text", map[string]any{"Count": dist})}
	if dist == 0 {
		res.Feedback = t.T("keyboard.text_right")
		return res
	}
	res.Feedback = TextHint(got, want, t)
	return res
}

// TextHint explains kindly the first difference between what was typed and what
// was expected: a missing end, extra characters, a capital, an accent, or another
// character.
func TextHint(got, want []rune, t *i18n.Translator) string {
	t = plugins.Messages(t)
	if len(got) == 0 {
		return t.T("keyboard.empty", map[string]any{"Want": string(want)})
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	switch {
	case i == len(got):
		return t.T("keyboard.missing_end", map[string]any{"Rest": string(want[i:])})
	case i == len(want):
		return t.T("keyboard.too_long", map[string]any{"Extra": string(got[i:])})
	}
	data := map[string]any{"Pos": i + 1, "Want": visible(want[i]), "Got": visible(got[i])}
	switch {
	case unicode.ToLower(got[i]) == unicode.ToLower(want[i]) && unicode.IsUpper(want[i]):
		return t.T("keyboard.needs_capital", data)
	case unicode.ToLower(got[i]) == unicode.ToLower(want[i]):
		return t.T("keyboard.needs_small", data)
	case Fold(string(got[i])) == Fold(string(want[i])):
		return t.T("keyboard.accent", data)
	}
	return t.T("keyboard.other_char", data)
}

// visible names a character a learner cannot see on screen.
func visible(r rune) string {
	if r == ' ' {
		return "espace"
	}
	return string(r)
}

func (a *Activity) gradeKeys(pressed []string, t *i18n.Translator) plugins.Result {
	matched := 0
	for _, p := range pressed {
		if matched < len(a.Keys) && p == a.Keys[matched] {
			matched++
		}
	}
	extra := len(pressed) - matched
	res := plugins.Result{
		Score:   float64(matched) / float64(len(a.Keys)),
		Passed:  matched == len(a.Keys),
		Summary: t.T("keyboard.summary_keys", map[string]any{"Done": matched, "Total": len(a.Keys), "Other": extra}),
	}
	if res.Passed {
		res.Feedback = t.T("keyboard.keys_right")
		return res
	}
	res.Feedback = t.T("keyboard.next_key", map[string]any{"Key": a.Keys[matched]})
	return res
}

// Distance is the Levenshtein edit distance between two rune slices.
func Distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
