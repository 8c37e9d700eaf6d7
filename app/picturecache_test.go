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
