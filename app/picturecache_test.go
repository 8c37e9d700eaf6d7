package app

import (
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/text/language"

	"declic/app/pictures"
	"declic/courses"
)

const testSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320" viewBox="0 0 480 320"><rect x="10" y="10" width="460" height="300" rx="20" ry="20" fill="#1D559A"/></svg>`

func TestPictureCacheDrawsOnceKeepsProportionsAndEvicts(t *testing.T) {
	pack := &courses.Pack{ID: "p", Version: "1", FS: fstest.MapFS{
		"a.svg":   {Data: []byte(testSVG)},
		"bad.svg": {Data: []byte("<svg")},
	}}
	c := newPictureCache()
	img, err := c.get(pack, "a.svg", 450, 450)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 450 || b.Dy() != 300 {
		t.Errorf("a 3:2 picture in a 450×450 box should be 450×300, got %v", b)
	}
	again, _ := c.get(pack, "a.svg", 450, 450)
	if again != img {
		t.Error("the second request drew the picture again")
	}
	if _, err := c.get(pack, "bad.svg", 100, 100); err == nil {
		t.Error("a broken SVG must give an error, not a picture")
	}
	if _, err := c.get(pack, "missing.svg", 100, 100); err == nil {
		t.Error("a missing picture must give an error")
	}
}

func TestPictureCacheIsBoundedByTheBytesOfItsPictures(t *testing.T) {
	pack := &courses.Pack{ID: "p", Version: "1", FS: fstest.MapFS{"a.svg": {Data: []byte(testSVG)}}}
	c := newPictureCache()
	// A 3:2 picture in a w×w box is w×(2w/3): 30×20, 60×40 and 90×60 pixels of 4 bytes.
	c.maxBytes = 4 * (60*40 + 90*60)
	for _, size := range []int{30, 60, 90} {
		if _, err := c.get(pack, "a.svg", size, size); err != nil {
			t.Fatal(err)
		}
	}
	if _, oldest := c.items[pictureKey{pack: pack, src: "a.svg", w: 30, h: 30}]; oldest || len(c.items) != 2 {
		t.Fatalf("cache holds %d pictures (the oldest kept: %v), want the 2 newest", len(c.items), oldest)
	}
	if c.bytes != c.maxBytes {
		t.Fatalf("cache counts %d bytes, its pictures take %d", c.bytes, c.maxBytes)
	}
	if _, err := c.get(pack, "a.svg", 300, 300); err != nil {
		t.Fatal(err)
	}
	if len(c.items) != 2 || c.bytes != c.maxBytes {
		t.Fatalf("a picture larger than the whole cache was kept: %d pictures, %d bytes", len(c.items), c.bytes)
	}
}

func TestLeavingTheLessonsForgetsTheirPicturesButNotTheProfilePictures(t *testing.T) {
	pack := &courses.Pack{ID: "p", Version: "1", FS: fstest.MapFS{"a.svg": {Data: []byte(testSVG)}}}
	c := newPictureCache()
	if _, err := c.get(pack, "a.svg", 90, 90); err != nil {
		t.Fatal(err)
	}
	avatar := fyne.NewStaticResource("chat.svg", []byte(testSVG))
	if _, err := c.resource(avatar, 80, 80); err != nil {
		t.Fatal(err)
	}
	if dropped := c.forgetLessons(); dropped != 4*90*60 {
		t.Fatalf("forgetLessons says it dropped %d bytes, the lesson picture took %d", dropped, 4*90*60)
	}
	if len(c.items) != 1 || c.bytes != 4*80*53 {
		t.Fatalf("after leaving the lessons: %d pictures, %d bytes; want the profile picture only", len(c.items), c.bytes)
	}
	if _, kept := c.items[pictureKey{src: "chat.svg", w: 80, h: 80}]; !kept {
		t.Fatal("the profile picture was forgotten")
	}
}

func TestProfilePicturesAreDrawnOnceAtTheWindowsPixelSize(t *testing.T) {
	u, _, _ := newUI(t, []*courses.Pack{miniPack(t, quizLesson)}, language.French)
	img := u.resourceImage(pictures.Resource("chat"), 80)
	if img.Image == nil || img.Image.Bounds().Dx() != 80 || img.MinSize() != fyne.NewSize(80, 80) {
		t.Fatalf("profile picture: %v, min size %v", img.Image, img.MinSize())
	}
	if again := u.resourceImage(pictures.Resource("chat"), 80); again.Image != img.Image {
		t.Fatal("the profile picture was drawn twice")
	}
	if themed := u.resourceImage(theme.ContentAddIcon(), 80); themed.Image != nil || themed.Resource == nil {
		t.Fatal("a themed icon must be left to Fyne, which colours it with the theme")
	}
}

func TestAReloadedPackDrawsItsEditedPictureAgain(t *testing.T) {
	fsys := fstest.MapFS{"a.svg": {Data: []byte(testSVG)}}
	before := &courses.Pack{ID: "p", Version: "1", FS: fsys}
	c := newPictureCache()
	first, err := c.get(before, "a.svg", 300, 200)
	if err != nil {
		t.Fatal(err)
	}
	// A trainer saves a new drawing without changing the pack's version; the
	// preview reloads the pack as a new object.
	edited := fstest.MapFS{"a.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320" viewBox="0 0 480 320"><circle cx="240" cy="160" r="100" fill="#A4221A"/></svg>`)}}
	after := &courses.Pack{ID: "p", Version: "1", FS: edited}
	second, err := c.get(after, "a.svg", 300, 200)
	if err != nil {
		t.Fatal(err)
	}
	if first == second || first.At(150, 20) == second.At(150, 20) && first.At(150, 100) == second.At(150, 100) {
		t.Error("the edited picture was not drawn again")
	}
}

func TestAPictureDrawnAheadForALessonLeftMeanwhileIsNotKept(t *testing.T) {
	pack := &courses.Pack{ID: "p", Version: "1", FS: fstest.MapFS{"a.svg": {Data: []byte(testSVG)}}}
	tests := []struct {
		name      string
		leave     bool
		wantBytes int
	}{
		{"still in the lesson, the next screen's picture is kept", false, 4 * 90 * 60},
		{"after leaving the lessons, it is dropped once drawn", true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newPictureCache()
			left := c.lessonsLeft() // what prefetch notes when a screen is shown
			if tc.leave {
				c.forgetLessons()
			}
			if _, err := c.getSince(pack, "a.svg", 90, 90, left); err != nil { // the background drawing ends now
				t.Fatal(err)
			}
			if c.bytes != tc.wantBytes {
				t.Fatalf("the cache holds %d bytes, want %d", c.bytes, tc.wantBytes)
			}
		})
	}
}
