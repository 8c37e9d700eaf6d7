package centre

import (
	"testing"
	"time"

	"declic/catalogue"
	"declic/ledger"
)

func TestTheReportByCompetencyListsCRCNCompetenciesOnly(t *testing.T) {
	cat, _, err := catalogue.Load(catalogue.Options{})
	if err != nil {
		t.Fatal(err)
	}
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
