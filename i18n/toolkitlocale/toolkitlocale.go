// Package toolkitlocale keeps the GUI toolkit quiet about "C" locales. Fyne reads the
// locale in its package initialisation and logs "Error parsing user locale C" when
// LANG is C.UTF-8, the default on Debian and in containers. Importing this package
// (it depends on nothing but the standard library, so Go initialises it before
// Fyne) sets LANGUAGE, which the toolkit reads first, to DECLIC_LANG or French.
package toolkitlocale

import (
	"os"
	"strings"
)

func init() { Apply(os.Getenv, os.Setenv) }

// Apply sets LANGUAGE when the effective POSIX locale names no language and
// LANGUAGE is empty; it leaves real locales such as fr_FR.UTF-8 alone.
func Apply(getenv func(string) string, setenv func(string, string) error) {
	if getenv("LANGUAGE") != "" {
		return
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		if !namesNoLanguage(v) {
			return
		}
		break
	}
	lang := "fr"
	if forced := getenv("DECLIC_LANG"); forced != "" && !namesNoLanguage(forced) {
		lang = forced
	}
	setenv("LANGUAGE", lang)
}

// namesNoLanguage is true for "C", "C.UTF-8", "POSIX" and the like.
func namesNoLanguage(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	base, _, _ = strings.Cut(base, "@")
	return base == "C" || base == "POSIX" || base == ""
}
