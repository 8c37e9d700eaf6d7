// Package i18n translates the app's interface with go-i18n. Messages live in
// embedded TOML files, locales/<area>.<lang>.toml (e.g. app.fr.toml); French is the
// reference and the fallback. The learner's language comes from DECLIC_LANG, the
// profile, or the operating system; unknown or "C" locales mean French, silently.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// EnvVar forces the interface language (e.g. DECLIC_LANG=en).
const EnvVar = "DECLIC_LANG"

// Fallback is the reference language: every message exists in it.
var Fallback = language.French

var (
	loadOnce  sync.Once
	available []language.Tag
	files     map[language.Tag][]string // the message files of each language
	loadErr   error

	bundlesMu sync.Mutex
	bundles   = map[language.Tag]*goi18n.Bundle{}
)

// load lists the languages from the message files' names (<area>.<lang>.toml),
// without reading them: a language's messages are read when it is first used.
func load() {
	names, err := fs.Glob(locales, "locales/*.toml")
	if err != nil {
		loadErr = err
		return
	}
	files = map[language.Tag][]string{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".toml")
		tag, err := language.Parse(base[strings.LastIndexByte(base, '.')+1:])
		if err != nil {
			loadErr = fmt.Errorf("%s: %w", name, err)
			return
		}
		if files[tag] == nil {
			available = append(available, tag)
		}
		files[tag] = append(files[tag], name)
	}
	sort.Slice(available, func(i, j int) bool {
		// The reference language first, then alphabetical: a stable list for menus.
		if available[i] == Fallback || available[j] == Fallback {
			return available[i] == Fallback
		}
		return available[i].String() < available[j].String()
	})
}

// bundleFor returns the messages of tag and of French (the fallback), read the first
// time tag is asked for: a learner's session reads one or two of the languages.
func bundleFor(tag language.Tag) (*goi18n.Bundle, error) {
	loadOnce.Do(load) // the files of each language, listed once
	if loadErr != nil {
		return nil, loadErr
	}
	bundlesMu.Lock()
	defer bundlesMu.Unlock()
	if b, ok := bundles[tag]; ok {
		return b, nil
	}
	b := goi18n.NewBundle(Fallback)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	langs := []language.Tag{Fallback}
	if tag != Fallback {
		langs = append(langs, tag)
	}
	for _, lang := range langs {
		for _, name := range files[lang] {
			data, err := locales.ReadFile(name)
			if err != nil {
				return nil, err
			}
			if _, err := b.ParseMessageFileBytes(data, path.Base(name)); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	bundles[tag] = b
	return b, nil
}

// Languages returns the languages the interface is translated into, French first.
func Languages() []language.Tag {
	loadOnce.Do(load)
	return append([]language.Tag(nil), available...)
}

// Translator gives the messages of one language, falling back to French.
type Translator struct {
	tag       language.Tag
	localizer *goi18n.Localizer
}

// New returns a translator for tag; a language without translations falls back to French.
func New(tag language.Tag) *Translator {
	loadOnce.Do(load)
	if loadErr != nil {
		panic("i18n: embedded message files are broken: " + loadErr.Error())
	}
	best := Match(tag)
	bundle, err := bundleFor(best)
	if err != nil {
		panic("i18n: embedded message files are broken: " + err.Error())
	}
	return &Translator{tag: best, localizer: goi18n.NewLocalizer(bundle, best.String(), Fallback.String())}
}

// Match returns the closest available language to tag, or French.
func Match(tag language.Tag) language.Tag {
	loadOnce.Do(load)
	if len(available) == 0 {
		return Fallback
	}
	matcher := language.NewMatcher(available)
	_, idx, conf := matcher.Match(tag)
	if conf == language.No {
		return Fallback
	}
	return available[idx]
}

// Language is the language this translator speaks.
func (t *Translator) Language() language.Tag { return t.tag }

// T returns the message id, filled with data (a map or struct) if given.
// A missing id returns the id itself, so a gap shows up instead of crashing.
func (t *Translator) T(id string, data ...any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	return orID(t.localizer.Localize(cfg))(id)
}

// N returns the plural form of id for count; {{.Count}} in the message is count.
func (t *Translator) N(id string, count int, data ...map[string]any) string {
	td := map[string]any{"Count": count}
	if len(data) > 0 {
		for k, v := range data[0] {
			td[k] = v
		}
	}
	return orID(t.localizer.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: td}))(id)
}

// orID keeps a localized text, the French one when the language lacks the
// message (go-i18n then returns it with an error), or falls back to the id
// itself when no language has it: a gap shows instead of crashing.
func orID(s string, err error) func(id string) string {
	return func(id string) string {
		var notFound *goi18n.MessageNotFoundErr
		if err != nil && (s == "" || !errors.As(err, &notFound)) {
			return id
		}
		return s
	}
}

// experimental lists languages whose messages exist but which the interface
// cannot show well yet (Arabic: Fyne does not lay out right-to-left text). They
// are used only when DECLIC_LANG asks for them, never from the system locale.
var experimental = []language.Tag{language.Arabic}

// IsExperimental reports whether tag's base language is experimental.
func IsExperimental(tag language.Tag) bool {
	base, _ := tag.Base()
	for _, e := range experimental {
		if eb, _ := e.Base(); eb == base {
			return true
		}
	}
	return false
}

// fromSystem matches a system locale, leaving out experimental languages.
func fromSystem(tag language.Tag) language.Tag {
	if m := Match(tag); !IsExperimental(m) {
		return m
	}
	return Fallback
}

// Detect chooses the interface language from DECLIC_LANG, then the POSIX locale
// variables (LC_ALL, LC_MESSAGES, LANG, LANGUAGE). "C", "POSIX", empty or unknown
// values mean French: a fresh Debian box or a container should still speak French.
func Detect() language.Tag {
	return DetectFrom(os.Getenv)
}

// DetectFrom is Detect reading the variables through getenv, so that a
// command-line tool run by a test speaks the test's language.
func DetectFrom(getenv func(string) string) language.Tag {
	if forced := getenv(EnvVar); forced != "" {
		if tag, ok := parseLocale(forced); ok {
			return Match(tag)
		}
		return Fallback
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if tag, ok := parseLocale(v); ok {
				return fromSystem(tag)
			}
			break // the first set variable wins, as in POSIX; C/POSIX fall through to LANGUAGE
		}
	}
	if list := getenv("LANGUAGE"); list != "" {
		for _, item := range strings.Split(list, ":") {
			if tag, ok := parseLocale(item); ok && !IsExperimental(Match(tag)) {
				return Match(tag)
			}
		}
	}
	return Fallback
}

// parseLocale turns "fr_FR.UTF-8@euro" into a language tag; "C" and "POSIX" are not languages.
func parseLocale(v string) (language.Tag, bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i]
	}
	if v == "" || v == "C" || v == "POSIX" {
		return language.Und, false
	}
	tag, err := language.Parse(strings.ReplaceAll(v, "_", "-"))
	if err != nil || tag == language.Und {
		return language.Und, false
	}
	return tag, true
}
