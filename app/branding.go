package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/branding"
	"declic/courses"
)

// loadBranding reads the centre bundle installed beside the executable, if any. A
// bundle that fails its signature check is ignored (and said on stderr): the app
// then starts as an ordinary installation, never with a tampered name or pack.
func loadBranding() *branding.Bundle {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	b, err := branding.Load(filepath.Dir(exe))
	if err != nil {
		if !errors.Is(err, branding.ErrNoBundle) {
			fmt.Fprintln(os.Stderr, "declic: centre bundle ignored:", err)
		}
		return nil
	}
	return b
}

// brandingBar shows the centre that handed out this installation: its logo, its
// name and its contact line, above the usual top bar.
func (u *ui) brandingBar(b *branding.Bundle) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(b.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := []fyne.CanvasObject{}
	if len(b.Logo) > 0 {
		logo := canvas.NewImageFromResource(fyne.NewStaticResource("logo.png", b.Logo))
		logo.FillMode = canvas.ImageFillContain
		logo.SetMinSize(fyne.NewSize(40, 40))
		left = append(left, logo)
	}
	left = append(left, name)
	var contact fyne.CanvasObject = container.NewHBox()
	if b.Contact != "" {
		contact = container.NewHBox(widget.NewIcon(theme.InfoIcon()), widget.NewLabel(b.Contact))
	}
	return container.NewBorder(nil, nil, container.NewHBox(left...), contact)
}

// bundlePacks loads the packs the centre put in its bundle (already verified by
// their checksums in the signed bundle); a pack with errors is left out and said.
func bundlePacks(b *branding.Bundle) []*courses.Pack {
	if b == nil {
		return nil
	}
	var packs []*courses.Pack
	for _, path := range b.Packs {
		pack, problems, err := courses.LoadPath(path)
		if err != nil || problems.HasErrors() {
			fmt.Fprintln(os.Stderr, "declic: centre pack left out:", (&courses.PackError{Path: path, Problems: problems, Err: err}).Error())
			continue
		}
		packs = append(packs, pack)
	}
	return packs
}
