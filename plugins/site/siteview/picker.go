package siteview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/plugins/view"
)

// pickerWidth is the width of the « Ouvrir un fichier » window.
const pickerWidth float32 = 600

// pickFile opens the simulated « Ouvrir un fichier » window of a file item, over
// the whole screen like the system's own: the fake documents with their icon, name
// and kind; « Ouvrir » takes the selected one, « Annuler » none. The focus goes to
// the first document, and Tab stays inside the window until it is closed.
func (v *siteView) pickFile(item int) {
	c := v.canvas()
	if c == nil || v.run.Done() {
		return
	}
	t := v.t
	it := v.act.Pages[v.run.PageIndex()].Items[item]
	iv := v.page.items[item]
	selected := iv.file.name
	var rows []*fileRow
	var open *view.PushButton
	choose := func(name string) {
		selected = name
		for _, r := range rows {
			r.setSelected(r.name == name)
		}
		open.Enable()
	}
	confirm := func() {
		if selected == "" {
			return
		}
		iv.file.choose(selected, t)
		iv.showError("")
		v.closePicker()
		v.relayout()
		view.FocusOn(v.env, iv.file.button)
	}
	list := container.New(layout.NewCustomPaddedVBoxLayout(4))
	for _, name := range it.Files {
		r := newFileRow(name, t, v.env, func() { choose(name) }, confirm)
		r.selected = name == selected
		rows = append(rows, r)
		list.Add(r)
	}
	open = v.env.SteadyButton(t.T("site.file_open"), theme.FolderOpenIcon(), confirm)
	open.Importance = widget.HighImportance
	if selected == "" {
		open.Disable()
	}
	closeWindow := func() {
		v.closePicker()
		view.FocusOn(v.env, iv.file.button)
	}
	cancel := v.env.SteadyButton(t.T("site.file_cancel"), theme.CancelIcon(), closeWindow)
	titleBg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	title := widget.NewLabel(t.T("site.file_window"))
	title.TextStyle = fyne.TextStyle{Bold: true}
	titleBar := container.NewStack(titleBg, container.NewBorder(nil, nil, widget.NewIcon(theme.FolderOpenIcon()), nil, title))
	folder := widget.NewLabel(t.T("site.file_folder"))
	folder.Importance = widget.LowImportance
	location := container.NewBorder(nil, nil, widget.NewIcon(theme.FolderIcon()), nil, view.Compact(folder))
	buttons := container.NewHBox(layout.NewSpacer(), view.MinSize(cancel, 140, view.Target), view.MinSize(open, 140, view.Target))
	window := container.NewBorder(container.NewVBox(titleBar, location, widget.NewSeparator()), buttons, nil, nil, list)
	// Échap closes the window as « Annuler » does.
	v.picker = widget.NewModalPopUp(view.Dismissable(view.MinSize(window, pickerWidth, 0), closeWindow), c)
	v.picker.Show()
	if len(rows) > 0 {
		c.Focus(rows[0])
	}
}

// closePicker closes the file window if it is open.
func (v *siteView) closePicker() {
	if v.picker != nil {
		v.picker.Hide()
		v.picker = nil
	}
}

// canvas is the canvas the activity is drawn on (nil before it is shown).
func (v *siteView) canvas() fyne.Canvas {
	if v.env.Window != nil {
		return v.env.Window.Canvas()
	}
	if app := fyne.CurrentApp(); app != nil {
		return app.Driver().CanvasForObject(v.content)
	}
	return nil
}
