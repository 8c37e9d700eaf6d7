package attest

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"declic/fonts"
	"declic/keys"
	"declic/records"
)

// Sheet is what the printable attestation shows for one learner.
type Sheet struct {
	// DisplayName is the learner's first name, only when the learner chose to show it.
	DisplayName string
	// LearnerID is the profile's pseudonymous UUID (the records' subject).
	LearnerID string
	// IssuerName is the issuer as the records name it ("Déclic – …").
	IssuerName string
	// DID is the profile's did:key, which signed the records; the sheet shows it with
	// its short code (keys.Fingerprint), the one on the learner's « carte Déclic ».
	DID string
	// Credentials are the records to list, in the order shown.
	Credentials []Credential
	// Printed is the date written on the sheet.
	Printed time.Time
}

// Page geometry, in millimetres (A4 portrait).
const (
	pageW, pageH   = 210.0, 297.0
	margin         = 15.0
	contentW       = pageW - 2*margin
	qrLargest      = 55.0
	qrSmallest     = 40.0
	qrGap          = 6.0
	qrCaptionH     = 9.0
	tableRowTitleH = 6.0
	tableRowIDH    = 5.0
)

// Colours (RGB).
var (
	ink   = [3]int{20, 20, 20}
	muted = [3]int{90, 90, 90}
	rule  = [3]int{180, 180, 180}
)

// WritePDF writes the printable attestation: a title, the learner's name if given,
// the modules with their dates, hours and scores, the total of hours, each record's
// id, the profile's did:key and card code, and one QR code per record holding its compact
// form (records.Compact), which `declic-centre verify` reads back. Everything fits
// one A4 page for up to about 6 modules; more QR codes continue on a next page
// rather than shrink below what a phone can read.
func WritePDF(w io.Writer, s Sheet) error {
	if len(s.Credentials) == 0 {
		return ErrNothingToIssue
	}
	codes, err := allQRModules(s.Credentials)
	if err != nil {
		return err
	}

	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(false, margin)
	// DejaVu Sans covers French accents, « », – and ’, and the letters of
	// learners' first names.
	pdf.AddUTF8FontFromBytes("DejaVu", "", fonts.Regular())
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fonts.Bold())
	pdf.SetTitle("Attestation Déclic", true)
	pdf.SetAuthor(s.IssuerName, true)
	pdf.SetCreator("Déclic", true)
	pdf.SetCreationDate(s.Printed)
	pdf.SetModificationDate(s.Printed)
	pdf.AddPage()

	text := func(size float64, bold bool, colour [3]int) {
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont("DejaVu", style, size)
		pdf.SetTextColor(colour[0], colour[1], colour[2])
	}

	// Title and what the sheet proves.
	text(22, true, ink)
	pdf.CellFormat(contentW, 11, "Attestation de suivi Déclic", "", 1, "L", false, 0, "")
	pdf.Ln(2)
	text(12, false, ink)
	if name := strings.TrimSpace(s.DisplayName); name != "" {
		text(14, true, ink)
		pdf.CellFormat(contentW, 8, "Nom : "+name, "", 1, "L", false, 0, "")
		text(12, false, ink)
	}
	pdf.MultiCell(contentW, 6, "Cette attestation prouve que vous avez suivi ces modules avec Déclic.", "", "L", false)
	pdf.MultiCell(contentW, 6, "Date : "+LongDate(s.Printed, "fr")+". Délivrée par : "+s.IssuerName+".", "", "L", false)
	pdf.MultiCell(contentW, 6, "Apportez cette feuille à votre conseiller numérique.", "", "L", false)
	pdf.Ln(4)

	// The modules.
	colNum, colDate, colHours, colScore := 8.0, 52.0, 20.0, 18.0
	colTitle := contentW - colNum - colDate - colHours - colScore
	text(10, true, muted)
	pdf.CellFormat(colNum, 7, "", "B", 0, "L", false, 0, "")
	pdf.CellFormat(colTitle, 7, "Module", "B", 0, "L", false, 0, "")
	pdf.CellFormat(colDate, 7, "Terminé le", "B", 0, "L", false, 0, "")
	pdf.CellFormat(colHours, 7, "Heures", "B", 0, "R", false, 0, "")
	pdf.CellFormat(colScore, 7, "Score", "B", 1, "R", false, 0, "")
	var total float64
	for i, c := range s.Credentials {
		m := c.Module
		total += m.Hours
		text(11, true, ink)
		title := fitText(pdf, m.ModuleTitle, colTitle-1)
		pdf.CellFormat(colNum, tableRowTitleH, fmt.Sprintf("%d.", i+1), "", 0, "L", false, 0, "")
		pdf.CellFormat(colTitle, tableRowTitleH, title, "", 0, "L", false, 0, "")
		text(11, false, ink)
		pdf.CellFormat(colDate, tableRowTitleH, LongDate(m.CompletedAt.Local(), "fr"), "", 0, "L", false, 0, "")
		pdf.CellFormat(colHours, tableRowTitleH, Hours(m.Hours, "fr"), "", 0, "R", false, 0, "")
		pdf.CellFormat(colScore, tableRowTitleH, fmt.Sprintf("%.0f %%", min(max(m.FinalScore, 0), 1)*100), "", 1, "R", false, 0, "")
		text(8, false, muted)
		pdf.CellFormat(colNum, tableRowIDH, "", "B", 0, "L", false, 0, "")
		pdf.CellFormat(contentW-colNum, tableRowIDH, "N° d'attestation : "+c.RecordID, "B", 1, "L", false, 0, "")
	}
	text(12, true, ink)
	pdf.Ln(1)
	pdf.CellFormat(contentW, 8, "Total : "+Hours(total, "fr"), "", 1, "R", false, 0, "")
	pdf.Ln(2)

	// For the centre.
	text(11, true, ink)
	pdf.CellFormat(contentW, 6, "Pour le conseiller numérique", "", 1, "L", false, 0, "")
	text(9, false, ink)
	pdf.MultiCell(contentW, 4.6, "Chaque code contient une attestation signée. Scannez le code, "+
		"enregistrez le texte lu dans un fichier .txt, puis vérifiez-le avec « declic-centre verify ».", "", "L", false)
	text(8, false, muted)
	pdf.MultiCell(contentW, 4, "Clé du profil : "+s.DID, "", "L", false)
	if pub, err := keys.ParseDID(s.DID); err == nil {
		pdf.MultiCell(contentW, 4, "Code de la carte Déclic : "+keys.Fingerprint(pub), "", "L", false)
	}
	pdf.MultiCell(contentW, 4, "Identifiant de la personne : urn:uuid:"+s.LearnerID, "", "L", false)
	pdf.Ln(3)

	drawQRCodes(pdf, s.Credentials, codes, text)

	if err := pdf.Error(); err != nil {
		return fmt.Errorf("attest: PDF: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("attest: PDF: %w", err)
	}
	return nil
}

// drawQRCodes lays the codes out in a grid below the current position: as large as
// possible down to qrSmallest, then on a next page if they still do not fit.
func drawQRCodes(pdf *fpdf.Fpdf, creds []Credential, codes [][][]bool, text func(float64, bool, [3]int)) {
	top := pdf.GetY()
	size := qrLargest
	for ; size > qrSmallest; size-- {
		cols := int((contentW + qrGap) / (size + qrGap))
		rows := (len(codes) + cols - 1) / cols
		if top+float64(rows)*(size+qrCaptionH) <= pageH-margin {
			break
		}
	}
	cols := int((contentW + qrGap) / (size + qrGap))
	x0 := margin
	y := top
	for i, code := range codes {
		col := i % cols
		if col == 0 && i > 0 {
			y += size + qrCaptionH
		}
		if y+size+qrCaptionH > pageH-margin {
			pdf.AddPage()
			text(12, true, ink)
			pdf.CellFormat(contentW, 8, "Codes des attestations (suite)", "", 1, "L", false, 0, "")
			y = pdf.GetY() + 2
		}
		x := x0 + float64(col)*(size+qrGap)
		drawQR(pdf, code, x, y, size)
		pdf.SetDrawColor(rule[0], rule[1], rule[2])
		pdf.Rect(x, y, size, size, "D")
		text(8, false, ink)
		pdf.SetXY(x, y+size+0.5)
		pdf.CellFormat(size, 4, fitText(pdf, fmt.Sprintf("%d. %s", i+1, creds[i].Module.ModuleTitle), size), "", 2, "C", false, 0, "")
	}
}

// fitText cuts s with an ellipsis so it fits width at the current font.
func fitText(pdf *fpdf.Fpdf, s string, width float64) string {
	if pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && pdf.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// drawQR draws a QR code as vector squares (sharp at any printer resolution) in a
// size×size square at x, y, quiet zone of 4 modules included. Dark modules of a
// row are drawn as one rectangle per run.
func drawQR(pdf *fpdf.Fpdf, code [][]bool, x, y, size float64) {
	n := len(code)
	unit := size / float64(n+2*qrQuietZone)
	pdf.SetFillColor(0, 0, 0)
	for row, line := range code {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			pdf.Rect(x+float64(qrQuietZone+start)*unit, y+float64(qrQuietZone+row)*unit,
				float64(col-start)*unit, unit, "F")
		}
	}
}

// allQRModules encodes the credentials' QR codes on every core: Reed–Solomon
// coding of ~1.5 kB codes is most of the PDF's time.
func allQRModules(creds []Credential) ([][][]bool, error) {
	codes := make([][][]bool, len(creds))
	errs := make([]error, len(creds))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.NumCPU(), len(creds)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				codes[i], errs[i] = qrModules(creds[i].JSON)
			}
		}()
	}
	for i := range creds {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("attest: QR code of %s: %w", creds[i].RecordID, err)
		}
	}
	return codes, nil
}

// qrQuietZone is the white margin a QR reader needs, in modules.
const qrQuietZone = 4

// qrModules returns the dark (true) and light modules of the QR code holding
// the record's compact form, without quiet zone.
func qrModules(credential []byte) ([][]bool, error) {
	q, err := newQR(credential)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

func newQR(credential []byte) (*qrcode.QRCode, error) {
	compact, err := records.Compact(credential)
	if err != nil {
		return nil, err
	}
	q, err := qrcode.New(compact, qrcode.Low)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTooLargeForQR, err)
	}
	return q, nil
}

// ErrTooLargeForQR is returned for a record whose compact form exceeds what one QR
// code holds.
var ErrTooLargeForQR = errors.New("record too large for one QR code")
