package app

import (
	"errors"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/attest"
	"declic/plugins/view"
)

// saveRequest is what the « where to save » screen needs: its question, the files to
// write (made when the place is chosen), and what to show once they are written.
type saveRequest struct {
	// title is the question at the top ("Où voulez-vous enregistrer votre carte ?").
	title string
	// files returns the files to write; an error is said with failed.
	files func() ([]attest.File, error)
	// done shows the result: where the files went (a stick's label, or "" for a
	// folder), the folder and the paths written.
	done func(stick, dir string, paths []string)
	// failed turns an error of files into a message; nil says save.error.other.
	failed func(error) string
	// back leaves the screen without writing anything.
	back func()
}

// showSavePlaces asks where to write: each USB stick plugged in first (the usual
// place: the learner carries it to the centre or to another PC), then « Mes
// documents » and any folder. Files are written whole or not at all
// (attest.WriteFiles), owner-only, and a failure is said in plain words on the same
// screen.
func (u *ui) showSavePlaces(req saveRequest) {
	tr := u.tr
	result := messageLabel()
	write := func(dir, stick string) {
		files, err := req.files()
		if err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err)
			msg := tr.T("save.error.other")
			if req.failed != nil {
				msg = req.failed(err)
			}
			showMessage(result, msg)
			return
		}
		paths, err := attest.WriteFiles(dir, files)
		if err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err)
			showMessage(result, u.saveErrorText(err))
			return
		}
		req.done(stick, dir, paths)
	}
	items := []fyne.CanvasObject{heading(req.title)}
	drives := u.opts.Drives()
	for _, d := range drives {
		b := view.NewPushButton(tr.T("save.drive", map[string]any{"Label": d.Label}), theme.StorageIcon(),
			func() { write(d.Path, d.Label) })
		b.Importance = widget.HighImportance
		items = append(items, container.NewHBox(b))
	}
	if len(drives) == 0 {
		items = append(items, wrapped(tr.T("save.no_drive")), container.NewHBox(
			view.NewPushButton(tr.T("save.rescan"), theme.ViewRefreshIcon(), func() { u.showSavePlaces(req) })))
	}
	docs := u.exportDir()
	items = append(items, widget.NewSeparator(), container.NewHBox(
		view.NewPushButton(tr.T("save.documents"), theme.DocumentIcon(), func() { write(docs, "") }),
		view.NewPushButton(tr.T("save.pick"), theme.FolderOpenIcon(), func() {
			d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
				if err != nil || dir == nil {
					return
				}
				write(dir.Path(), "")
			}, u.win)
			d.Resize(fyne.NewSize(900, 560))
			d.Show()
		}),
	), result)
	cancel := view.NewPushButton(tr.T("save.cancel"), theme.NavigateBackIcon(), req.back)
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(cancel)), nil, nil,
		view.ScrollPage(container.NewVBox(items...))))
	u.escapeTo(req.back, nil)
}

// saveErrorText says in plain words why files could not be written.
func (u *ui) saveErrorText(err error) string {
	switch {
	case errors.Is(err, attest.ErrFolderReadOnly):
		return u.tr.T("save.error.readonly")
	case errors.Is(err, attest.ErrFolderMissing):
		return u.tr.T("save.error.missing")
	case errors.Is(err, attest.ErrFolderFull):
		return u.tr.T("save.error.full")
	}
	return u.tr.T("save.error.other")
}

// showSaved is the screen after a save: what was saved and where, in words, the
// folder's path to show a trainer, the next step, and the buttons given.
func (u *ui) showSaved(title, stick, dir string, lines []string, buttons ...fyne.CanvasObject) {
	where := u.tr.T("save.done_folder")
	if stick != "" {
		where = u.tr.T("save.done_stick", map[string]any{"Label": stick})
	}
	items := []fyne.CanvasObject{
		container.NewBorder(nil, nil, sized(widget.NewIcon(theme.ConfirmIcon()), 48, 48), nil, heading(title)),
		bold(where), u.pathLabel(dir),
	}
	for _, l := range lines {
		items = append(items, wrapped(l))
	}
	items = append(items, container.NewHBox(buttons...))
	u.show(view.ScrollPage(container.NewVBox(items...)))
}
