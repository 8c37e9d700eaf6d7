package centre

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
)

// Clean makes outside text safe to print on a terminal or a page: control characters
// (C0, C1, DEL) and invisible bidirectional controls are removed, so a title or a file
// name cannot move the cursor, change colours or reverse the text around it.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r):
			return -1
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return -1
		}
		return r
	}, s)
}

// PointNumber writes v with at most two decimals and a point: 1.5, 2, -0.25.
func PointNumber(v float64) string {
	s := strconv.FormatFloat(float64(int64(v*100+copysign(0.5, v)))/100, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

// CommaNumber writes v as a French spreadsheet reads it: 1,5 — 2 — -0,25.
func CommaNumber(v float64) string { return strings.Replace(PointNumber(v), ".", ",", 1) }

// plainNumber is a cell the tools themselves write as a number: never a formula.
var plainNumber = regexp.MustCompile(`^-?[0-9]+([.,][0-9]+)?$`)

// CSVCell escapes a cell a spreadsheet could run as a formula (=, +, -, @, and the tab
// and carriage return that some read as one), by putting an apostrophe in front, as
// OWASP recommends; plain numbers are left as they are. Control characters go too.
func CSVCell(s string) string {
	s = Clean(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && !plainNumber.MatchString(s) {
		return "'" + s
	}
	return s
}

// utf8BOM tells a spreadsheet the file is UTF-8 (Excel reads accents wrong without it).
const utf8BOM = "\ufeff"

// WriteCSV writes a table for a French spreadsheet (LibreOffice Calc, Excel in French):
// a UTF-8 byte-order mark, « ; » between cells, numbers with a decimal comma (the rows
// hold them already written by CommaNumber), CRLF line ends, every cell that could be
// run as a formula escaped.
func WriteCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	write := func(r []string) {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = CSVCell(c)
		}
		cw.Write(cells)
	}
	write(header)
	for _, r := range rows {
		write(r)
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes rows as aligned columns for a terminal.
func WriteTable(out io.Writer, header []string, rows [][]string) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = strings.ReplaceAll(Clean(c), "\t", " ")
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
}
