package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
	"unicode"
)

// clean makes outside text safe to print on a terminal: control characters (C0, C1,
// DEL) and invisible bidirectional controls are removed, so a title or a file name
// cannot move the cursor, change colours or reverse the text around it.
func clean(s string) string {
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

// plainNumber is a cell the tool itself writes as a number: never a formula.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// csvCell escapes a cell a spreadsheet could run as a formula (=, +, -, @, and the tab
// and carriage return that some read as one), by putting an apostrophe in front, as
// OWASP recommends; plain numbers are left as they are. Control characters go too.
func csvCell(s string) string {
	s = clean(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) && !plainNumber.MatchString(s) {
		return "'" + s
	}
	return s
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.Write(header)
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = csvCell(c)
		}
		cw.Write(cells)
	}
	cw.Flush()
	return cw.Error()
}

func writeTable(out io.Writer, header []string, rows [][]string) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = strings.ReplaceAll(clean(c), "\t", " ")
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw.Flush()
}

// hours prints hours with at most two decimals: 1.5 → "1.5", 2 → "2".
func hours(h float64) string {
	s := strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", h), "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
