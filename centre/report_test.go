package centre

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"declic/catalogue"
	"declic/ledger"
)

func TestTheReportByCompetencyListsCRCNCompetenciesOnly(t *testing.T) {
	cat, _ := catalogue.Load(catalogue.Options{})
	var mouse catalogue.Module
	for _, m := range cat.Modules() {
		if m.PackID == "fr.declic.premiers-pas" && m.Title == "La souris" {
			mouse = m
		}
	}
	if mouse.AchievementID == "" {
		t.Fatal("the starter pack's « La souris » is not in the catalogue")
	}
	at := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	entries := []ledger.Entry{{Kind: ledger.KindCredit, Centre: "epn", Seq: 1, Learner: "Dossier Ana", AchievementID: mouse.AchievementID,
		Module: mouse.Title, HoursCredited: 1.5, CreatedAt: at}}
	rep := Summarise(entries, at.AddDate(0, 0, -9), at.AddDate(0, 0, 20), cat, "fr")
	var codes []string
	for _, l := range rep.ByCompetency {
		codes = append(codes, l.Key)
	}
	if len(codes) != 1 || codes[0] != "5.2" || rep.ByCompetency[0].Label != "5.2 Construire un environnement numérique" {
		t.Fatalf("the mouse module (5.2 and the pack's socle.souris) gives competencies %v, want only 5.2 with its name", rep.ByCompetency)
	}
}

func TestATallyAddedToInPartsGivesTheReportOfAllItsEntries(t *testing.T) {
	cat, _ := catalogue.Load(catalogue.Options{})
	var modules []catalogue.Module
	for _, m := range cat.Modules() {
		if m.PackID == "fr.declic.premiers-pas" {
			modules = append(modules, m)
		}
	}
	at := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	credit := func(seq int64, learner, operator string, m catalogue.Module, days int) ledger.Entry {
		return ledger.Entry{Kind: ledger.KindCredit, Centre: "epn", Seq: seq, Learner: learner, Operator: operator, Pass: "PASS-" + learner,
			AchievementID: m.AchievementID, Module: m.Title, HoursCredited: m.Hours, RecordID: fmt.Sprint("r", seq), CreatedAt: at.AddDate(0, 0, days)}
	}
	cancel := func(seq int64, of ledger.Entry, days int) ledger.Entry {
		c := of
		c.Kind, c.Seq, c.Target, c.HoursCredited, c.Operator, c.CreatedAt = ledger.KindCancel, seq, of.Seq, -of.HoursCredited, "Claire", at.AddDate(0, 0, days)
		return c
	}
	ana1 := credit(2, "Ana", "Claire", modules[0], 0)
	bruno := credit(4, "Bruno", "Paul", modules[1], 2)
	entries := []ledger.Entry{
		{Kind: ledger.KindEnrol, Centre: "epn", Seq: 1, Learner: "Ana", CreatedAt: at},
		ana1, credit(3, "Ana", "Paul", modules[1], 1), bruno,
		cancel(5, ana1, 3), cancel(6, bruno, 40),
		{Kind: ledger.KindCancel, Centre: "epn", Seq: 7, Target: 1, Learner: "Ana", CreatedAt: at.AddDate(0, 0, 41)},
		credit(8, "Chloé", "Claire", modules[2], 45),
	}
	from, to := at, at.AddDate(0, 2, 0)
	want := Summarise(entries, from, to, cat, "fr")
	for split := range len(entries) + 1 {
		tally := NewTally(from, to, cat, "fr")
		tally.Add(entries[:split]...)
		first := tally.Report()
		tally.Add(entries[split:]...)
		if got := tally.Report(); !reflect.DeepEqual(got, want) {
			t.Fatalf("added as %d entries then %d, the report is\n%+v\nwant\n%+v", split, len(entries)-split, got, want)
		}
		if again := Summarise(entries[:split], from, to, cat, "fr"); !reflect.DeepEqual(first, again) {
			t.Fatalf("a report taken after %d entries changed when more were added:\n%+v\nwant\n%+v", split, first, again)
		}
	}
	if want.People != 2 || want.Credits != 2 || want.Cancels != 2 {
		t.Fatalf("Bruno's only credit is cancelled: want 2 people (Ana, Chloé), 2 credits and 2 cancels, got %d, %d and %d",
			want.People, want.Credits, want.Cancels)
	}
}
