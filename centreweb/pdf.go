package centreweb

import (
	"bytes"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"declic/centre"
	"declic/fonts"
	"declic/i18n"
	"declic/ledger"
)

// reportPDF lays the report out on A4 pages for a funder: the period and totals, the
// hours by module, competency, operator and pass, and the ledger's signed checkpoint
// with how to check it later.
func reportPDF(tr *i18n.Translator, rep centre.Report, centreID string, cp *ledger.Checkpoint, now time.Time) ([]byte, error) {
	t := func(id string, pairs ...any) string { return tr.Message(i18n.M(id, pairs...)) }
	num := func(v float64) string { return tr.Message(centre.Number(v)) }
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(t("centreweb.pdf.title"), true)
	pdf.SetCreator("Déclic – Espace centre", true)
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.AddUTF8FontFromBytes("DejaVu", "", fonts.Regular())
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fonts.Bold())
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("DejaVu", "", 8)
		pdf.SetTextColor(80, 80, 80)
		pdf.CellFormat(0, 5, t("centreweb.pdf.footer", "Page", pdf.PageNo(), "Date", tr.Message(centre.When(now))), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetTextColor(20, 20, 20)
	pdf.SetFont("DejaVu", "B", 18)
	pdf.MultiCell(0, 9, t("centreweb.pdf.title"), "", "L", false)
	pdf.SetFont("DejaVu", "", 11)
	who := centreID
	if who == "" {
		who = t("centreweb.pdf.this_centre")
	}
	pdf.MultiCell(0, 6, t("centreweb.pdf.subtitle", "Centre", who, "From", tr.Message(centre.Day(rep.From)), "To", tr.Message(centre.Day(rep.To))), "", "L", false)
	pdf.Ln(3)

	heading := func(text string) {
		pdf.Ln(3)
		pdf.SetFont("DejaVu", "B", 12)
		pdf.MultiCell(0, 7, text, "", "L", false)
		pdf.SetFont("DejaVu", "", 10)
	}
	widths := []float64{90, 30, 30, 30}
	row := func(cells []string, header bool) {
		if header {
			pdf.SetFont("DejaVu", "B", 9)
			pdf.SetFillColor(230, 236, 245)
		} else {
			pdf.SetFont("DejaVu", "", 9)
		}
		for i, c := range cells {
			align := "R"
			if i == 0 {
				align = "L"
				if r := []rune(c); len(r) > 58 {
					c = string(r[:57]) + "…"
				}
			}
			pdf.CellFormat(widths[i], 6, c, "1", 0, align, header, 0, "")
		}
		pdf.Ln(-1)
	}
	heading(t("centreweb.pdf.totals"))
	row([]string{"", t("centre.csv.records"), t("centre.csv.people"), t("centre.csv.hours")}, true)
	row([]string{t("centre.csv.total"), strconv.Itoa(rep.Credits), strconv.Itoa(rep.People), num(rep.Hours)}, false)
	if rep.Cancels > 0 {
		row([]string{t("centreweb.pdf.cancels"), strconv.Itoa(rep.Cancels), "", ""}, false)
	}
	if rep.Unenrolled.Credits > 0 {
		row([]string{t("centre.csv.unenrolled"), strconv.Itoa(rep.Unenrolled.Credits), "", num(rep.Unenrolled.Hours)}, false)
	}
	table := func(titleID, firstID string, lines []centre.Line) {
		if len(lines) == 0 {
			return
		}
		heading(t(titleID))
		row([]string{t(firstID), t("centre.csv.records"), t("centre.csv.people"), t("centre.csv.hours")}, true)
		for _, l := range lines {
			label := l.Label
			if label == "" {
				label = t("centre.csv.no_pass")
			}
			row([]string{label, strconv.Itoa(l.Credits), strconv.Itoa(l.People), num(l.Hours)}, false)
		}
	}
	table("centreweb.pdf.by_module", "centre.csv.by_module", rep.ByModule)
	table("centreweb.pdf.by_competency", "centre.csv.by_competency", rep.ByCompetency)
	table("centreweb.pdf.by_operator", "centre.csv.by_operator", rep.ByOperator)
	table("centreweb.pdf.by_pass", "centre.csv.by_pass", rep.ByPass)
	if len(rep.ByCentre) > 1 {
		table("centreweb.pdf.by_centre", "centre.csv.by_centre", rep.ByCentre)
	}

	if cp != nil {
		heading(t("centreweb.pdf.checkpoint"))
		pdf.MultiCell(0, 5, t("centreweb.pdf.checkpoint_text"), "", "L", false)
		pdf.Ln(2)
		pdf.SetFont("DejaVu", "", 8)
		for _, f := range [][2]string{
			{t("centreweb.pdf.cp_centre"), cp.Centre},
			{t("centreweb.pdf.cp_entries"), strconv.FormatInt(cp.Entries, 10)},
			{t("centreweb.pdf.cp_head"), cp.Head},
			{t("centreweb.pdf.cp_time"), cp.Time.UTC().Format(time.RFC3339Nano)},
			{t("centreweb.pdf.cp_signer"), cp.Signer},
			{t("centreweb.pdf.cp_signature"), cp.Signature},
		} {
			pdf.SetFont("DejaVu", "B", 8)
			pdf.CellFormat(35, 5, f[0], "", 0, "L", false, 0, "")
			pdf.SetFont("DejaVu", "", 8)
			pdf.MultiCell(0, 5, f[1], "", "L", false)
		}
		pdf.Ln(2)
		pdf.SetFont("DejaVu", "", 9)
		pdf.MultiCell(0, 5, t("centreweb.pdf.checkpoint_how"), "", "L", false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
