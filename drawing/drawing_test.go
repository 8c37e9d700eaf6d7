package drawing

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"

	"declic/svgtext"
)

// reference draws data at w×h with rasterx's own scanner, as Fyne does.
func reference(t testing.TB, data []byte, w, h int) *image.RGBA {
	t.Helper()
	icon, err := oksvg.ReadIconStream(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	icon.SetTarget(0, 0, float64(w), float64(h))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	icon.Draw(rasterx.NewDasher(w, h, rasterx.NewScannerGV(w, h, img, img.Bounds())), 1)
	return img
}

// pictures returns SVG pictures to compare: shapes, strokes, a gradient, words,
// and the pictures of the starter pack's keyboard module.
func pictures(t testing.TB) map[string][]byte {
	t.Helper()
	words, err := svgtext.NewConverter()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{
		"shapes":   []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"><rect x="10" y="10" width="120" height="80" rx="12" fill="#1d559a"/><circle cx="200" cy="100" r="60" fill="none" stroke="#a4221a" stroke-width="9"/><path d="M20 180 L280 120" stroke="#222" stroke-width="4" stroke-dasharray="10 6"/><polygon points="150,20 170,60 130,60" fill="#f0b400" opacity="0.6"/></svg>`),
		"gradient": []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#1d559a"/></linearGradient></defs><rect x="5" y="5" width="190" height="90" fill="url(#g)"/></svg>`),
		"words":    words.Convert([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 120"><rect width="400" height="120" fill="#eee"/><g transform="translate(10,0)"><text x="10" y="50" font-size="24" font-weight="bold">Expéditeur : service-client</text><text x="380" y="100" font-size="18" text-anchor="end" fill="#a4221a">Payez sous 24 heures !</text></g></svg>`)),
	}
	dir := "../courses/starter/pack/modules/03-le-clavier/images"
	files, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = words.Convert(data)
	}
	return out
}

func TestTheBoundedScannerDrawsTheSamePixels(t *testing.T) {
	for name, data := range pictures(t) {
		t.Run(name, func(t *testing.T) {
			got, err := SVG(data, 450, 300)
			if err != nil {
				t.Fatal(err)
			}
			b := got.Bounds()
			want := reference(t, data, b.Dx(), b.Dy())
			diff, worst := 0, 0
			for i := range got.Pix {
				d := int(got.Pix[i]) - int(want.Pix[i])
				if d < 0 {
					d = -d
				}
				if d > 1 {
					diff++
				}
				worst = max(worst, d)
			}
			if diff > 0 {
				t.Errorf("%d channel values differ by more than 1 (worst %d) from rasterx's own scanner", diff, worst)
			}
			if inked := bytes.Count(got.Pix, []byte{0}); inked == len(got.Pix) {
				t.Error("nothing was drawn")
			}
		})
	}
}

func TestABrokenPictureIsAnErrorNotAPanic(t *testing.T) {
	for name, data := range map[string]string{
		"not XML":     "<svg",
		"no size":     `<svg xmlns="http://www.w3.org/2000/svg"></svg>`,
		"zero height": `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 0"></svg>`,
	} {
		if _, err := SVG([]byte(data), 100, 100); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// BenchmarkDraw draws the starter pack's keyboard picture (84 key labels) and
// a mail picture with eight lines of words at 540×360, with this package's
// scanner and with rasterx's own.
func BenchmarkDraw(b *testing.B) {
	pics := pictures(b)
	var body strings.Builder
	for i := range 8 {
		body.WriteString(`<text x="20" y="` + strconv.Itoa(30+20*i) + `" font-size="14">Expéditeur : service-client@banque.example.com</text>`)
	}
	words, _ := svgtext.NewConverter()
	pics["mail"] = words.Convert([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"><rect width="400" height="200" fill="#fff"/>` + body.String() + `</svg>`))
	for _, name := range []string{"clavier.svg", "mail"} {
		data, ok := pics[name]
		if !ok {
			b.Fatalf("no picture %s", name)
		}
		b.Run(name+"/bounded", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SVG(data, 540, 360); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/rasterx", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				reference(b, data, 540, 360)
			}
		})
	}
}
