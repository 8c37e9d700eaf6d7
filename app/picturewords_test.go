package app

import (
	"image"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"golang.org/x/text/language"

	"declic/courses"
	"declic/plugins/view"
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

// TestActivityPicturesAreDrawnOnceWithTheirWords: a quiz's picture is drawn by
// the picture cache (fast, with its words) and shown as a bitmap, not handed to
// Fyne as an SVG to draw again at every layout.
func TestActivityPicturesAreDrawnOnceWithTheirWords(t *testing.T) {
	lesson := "+++\ntitle = \"Lire\"\n+++\n\n## L'adresse\n\n```quiz\nquestion = \"Quel site est officiel ?\"\nimage = \"images/mots.svg\"\n[[choices]]\ntext = \"caf.fr\"\ncorrect = true\n[[choices]]\ntext = \"caf-aide.example.com\"\n```\n"
	fsys := fstest.MapFS{
		"pack.toml":                     {Data: []byte("id = \"org.example.mots\"\nversion = \"1.0.0\"\ntitle = \"Mots\"\nlanguage = \"fr\"\nauthors = [\"A\"]\nlicence = \"CC0-1.0\"\ndescription = \"D\"\n")},
		"modules/01-un/module.toml":     {Data: []byte("title = \"Lire\"\nsummary = \"S\"\nlevel = \"débutant\"\ncompetencies = [\"5.2\"]\nhours = 1\norder = 1\n")},
		"modules/01-un/01-lecon.md":     {Data: []byte(lesson)},
		"modules/01-un/images/mots.svg": {Data: []byte(wordsSVG)},
	}
	pack, problems, err := courses.Load(fsys, "test")
	if err != nil || problems.HasErrors() {
		t.Fatalf("%v %v", err, problems)
	}
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	var pics []*canvas.Image
	walk(t, w.Content(), func(o fyne.CanvasObject) {
		// The quiz's picture is the image of its size (the icons are others).
		if img, ok := o.(*canvas.Image); ok && img.MinSize() == fyne.NewSize(view.ImageWidth, 200) {
			pics = append(pics, img)
		}
	})
	if len(pics) != 1 || pics[0].Resource != nil || pics[0].Image == nil {
		t.Fatalf("want the quiz picture as one bitmap, got %d images", len(pics))
	}
	b := pics[0].Image.Bounds()
	scaled := image.Rect(b.Dx()*20/400, b.Dy()*70/200, b.Dx()*170/400, b.Dy()*102/200)
	if n := inkIn(pics[0].Image, scaled); n < 50 {
		t.Errorf("the quiz picture (%v) has %d dark pixels where its word is", b, n)
	}
	if len(u.pictures.items) != 1 {
		t.Errorf("the picture is kept in the cache: %d items", len(u.pictures.items))
	}
}
