package app

import (
	"image"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"declic/courses"
)

// wordsSVG is a white picture with one dark word in its left half, in a group
// moved down: an address bar's text, as the packs draw them.
const wordsSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">` +
	`<rect width="400" height="200" fill="#ffffff"/>` +
	`<g transform="translate(0,40)"><text x="20" y="60" font-size="40" font-weight="bold" fill="#1a1a1a">caf.fr</text></g></svg>`

// inkIn counts the dark pixels of img inside r (in img's coordinates).
func inkIn(img image.Image, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr+cg+cb < 3*0x8000 {
				n++
			}
		}
	}
	return n
}

// TestLessonPicturesDrawTheirWords: a lesson picture (drawn by the picture
// cache) and an activity picture (a resource Fyne draws itself, through the
// software painter) both show the word where the SVG puts it, and nothing
// elsewhere.
func TestLessonPicturesDrawTheirWords(t *testing.T) {
	pack := &courses.Pack{ID: "p", Version: "1", FS: fstest.MapFS{"mots.svg": {Data: []byte(wordsSVG)}}}
	c := newPictureCache()
	word := image.Rect(20, 70, 170, 102)  // "caf.fr" at 40 units, baseline at y = 100
	blank := image.Rect(220, 0, 400, 200) // the right half has no word
	drawn, err := c.get(pack, "mots.svg", 400, 200)
	if err != nil {
		t.Fatal(err)
	}
	if n := inkIn(drawn, word); n < 400 {
		t.Errorf("the lesson picture has %d dark pixels where the word is", n)
	}
	if n := inkIn(drawn, blank); n != 0 {
		t.Errorf("the lesson picture has %d dark pixels where nothing is written", n)
	}

	test.NewTempApp(t)
	res, err := loadResource(pack.FS, "mots.svg", c.converter())
	if err != nil {
		t.Fatal(err)
	}
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillStretch
	w := test.NewWindow(img)
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(400, 200))
	shot := w.Canvas().Capture()
	if n := inkIn(shot, word); n < 400 {
		t.Errorf("the activity picture, painted by Fyne, has %d dark pixels where the word is", n)
	}
	if n := inkIn(shot, blank); n != 0 {
		t.Errorf("the activity picture has %d dark pixels where nothing is written", n)
	}
	plain, err := loadResource(pack.FS, "mots.svg", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Another name, or Fyne would show the picture it already drew for this one.
	img.Resource = fyne.NewStaticResource("sans-mots.svg", plain.Content())
	img.Refresh()
	if n := inkIn(w.Canvas().Capture(), word); n != 0 {
		t.Errorf("without the converter Fyne draws no words (%d dark pixels): this test would prove nothing", n)
	}
}
