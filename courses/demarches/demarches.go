// Package demarches embeds the second built-in pack « Mes démarches en ligne »: the online
// procedures learners most often come to a centre for (CAF, ameli, impots.gouv, France
// Travail), their accounts, their identity, their health, their bank, scams and their phone.
package demarches

import (
	"embed"
	"io/fs"
)

//go:embed all:pack
var files embed.FS

// FS returns the pack's files, rooted at the folder holding pack.toml.
func FS() fs.FS {
	sub, err := fs.Sub(files, "pack")
	if err != nil {
		panic(err) // "pack" is a constant path embedded above
	}
	return sub
}

// Source is how messages name the embedded pack.
const Source = "embedded:demarches"
