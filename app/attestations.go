package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/attest"
	"declic/learner"
	"declic/plugins/view"
	"declic/records"
)

// centreName is the name of the centre whose bundle is installed, which signs
// the attestations « Déclic – <name> »; "" for « Déclic – installation
// personnelle » (no bundle).
func (u *ui) centreName() string {
	if u.opts.Branding == nil {
		return ""
	}
	return u.opts.Branding.Name
}

// ShowAttestations shows "Mes attestations": the open profile's finished modules
// with their date, hours and score, boxes to choose them, and the export of their
// signed records (.json, one per module) and of a printable PDF to a USB stick or
// a folder.
func (u *ui) ShowAttestations() {
	if u.profile == nil || u.store == nil {
		u.ShowHome()
		return
	}
	u.player = nil
	tr := u.tr
	if err := u.Flush(); err != nil { // the last completion must be in the store
		fmt.Fprintln(os.Stderr, "declic: attestations:", err)
	}
	back := view.NewPushButton(tr.T("attest.back"), theme.NavigateBackIcon(), u.ShowParcours)
	page := func(items ...fyne.CanvasObject) {
		u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(back)), nil, nil,
			view.ScrollPage(container.NewVBox(items...))))
		u.escapeTo(u.ShowParcours, nil)
	}
	mods, err := u.store.CompletedModules(context.Background(), u.profile.ID)
	if err != nil {
		fmt.Fprintln(os.Stderr, "declic: attestations:", err)
		msg := attestMessage()
		attestShowError(msg, tr.T("attest.error.list"))
		page(attestHeading(tr.T("attest.title")), msg, u.attestPath(u.store.Path()))
		return
	}
	mods = attestable(mods)
	if len(mods) == 0 {
		start := view.NewPushButton(tr.T("attest.empty.go"), theme.HomeIcon(), u.ShowHome)
		start.Importance = widget.HighImportance
		page(attestHeading(tr.T("attest.title")),
			container.NewBorder(nil, nil, attestIcon(theme.InfoIcon()), nil, attestBold(tr.T("attest.empty.title"))),
			attestWrapped(tr.T("attest.empty.how")), attestWrapped(tr.T("attest.empty.then")),
			container.NewHBox(start))
		return
	}

	lang := tr.Language().String()
	selected := make([]bool, len(mods))
	var rows []fyne.CanvasObject
	for i, m := range mods {
		selected[i] = true
		check := view.NewCheck(m.ModuleTitle, func(on bool) { selected[i] = on })
		check.Checked = true
		detail := widget.NewLabel(tr.T("attest.module_line", map[string]any{
			"Date":  attest.LongDate(m.CompletedAt.Local(), lang),
			"Hours": attest.Hours(m.Hours, lang),
			"Score": fmt.Sprintf("%.0f", min(max(m.FinalScore, 0), 1)*100),
		}))
		detail.Truncation = fyne.TextTruncateEllipsis
		rows = append(rows, container.NewBorder(nil, nil, check, nil, detail))
	}
	withName := false
	nameBox := view.NewCheck(tr.T("attest.add_name"), func(on bool) { withName = on })
	result := attestMessage()
	export := view.NewPushButton(tr.T("attest.export"), theme.DocumentSaveIcon(), func() {
		var chosen []learner.CompletedModule
		for i, m := range mods {
			if selected[i] {
				chosen = append(chosen, m)
			}
		}
		if len(chosen) == 0 {
			attestShowError(result, tr.T("attest.none_selected"))
			return
		}
		u.showAttestationPlaces(chosen, withName)
	})
	export.Importance = widget.HighImportance

	items := []fyne.CanvasObject{
		attestHeading(tr.T("attest.title")),
		attestWrapped(tr.T("attest.what")),
		attestWrapped(tr.T("attest.how")),
		widget.NewSeparator(),
	}
	items = append(items, rows...)
	items = append(items, widget.NewSeparator(), nameBox, attestWrapped(tr.T("attest.name_hint")),
		container.NewHBox(export), result)
	page(items...)
}

// showAttestationPlaces asks where to write the chosen records: each USB stick
// plugged in first, then "Mes documents" and any folder; then it writes them and
// says where they are.
func (u *ui) showAttestationPlaces(chosen []learner.CompletedModule, withName bool) {
	tr := u.tr
	result := attestMessage()
	cancel := view.NewPushButton(tr.T("attest.cancel"), theme.NavigateBackIcon(), u.ShowAttestations)
	page := func(items ...fyne.CanvasObject) {
		u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(cancel)), nil, nil,
			view.ScrollPage(container.NewVBox(items...))))
		u.escapeTo(u.ShowAttestations, nil)
	}
	exportTo := func(dir string, onStick bool) {
		paths, err := u.ExportAttestations(dir, chosen, withName)
		if err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err)
			attestShowError(result, u.attestErrorText(err))
			return
		}
		next := tr.T("attest.usb")
		if !onStick {
			next = tr.T("attest.folder_next")
		}
		cancel.SetText(tr.T("attest.title"))
		page(attestHeading(tr.T("attest.title")),
			container.NewBorder(nil, nil, attestIcon(theme.ConfirmIcon()), nil, attestBold(tr.N("attest.done", len(chosen)))),
			u.attestPath(dir),
			attestWrapped(tr.T("attest.done_pdf", map[string]any{"File": filepath.Base(paths[len(paths)-1])})),
			attestWrapped(next))
	}
	items := []fyne.CanvasObject{attestHeading(tr.T("attest.where"))}
	drives := u.opts.Drives()
	for _, d := range drives {
		b := view.NewPushButton(tr.T("attest.drive", map[string]any{"Label": d.Label}), theme.StorageIcon(),
			func() { exportTo(d.Path, true) })
		b.Importance = widget.HighImportance
		items = append(items, container.NewHBox(b))
	}
	if len(drives) == 0 {
		items = append(items, attestWrapped(tr.T("attest.no_drive")), container.NewHBox(
			view.NewPushButton(tr.T("attest.rescan"), theme.ViewRefreshIcon(), func() { u.showAttestationPlaces(chosen, withName) })))
	}
	docs := u.attestationsDocumentsDir()
	items = append(items, widget.NewSeparator(), container.NewHBox(
		view.NewPushButton(tr.T("attest.documents"), theme.DocumentIcon(), func() { exportTo(docs, false) }),
		view.NewPushButton(tr.T("attest.pick"), theme.FolderOpenIcon(), func() {
			d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
				if err != nil || dir == nil {
					return
				}
				exportTo(dir.Path(), false)
			}, u.win)
			d.Resize(fyne.NewSize(900, 560))
			d.Show()
		}),
	), result)
	page(items...)
}

// ExportAttestations issues the records of mods for the open profile (the same
// record id as any earlier export), writes one .json per module and the printable
// PDF into dir, and returns the paths written, the PDF last. The learner's first
// name goes into the records and the PDF only when withName is true.
func (u *ui) ExportAttestations(dir string, mods []learner.CompletedModule, withName bool) ([]string, error) {
	if u.profile == nil || u.store == nil {
		return nil, errors.New("attestations: no profile open")
	}
	// The profile's own key signs: a centre enrols it from the learner's card.
	key, err := u.store.ProfileKey(context.Background(), u.profile.ID)
	if err != nil {
		return nil, fmt.Errorf("attestations: profile key: %w", err)
	}
	name := ""
	if withName {
		name = u.profile.FirstName
	}
	issuer := &attest.Issuer{Store: u.store, CentreName: u.centreName(), Now: u.opts.Now,
		Describe: func(packID, moduleID string) string {
			if m := findModule(u.opts.Packs, packID, moduleID); m != nil {
				return m.Summary
			}
			return ""
		}}
	creds, err := issuer.Issue(context.Background(), u.profile.ID, mods, name)
	if err != nil {
		return nil, fmt.Errorf("attestations: %w", err)
	}
	var pdf bytes.Buffer
	if err := attest.WritePDF(&pdf, attest.Sheet{DisplayName: name, LearnerID: u.profile.ID,
		IssuerName: records.IssuerDisplayName(issuer.CentreName), DID: key.DID(), Credentials: creds,
		Printed: u.opts.Now()}); err != nil {
		return nil, fmt.Errorf("attestations: %w", err)
	}
	files := append(attest.CredentialFiles(creds), attest.File{Name: attest.PDFName, Data: pdf.Bytes()})
	return attest.WriteFiles(dir, files)
}

// attestErrorText says in plain words why an export failed.
func (u *ui) attestErrorText(err error) string {
	switch {
	case errors.Is(err, attest.ErrFolderReadOnly):
		return u.tr.T("attest.error.readonly")
	case errors.Is(err, attest.ErrFolderMissing):
		return u.tr.T("attest.error.missing")
	case errors.Is(err, attest.ErrFolderFull):
		return u.tr.T("attest.error.full")
	}
	return u.tr.T("attest.error.other")
}

// attestationsDocumentsDir is the "Mes documents" choice: Options.ExportDir, else
// the user's Documents folder, else the home folder.
func (u *ui) attestationsDocumentsDir() string {
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

// AttestationsButton is the top-bar entry to "Mes attestations", for the lead to
// place beside "Mon parcours" (shown only while a profile is open).
func (u *ui) AttestationsButton() *view.PushButton {
	return view.NewPushButton(u.barText(barAttestations), theme.DocumentIcon(), u.ShowAttestations)
}

// attestable keeps the modules a record can be issued for: a completion recorded
// while its pack was missing has no title or hours, and no centre could credit it.
func attestable(mods []learner.CompletedModule) []learner.CompletedModule {
	out := mods[:0:0]
	for _, m := range mods {
		if m.Hours > 0 && m.ModuleTitle != "" {
			out = append(out, m)
		}
	}
	return out
}
