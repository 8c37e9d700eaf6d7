package app

import (
	"bytes"
	"image"
	_ "image/jpeg" // pack pictures may be JPEG
	_ "image/png"  // or PNG
	"io/fs"
	"path"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"declic/courses"
	"declic/drawing"
	"declic/svgtext"
)

// pictureCache keeps lesson pictures already drawn at their screen size. Drawing an
// SVG is the costliest part of showing a screen (tens of milliseconds on an old
// PC), and Fyne redraws an SVG image object every time a new one is laid out; so
// pictures are drawn once, off the UI goroutine when possible (the next screen's
// pictures are prepared while the learner reads), and shown as plain bitmaps.
type pictureCache struct {
	mu    sync.Mutex
	items map[pictureKey]image.Image
	order []pictureKey // oldest first, for eviction
	max   int
	// words turns the <text> of SVG pictures into shapes; nil draws none.
	words *svgtext.Converter
}

// pictureKey names a drawing: the pack object (a reloaded pack, as in a trainer's
// live preview, is a new object, so an edited picture is drawn again), the file
// and the size in pixels.
type pictureKey struct {
	pack *courses.Pack
	src  string
	w, h int
}

// pictureCacheSize bounds memory: 24 pictures of 450×300 are about 13 MB.
const pictureCacheSize = 24

func newPictureCache() *pictureCache {
	// The fonts are embedded: a converter that cannot be made means a broken
	// build, and the pictures are still drawn, without their words.
	words, _ := svgtext.NewConverter()
	return &pictureCache{items: map[pictureKey]image.Image{}, max: pictureCacheSize, words: words}
}

// get returns the picture src of pack drawn to fit w×h pixels, drawing it now if
// it is not ready yet.
// converter is what draws the words of SVG pictures (nil when there is no cache).
func (c *pictureCache) converter() *svgtext.Converter {
	if c == nil {
		return nil
	}
	return c.words
}

// bitmap returns the picture src of pack drawn to fit size (Fyne units) on a
// canvas of scale (pixels per unit; 0 means 1), from the cache when it is there.
func (c *pictureCache) bitmap(pack *courses.Pack, src string, size fyne.Size, scale float32) (image.Image, error) {
	if c == nil {
		return nil, fs.ErrNotExist
	}
	if scale <= 0 {
		scale = 1
	}
	return c.get(pack, src, int(size.Width*scale), int(size.Height*scale))
}

func (c *pictureCache) get(pack *courses.Pack, src string, w, h int) (image.Image, error) {
	key := pictureKey{pack: pack, src: src, w: w, h: h}
	c.mu.Lock()
	img, ok := c.items[key]
	c.mu.Unlock()
	if ok {
		return img, nil
	}
	img, err := drawPicture(pack.FS, src, w, h, c.words)
	if err != nil {
		return nil, err
	}
	c.put(key, img)
	return img, nil
}

func (c *pictureCache) put(key pictureKey, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = img
	c.order = append(c.order, key)
	for len(c.order) > c.max {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
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

// drawPicture reads src from fsys and draws it to fit w×h, keeping its proportions;
// the words of an SVG are drawn with words (none when it is nil).
func drawPicture(fsys fs.FS, src string, w, h int, words *svgtext.Converter) (image.Image, error) {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(path.Ext(src), ".svg") {
		if words != nil {
			data = words.Convert(data)
		}
		return drawing.SVG(data, w, h)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}
