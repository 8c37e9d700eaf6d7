package app

import (
	"bytes"
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

	"declic/courses"
	"declic/drawing"
	"declic/svgtext"
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
//
// The words of SVG pictures are drawn with fonts that are read only when a picture
// with words is first drawn (converter).
type pictureCache struct {
	mu       sync.Mutex
	items    map[pictureKey]image.Image
	order    []pictureKey // oldest first, for eviction
	bytes    int          // what the bitmaps of items take
	maxBytes int
	// left counts forgetLessons: a picture drawn in the background for lessons the
	// learner has left since is not kept.
	left int
	// words turns the <text> of SVG pictures into shapes; nil draws none.
	wordsOnce sync.Once
	words     *svgtext.Converter
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

// converter is what draws the words of SVG pictures (nil when there is no cache),
// made the first time it is needed: its fonts are not read before.
func (c *pictureCache) converter() *svgtext.Converter {
	if c == nil {
		return nil
	}
	c.wordsOnce.Do(func() {
		// The fonts are embedded: a converter that cannot be made means a broken
		// build, and the pictures are still drawn, without their words.
		c.words, _ = svgtext.NewConverter()
	})
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

// get returns the picture src of pack drawn to fit w×h pixels, drawing it now if
// it is not ready yet.
func (c *pictureCache) get(pack *courses.Pack, src string, w, h int) (image.Image, error) {
	return c.getSince(pack, src, w, h, c.lessonsLeft())
}

// getSince is get for a drawing asked when the learner had left the lessons left
// times (lessonsLeft): a picture whose drawing ends after they left them again is
// returned but not kept, or it would hold its megabytes until the next lesson.
func (c *pictureCache) getSince(pack *courses.Pack, src string, w, h, left int) (image.Image, error) {
	key := pictureKey{pack: pack, src: src, w: w, h: h}
	if img, ok := c.lookup(key); ok {
		return img, nil
	}
	img, err := drawPicture(pack.FS, src, w, h, c.converter)
	if err != nil {
		return nil, err
	}
	c.put(key, img, left)
	return img, nil
}

// lessonsLeft counts the times the learner left the lessons (forgetLessons).
func (c *pictureCache) lessonsLeft() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.left
}

// resource returns the SVG resource res drawn to fit w×h pixels (see get).
func (c *pictureCache) resource(res fyne.Resource, w, h int) (image.Image, error) {
	key := pictureKey{src: res.Name(), w: w, h: h}
	if img, ok := c.lookup(key); ok {
		return img, nil
	}
	img, err := drawing.SVG(res.Content(), w, h)
	if err != nil {
		return nil, err
	}
	c.put(key, img, 0) // a program picture: kept whatever the learner left
	return img, nil
}

func (c *pictureCache) lookup(key pictureKey) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	img, ok := c.items[key]
	return img, ok
}

// put keeps img, unless it is a pack's picture drawn for lessons the learner left
// since (left is lessonsLeft when its drawing was asked).
func (c *pictureCache) put(key pictureKey, img image.Image, left int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if key.pack != nil && c.left != left {
		return
	}
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
// It returns the bytes of the bitmaps dropped.
func (c *pictureCache) forgetLessons() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.left++
	before := c.bytes
	for i := len(c.order) - 1; i >= 0; i-- {
		if c.order[i].pack != nil {
			c.drop(i)
		}
	}
	return before - c.bytes
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
func (u *ui) resourceImage(res fyne.Resource, size float32) *canvas.Image {
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
	left := c.lessonsLeft()
	go func() {
		for _, src := range srcs {
			_, _ = c.getSince(pack, src, w, h, left) // a broken picture is reported when shown
		}
	}()
}

// drawPicture reads src from fsys and draws it to fit w×h, keeping its proportions;
// the words of an SVG are drawn with the converter words gives (none when nil), asked
// for only when the picture has words.
func drawPicture(fsys fs.FS, src string, w, h int, words func() *svgtext.Converter) (image.Image, error) {
	data, err := fs.ReadFile(fsys, src)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(path.Ext(src), ".svg") {
		if bytes.Contains(data, []byte("<text")) {
			if c := words(); c != nil {
				data = c.Convert(data)
			}
		}
		return drawing.SVG(data, w, h)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}
