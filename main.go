// Command declic is the Déclic desktop app: it opens a window on the installed
// course packs, the embedded starter pack first.
package main

import (
	_ "embed"
	"errors"
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"declic/app"
	"declic/i18n"
	_ "declic/i18n/toolkitlocale" // before Fyne reads the locale: keeps LANG=C.UTF-8 quiet
	_ "declic/plugins/views"      // the built-in activity kinds and their widgets
)

//go:embed Icon.png
var icon []byte

func main() {
	a := fyneapp.NewWithID("fr.declic.app")
	if err := app.Run(a, icon, i18n.Detect(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "declic:", err)
		if errors.Is(err, app.ErrUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
