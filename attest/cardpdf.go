package attest

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"declic/card"
	"declic/fonts"
)

// codeLines splits a card code in two lines of two groups: "7K3M-Q9XA", "4D2E-HB8W".
func codeLines(code string) []string {
	groups := strings.Split(code, "-")
	if len(groups) != 4 {
		return []string{code}
	}
	return []string{groups[0] + "-" + groups[1], groups[2] + "-" + groups[3]}
}

// CardPDFName is the printable card's file name for a card: carte-declic-<prénom>.pdf.
func CardPDFName(c card.Card) string {
	return strings.TrimSuffix(c.FileName(), ".json") + ".pdf"
}

// cardQR is the QR code of a card: the did:key alone, with medium error correction,
// so a code read from a creased or faded print still decodes.
func cardQR(c card.Card) (*qrcode.QRCode, error) {
	if _, err := c.PublicKey(); err != nil {
		return nil, err
	}
	q, err := qrcode.New(c.DID, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("attest: card QR code: %w", err)
	}
	return q, nil
}

// CardQRImage returns the card's QR code as a black-on-white picture of about px
// pixels a side, quiet zone included: what « Ma carte Déclic » shows on screen.
func CardQRImage(c card.Card, px int) (image.Image, error) {
	q, err := cardQR(c)
	if err != nil {
		return nil, err
	}
	q.ForegroundColor, q.BackgroundColor = color.Black, color.White
	return q.Image(px), nil
}

// Card geometry, in millimetres: a large card to show at a desk, and a wallet-sized
// copy (ISO/IEC 7810 ID-1, 85.6 × 54) to cut out and keep.
const (
	bigCardW, bigCardH       = 180.0, 105.0
	walletCardW, walletCardH = 85.6, 54.0
)

// WriteCardPDF writes the printable « carte Déclic »: one A4 page with a large card
// (first name, QR code of the did:key, the short code in big letters, what to do with
// it), a wallet-sized copy to cut out, and, for the trainer, the whole did:key and the
// command that enrols it. printed is the date written on the page.
func WriteCardPDF(w io.Writer, c card.Card, printed time.Time) error {
	q, err := cardQR(c)
	if err != nil {
		return err
	}
	q.DisableBorder = true
	code := q.Bitmap()

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	pdf.AddUTF8FontFromBytes("DejaVu", "", fonts.Regular())
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fonts.Bold())
	pdf.SetTitle("Carte Déclic", true)
	pdf.SetCreator("Déclic", true)
	pdf.SetCreationDate(printed)
	pdf.SetModificationDate(printed)
	pdf.AddPage()
	text := func(size float64, bold bool, colour [3]int) {
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont("DejaVu", style, size)
		pdf.SetTextColor(colour[0], colour[1], colour[2])
	}
	name := c.Name
	if name == "" {
		name = "Carte Déclic"
	}

	// The large card.
	x, y := margin, margin
	pdf.SetDrawColor(ink[0], ink[1], ink[2])
	pdf.SetLineWidth(0.6)
	pdf.RoundedRect(x, y, bigCardW, bigCardH, 5, "1234", "D")
	qrSize := 70.0
	drawQR(pdf, code, x+6, y+(bigCardH-qrSize)/2, qrSize)
	tx := x + 6 + qrSize + 8
	tw := bigCardW - (tx - x) - 6
	pdf.SetXY(tx, y+10)
	text(14, false, muted)
	pdf.CellFormat(tw, 7, "Ma carte Déclic", "", 2, "L", false, 0, "")
	text(24, true, ink)
	pdf.CellFormat(tw, 12, fitText(pdf, name, tw), "", 2, "L", false, 0, "")
	pdf.Ln(4)
	pdf.SetX(tx)
	text(11, false, muted)
	pdf.CellFormat(tw, 6, "Mon code :", "", 2, "L", false, 0, "")
	// Two groups a line, large: read aloud or copied group by group.
	text(24, true, ink)
	for _, line := range codeLines(c.Code) {
		pdf.CellFormat(tw, 11, line, "", 2, "L", false, 0, "")
		pdf.SetX(tx)
	}
	pdf.Ln(3)
	pdf.SetX(tx)
	text(11, false, ink)
	pdf.MultiCell(tw, 5.5, "Montrez cette carte à votre conseiller numérique.", "", "L", false)
	pdf.SetX(tx)
	pdf.MultiCell(tw, 5.5, "Il l'enregistre une seule fois.", "", "L", false)

	// The wallet-sized copy, with a dashed line to cut along.
	y += bigCardH + 14
	text(10, false, muted)
	pdf.SetXY(margin, y-7)
	pdf.CellFormat(contentW, 5, "À découper et à garder :", "", 0, "L", false, 0, "")
	pdf.SetDashPattern([]float64{2, 1.5}, 0)
	pdf.SetLineWidth(0.3)
	pdf.Rect(margin, y, walletCardW, walletCardH, "D")
	pdf.SetDashPattern(nil, 0)
	small := 40.0
	drawQR(pdf, code, margin+3, y+(walletCardH-small)/2, small)
	wx := margin + 3 + small + 3
	ww := walletCardW - (wx - margin) - 2
	pdf.SetXY(wx, y+8)
	text(7, false, muted)
	pdf.CellFormat(ww, 4, "Carte Déclic", "", 2, "L", false, 0, "")
	text(11, true, ink)
	pdf.CellFormat(ww, 6, fitText(pdf, name, ww), "", 2, "L", false, 0, "")
	pdf.Ln(2)
	pdf.SetX(wx)
	text(8.5, true, ink)
	for _, line := range codeLines(c.Code) {
		pdf.CellFormat(ww, 5, line, "", 2, "L", false, 0, "")
		pdf.SetX(wx)
	}

	// For the trainer.
	y += walletCardH + 14
	pdf.SetXY(margin, y)
	text(11, true, ink)
	pdf.CellFormat(contentW, 6, "Pour le conseiller numérique", "", 1, "L", false, 0, "")
	text(9, false, ink)
	pdf.MultiCell(contentW, 4.6, "Ce code QR contient la clé du profil Déclic de cette personne. "+
		"Comparez le code ci-dessus avec celui de son écran « Ma carte Déclic ». "+
		"Puis enregistrez la clé dans le dossier de la personne :", "", "L", false)
	pdf.Ln(1)
	text(8, false, ink)
	pdf.MultiCell(contentW, 4.2, "declic-centre enrol --ledger REGISTRE --learner DOSSIER --key "+c.DID+" --code "+c.Code, "", "L", false)
	pdf.Ln(1)
	text(8, false, muted)
	pdf.MultiCell(contentW, 4, "Clé : "+c.DID, "", "L", false)
	pdf.MultiCell(contentW, 4, "Carte faite le "+LongDate(c.Created.Local(), "fr")+", imprimée le "+LongDate(printed.Local(), "fr")+".", "", "L", false)

	pdf.Ln(0)
	pdf.SetXY(margin, pdf.GetY()+1)
	text(8, false, muted)
	pdf.MultiCell(contentW, 4, "Le code complet : "+c.Code+".", "", "L", false)

	if err := pdf.Error(); err != nil {
		return fmt.Errorf("attest: card PDF: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("attest: card PDF: %w", err)
	}
	return nil
}
