package toolkitlocale

import "testing"

func TestApplySetsLanguageOnlyWhenTheLocaleNamesNone(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string // LANGUAGE afterwards, "" when left unset
	}{
		{"C.UTF-8 gets French", map[string]string{"LANG": "C.UTF-8"}, "fr"},
		{"POSIX gets French", map[string]string{"LC_ALL": "POSIX"}, "fr"},
		{"nothing set gets French", map[string]string{}, "fr"},
		{"DECLIC_LANG is used for a C locale", map[string]string{"LANG": "C.UTF-8", "DECLIC_LANG": "en"}, "en"},
		{"a real locale is left alone", map[string]string{"LANG": "fr_FR.UTF-8"}, ""},
		{"LC_ALL decides before LANG", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "C"}, ""},
		{"an existing LANGUAGE is kept", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "uk"}, "uk"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range c.env {
				env[k] = v
			}
			Apply(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if env["LANGUAGE"] != c.want {
				t.Errorf("LANGUAGE = %q, want %q", env["LANGUAGE"], c.want)
			}
		})
	}
}
