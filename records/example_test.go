package records_test

import (
	"fmt"
	"time"

	"declic/keys"
	"declic/records"
)

// sampleInput is a realistic record input used across the tests.
func sampleInput() records.RecordInput {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	return records.RecordInput{
		LearnerID:         "3f2b6c1e-8a4d-4e7b-9c55-1d2e3f4a5b6c",
		PackID:            "fr.declic.premiers-pas",
		PackVersion:       "1.0.0",
		ModuleID:          "02-la-souris",
		ModuleTitle:       "La souris",
		ModuleDescription: "Tenir la souris, cliquer, double-cliquer, faire glisser.",
		Competencies:      []records.Competency{{Code: "5.2", Label: "Identifier des besoins et apporter des réponses technologiques"}, {Code: "socle.souris"}},
		Hours:             1.5,
		ActiveMinutes:     75,
		FinalScore:        85,
		Start:             start,
		End:               start.Add(26 * time.Hour),
		IssuerName:        "EPN de Saint-Exemple",
		Issued:            start.Add(27 * time.Hour),
	}
}

func Example() {
	key, _ := keys.Generate()
	data, err := records.Issue(key, sampleInput())
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, err := records.Verify(data, records.VerifyOptions{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
	fmt.Println(err, rec.ModuleTitle, rec.CreditsEarned, rec.ActiveMinutes, rec.ScorePercent)
	// Output: <nil> La souris 1.5 75 85
}
