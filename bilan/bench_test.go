package bilan

import (
	"fmt"
	"testing"
	"time"

	"declic/internal/clocktest"
	"declic/keys"
)

// large is the bilan of a learner who finished every module of ten packs of 12
// modules, each module counting for 2 competencies of 20.
func large() Bilan {
	b := sample()
	b.Modules, b.Competencies = nil, nil
	at := clocktest.Now().Add(-time.Hour)
	for pack := range 10 {
		for m := range 12 {
			b.Modules = append(b.Modules, Module{PackID: fmt.Sprintf("pack-%d", pack), ModuleID: fmt.Sprintf("%02d-module", m+1),
				Title: fmt.Sprintf("Module numéro %d du parcours %d", m+1, pack), State: ModuleDone, ActiveMinutes: 90,
				StepsSeen: 60, Attempts: 20, BestScore: 85, MasteredAt: &at, LastActivity: &at})
		}
	}
	for c := range 20 {
		comp := Competency{Code: fmt.Sprintf("%d.%d", c%5+1, c/5+1), Label: "Une compétence du référentiel", Level: 3}
		for _, m := range b.Modules {
			if len(comp.Evidence) < 12 {
				comp.Evidence = append(comp.Evidence, Evidence{PackID: m.PackID, ModuleID: m.ModuleID, ModuleTitle: m.Title,
					Level: "intermédiaire", FinalScore: 85, Counts: true, At: at})
			}
		}
		b.Competencies = append(b.Competencies, comp)
	}
	return b
}

// BenchmarkVerify checks the bilan of 120 finished modules and reports its size.
func BenchmarkVerify(b *testing.B) {
	k, err := keys.Generate()
	if err != nil {
		b.Fatal(err)
	}
	data, err := Sign(large(), k)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Verify(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data))/1e3, "file-kB")
}
