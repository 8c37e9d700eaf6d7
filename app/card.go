package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/attest"
	cardfile "declic/card"
	"declic/learner"
	"declic/plugins/view"
)

// cardQRSize is the side of the QR code on « Ma carte Déclic », in Fyne units: large
// enough for a phone or a webcam at arm's length.
const cardQRSize = 260

// ShowCard shows « Ma carte Déclic » for a profile: the QR code of its did:key, the
// short code in large letters (read aloud group by group), the first name, and a
// button to save the card file and its printable PDF on a USB stick or in a folder.
// back is where « Retour » goes.
func (u *ui) ShowCard(p learner.Profile, back func()) {
	if u.store == nil {
		u.ShowHome()
		return
	}
	tr := u.tr
	key, err := u.store.ProfileKey(context.Background(), p.ID)
	if err != nil {
		u.storeFailed(err)
		return
	}
	c := cardfile.New(p.FirstName, key.Public(), u.opts.Now())
	img, err := attest.CardQRImage(c, 4*cardQRSize)
	if err != nil {
		u.storeFailed(err)
		return
	}
	qr := newCardQR(img, c.DID)
	code := newCodeView(c.Code, tr.T("card.code_spoken"))
	listen := view.NewPushButton(tr.T("card.listen"), theme.VolumeUpIcon(), func() {
		u.Read(spokenCode(tr.T("card.code_spoken"), c.Code), u.tr.Language().String())
	})
	save := view.NewPushButton(tr.T("card.save"), theme.DocumentSaveIcon(), func() { u.saveCard(p, c, back) })
	save.Importance = widget.HighImportance
	name := heading(p.FirstName)
	// The code lines up with the labels' text, which sits one inner padding in.
	codeBox := container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), code)
	details := container.NewVBox(
		widget.NewLabelWithStyle(tr.T("card.name"), fyne.TextAlignLeading, fyne.TextStyle{}), name,
		widget.NewLabelWithStyle(tr.T("card.code"), fyne.TextAlignLeading, fyne.TextStyle{}), codeBox,
		container.NewHBox(listen, save),
	)
	cardBox := container.NewBorder(nil, nil, container.NewCenter(qr), nil, container.NewPadded(details))
	page := container.NewVBox(
		heading(tr.T("card.title")),
		wrapped(tr.T("card.what")),
		wrapped(tr.T("card.show")),
		cardBox,
		wrapped(tr.T("card.compare")),
		wrapped(tr.T("card.save_what")),
	)
	backBtn := view.NewPushButton(tr.T("nav.back"), theme.NavigateBackIcon(), back)
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(backBtn)), nil, nil,
		view.ScrollPage(page)))
	u.escapeTo(back, nil)
}

// saveCard asks where to save the card file and its PDF, writes both, and says where.
func (u *ui) saveCard(p learner.Profile, c cardfile.Card, back func()) {
	tr := u.tr
	u.showSavePlaces(saveRequest{
		title: tr.T("card.where"),
		files: func() ([]attest.File, error) {
			data, err := c.Marshal()
			if err != nil {
				return nil, err
			}
			var pdf bytes.Buffer
			if err := attest.WriteCardPDF(&pdf, c, u.opts.Now()); err != nil {
				return nil, err
			}
			return []attest.File{{Name: c.FileName(), Data: data}, {Name: attest.CardPDFName(c), Data: pdf.Bytes()}}, nil
		},
		done: func(stick, dir string, paths []string) {
			again := view.NewPushButton(tr.T("card.back_to_card"), theme.NavigateBackIcon(), func() { u.ShowCard(p, back) })
			again.Importance = widget.HighImportance
			printBtn := view.NewPushButton(tr.T("card.open_pdf"), theme.DocumentPrintIcon(), func() {
				u.openFile(paths[len(paths)-1])
			})
			next := tr.T("card.next_stick")
			if stick == "" {
				next = tr.T("card.next_folder")
			}
			u.showSaved(tr.T("card.saved"), stick, dir, []string{
				tr.T("card.saved_files", map[string]any{"Card": filepath.Base(paths[0]), "PDF": filepath.Base(paths[len(paths)-1])}),
				next,
			}, again, printBtn)
		},
		back: func() { u.ShowCard(p, back) },
	})
}

// openFile opens a file with the program the system uses for it (a PDF reader, to
// print the card).
func (u *ui) openFile(path string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}); err != nil {
		fmt.Fprintln(os.Stderr, "declic: open", path+":", err)
	}
}

// spokenCode spells a card code for the voice, one group a line so the voice pauses
// between groups: "Votre code :\n7 K 3 M\nQ 9 X A\n…".
func spokenCode(intro, code string) string {
	lines := []string{intro}
	for _, group := range strings.Split(code, "-") {
		lines = append(lines, strings.Join(strings.Split(group, ""), " "))
	}
	return strings.Join(lines, "\n")
}

// codeView shows a card code in large bold letters, two groups a line, and is read
// aloud letter by letter, group by group.
type codeView struct {
	widget.BaseWidget
	code, intro string
}

func newCodeView(code, intro string) *codeView {
	v := &codeView{code: code, intro: intro}
	v.ExtendBaseWidget(v)
	return v
}

// Code is the code shown.
func (v *codeView) Code() string { return v.code }

// speechText spells the code group by group.
func (v *codeView) SpeechText() string { return spokenCode(v.intro, v.code) }

// CreateRenderer draws the groups as large text that follows the text size setting.
func (v *codeView) CreateRenderer() fyne.WidgetRenderer {
	groups := strings.Split(v.code, "-")
	var lines []string
	if len(groups) == 4 {
		lines = []string{groups[0] + " - " + groups[1], groups[2] + " - " + groups[3]}
	} else {
		lines = []string{v.code}
	}
	var objs []fyne.CanvasObject
	for _, l := range lines {
		t := canvas.NewText(l, theme.Color(theme.ColorNameForeground))
		t.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
		t.TextSize = theme.TextSize() * 2.4
		objs = append(objs, t)
	}
	box := container.NewVBox(objs...)
	return &codeRenderer{box: box, texts: objs}
}

type codeRenderer struct {
	box   *fyne.Container
	texts []fyne.CanvasObject
}

func (r *codeRenderer) Layout(size fyne.Size)        { r.box.Resize(size) }
func (r *codeRenderer) MinSize() fyne.Size           { return r.box.MinSize() }
func (r *codeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.box} }
func (r *codeRenderer) Destroy()                     {}
func (r *codeRenderer) Refresh() {
	for _, o := range r.texts {
		t := o.(*canvas.Text)
		t.Color = theme.Color(theme.ColorNameForeground)
		t.TextSize = theme.TextSize() * 2.4
		t.Refresh()
	}
	r.box.Refresh()
}

// whiteColor is the QR code's background in every theme.
var whiteColor = color.White

// cardQR is the QR code picture, drawn with sharp edges at every size.
type cardQR struct {
	widget.BaseWidget
	img  image.Image
	text string
}

func newCardQR(img image.Image, text string) *cardQR {
	q := &cardQR{img: img, text: text}
	q.ExtendBaseWidget(q)
	return q
}

// Image is the picture drawn (tests decode it).
func (q *cardQR) Image() image.Image { return q.img }

// CreateRenderer draws the picture on a white square, so the code reads in the
// high-contrast theme too.
func (q *cardQR) CreateRenderer() fyne.WidgetRenderer {
	pic := canvas.NewImageFromImage(q.img)
	pic.FillMode = canvas.ImageFillContain
	pic.ScaleMode = canvas.ImageScalePixels
	bg := canvas.NewRectangle(whiteColor)
	box := container.NewStack(bg, pic)
	return widget.NewSimpleRenderer(container.New(layout.NewGridWrapLayout(fyne.NewSize(cardQRSize, cardQRSize)), box))
}
