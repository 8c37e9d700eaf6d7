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

// CheckImage tells what is wrong with an image path written in an activity body, or
// returns "" when it is acceptable: a relative PNG, JPEG or SVG file inside the pack.
// Whether the file exists is checked by pack validation through ImageUser.
func CheckImage(p string) string {
	lower := strings.ToLower(p)
	switch {
	case strings.TrimSpace(p) == "":
		return "the image path is empty: write a file name such as \"images/souris.svg\""
	case strings.Contains(lower, "://") || strings.HasPrefix(lower, "//"):
		return "images must be files inside the pack, not web addresses: write a path such as \"images/souris.svg\""
	case strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.Contains(p, ":"):
		return "write the image path relative to the lesson file, with / between folders, such as \"images/souris.svg\""
	}
	switch path.Ext(lower) {
	case ".png", ".jpg", ".jpeg", ".svg":
		return ""
	}
	return "images must be PNG, JPEG or SVG files (.png, .jpg, .jpeg, .svg)"
}
