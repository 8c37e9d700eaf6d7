// Package drawing draws SVG pictures into bitmaps, the way the app shows lesson
// pictures and summary sheets print them (github.com/fyne-io/oksvg reads the
// picture, rasterx traces its shapes), but quicker: rasterx's own scanner fills the
// whole picture's area once per shape, so a picture with a hundred shapes or
// words (a keyboard with its key labels) costs a hundred full passes; here each
// shape is filled over its own bounding box only, for the same pixels.
package drawing

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// SVG draws an SVG picture to fit w×h pixels, keeping its proportions; what the
// picture leaves empty stays transparent. It never panics on a malformed
// picture: oksvg's panics come back as errors.
func SVG(data []byte, w, h int) (img *image.RGBA, err error) {
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
	if imgW <= 0 || imgH <= 0 {
		return nil, fmt.Errorf("the picture is too thin to draw at %d×%d", w, h)
	}
	icon.SetTarget(0, 0, float64(imgW), float64(imgH))
	// RGBA, not NRGBA: x/image/vector has a fast path for RGBA with solid
	// colours, about ten times quicker than the per-pixel path.
	out := image.NewRGBA(image.Rect(0, 0, imgW, imgH))
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("the picture cannot be drawn: %v", r)
		}
	}()
	icon.Draw(rasterx.NewDasher(imgW, imgH, NewScanner(out)), 1)
	return out, nil
}

// Scanner is a rasterx.Scanner that fills each path over its own bounding box.
type Scanner struct {
	dest   *image.RGBA
	src    image.Image
	clip   image.Rectangle
	r      vector.Rasterizer
	ops    []op
	minX   float32
	minY   float32
	maxX   float32
	maxY   float32
	solid  image.Uniform
	shaded funcImage
}

// op is a recorded move or line of the current path, in pixels.
type op struct {
	move bool
	x, y float32
}

var _ rasterx.Scanner = (*Scanner)(nil)

// NewScanner returns a scanner drawing onto dest.
func NewScanner(dest *image.RGBA) *Scanner {
	s := &Scanner{dest: dest}
	s.solid.C = color.Black
	s.src = &s.solid
	s.Clear()
	return s
}

func (s *Scanner) note(p fixed.Point26_6) (float32, float32) {
	x, y := float32(p.X)/64, float32(p.Y)/64
	s.minX, s.minY = min(s.minX, x), min(s.minY, y)
	s.maxX, s.maxY = max(s.maxX, x), max(s.maxY, y)
	return x, y
}

// Start begins a new sub-path at a.
func (s *Scanner) Start(a fixed.Point26_6) {
	x, y := s.note(a)
	s.ops = append(s.ops, op{move: true, x: x, y: y})
}

// Line adds a straight segment to b.
func (s *Scanner) Line(b fixed.Point26_6) {
	x, y := s.note(b)
	s.ops = append(s.ops, op{x: x, y: y})
}

// Draw fills the path recorded since Clear over its bounding box.
func (s *Scanner) Draw() {
	if len(s.ops) == 0 || s.maxX < s.minX {
		return
	}
	box := image.Rect(int(math.Floor(float64(s.minX))), int(math.Floor(float64(s.minY))),
		int(math.Ceil(float64(s.maxX)))+1, int(math.Ceil(float64(s.maxY)))+1).Intersect(s.dest.Bounds())
	if !s.clip.Empty() {
		box = box.Intersect(s.clip)
	}
	if box.Empty() {
		return
	}
	s.r.Reset(box.Dx(), box.Dy())
	dx, dy := float32(box.Min.X), float32(box.Min.Y)
	for _, o := range s.ops {
		if o.move {
			s.r.MoveTo(o.x-dx, o.y-dy)
		} else {
			s.r.LineTo(o.x-dx, o.y-dy)
		}
	}
	s.r.DrawOp = draw.Over
	s.r.Draw(s.dest, box, s.src, box.Min)
}

// GetPathExtent returns the bounding box of the path recorded since Clear.
func (s *Scanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{
		Min: fixed.Point26_6{X: fixed.Int26_6(s.minX * 64), Y: fixed.Int26_6(s.minY * 64)},
		Max: fixed.Point26_6{X: fixed.Int26_6(s.maxX * 64), Y: fixed.Int26_6(s.maxY * 64)},
	}
}

// SetBounds is part of rasterx.Scanner; the destination's bounds limit drawing.
func (s *Scanner) SetBounds(w, h int) {}

// SetColor sets a solid colour or a rasterx.ColorFunc (gradients) for Draw.
func (s *Scanner) SetColor(c any) {
	switch c := c.(type) {
	case color.Color:
		s.solid.C = c
		s.src = &s.solid
	case rasterx.ColorFunc:
		s.shaded.f = c
		s.src = &s.shaded
	}
}

// SetWinding is part of rasterx.Scanner: like rasterx's own scanner, this one
// fills with the non-zero rule only.
func (s *Scanner) SetWinding(bool) {}

// Clear forgets the recorded path.
func (s *Scanner) Clear() {
	s.ops = s.ops[:0]
	s.minX, s.minY = math.MaxFloat32, math.MaxFloat32
	s.maxX, s.maxY = -math.MaxFloat32, -math.MaxFloat32
}

// SetClip limits drawing to rect (image.Rectangle{} for none).
func (s *Scanner) SetClip(rect image.Rectangle) { s.clip = rect }

// funcImage is a rasterx.ColorFunc seen as an image.
type funcImage struct{ f rasterx.ColorFunc }

func (f *funcImage) ColorModel() color.Model { return color.RGBAModel }
func (f *funcImage) Bounds() image.Rectangle {
	return image.Rect(-1<<30, -1<<30, 1<<30, 1<<30)
}
func (f *funcImage) At(x, y int) color.Color { return f.f(x, y) }
