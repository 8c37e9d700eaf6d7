package app

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // pack pictures may be JPEG
	_ "image/png"  // or PNG
	"io/fs"
	"math"
	"path"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"

	"declic/courses"
)

// pictureCache keeps lesson pictures already drawn at their screen size. Drawing an
// SVG is the costliest part of showing a screen (tens of milliseconds on an old
// PC), and Fyne redraws an SVG image object every time a new one is laid out; so
// pictures are drawn once, off the UI goroutine when possible (the next screen's
// pictures are prepared while the learner reads), and shown as plain bitmaps.
//
// The cache is bounded by the bytes its bitmaps take (a full-width picture weighs
// megabytes, an icon kilobytes), the oldest dropped first; the lesson pictures are
// dropped as soon as the learner leaves the lessons (forgetLessons).
type pictureCache struct {
	mu       sync.Mutex
	items    map[pictureKey]image.Image
	order    []pictureKey // oldest first, for eviction
	bytes    int          // what the bitmaps of items take
	maxBytes int
}

// pictureKey names a drawing: the pack object (a reloaded pack, as in a trainer's
// live preview, is a new object, so an edited picture is drawn again), the file
// and the size in pixels. A picture of the program itself (a profile picture) has
// no pack, and its resource's name as file.
type pictureKey struct {
	pack *courses.Pack
	src  string
	w, h int
}

// pictureCacheBytes bounds memory: about twenty pictures of 450×300, or three full
// screens of 1280×720.
const pictureCacheBytes = 12 << 20

func newPictureCache() *pictureCache {
	return &pictureCache{items: map[pictureKey]image.Image{}, maxBytes: pictureCacheBytes}
}

// get returns the picture src of pack drawn to fit w×h pixels, drawing it now if
// it is not ready yet.
func (c *pictureCache) get(pack *courses.Pack, src string, w, h int) (image.Image, error) {
	key := pictureKey{pack: pack, src: src, w: w, h: h}
	if img, ok := c.lookup(key); ok {
		return img, nil
	}
	img, err := drawPicture(pack.FS, src, w, h)
	if err != nil {
		return nil, err
	}
	c.put(key, img)
	return img, nil
}

// resource returns the SVG resource res drawn to fit w×h pixels (see get).
func (c *pictureCache) resource(res fyne.Resource, w, h int) (image.Image, error) {
	key := pictureKey{src: res.Name(), w: w, h: h}
	if img, ok := c.lookup(key); ok {
		return img, nil
	}
	img, err := drawSVG(res.Content(), w, h)
	if err != nil {
		return nil, err
	}
	c.put(key, img)
	return img, nil
}

func (c *pictureCache) lookup(key pictureKey) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	img, ok := c.items[key]
	return img, ok
}

func (c *pictureCache) put(key pictureKey, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	size := imageBytes(img)
	if _, ok := c.items[key]; ok || size > c.maxBytes {
		return // already there, or too big to keep: drawn again if shown again
	}
	c.items[key] = img
	c.order = append(c.order, key)
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.drop(0)
	}
}

// drop removes the i-th oldest picture (mu held).
func (c *pictureCache) drop(i int) {
	key := c.order[i]
	c.bytes -= imageBytes(c.items[key])
	delete(c.items, key)
	c.order = append(c.order[:i], c.order[i+1:]...)
}

// forgetLessons drops the pictures of packs, keeping those of the program (profile
// pictures): the learner left the lessons, whose pictures are drawn again if needed.
func (c *pictureCache) forgetLessons() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.order) - 1; i >= 0; i-- {
		if c.order[i].pack != nil {
			c.drop(i)
		}
	}
}

// imageBytes is what an image's pixels take in memory.
func imageBytes(img image.Image) int {
	switch m := img.(type) {
	case *image.RGBA:
		return len(m.Pix)
	case *image.NRGBA:
		return len(m.Pix)
	case *image.YCbCr:
		return len(m.Y) + len(m.Cb) + len(m.Cr)
	case *image.Gray:
		return len(m.Pix)
	case *image.Paletted:
		return len(m.Pix) + 4*len(m.Palette)
	}
	b := img.Bounds()
	return 4 * b.Dx() * b.Dy()
}

// resourceImage shows an SVG resource of the program (a profile picture) at size×size
// on screen: drawn once, by the faster rasteriser of drawSVG, at the window's pixel
// size. Themed icons, whose colours follow the theme, and other resources are shown
// by Fyne as they are.
func (u *UI) resourceImage(res fyne.Resource, size float32) *canvas.Image {
	img := canvas.NewImageFromResource(res)
	if _, themed := res.(*theme.ThemedResource); !themed && strings.EqualFold(path.Ext(res.Name()), ".svg") {
		scale := float32(1)
		if c := u.win.Canvas(); c != nil && c.Scale() > 0 {
			scale = c.Scale()
		}
		px := int(math.Ceil(float64(size * scale)))
		if bitmap, err := u.pictures.resource(res, px, px); err == nil {
			img = canvas.NewImageFromImage(bitmap)
		}
	}
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(size, size))
	return img
}

// prefetch draws the pictures of blocks in the background.
func (c *pictureCache) prefetch(pack *courses.Pack, blocks []courses.Block, w, h int) {
	var srcs []string
	for _, b := range blocks {
		if img, ok := b.(courses.Image); ok {
			srcs = append(srcs, img.Src)
		}
	}
	if len(srcs) == 0 {
		return
	}
	go func() {
		for _, src := range srcs {
			_, _ = c.get(pack, src, w, h) // a broken picture is reported when shown
		}
	}()
}

// drawPicture reads src from fsys and draws it to fit w×h, keeping its proportions.
func drawPicture(fsys fs.FS, src string, w, h int) (image.Image, error) {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(path.Ext(src), ".svg") {
		return drawSVG(data, w, h)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

// drawSVG rasterises an SVG the way Fyne does, once, at the size it is shown.
func drawSVG(data []byte, w, h int) (img image.Image, err error) {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if icon.ViewBox.W <= 0 || icon.ViewBox.H <= 0 || w <= 0 || h <= 0 {
		return nil, fmt.Errorf("the picture has no size")
	}
	aspect := icon.ViewBox.W / icon.ViewBox.H
	imgW, imgH := w, h
	if float64(w)/float64(h) > aspect {
		imgW = int(float64(h) * aspect)
	} else {
		imgH = int(float64(w) / aspect)
	}
	icon.SetTarget(0, 0, float64(imgW), float64(imgH))
	// RGBA, not NRGBA: x/image/vector has a fast path for RGBA with solid colours,
	// about ten times quicker than the per-pixel path.
	out := image.NewRGBA(image.Rect(0, 0, imgW, imgH))
	scanner := rasterx.NewScannerGV(imgW, imgH, out, out.Bounds())
	defer func() {
		// oksvg panics on some malformed paths; a broken picture must not close the app.
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("the picture cannot be drawn: %v", r)
		}
	}()
	icon.Draw(rasterx.NewDasher(imgW, imgH, scanner), 1)
	return out, nil
}
