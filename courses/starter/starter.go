// Package starter embeds the starter pack "Premiers pas numériques", the French
// beginners' course every installation has, even with no internet and no USB stick.
package starter

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
const Source = "embedded:starter"
