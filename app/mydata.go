package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/unicode/norm"

	"declic/learner"
	"declic/plugins/view"
)

// ShowMyData shows "Mes données": « Ma carte Déclic », the profile file that takes the
// profile to another PC, « Mon bilan » for the centre, where the learner's file lives,
// an export of everything about this profile to a JSON file, and the deletion of the
// profile.
func (u *ui) ShowMyData() {
	if u.profile == nil || u.store == nil {
		u.ShowHome()
		return
	}
	u.player = nil
	tr := u.tr
	p := *u.profile
	result := messageLabel()
	checked := messageLabel()
	check := view.NewPushButton(tr.T("learner.mydata.check"), theme.SearchIcon(), func() { u.checkMyData(checked) })
	where := container.NewVBox(bold(tr.T("learner.mydata.where_title")), wrapped(tr.T("learner.mydata.where")), u.pathLabel(u.store.Path()),
		container.New(layout.NewRowWrapLayout(), check), checked)

	exportTo := func(dir string) {
		path, err := u.ExportTo(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err)
			showMessage(result, tr.T("learner.mydata.export_failed", map[string]any{"Folder": dir}))
			return
		}
		showInfo(result, tr.T("learner.mydata.exported", map[string]any{"Path": path}))
	}
	export := view.NewPushButton(tr.T("learner.mydata.export"), theme.DocumentSaveIcon(), func() { exportTo(u.exportDir()) })
	export.Importance = widget.HighImportance
	pick := view.NewPushButton(tr.T("learner.mydata.export_pick"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			exportTo(dir.Path())
		}, u.win)
		d.Resize(fyne.NewSize(900, 560))
		d.Show()
	})
	exportBox := container.NewVBox(bold(tr.T("learner.mydata.export_title")), wrapped(tr.T("learner.mydata.export_what")),
		wrapped(tr.T("learner.mydata.export_where", map[string]any{"Folder": u.exportDir()})),
		// The two buttons go on two lines when the text is large: cut at the
		// column's edge, the last one would lose its focus outline.
		container.New(layout.NewRowWrapLayout(), export, pick), result)

	remove := view.NewPushButton(tr.T("learner.mydata.delete"), theme.DeleteIcon(), func() { u.profiles.confirmDeleteProfile(p, u.ShowMyData) })
	remove.Importance = widget.DangerImportance
	deleteBox := container.NewVBox(bold(tr.T("learner.mydata.delete_title")), wrapped(tr.T("learner.mydata.delete_what")), container.NewHBox(remove))

	// What travels: the card for the centre, the whole profile for another PC, and
	// « Mon bilan » for the centre's diagnostic view.
	cardBtn := view.NewPushButton(tr.T("card.open"), theme.AccountIcon(), func() { u.ShowCard(p, u.ShowMyData) })
	cardBtn.Importance = widget.HighImportance
	cardBox := container.NewVBox(bold(tr.T("card.title")), wrapped(tr.T("card.mydata_what")), container.NewHBox(cardBtn))
	travel := view.NewPushButton(tr.T("transfer.export.open"), theme.StorageIcon(), u.startProfileExport)
	travelBox := container.NewVBox(bold(tr.T("transfer.export.title")), wrapped(tr.T("transfer.export.what")),
		wrapped(tr.T("transfer.export.how")), container.NewHBox(travel))
	withName := false
	nameBox := view.NewCheck(tr.T("bilan.add_name"), func(on bool) { withName = on })
	bilanBtn := view.NewPushButton(tr.T("bilan.save"), theme.DocumentSaveIcon(), func() { u.saveBilan(withName) })
	bilanBox := container.NewVBox(bold(tr.T("bilan.title")), wrapped(tr.T("bilan.what")), wrapped(tr.T("bilan.signed")),
		nameBox, container.NewHBox(bilanBtn))

	left := container.NewVBox(cardBox, widget.NewSeparator(), travelBox, widget.NewSeparator(), bilanBox)
	right := container.NewVBox(where, widget.NewSeparator(), exportBox, widget.NewSeparator(), deleteBox)
	back := view.NewPushButton(tr.T("learner.nav.parcours"), theme.NavigateBackIcon(), u.ShowParcours)
	// Two columns, or one under the other at large text, where two would be
	// wider than the window and cut the right one at its edge.
	columns := container.NewGridWithColumns(2, left, right)
	if u.theme.Scale >= 1.5 {
		columns = container.NewVBox(left, widget.NewSeparator(), right)
	}
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(back)), nil, nil, view.ScrollPage(container.NewVBox(
		heading(tr.T("learner.mydata.title")), columns))))
	u.escapeTo(u.ShowParcours, nil)
}

// checkMyData reads the whole learner file again (learner.Store.IntegrityCheck)
// and says in result whether it is sound. On a damaged file the learner is told
// to copy their data at once, while it can still be read, and to ask for help.
func (u *ui) checkMyData(result *widget.Label) {
	tr := u.tr
	// What is still in memory goes to the file first, so that the check covers it.
	if err := u.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "declic:", err)
	}
	err := u.store.IntegrityCheck(context.Background())
	switch {
	case err == nil:
		showInfo(result, tr.T("learner.mydata.check_ok"))
	case errors.Is(err, learner.ErrCorrupt):
		fmt.Fprintln(os.Stderr, "declic:", err)
		showMessage(result, tr.T("learner.mydata.check_damaged", map[string]any{"Copy": tr.T("learner.mydata.export")}))
	default:
		fmt.Fprintln(os.Stderr, "declic:", err)
		showMessage(result, tr.T("learner.mydata.check_failed"))
	}
	// The message takes lines it did not have: lay the screen out again so
	// that it pushes « Garder une copie » down instead of covering it.
	u.win.Content().Refresh()
}

// exportDir is where the export goes by default: Options.ExportDir, else the
// user's Documents folder, else the home folder.
func (u *ui) exportDir() string {
	if u.opts.ExportDir != "" {
		return u.opts.ExportDir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return os.TempDir()
	}
	for _, name := range []string{"Documents", "Mes documents"} {
		if st, err := os.Stat(filepath.Join(home, name)); err == nil && st.IsDir() {
			return filepath.Join(home, name)
		}
	}
	return home
}

// ExportTo writes the open profile's data into dir as
// declic-<first name>-<date>.json and returns the file's path. The file is written
// atomically (learner.ExportFile); an existing export of the same day is kept and
// the new one gets a number.
func (u *ui) ExportTo(dir string) (string, error) {
	if u.profile == nil || u.store == nil {
		return "", fmt.Errorf("export: no profile open")
	}
	if err := u.Flush(); err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	base := "declic-" + fileSafe(u.profile.FirstName) + "-" + u.opts.Now().Format("2006-01-02")
	path := filepath.Join(dir, base+".json")
	for n := 2; ; n++ {
		if _, err := os.Lstat(path); os.IsNotExist(err) {
			break
		}
		path = filepath.Join(dir, fmt.Sprintf("%s-%d.json", base, n))
	}
	if err := u.store.ExportFile(context.Background(), u.profile.ID, path); err != nil {
		return "", fmt.Errorf("export to %s: %w", path, err)
	}
	return path, nil
}

// fileSafe keeps the letters and digits of a first name, without accents, for a
// file name every system accepts.
func fileSafe(name string) string {
	var sb strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			sb.WriteRune(unicode.ToLower(r))
		case r == ' ' || r == '-':
			sb.WriteRune('-')
		}
	}
	if sb.Len() == 0 {
		return "profil"
	}
	return sb.String()
}
