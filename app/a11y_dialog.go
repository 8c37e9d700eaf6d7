package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"declic/plugins/view"
)

// dialogChoice is one button of a dialog.
type dialogChoice struct {
	label string
	icon  fyne.Resource
	// main makes it the highlighted button.
	main bool
	// safe marks the choice that loses and changes nothing (« Annuler »): it has
	// the focus when the dialog opens, and Échap chooses it.
	safe bool
	do   func()
}

// showDialog shows a dialog over the screen with Déclic's buttons: they draw the
// focus outline and Entrée presses them; the safe choice has the focus, and Échap
// chooses it. Fyne's own dialogs do neither.
func (u *ui) showDialog(title string, body fyne.CanvasObject, choices ...dialogChoice) {
	var d *dialog.CustomDialog
	var buttons []fyne.CanvasObject
	var safe *view.PushButton
	k := &u.access.keys
	for _, c := range choices {
		b := view.NewPushButton(c.label, c.icon, nil)
		b.OnTapped = func() {
			d.Hide()
			k.dialogSafe = nil
			if c.do != nil {
				c.do()
			}
		}
		if c.main {
			b.Importance = widget.HighImportance
		}
		if c.safe || len(choices) == 1 {
			safe = b
		}
		buttons = append(buttons, b)
	}
	row := container.NewHBox(append([]fyne.CanvasObject{layout.NewSpacer()}, buttons...)...)
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewPadded(row), nil, nil, body), u.win)
	d.Show()
	if safe != nil {
		k.dialogSafe = safe.OnTapped
		u.win.Canvas().Focus(safe)
	}
}
