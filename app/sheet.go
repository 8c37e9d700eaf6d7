package app

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"declic/attest"
	"declic/courses"
	"declic/i18n"
	"declic/plugins/view"
	"declic/sheets"
)

// sheetButton is « Imprimer la fiche » on a module's page: the module's summary
// sheet, one page to print and keep by the computer.
func (u *ui) sheetButton(pack *courses.Pack, m *courses.Module) *view.PushButton {
	return view.NewPushButton(u.tr.T("sheets.print"), theme.DocumentPrintIcon(), func() { u.ShowSheetPlaces(pack, m) })
}

// ShowSheetPlaces asks where to save module m's summary sheet: « Mes documents »
// first, or a folder the learner chooses; then it saves it and says where.
func (u *ui) ShowSheetPlaces(pack *courses.Pack, m *courses.Module) {
	u.player = nil
	tr := u.tr
	result := attestMessage()
	back := view.NewPushButton(tr.T("sheets.back"), theme.NavigateBackIcon(), func() { u.OpenModule(pack, m) })
	page := func(items ...fyne.CanvasObject) {
		u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(back)), nil, nil,
			view.ScrollPage(container.NewVBox(items...))))
		u.escapeTo(func() { u.OpenModule(pack, m) }, nil)
	}
	saveTo := func(dir string) {
		path, err := u.SaveSheet(dir, pack, m)
		if err != nil {
			fmt.Fprintln(os.Stderr, "declic: summary sheet:", err)
			attestShowError(result, u.sheetErrorText(err))
			return
		}
		open := view.NewPushButton(tr.T("sheets.open"), theme.DocumentIcon(), func() {
			if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}); err != nil {
				fmt.Fprintln(os.Stderr, "declic: open the summary sheet:", err)
			}
		})
		open.Importance = widget.HighImportance
		page(attestHeading(m.Title),
			container.NewBorder(nil, nil, attestIcon(theme.ConfirmIcon()), nil, attestBold(tr.T("sheets.done"))),
			u.attestPath(filepath.Dir(path)),
			attestWrapped(tr.T("sheets.file", map[string]any{"File": filepath.Base(path)})),
			attestWrapped(tr.T("sheets.next")),
			container.NewHBox(open))
		u.win.Canvas().Focus(open)
	}
	docs := view.NewPushButton(tr.T("sheets.documents"), theme.DocumentSaveIcon(), func() { saveTo(u.attestationsDocumentsDir()) })
	docs.Importance = widget.HighImportance
	pick := view.NewPushButton(tr.T("sheets.pick"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			saveTo(dir.Path())
		}, u.win)
		d.Resize(fyne.NewSize(900, 560))
		d.Show()
	})
	page(attestHeading(tr.T("sheets.where")), attestBold(tr.T("sheets.of", map[string]any{"Module": m.Title})),
		attestWrapped(tr.T("sheets.what")), container.NewHBox(docs, pick), result)
	u.win.Canvas().Focus(docs)
}

// SaveSheet writes module m's summary sheet into dir as a one-page PDF, whole or
// not at all, and returns its path. The sheet speaks the pack's language.
func (u *ui) SaveSheet(dir string, pack *courses.Pack, m *courses.Module) (string, error) {
	t := i18n.New(language.Make(pack.Language))
	s := sheets.Build(pack, m, u.pictures.converter(), t.T("sheets.remember"))
	var pdf bytes.Buffer
	if err := sheets.WritePDF(&pdf, s, t, u.opts.Now()); err != nil {
		return "", err
	}
	paths, err := attest.WriteFiles(dir, []attest.File{{Name: sheets.FileName(m.ID), Data: pdf.Bytes()}})
	if err != nil {
		return "", err
	}
	return paths[0], nil
}

// sheetErrorText says in plain words why a sheet could not be saved.
func (u *ui) sheetErrorText(err error) string {
	switch {
	case errors.Is(err, sheets.ErrEmpty):
		return u.tr.T("sheets.error.empty")
	case errors.Is(err, attest.ErrFolderReadOnly):
		return u.tr.T("sheets.error.readonly")
	case errors.Is(err, attest.ErrFolderMissing):
		return u.tr.T("sheets.error.missing")
	case errors.Is(err, attest.ErrFolderFull):
		return u.tr.T("sheets.error.full")
	}
	return u.tr.T("sheets.error.other")
}
