package attest

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"declic/card"
	"declic/internal/clocktest"
	"declic/internal/prereq"
	"declic/keys"
)

func testCard(t *testing.T) (card.Card, *keys.Key) {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return card.New("Aïcha", k.Public(), clocktest.Now()), k
}

func TestTheCardQRCodeOnScreenReadsBackAsTheDID(t *testing.T) {
	c, _ := testCard(t)
	img, err := CardQRImage(c, 320)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("the card's QR code cannot be read back: %v", err)
	}
	if res.GetText() != c.DID {
		t.Fatalf("the QR code holds %q, want the did:key %q", res.GetText(), c.DID)
	}
}

func TestACardWithABadKeyHasNoQRCode(t *testing.T) {
	if _, err := CardQRImage(card.Card{DID: "did:web:example.org"}, 100); err == nil {
		t.Fatal("a QR code was drawn for a key that is not a did:key")
	}
}

func TestThePrintedCardShowsTheNameTheCodeAndTwoReadableQRCodes(t *testing.T) {
	c, _ := testCard(t)
	var buf bytes.Buffer
	if err := WriteCardPDF(&buf, c, clocktest.Now()); err != nil {
		t.Fatal(err)
	}
	if n := pageCount(buf.Bytes()); n != 1 {
		t.Fatalf("%d pages, want 1", n)
	}
	text := pdfText(t, buf.Bytes())
	groups := strings.Split(c.Code, "-")
	// (pdfText reads plain ASCII runs only: the code and the key, not accented words.)
	for _, want := range []string{c.Code, c.DID, groups[0] + "-" + groups[1], groups[2] + "-" + groups[3]} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed card does not show %q", want)
		}
	}
	if CardPDFName(c) != "carte-declic-aicha.pdf" {
		t.Errorf("file name %q", CardPDFName(c))
	}
	prereq.Program(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	pdfPath := filepath.Join(dir, "carte.pdf")
	os.WriteFile(pdfPath, buf.Bytes(), 0o600)
	// 150 dpi: a phone photo of a printed page gives at least that.
	if msg, err := exec.Command("pdftoppm", "-png", "-r", "150", "-singlefile", pdfPath, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, msg)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "page.png"))
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	found, err := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp,
		map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code read on the printed card: %v", err)
	}
	if len(found) != 2 {
		t.Errorf("%d QR codes read, want the large card's and the wallet card's", len(found))
	}
	for _, r := range found {
		if r.GetText() != c.DID {
			t.Errorf("a printed QR code holds %q, want %q", r.GetText(), c.DID)
		}
	}
}
