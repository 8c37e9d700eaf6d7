package app

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/courses/starter"
	"declic/datadir"
	"declic/i18n"
)

// DefaultWindowSize fits the smallest screens learners commonly have (1280×720 or
// a 1366×768 laptop); the window can be resized and maximised.
var DefaultWindowSize = fyne.NewSize(1280, 720)

// Run loads the packs, opens the main window and blocks until it is closed.
func Run(a fyne.App, icon []byte, lang language.Tag, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unknown argument %q", args[0])
	}
	if len(icon) > 0 {
		a.SetIcon(fyne.NewStaticResource("Icon.png", icon))
	}
	tr := i18n.New(lang)
	packs, err := LoadPacks()
	if err != nil {
		return err
	}
	opts := Options{Packs: packs, Tr: tr}
	if dirs, err := datadir.Resolve(); err != nil {
		fmt.Fprintln(os.Stderr, "declic:", err)
	} else {
		if err := dirs.Ensure(); err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err) // the learner store says it kindly
		}
		opts.Database = dirs.Database
	}
	win := a.NewWindow(tr.T("app.title"))
	win.Resize(DefaultWindowSize)
	u := New(a, win, opts)
	// Closing the window records the last active time and writes every event.
	win.SetOnClosed(func() {
		if err := u.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "declic: closing the learner store:", err)
		}
	})
	// Logging out or shutting the PC down sends SIGTERM (Ctrl+C in a terminal,
	// SIGINT): quit like a closed window, so the last active time is written.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-stop; ok {
			fyne.Do(a.Quit)
		}
	}()
	win.ShowAndRun()
	signal.Stop(stop)
	close(stop)
	return u.Close()
}

// LoadPacks returns the starter pack followed by the packs installed in the data
// folder. A broken installed pack is reported on stderr and left out; a broken
// starter pack is a bug and stops the app.
func LoadPacks() ([]*courses.Pack, error) {
	first, problems, err := courses.Load(starter.FS(), starter.Source)
	if err != nil {
		return nil, fmt.Errorf("starter pack: %w", err)
	}
	if problems.HasErrors() {
		return nil, fmt.Errorf("starter pack: %d problems, first: %s", len(problems), problems[0])
	}
	packs := []*courses.Pack{first}
	dirs, err := datadir.Resolve()
	if err != nil {
		fmt.Fprintln(os.Stderr, "declic:", err)
		return packs, nil
	}
	installed, failed := courses.Installed(dirs.Library)
	for _, f := range failed {
		fmt.Fprintln(os.Stderr, "declic: pack left out:", f)
	}
	return append(packs, installed...), nil
}
