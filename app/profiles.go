package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/app/pictures"
	"declic/learner"
	"declic/plugins/view"
)

// Sizes of the profile screens. Every target is at least 120×120 pixels: learners
// with unsteady hands must not miss their own profile.
var (
	profileCardSize = fyne.NewSize(200, 276)
	profilePicture  = float32(140)
	choicePicture   = float32(80)
)

// pictureColumns lays the 12 pictures out as 2 rows of 6, at every window width.
const pictureColumns = 6

// startProfiles is the first screen of a session: the only profile opens
// directly when it is not protected; with none, the learner creates one.
func (ps *profileScreens) startProfiles() {
	defer ps.host.markStartup("learner-screen")
	profiles, err := ps.host.Store().Profiles(context.Background())
	if err == nil && len(profiles) == 1 && !profiles[0].HasPIN && !profiles[0].HasPicturePassword {
		ps.host.openProfile(profiles[0])
		return
	}
	if err == nil && len(profiles) == 0 {
		ps.host.closeProfile()
		ps.host.hideHome()
		ps.ShowNewProfile()
		return
	}
	ps.ShowProfiles()
}

// ShowProfiles shows the profile chooser: a big picture and a first name per
// profile, and "Nouveau profil". Choosing another profile closes the open one.
func (ps *profileScreens) ShowProfiles() {
	if ps.host.Store() == nil { // running without a learner store: no profiles
		ps.host.ShowHome()
		return
	}
	ps.host.closeProfile()
	ps.host.resetDisplay()
	ps.host.forgetPlayer()
	ps.host.hideHome()
	profiles, err := ps.host.Store().Profiles(context.Background())
	if err != nil {
		ps.host.storeFailed(err)
		return
	}
	title := heading(ps.host.translator().T("learner.profiles.title"))
	hint := wrapped(ps.host.translator().T("learner.profiles.hint"))
	var cards []fyne.CanvasObject
	for _, p := range profiles {
		caption := p.FirstName
		tile, _ := ps.host.pictureTile(pictures.Resource(p.Avatar), profilePicture, caption,
			func() { ps.unlock(p, ps.host.openProfile) })
		edit := view.NewPushButton(ps.host.translator().T("learner.profiles.edit"), theme.DocumentCreateIcon(), func() { ps.unlock(p, ps.ShowEditProfile) })
		cards = append(cards, container.NewBorder(nil, edit, nil, nil, tile))
	}
	add, _ := ps.host.pictureTile(theme.ContentAddIcon(), profilePicture, ps.host.translator().T("learner.profiles.new"), ps.ShowNewProfile)
	// The same height as a profile's picture and name, above an empty line.
	cards = append(cards, container.NewBorder(nil, widget.NewLabel(""), nil, nil, add))
	// Its caption takes two lines, so it uses the height of a profile's button too.
	bring, _ := ps.host.pictureTileWrapped(theme.DownloadIcon(), profilePicture*0.75, ps.host.translator().T("transfer.import.tile"),
		func() { ps.host.ShowImportProfile(ps.ShowProfiles) }, true)
	cards = append(cards, bring)
	grid := container.NewGridWrap(profileCardSize, cards...)
	ps.host.show(view.ScrollPage(container.NewVBox(title, hint, grid)))
}

// unlock asks for the profile's picture password or PIN, then calls then. A
// profile with both accepts either.
func (ps *profileScreens) unlock(p learner.Profile, then func(learner.Profile)) {
	switch {
	case p.HasPicturePassword:
		ps.showPictureLock(p, then)
	case p.HasPIN:
		ps.showPINLock(p, then)
	default:
		then(p)
	}
}

func (ps *profileScreens) showPictureLock(p learner.Profile, then func(learner.Profile)) {
	retry := func() { ps.showPictureLock(p, then) }
	if ps.host.unlockWaiting(p, retry) {
		return
	}
	var extra []fyne.CanvasObject
	if p.HasPIN {
		extra = append(extra, view.NewPushButton(ps.host.translator().T("learner.lock.use_pin"), theme.AccountIcon(), func() { ps.showPINLock(p, then) }))
	}
	extra = append(extra, ps.backToProfiles())
	ps.host.show(ps.host.pictureSequence(ps.host.translator().T("learner.lock.hello", map[string]any{"Name": p.FirstName}), ps.host.translator().T("learner.lock.pictures_hint"), false,
		func(picked []int, fail func(string)) {
			ok, err := ps.host.Store().CheckPicturePassword(context.Background(), p.ID, picked)
			switch {
			case ps.host.lockedOut(err, retry, ps.ShowProfiles):
			case err != nil:
				ps.host.storeFailed(err)
			case ok:
				then(p)
			default:
				fail(ps.host.translator().T("learner.lock.pictures_wrong"))
			}
		}, extra...))
	ps.host.escapeTo(ps.ShowProfiles, nil)
}

func (ps *profileScreens) showPINLock(p learner.Profile, then func(learner.Profile)) {
	retry := func() { ps.showPINLock(p, then) }
	if ps.host.unlockWaiting(p, retry) {
		return
	}
	var extra []fyne.CanvasObject
	if p.HasPicturePassword {
		extra = append(extra, view.NewPushButton(ps.host.translator().T("learner.lock.use_pictures"), theme.GridIcon(), func() { ps.showPictureLock(p, then) }))
	}
	extra = append(extra, ps.backToProfiles())
	ps.host.showPINPad(ps.host.translator().T("learner.lock.hello", map[string]any{"Name": p.FirstName}), ps.host.translator().T("learner.lock.pin_hint"),
		func(pin string, fail func(string)) {
			ok, err := ps.host.Store().CheckPIN(context.Background(), p.ID, pin)
			switch {
			case ps.host.lockedOut(err, retry, ps.ShowProfiles):
			case err != nil:
				ps.host.storeFailed(err)
			case ok:
				then(p)
			default:
				fail(ps.host.translator().T("learner.lock.pin_wrong"))
			}
		}, extra...)
	ps.host.escapeTo(ps.ShowProfiles, nil)
}

func (ps *profileScreens) backToProfiles() fyne.CanvasObject {
	return view.NewPushButton(ps.host.translator().T("nav.back"), theme.NavigateBackIcon(), ps.ShowProfiles)
}

// pictureSequence is the 12-picture grid where the learner taps 3 pictures in
// order (picture password). With distinct, tapping a picture twice is refused
// with a message (when choosing a new password). done receives the 3 indexes and
// a function that shows a message and starts again.
func (u *ui) pictureSequence(title, hint string, distinct bool, done func(picked []int, fail func(string)), extra ...fyne.CanvasObject) fyne.CanvasObject {
	var picked []int
	msg := messageLabel()
	slots := make([]*canvas.Image, learner.PicturePasswordLength)
	var slotObjs []fyne.CanvasObject
	for i := range slots {
		slots[i] = canvas.NewImageFromResource(nil)
		slots[i].FillMode = canvas.ImageFillContain
		slots[i].SetMinSize(fyne.NewSize(64, 64))
		frame := canvas.NewRectangle(u.theme.Palette.Input)
		frame.StrokeColor = u.theme.Palette.Border
		frame.StrokeWidth = 2
		frame.CornerRadius = 8
		slotObjs = append(slotObjs, container.NewStack(frame, container.NewPadded(slots[i])))
	}
	redraw := func() {
		for i, s := range slots {
			if i < len(picked) {
				s.Resource = pictures.Resource(pictures.IDs[picked[i]])
			} else {
				s.Resource = nil
			}
			s.Refresh()
		}
	}
	fail := func(text string) {
		picked = nil
		redraw()
		showMessage(msg, text)
	}
	var tiles []fyne.CanvasObject
	for i, id := range pictures.IDs {
		tile, _ := u.pictureTile(pictures.Resource(id), choicePicture, u.tr.T("learner.picture."+id), func() {
			if len(picked) >= learner.PicturePasswordLength {
				return
			}
			if distinct {
				for _, x := range picked {
					if x == i {
						showMessage(msg, u.tr.T("learner.error.pictures_different"))
						return
					}
				}
			}
			hideMessage(msg)
			picked = append(picked, i)
			redraw()
			if len(picked) == learner.PicturePasswordLength {
				done(append([]int(nil), picked...), fail)
			}
		})
		tiles = append(tiles, tile)
	}
	clear := view.NewPushButton(u.tr.T("learner.lock.clear"), theme.ContentUndoIcon(), func() {
		picked = nil
		hideMessage(msg)
		redraw()
	})
	buttons := append([]fyne.CanvasObject{clear}, extra...)
	// The slots sit beside the hint and the message, so both rows of pictures fit
	// a 1024×600 screen without scrolling.
	// The buttons sit beside the title and the slots beside the hint, so both rows
	// of pictures fit a 1024×600 screen without scrolling.
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), heading(title)),
		container.NewBorder(nil, nil, container.NewHBox(slotObjs...), nil, container.NewVBox(wrapped(hint), msg)))
	grid := container.NewGridWithColumns(pictureColumns, tiles...)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, view.ScrollPage(grid))
}

// pinKeySize is the size of each key of the on-screen number pad.
var pinKeySize = fyne.NewSize(120, 64)

// showPINPad shows a 4-digit code entry: dots for the digits typed, a big number
// pad, and the keyboard's digits, Backspace and Enter. submit receives the code
// once 4 digits are there and "Valider" (or Enter) is pressed.
func (u *ui) showPINPad(title, hint string, submit func(pin string, fail func(string)), extra ...fyne.CanvasObject) {
	pin := ""
	msg := messageLabel()
	var circles []*canvas.Circle
	var dotObjs []fyne.CanvasObject
	for range 4 {
		c := canvas.NewCircle(nil)
		c.StrokeColor = u.theme.Palette.Foreground
		c.StrokeWidth = 3
		circles = append(circles, c)
		dotObjs = append(dotObjs, sized(c, 36, 36))
	}
	dots := container.NewHBox(dotObjs...)
	redraw := func() {
		for i, c := range circles {
			c.FillColor = nil
			if i < len(pin) {
				c.FillColor = u.theme.Palette.Foreground
			}
			c.Refresh()
		}
	}
	redraw()
	fail := func(text string) {
		pin = ""
		redraw()
		showMessage(msg, text)
	}
	press := func(d rune) {
		if len(pin) >= 4 {
			return
		}
		hideMessage(msg)
		pin += string(d)
		redraw()
	}
	erase := func() {
		if len(pin) > 0 {
			pin = pin[:len(pin)-1]
			redraw()
		}
	}
	validate := func() {
		if len(pin) != 4 {
			showMessage(msg, u.tr.N("learner.error.pin_length", len(pin)))
			return
		}
		submit(pin, fail)
	}
	var keys []fyne.CanvasObject
	for _, d := range "123456789" {
		keys = append(keys, view.NewPushButton(string(d), nil, func() { press(d) }))
	}
	back := view.NewPushButton(u.tr.T("learner.pin.erase"), theme.ContentUndoIcon(), erase)
	ok := view.NewPushButton(u.tr.T("learner.pin.ok"), theme.ConfirmIcon(), validate)
	ok.Importance = widget.HighImportance
	keys = append(keys, back, view.NewPushButton("0", nil, func() { press('0') }), ok)
	pad := container.NewGridWrap(pinKeySize, keys...)
	padBox := container.NewGridWrap(fyne.NewSize(3*pinKeySize.Width+2*theme.Padding(), 4*pinKeySize.Height+3*theme.Padding()), pad)
	left := container.NewVBox(heading(title), wrapped(hint), dots, msg, container.NewHBox(extra...))
	u.show(container.NewPadded(container.NewBorder(nil, nil, nil, padBox, left)))
	// Opened with the keyboard, the pad puts the focus on « Valider »: the digits
	// typed go to the pad, and Entrée then sends the code (on « Retour », the
	// first control, it would leave and drop the code).
	u.mainControl(ok)
	// The keyboard's digits, Backspace and Entrée work when no key of the pad has
	// the focus; with a key focused, Entrée presses that key, and the digits
	// still type.
	u.screenKeys(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyBackspace, fyne.KeyDelete:
			erase()
		case fyne.KeyReturn, fyne.KeyEnter:
			validate()
		}
	}, func(r rune) {
		switch {
		case r >= '0' && r <= '9':
			press(r)
		case r == ' ': // the Space that pressed a button a moment ago
		default:
			showMessage(msg, u.tr.T("learner.error.pin_digits_only"))
		}
	})
}

// ShowNewProfile asks for a first name and a picture, then offers protection.
func (ps *profileScreens) ShowNewProfile() {
	if ps.host.Store() == nil {
		ps.host.ShowHome()
		return
	}
	ps.host.closeProfile()
	ps.host.resetDisplay()
	ps.host.hideHome()
	name := view.NewEntry()
	name.OnChanged = func(string) { ps.host.touch() }
	name.SetPlaceHolder(ps.host.translator().T("learner.new.name_placeholder"))
	name.Name = ps.host.translator().T("learner.new.name")
	msg := messageLabel()
	avatar := ""
	chooser := ps.avatarChooser("", func(id string) { avatar = id; hideMessage(msg) })
	create := func() {
		first, problem := ps.checkFirstName(name.Text)
		if problem != "" {
			showMessage(msg, problem)
			return
		}
		if avatar == "" {
			showMessage(msg, ps.host.translator().T("learner.error.picture_missing"))
			return
		}
		p, err := ps.host.Store().CreateProfile(context.Background(), learner.NewProfile{FirstName: first, Avatar: avatar})
		if err != nil {
			showMessage(msg, ps.host.translator().T("learner.error.name_invalid"))
			fmt.Fprintln(os.Stderr, "declic:", err)
			return
		}
		ps.showProtectOffer(p)
	}
	name.OnSubmitted = func(string) { create() }
	ok := view.NewPushButton(ps.host.translator().T("learner.new.create"), theme.ConfirmIcon(), create)
	ok.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{ok}
	if profiles, err := ps.host.Store().Profiles(context.Background()); err == nil && len(profiles) > 0 {
		buttons = append(buttons, ps.backToProfiles())
	}
	// A learner who already has a profile on another PC brings it instead.
	bring := view.NewPushButton(ps.host.translator().T("transfer.import.have_one"), theme.DownloadIcon(), func() { ps.host.ShowImportProfile(ps.ShowNewProfile) })
	// The buttons sit beside the title, so the whole form fits a 1024×600 screen.
	form := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), heading(ps.host.translator().T("learner.new.title"))),
		container.NewBorder(nil, nil, container.NewHBox(
			widget.NewLabelWithStyle(ps.host.translator().T("learner.new.name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewGridWrap(fyne.NewSize(360, name.MinSize().Height), name)), nil, msg),
		bold(ps.host.translator().T("learner.new.picture")),
		chooser,
		container.NewHBox(bring),
	)
	ps.host.show(view.ScrollPage(form))
	ps.host.window().Canvas().Focus(name)
	if len(buttons) > 1 { // there are profiles to go back to
		ps.host.escapeTo(ps.ShowProfiles, func() string {
			if strings.TrimSpace(name.Text) != "" || avatar != "" {
				return ps.host.translator().T("a11y.escape.new_profile")
			}
			return ""
		})
	}
}

// checkFirstName trims a first name and returns it, or a message saying what is
// wrong, in the learner's language.
func (ps *profileScreens) checkFirstName(text string) (string, string) {
	first := strings.TrimSpace(text)
	switch {
	case first == "":
		return "", ps.host.translator().T("learner.error.name_empty")
	case utf8.RuneCountInString(first) > learner.MaxFirstNameLength:
		return "", ps.host.translator().T("learner.error.name_too_long", map[string]any{"Max": learner.MaxFirstNameLength})
	case strings.ContainsFunc(first, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return "", ps.host.translator().T("learner.error.name_invalid")
	}
	return first, ""
}

// avatarChooser is the grid of the 12 pictures, one of which can be selected
// (framed, with a tick and the word "choisie").
func (ps *profileScreens) avatarChooser(selected string, chose func(id string)) fyne.CanvasObject {
	selectors := map[string]func(bool){}
	var tiles []fyne.CanvasObject
	for _, id := range pictures.IDs {
		tile, sel := ps.host.pictureTile(pictures.Resource(id), choicePicture, ps.host.translator().T("learner.picture."+id), func() {
			for other, s := range selectors {
				s(other == id)
			}
			chose(id)
		})
		selectors[id] = sel
		sel(id == selected)
		tiles = append(tiles, tile)
	}
	return container.NewGridWithColumns(pictureColumns, tiles...)
}

// pictureTile is a big button showing a picture above its name. The returned
// function marks it selected: a thick frame and a tick, never colour alone (read
// aloud: « Bouton, choisi : Chat »).
func (u *ui) pictureTile(res fyne.Resource, picture float32, caption string, tapped func()) (fyne.CanvasObject, func(bool)) {
	return u.pictureTileWrapped(res, picture, caption, tapped, false)
}

// pictureTileWrapped is pictureTile whose caption, when wrap is true, goes on two
// lines rather than being cut: « Ajouter mon profil » must be read whole.
func (u *ui) pictureTileWrapped(res fyne.Resource, picture float32, caption string, tapped func(), wrap bool) (fyne.CanvasObject, func(bool)) {
	btn := view.NewPushButton("", nil, tapped)
	btn.Name = caption
	img := u.resourceImage(res, picture)
	label := widget.NewLabelWithStyle(caption, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	label.Truncation = fyne.TextTruncateEllipsis
	if wrap {
		label.Truncation = fyne.TextTruncateOff
		label.Wrapping = fyne.TextWrapWord
	}
	frame := canvas.NewRectangle(nil)
	frame.StrokeColor = u.theme.Palette.Primary
	frame.StrokeWidth = 5
	frame.CornerRadius = 6
	frame.Hide()
	tick := widget.NewIcon(theme.ConfirmIcon())
	tick.Hide()
	content := container.NewBorder(nil, label, nil, nil, container.NewCenter(img))
	tickBox := container.NewVBox(container.NewHBox(layout.NewSpacer(), sized(tick, 32, 32)))
	// Fyne centres a stroke on the rectangle's edge: inset by half the stroke, the
	// frame stays inside the tile and leaves the focus outline around it whole.
	inset := frame.StrokeWidth / 2
	framed := container.New(layout.NewCustomPaddedLayout(inset, inset, inset, inset), frame)
	obj := container.NewStack(btn, container.NewPadded(content), framed, tickBox)
	return obj, func(on bool) {
		if on {
			frame.Show()
			tick.Show()
			btn.State = view.StateSelected
		} else {
			frame.Hide()
			tick.Hide()
			btn.State = view.StateNotSelected
		}
	}
}

// showProtectOffer asks a new learner whether to protect the profile.
func (ps *profileScreens) showProtectOffer(p learner.Profile) {
	pics := view.NewPushButton(ps.host.translator().T("learner.protect.pictures"), theme.GridIcon(), func() { ps.showSetPictures(p, ps.protected) })
	pin := view.NewPushButton(ps.host.translator().T("learner.protect.pin"), theme.AccountIcon(), func() { ps.showSetPIN(p, ps.protected) })
	none := view.NewPushButton(ps.host.translator().T("learner.protect.none"), theme.NavigateNextIcon(), func() { ps.host.openProfile(p) })
	none.Importance = widget.HighImportance
	ps.host.show(container.NewPadded(container.NewVBox(
		heading(ps.host.translator().T("learner.protect.title")),
		wrapped(ps.host.translator().T("learner.protect.why")),
		wrapped(ps.host.translator().T("learner.protect.how")),
		container.NewGridWrap(fyne.NewSize(360, 64), pics, pin, none),
	)))
	ps.host.mainControl(none)
}

// protected tells the learner the protection is saved and opens the profile.
func (ps *profileScreens) protected(p learner.Profile) {
	fresh, err := ps.host.Store().Profile(context.Background(), p.ID)
	if err != nil {
		ps.host.storeFailed(err)
		return
	}
	ps.host.showNotice(theme.ConfirmIcon(), ps.host.translator().T("learner.protect.done"), nil, "", ps.host.translator().T("learner.continue"), func() { ps.host.openProfile(fresh) })
}

// showSetPictures lets the learner choose a new picture password.
func (ps *profileScreens) showSetPictures(p learner.Profile, then func(learner.Profile)) {
	ps.choosePictures(p, func() { ps.ShowEditProfileOrOffer(p) }, func(p learner.Profile, _ learner.Secret) { then(p) })
}

// choosePictures lets the learner choose a new picture password, saves it, and gives
// then the pictures chosen (the export seals the profile's key with them).
func (ps *profileScreens) choosePictures(p learner.Profile, back func(), then func(learner.Profile, learner.Secret)) {
	ps.host.show(ps.host.pictureSequence(ps.host.translator().T("learner.protect.pictures_title"), ps.host.translator().T("learner.protect.pictures_hint"), true,
		func(picked []int, fail func(string)) {
			if err := ps.host.Store().SetPicturePassword(context.Background(), p.ID, picked); err != nil {
				fail(ps.host.translator().T("learner.error.pictures_different"))
				return
			}
			p.HasPicturePassword = true
			then(p, learner.Secret{Pictures: picked})
		}, view.NewPushButton(ps.host.translator().T("nav.back"), theme.NavigateBackIcon(), back)))
	ps.host.escapeTo(back, nil)
}

// showSetPIN lets the learner choose a new 4-digit PIN.
func (ps *profileScreens) showSetPIN(p learner.Profile, then func(learner.Profile)) {
	ps.choosePIN(p, func() { ps.ShowEditProfileOrOffer(p) }, func(p learner.Profile, _ learner.Secret) { then(p) })
}

// choosePIN lets the learner choose a new 4-digit PIN, saves it, and gives then the
// PIN chosen.
func (ps *profileScreens) choosePIN(p learner.Profile, back func(), then func(learner.Profile, learner.Secret)) {
	ps.host.showPINPad(ps.host.translator().T("learner.protect.pin_title"), ps.host.translator().T("learner.protect.pin_hint"), func(pin string, fail func(string)) {
		if err := ps.host.Store().SetPIN(context.Background(), p.ID, pin); err != nil {
			fail(ps.host.translator().N("learner.error.pin_length", len(pin)))
			return
		}
		p.HasPIN = true
		then(p, learner.Secret{PIN: pin})
	}, view.NewPushButton(ps.host.translator().T("nav.back"), theme.NavigateBackIcon(), back))
	ps.host.escapeTo(back, nil)
}

// ShowEditProfileOrOffer goes back from a protection screen: to the edit screen
// when the profile was being edited, else to the offer of a new profile.
func (ps *profileScreens) ShowEditProfileOrOffer(p learner.Profile) {
	if ps.editing {
		ps.ShowEditProfile(p)
		return
	}
	ps.showProtectOffer(p)
}

// ShowEditProfile lets the learner rename the profile, change its picture, set or
// remove its protection, or delete it (after a confirmation).
func (ps *profileScreens) ShowEditProfile(p learner.Profile) {
	ctx := context.Background()
	fresh, err := ps.host.Store().Profile(ctx, p.ID)
	if err != nil {
		ps.host.storeFailed(err)
		return
	}
	p = fresh
	ps.host.closeProfile()
	ps.host.resetDisplay()
	ps.host.hideHome()
	ps.editing = true
	msg := messageLabel()
	name := view.NewEntry()
	name.OnChanged = func(string) { ps.host.touch() }
	name.SetText(p.FirstName)
	name.Name = ps.host.translator().T("learner.new.name")
	rename := func() {
		first, problem := ps.checkFirstName(name.Text)
		if problem != "" {
			showMessage(msg, problem)
			return
		}
		if err := ps.host.Store().RenameProfile(ctx, p.ID, first); err != nil {
			showMessage(msg, ps.host.translator().T("learner.error.name_invalid"))
			return
		}
		p.FirstName = first
		showInfo(msg, ps.host.translator().T("learner.edit.saved"))
	}
	name.OnSubmitted = func(string) { rename() }
	save := view.NewPushButton(ps.host.translator().T("learner.edit.save_name"), theme.DocumentSaveIcon(), rename)
	chooser := ps.avatarChooser(p.Avatar, func(id string) {
		if err := ps.host.Store().SetAvatar(ctx, p.ID, id); err != nil {
			ps.host.storeFailed(err)
			return
		}
		p.Avatar = id
		showInfo(msg, ps.host.translator().T("learner.edit.saved"))
	})
	back := func(learner.Profile) { ps.ShowEditProfile(p) }
	protect := container.NewHBox(
		view.NewPushButton(ps.host.translator().T("learner.protect.pictures"), theme.GridIcon(), func() { ps.showSetPictures(p, back) }),
		view.NewPushButton(ps.host.translator().T("learner.protect.pin"), theme.AccountIcon(), func() { ps.showSetPIN(p, back) }),
	)
	if p.HasPIN || p.HasPicturePassword {
		protect.Add(view.NewPushButton(ps.host.translator().T("learner.protect.remove"), theme.ContentClearIcon(), func() {
			if err := ps.host.Store().SetPIN(ctx, p.ID, ""); err != nil {
				ps.host.storeFailed(err)
				return
			}
			if err := ps.host.Store().SetPicturePassword(ctx, p.ID, nil); err != nil {
				ps.host.storeFailed(err)
				return
			}
			ps.ShowEditProfile(p)
		}))
	}
	remove := view.NewPushButton(ps.host.translator().T("learner.edit.delete"), theme.DeleteIcon(), func() { ps.confirmDeleteProfile(p, func() { ps.ShowEditProfile(p) }) })
	remove.Importance = widget.DangerImportance
	cardBtn := view.NewPushButton(ps.host.translator().T("card.open"), theme.AccountIcon(), func() { ps.host.ShowCard(p, func() { ps.ShowEditProfile(p) }) })
	open := view.NewPushButton(ps.host.translator().T("learner.edit.open", map[string]any{"Name": p.FirstName}), theme.NavigateNextIcon(), func() {
		ps.editing = false
		fresh, err := ps.host.Store().Profile(ctx, p.ID)
		if err != nil {
			ps.host.storeFailed(err)
			return
		}
		ps.host.openProfile(fresh)
	})
	open.Importance = widget.HighImportance
	backBtn := view.NewPushButton(ps.host.translator().T("nav.back"), theme.NavigateBackIcon(), func() { ps.editing = false; ps.ShowProfiles() })
	page := container.NewVBox(
		heading(ps.host.translator().T("learner.edit.title", map[string]any{"Name": p.FirstName})),
		bold(ps.host.translator().T("learner.new.name")),
		container.NewHBox(container.NewGridWrap(fyne.NewSize(420, name.MinSize().Height), name), save),
		bold(ps.host.translator().T("learner.edit.picture")),
		chooser,
		bold(ps.host.translator().T("learner.edit.protection")),
		wrapped(ps.protectionState(p)),
		protect,
		bold(ps.host.translator().T("card.title")),
		wrapped(ps.host.translator().T("card.mydata_what")),
		container.NewHBox(cardBtn),
		widget.NewSeparator(),
		container.NewHBox(remove),
	)
	ps.host.show(container.NewBorder(nil, container.NewPadded(container.NewVBox(msg, container.NewHBox(open, backBtn))), nil, nil,
		view.ScrollPage(page)))
	ps.host.escapeTo(func() { ps.editing = false; ps.ShowProfiles() }, func() string {
		if strings.TrimSpace(name.Text) != p.FirstName {
			return ps.host.translator().T("a11y.escape.name")
		}
		return ""
	})
	ps.host.mainControl(open)
}

// protectionState says in words how the profile is protected.
func (ps *profileScreens) protectionState(p learner.Profile) string {
	switch {
	case p.HasPIN && p.HasPicturePassword:
		return ps.host.translator().T("learner.edit.protected_both")
	case p.HasPIN:
		return ps.host.translator().T("learner.edit.protected_pin")
	case p.HasPicturePassword:
		return ps.host.translator().T("learner.edit.protected_pictures")
	}
	return ps.host.translator().T("learner.edit.protected_none")
}

// confirmDeleteProfile names the profile and says what is lost before deleting.
func (ps *profileScreens) confirmDeleteProfile(p learner.Profile, cancel func()) {
	yes := view.NewPushButton(ps.host.translator().T("learner.delete.yes"), theme.DeleteIcon(), func() {
		ps.host.closeProfile()
		if err := ps.host.flushEvents(); err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err)
		}
		if err := ps.host.Store().DeleteProfile(context.Background(), p.ID); err != nil {
			ps.host.storeFailed(err)
			return
		}
		ps.editing = false
		ps.ShowProfiles()
	})
	yes.Importance = widget.DangerImportance
	no := view.NewPushButton(ps.host.translator().T("learner.delete.no"), theme.CancelIcon(), cancel)
	no.Importance = widget.HighImportance
	data := map[string]any{"Name": p.FirstName}
	ps.host.show(container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, sized(widget.NewIcon(theme.WarningIcon()), 48, 48), nil, heading(ps.host.translator().T("learner.delete.title", data))),
		wrapped(ps.host.translator().T("learner.delete.what", data)),
		wrapped(ps.host.translator().T("learner.delete.lost")),
		wrapped(ps.host.translator().T("learner.delete.final")),
		container.NewHBox(no, yes),
	)))
	ps.host.escapeTo(cancel, nil) // Échap is « Non, garder »: nothing is deleted
	ps.host.mainControl(no)
}

// storeFailed tells the learner the data could not be read or saved.
func (u *ui) storeFailed(err error) {
	fmt.Fprintln(os.Stderr, "declic:", err)
	path := ""
	if u.store != nil {
		path = u.store.Path()
	}
	u.showNotice(theme.ErrorIcon(), u.tr.T("learner.error.store.title"), []string{u.tr.T("learner.error.store.body")},
		path, u.tr.T("learner.continue"), u.profiles.ShowProfiles)
}

// heading is a big bold title that wraps.
func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bold is a bold label that wraps.
func bold(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// wrapped is a plain label that wraps.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// pathLabel shows a file path so the learner can read it to a trainer, with a
// « Copier » button that puts it on the clipboard: easier than selecting the
// text, and a control the keyboard reaches like any other.
func (u *ui) pathLabel(path string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(path, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	l.Wrapping = fyne.TextWrapBreak
	var copyButton *view.PushButton
	copyButton = view.NewPushButton(u.tr.T("a11y.copy"), theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(path)
		copyButton.SetIcon(theme.ConfirmIcon())
		copyButton.SetText(u.tr.T("a11y.copied"))
	})
	return container.NewBorder(nil, nil, nil, container.NewVBox(copyButton), l)
}

// messageLabel is where a screen says what went wrong (or right). Its line is
// kept even when empty, so nothing on the screen moves when a message appears.
func messageLabel() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	return l
}

// showMessage shows what went wrong, in red and bold, with the words saying it.
func showMessage(l *widget.Label, text string) {
	l.Importance = widget.DangerImportance
	l.SetText(text)
	l.Show()
}

// showInfo shows that something worked.
func showInfo(l *widget.Label, text string) {
	l.Importance = widget.SuccessImportance
	l.SetText(text)
	l.Show()
}

func hideMessage(l *widget.Label) { l.SetText("") }

// sized gives obj a minimum size.
func sized(obj fyne.CanvasObject, w, h float32) fyne.CanvasObject { return view.MinSize(obj, w, h) }
