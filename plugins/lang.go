package plugins

import (
	"path"
	"strings"
	"sync"

	"declic/i18n"
	"golang.org/x/text/language"
)

var (
	frenchOnce sync.Once
	french     *i18n.Translator
)

// Messages returns t, or a French translator when t is nil. Kinds build their
// generated feedback ("Ce champ est obligatoire.") through it, so Grade works without
// a learner profile while the app can pass the learner's language.
func Messages(t *i18n.Translator) *i18n.Translator {
	if t != nil {
		return t
	}
	frenchOnce.Do(func() { french = i18n.New(language.French) })
	return french
}

// CheckImage tells what is wrong with an image path written in an activity body,
// as a message of the catalogue, or returns a Message without ID when the path is
// acceptable: a relative PNG, JPEG or SVG file inside the pack. Whether the file
// exists is checked by pack validation through ImageUser.
func CheckImage(p string) i18n.Message {
	lower := strings.ToLower(p)
	switch {
	case strings.TrimSpace(p) == "":
		return i18n.M("plugins.image.empty")
	case strings.Contains(lower, "://") || strings.HasPrefix(lower, "//"):
		return i18n.M("plugins.image.web", "Path", p)
	case strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.Contains(p, ":"):
		return i18n.M("plugins.image.not_relative", "Path", p)
	}
	switch path.Ext(lower) {
	case ".png", ".jpg", ".jpeg", ".svg":
		return i18n.Message{}
	}
	return i18n.M("plugins.image.format", "Path", p)
}

// CheckImageAt is CheckImage as an *Error at pos, or nil when the path is acceptable.
func CheckImageAt(pos Position, p string) *Error {
	if m := CheckImage(p); m.ID != "" {
		return &Error{Pos: pos, Message: m}
	}
	return nil
}
