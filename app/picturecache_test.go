package app

import (
	"testing"
	"testing/fstest"

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
	c.max = 2
	for _, size := range []int{10, 20, 30} {
		if _, err := c.get(pack, "a.svg", size, size); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.items) != 2 || len(c.order) != 2 {
		t.Errorf("cache holds %d items, want at most 2", len(c.items))
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
