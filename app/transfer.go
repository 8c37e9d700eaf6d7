package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/app/pictures"
	"declic/attest"
	"declic/learner"
	"declic/plugins/view"
)

// profileFilePrefix starts the name of every profile file, so the import screen finds
// them on a USB stick: profil-declic-<prénom>.json.
const profileFilePrefix = "profil-declic-"

// profileFileName is the name of a profile's file: profil-declic-<prénom>-<the first
// group of its card code>.json. A second save of the same profile replaces the first;
// two learners with one first name on a stick keep two files.
func profileFileName(firstName, code string) string {
	return profileFilePrefix + fileSafe(firstName) + "-" + codeGroup(code) + ".json"
}

// codeGroup is the first group of a card code, in lower case ("4tm4").
func codeGroup(code string) string {
	group, _, _ := strings.Cut(code, "-")
	return strings.ToLower(group)
}

// startProfileExport begins « Emporter mon profil »: a profile leaves the PC only with
// its key sealed by the learner's PIN or pictures, so a profile without either is
// protected first; then the learner gives her secret and chooses where to save.
func (u *ui) startProfileExport() {
	if u.profile == nil || u.store == nil {
		u.ShowHome()
		return
	}
	p, err := u.store.Profile(context.Background(), u.profile.ID)
	if err != nil {
		u.storeFailed(err)
		return
	}
	if !p.HasPIN && !p.HasPicturePassword {
		u.showProtectBeforeExport(p)
		return
	}
	u.askSecret(p, false, u.tr.T("transfer.export.secret_title"), func(sec learner.Secret) error {
		return u.exportProfile(p, sec)
	}, u.ShowMyData)
}

// showProtectBeforeExport asks a learner whose profile has no protection to choose
// one: it seals her key on the USB stick.
func (u *ui) showProtectBeforeExport(p learner.Profile) {
	tr := u.tr
	then := func(p learner.Profile, sec learner.Secret) {
		if err := u.exportProfile(p, sec); err != nil {
			u.storeFailed(err)
		}
	}
	back := u.ShowMyData
	pics := view.NewPushButton(tr.T("learner.protect.pictures"), theme.GridIcon(), func() { u.profiles.choosePictures(p, back, then) })
	pin := view.NewPushButton(tr.T("learner.protect.pin"), theme.AccountIcon(), func() { u.profiles.choosePIN(p, back, then) })
	cancel := view.NewPushButton(tr.T("save.cancel"), theme.NavigateBackIcon(), back)
	u.show(container.NewPadded(container.NewVBox(
		heading(tr.T("transfer.protect.title")),
		wrapped(tr.T("transfer.protect.why")),
		wrapped(tr.T("transfer.protect.how")),
		wrapped(tr.T("transfer.protect.remember")),
		container.NewGridWrap(fyne.NewSize(360, 64), pics, pin, cancel),
	)))
	u.escapeTo(back, nil)
}

// askSecret asks the learner for her pictures (or her PIN, when she has no pictures
// or chose « Utiliser mon code ») and hands them to submit. A wrong secret is said on
// the same screen; too many in a row lead to the wait screen, as on the lock screen.
func (u *ui) askSecret(p learner.Profile, usePIN bool, title string, submit func(learner.Secret) error, back func()) {
	if u.unlockWaitingThen(p, func() { u.askSecret(p, usePIN, title, submit, back) }, back) {
		return
	}
	tr := u.tr
	retry := func() { u.askSecret(p, usePIN, title, submit, back) }
	handle := func(err error, fail func(string), wrong string) {
		switch {
		case err == nil:
		case u.lockedOut(err, retry, back):
		case errors.Is(err, learner.ErrWrongSecret):
			fail(wrong)
		default:
			u.storeFailed(err)
		}
	}
	backBtn := view.NewPushButton(tr.T("nav.back"), theme.NavigateBackIcon(), back)
	if p.HasPicturePassword && !usePIN {
		var extra []fyne.CanvasObject
		if p.HasPIN {
			extra = append(extra, view.NewPushButton(tr.T("learner.lock.use_pin"), theme.AccountIcon(),
				func() { u.askSecret(p, true, title, submit, back) }))
		}
		u.show(u.pictureSequence(title, tr.T("transfer.export.pictures_hint"), false, func(picked []int, fail func(string)) {
			handle(submit(learner.Secret{Pictures: picked}), fail, tr.T("learner.lock.pictures_wrong"))
		}, append(extra, backBtn)...))
		u.escapeTo(back, nil)
		return
	}
	var extra []fyne.CanvasObject
	if p.HasPicturePassword {
		extra = append(extra, view.NewPushButton(tr.T("learner.lock.use_pictures"), theme.GridIcon(),
			func() { u.askSecret(p, false, title, submit, back) }))
	}
	u.showPINPad(title, tr.T("transfer.export.pin_hint"), func(pin string, fail func(string)) {
		handle(submit(learner.Secret{PIN: pin}), fail, tr.T("learner.lock.pin_wrong"))
	}, append(extra, backBtn)...)
	u.escapeTo(back, nil)
}

// exportProfile makes the profile file, sealed with sec, and asks where to save it.
// An error means the secret was refused or the file could not be made; the caller
// says so.
func (u *ui) exportProfile(p learner.Profile, sec learner.Secret) error {
	if err := u.Flush(); err != nil { // the last events go with the profile
		fmt.Fprintln(os.Stderr, "declic: profile file:", err)
	}
	data, err := u.store.ProfileFile(context.Background(), p.ID, sec)
	if err != nil {
		return err
	}
	key, err := u.store.ProfileKey(context.Background(), p.ID)
	if err != nil {
		return err
	}
	name := profileFileName(p.FirstName, key.Fingerprint())
	tr := u.tr
	u.showSavePlaces(saveRequest{
		title: tr.T("transfer.export.where"),
		files: func() ([]attest.File, error) {
			return []attest.File{{Name: name, Data: data}}, nil
		},
		done: func(stick, dir string, paths []string) {
			done := view.NewPushButton(tr.T("learner.mydata.title"), theme.NavigateBackIcon(), u.ShowMyData)
			done.Importance = widget.HighImportance
			secret := tr.T("transfer.export.keep_pin")
			if sec.Pictures != nil {
				secret = tr.T("transfer.export.keep_pictures")
			}
			u.showSaved(tr.T("transfer.export.done"), stick, dir, []string{
				tr.T("transfer.export.file", map[string]any{"File": filepath.Base(paths[0])}),
				tr.T("transfer.export.next"),
				secret,
			}, done)
		},
		back: u.ShowMyData,
	})
	return nil
}

// ShowImportProfile is « Ajouter mon profil depuis une clé USB »: the profile files
// found on the USB sticks plugged in, a button to look again, and one to choose a
// file anywhere. back is where « Retour » goes.
func (u *ui) ShowImportProfile(back func()) {
	u.showImportProfile(back, "")
}

func (u *ui) showImportProfile(back func(), problem string) {
	if u.store == nil {
		u.ShowHome()
		return
	}
	tr := u.tr
	msg := messageLabel()
	items := []fyne.CanvasObject{heading(tr.T("transfer.import.title")), wrapped(tr.T("transfer.import.plug"))}
	found := 0
	for _, d := range u.opts.Drives() {
		for _, path := range profileFilesIn(d.Path) {
			path := path
			b := view.NewPushButton(tr.T("transfer.import.file", map[string]any{"File": filepath.Base(path), "Label": d.Label}),
				theme.AccountIcon(), func() { u.openProfileFile(path, back) })
			b.Importance = widget.HighImportance
			items = append(items, container.NewHBox(b))
			found++
		}
	}
	if found == 0 {
		items = append(items, wrapped(tr.T("transfer.import.none")))
	}
	items = append(items, container.NewHBox(
		view.NewPushButton(tr.T("save.rescan"), theme.ViewRefreshIcon(), func() { u.showImportProfile(back, "") }),
		view.NewPushButton(tr.T("transfer.import.pick"), theme.FolderOpenIcon(), func() {
			d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				path := r.URI().Path()
				r.Close()
				u.openProfileFile(path, back)
			}, u.win)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
			d.Resize(fyne.NewSize(900, 560))
			d.Show()
		}),
	), msg)
	if problem != "" {
		showMessage(msg, problem)
	}
	backBtn := view.NewPushButton(tr.T("nav.back"), theme.NavigateBackIcon(), back)
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(backBtn)), nil, nil,
		view.ScrollPage(container.NewVBox(items...))))
	u.escapeTo(back, nil)
}

// profileFilesIn lists the profile files at the top of a stick (and in a « Declic »
// folder on it), sorted by name.
func profileFilesIn(dir string) []string {
	var out []string
	for _, d := range []string{dir, filepath.Join(dir, "Declic"), filepath.Join(dir, "declic")} {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			if e.Type().IsRegular() && strings.HasPrefix(name, profileFilePrefix) && strings.HasSuffix(strings.ToLower(name), ".json") {
				out = append(out, filepath.Join(d, name))
			}
		}
	}
	sort.Strings(out)
	return out
}

// openProfileFile reads and checks a profile file, then asks for its secret. A file
// that cannot be added is said in plain words on the import screen; nothing is
// written.
func (u *ui) openProfileFile(path string, back func()) {
	pp, err := learner.ReadProfileFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "declic:", err)
		u.showImportProfile(back, u.importErrorText(err)+" "+u.tr.T("transfer.import.nothing_changed"))
		return
	}
	u.askFileSecret(pp, back)
}

// importErrorText says why a profile file cannot be added.
func (u *ui) importErrorText(err error) string {
	switch {
	case errors.Is(err, learner.ErrProfileFileTooLarge):
		return u.tr.T("transfer.import.error.too_large")
	case errors.Is(err, learner.ErrProfileFileNewer):
		return u.tr.T("transfer.import.error.newer")
	case errors.Is(err, learner.ErrProfileFileDamaged):
		return u.tr.T("transfer.import.error.damaged")
	case errors.Is(err, learner.ErrNotAProfileFile):
		return u.tr.T("transfer.import.error.not_profile")
	case errors.Is(err, learner.ErrKeyOfAnotherProfile):
		return u.tr.T("transfer.import.error.other_key")
	case errors.Is(err, fs.ErrNotExist):
		return u.tr.T("transfer.import.error.missing")
	}
	return u.tr.T("transfer.import.error.other")
}

// askFileSecret asks for the secret that seals the file's key: its pictures or its
// PIN, as the file says. A wrong one is said at once; the right one starts the import.
func (u *ui) askFileSecret(pp *learner.PendingProfile, back func()) {
	tr := u.tr
	title := tr.T("learner.lock.hello", map[string]any{"Name": pp.FirstName})
	submit := func(sec learner.Secret, fail func(string), wrong string) {
		err := pp.Open(sec)
		switch {
		case errors.Is(err, learner.ErrWrongSecret):
			fail(wrong)
		case err != nil:
			fmt.Fprintln(os.Stderr, "declic:", err)
			u.showImportProfile(back, u.importErrorText(err)+" "+tr.T("transfer.import.nothing_changed"))
		default:
			u.importProfile(pp, sec, back)
		}
	}
	toFiles := func() { u.showImportProfile(back, "") }
	backBtn := view.NewPushButton(tr.T("nav.back"), theme.NavigateBackIcon(), toFiles)
	if pp.Unlock == learner.SecretPictures {
		u.show(u.pictureSequence(title, tr.T("transfer.import.pictures_hint"), false, func(picked []int, fail func(string)) {
			submit(learner.Secret{Pictures: picked}, fail, tr.T("learner.lock.pictures_wrong"))
		}, backBtn))
		u.escapeTo(toFiles, nil)
		return
	}
	u.showPINPad(title, tr.T("transfer.import.pin_hint"), func(pin string, fail func(string)) {
		submit(learner.Secret{PIN: pin}, fail, tr.T("learner.lock.pin_wrong"))
	}, backBtn)
	u.escapeTo(toFiles, nil)
}

// importProfile adds the opened profile file, off the UI goroutine (years of history
// take a few seconds), and then says what happened.
func (u *ui) importProfile(pp *learner.PendingProfile, sec learner.Secret, back func()) {
	tr := u.tr
	u.show(container.NewPadded(container.NewVBox(
		heading(tr.T("transfer.import.working_title", map[string]any{"Name": pp.FirstName})),
		wrapped(tr.T("transfer.import.working")),
		widget.NewProgressBarInfinite(),
	)))
	store := u.store
	go func() {
		res, err := store.ImportProfile(context.Background(), pp, sec)
		fyne.Do(func() {
			if err != nil {
				fmt.Fprintln(os.Stderr, "declic:", err)
				u.showImportProfile(back, u.importErrorText(err)+" "+tr.T("transfer.import.nothing_changed"))
				return
			}
			u.showImported(res)
		})
	}()
}

// showImported says the profile is on this PC, and what the merge did.
func (u *ui) showImported(res learner.ImportResult) {
	tr := u.tr
	lines := []fyne.CanvasObject{
		container.NewBorder(nil, nil, sized(widget.NewIcon(theme.ConfirmIcon()), 48, 48), nil,
			heading(tr.T("transfer.import.done", map[string]any{"Name": res.Profile.FirstName}))),
	}
	pic := canvas.NewImageFromResource(pictures.Resource(res.Profile.Avatar))
	pic.FillMode = canvas.ImageFillContain
	pic.SetMinSize(fyne.NewSize(profilePicture, profilePicture))
	// Beside the picture the name stays on one line (a wrapping label in a row would
	// break it letter by letter).
	name := widget.NewLabelWithStyle(res.Profile.FirstName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameHeadingText
	name.Truncation = fyne.TextTruncateEllipsis
	lines = append(lines, container.NewBorder(nil, nil, pic, nil, name))
	if res.Merged {
		lines = append(lines, wrapped(tr.T("transfer.import.merged")))
	} else {
		lines = append(lines, wrapped(tr.T("transfer.import.new")))
	}
	if res.KeyReplaced {
		lines = append(lines, bold(tr.T("transfer.import.new_card")))
	}
	open := view.NewPushButton(tr.T("learner.edit.open", map[string]any{"Name": res.Profile.FirstName}), theme.NavigateNextIcon(),
		func() { u.openProfile(res.Profile) })
	open.Importance = widget.HighImportance
	lines = append(lines, container.NewHBox(open))
	u.show(view.ScrollPage(container.NewVBox(lines...)))
}
