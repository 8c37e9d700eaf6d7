package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"declic/card"
	"declic/catalogue"
	"declic/keys"
	"declic/records"
)

// sampleNames are the first names of sample profiles' cards.
var sampleNames = []string{"Ana", "Bruno", "Chloé", "Djamel", "Élise", "Fatou", "Gaspard", "Hélène", "Ibrahim", "Jeanne"}

// sampleProfile is one learner profile of the samples: its own key and id.
type sampleProfile struct {
	ID   string // "profil-001"
	Name string
	UUID string
	Key  *keys.Key
}

// sampleSet is what writeSamples made: the profiles (with their cards) and, per record
// file, the profile that signed it.
type sampleSet struct {
	Profiles []sampleProfile
	Records  []string // record file paths, in order
	Owner    []int    // index in Profiles of each record's signer
	Hours    []float64
}

// writeSamples issues count sample records into dir (attestation-NNNNN.json), each for
// a distinct (profile, module) pair of the embedded starter pack, signed by the
// profile's own key, with plausible active time; and writes each profile's card into
// dir/cartes/carte-declic-<profile>.json, so that every record can be credited once
// its card is enrolled.
func writeSamples(dir string, count int, now time.Time) (sampleSet, error) {
	var set sampleSet
	cat, _, err := catalogue.Load(catalogue.Options{})
	if err != nil {
		return set, err
	}
	var modules []catalogue.Module
	for _, m := range cat.Modules() {
		if m.PackID == "fr.declic.premiers-pas" {
			modules = append(modules, m)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "cartes"), 0o755); err != nil {
		return set, fmt.Errorf("%s: %w", dir, err)
	}
	for i := range count {
		p, m := i/len(modules), modules[i%len(modules)]
		if p == len(set.Profiles) {
			k, err := keys.Generate()
			if err != nil {
				return set, err
			}
			prof := sampleProfile{ID: fmt.Sprintf("profil-%03d", p+1), Name: sampleNames[p%len(sampleNames)], UUID: uuid.NewString(), Key: k}
			c, err := card.New(prof.Name, k.Public(), now).Marshal()
			if err != nil {
				return set, err
			}
			if err := os.WriteFile(filepath.Join(dir, "cartes", "carte-declic-"+prof.ID+".json"), c, 0o644); err != nil {
				return set, err
			}
			set.Profiles = append(set.Profiles, prof)
		}
		prof := set.Profiles[p]
		start := now.Add(-time.Duration(72+i%500) * time.Hour)
		minutes := m.Minutes*3/4 + i%20
		data, err := records.Issue(prof.Key, records.RecordInput{
			LearnerID: prof.UUID, PackID: m.PackID, PackVersion: m.PackVersion, ModuleID: m.ModuleID, ModuleTitle: m.Title,
			Competencies: competencies(m.Competencies), Hours: m.Hours, ActiveMinutes: minutes, FinalScore: float64(70 + i%31),
			Start: start, End: start.Add(48 * time.Hour), IssuerName: "installation d'exemple", Issued: start.Add(49 * time.Hour),
		})
		if err != nil {
			return set, err
		}
		name := filepath.Join(dir, fmt.Sprintf("attestation-%05d.json", i+1))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return set, fmt.Errorf("%s: %w", name, err)
		}
		set.Records = append(set.Records, name)
		set.Owner = append(set.Owner, p)
		set.Hours = append(set.Hours, m.Hours)
	}
	return set, nil
}

func competencies(codes []string) []records.Competency {
	out := make([]records.Competency, len(codes))
	for i, c := range codes {
		out[i] = records.Competency{Code: c}
	}
	return out
}

func cmdSample(a app, args []string) int {
	fs := a.flags("sample")
	out := fs.String("out", "", "dossier où écrire les attestations et les cartes (obligatoire)")
	count := fs.Int("count", 10, "nombre d'attestations")
	if _, code, ok := parse(fs, args); !ok {
		return code
	}
	if *out == "" || *count < 1 || *count > 100000 {
		fmt.Fprintln(a.stderr, "Indiquez --out DOSSIER et un --count de 1 à 100000.")
		return exitBadInput
	}
	set, err := writeSamples(*out, *count, a.now())
	if err != nil {
		fmt.Fprintln(a.stderr, clean(err.Error()))
		return exitBadInput
	}
	profiles := fmt.Sprintf("%d profils", len(set.Profiles))
	if len(set.Profiles) == 1 {
		profiles = "1 profil"
	}
	fmt.Fprintf(a.stdout, "%d attestations d'exemple écrites dans %s, de %s (une clé chacun).\n", *count, clean(*out), profiles)
	fmt.Fprintf(a.stdout, "Leurs cartes sont dans %s : enregistrez-les (declic-centre enrol --card …) avant de créditer.\n", clean(filepath.Join(*out, "cartes")))
	return exitOK
}
