package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"declic/keys"
	"declic/records"
)

// sampleModules are realistic modules of the starter pack, for sample records.
var sampleModules = []struct {
	id, title, description string
	hours                  float64
	competencies           []records.Competency
}{
	{"01-l-ordinateur", "L'ordinateur", "Allumer, éteindre et reconnaître les parties de l'ordinateur.", 1, []records.Competency{{Code: "5.2"}}},
	{"02-la-souris", "La souris", "Tenir la souris, cliquer, double-cliquer, faire glisser.", 1.5, []records.Competency{{Code: "5.2"}, {Code: "socle.souris"}}},
	{"03-le-clavier", "Le clavier", "Écrire des lettres, des chiffres et des majuscules.", 2, []records.Competency{{Code: "3.1"}}},
	{"05-internet", "Internet", "Ouvrir le navigateur et aller sur un site internet.", 2, []records.Competency{{Code: "1.1"}}},
	{"06-les-e-mails", "Les e-mails", "Lire, écrire et envoyer un e-mail.", 2.5, []records.Competency{{Code: "2.1"}}},
	{"10-les-arnaques", "Les arnaques", "Reconnaître un faux message et protéger ses données.", 1.5, []records.Competency{{Code: "4.2"}}},
}

// writeSamples issues count sample records with a throwaway key into dir, through the
// same records.Issue call the app uses.
func writeSamples(dir string, count int, now time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dossier %s : %w", dir, err)
	}
	key, err := keys.Generate()
	if err != nil {
		return err
	}
	learners := []string{uuid.NewString(), uuid.NewString(), uuid.NewString()}
	for i := range count {
		m := sampleModules[i%len(sampleModules)]
		start := now.Add(-time.Duration(72+i%500) * time.Hour)
		minutes := int(m.hours*60*0.8) + i%20
		data, err := records.Issue(key, records.RecordInput{
			LearnerID: learners[i%len(learners)], PackID: "fr.declic.premiers-pas", PackVersion: "1.0.0",
			ModuleID: m.id, ModuleTitle: m.title, ModuleDescription: m.description, Competencies: m.competencies,
			Hours: m.hours, ActiveMinutes: minutes, FinalScore: float64(70 + i%31),
			Start: start, End: start.Add(48 * time.Hour), IssuerName: "installation d'exemple", Issued: start.Add(49 * time.Hour),
		})
		if err != nil {
			return err
		}
		name := filepath.Join(dir, fmt.Sprintf("attestation-%05d.json", i+1))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return fmt.Errorf("%s : %w", name, err)
		}
	}
	return nil
}
