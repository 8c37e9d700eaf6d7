package centre

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"declic/i18n"
	"declic/ledger"
)

func TestNumbersAreWrittenAsTheReaderWritesThem(t *testing.T) {
	fr, en := i18n.New(language.French), i18n.New(language.English)
	for v, want := range map[float64][2]string{1.5: {"1,5", "1.5"}, 20: {"20", "20"}, 0.25: {"0,25", "0.25"}, -1.5: {"-1,5", "-1.5"}, 1.125: {"1,13", "1.13"}, 0: {"0", "0"}} {
		if got := fr.Message(Number(v)); got != want[0] {
			t.Errorf("French %v: %q, want %q", v, got, want[0])
		}
		if got := en.Message(Number(v)); got != want[1] {
			t.Errorf("English %v: %q, want %q", v, got, want[1])
		}
	}
}

func TestTheCSVOpensInAFrenchSpreadsheet(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCSV(&buf, []string{"module", "heures"}, [][]string{{"=HYPERLINK(\"x\")", CommaNumber(1.5)}, {"La souris; le clavier", CommaNumber(-2)}, {"@SUM(A1)", "+33 1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffmodule;heures\r\n\"'=HYPERLINK(\"\"x\"\")\";1,5\r\n\"La souris; le clavier\";-2\r\n'@SUM(A1);'+33 1\r\n"
	if buf.String() != want {
		t.Fatalf("%q\nwant %q", buf.String(), want)
	}
}

func TestLedgerErrorsAreSaidAsWhatToDo(t *testing.T) {
	fr := i18n.New(language.French)
	if got := fr.Message(LedgerError(&NoLedgerError{Path: "cnetre.db"})); !strings.Contains(got, "cnetre.db n'existe pas") || !strings.Contains(got, "faute de frappe") {
		t.Errorf("missing ledger: %q", got)
	}
	if _, ok := DatabaseText(errors.New("something else")); ok {
		t.Error("an unknown error was taken for a database error")
	}
	for text, want := range map[string]string{
		"failed to connect: dial tcp 10.0.0.1:5432: connect: connection refused": "ne répond pas",
		"failed SASL auth (FATAL: password authentication failed)":               "refuse le mot de passe",
		"server refused TLS connection":                                          "connexions chiffrées",
		"sqlite: file is not a database (26)":                                    "pas un registre Déclic",
	} {
		m, ok := DatabaseText(errors.New(text))
		if got := fr.Message(m); !ok || !strings.Contains(got, want) {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
	_, m := Explain(&ledger.Refusal{Code: ledger.CodeDuplicateRecord}, "epn-nord")
	if got := fr.Message(m); got != "déjà crédité" {
		t.Errorf("a refusal without holder: %q", got)
	}
}
