package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/google/uuid"

	"declic/bilan"
	"declic/card"
	"declic/catalogue"
	"declic/centre"
	"declic/courses"
	"declic/i18n"
	"declic/internal/cli"
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
// its card is enrolled; and each profile's « Mon bilan » into dir/bilans.
func writeSamples(dir string, count int, now time.Time) (sampleSet, error) {
	var set sampleSet
	cat, _ := catalogue.Load(catalogue.Options{})
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
	for i, prof := range set.Profiles {
		if err := writeSampleBilan(dir, prof, modules, i, now); err != nil {
			return set, err
		}
	}
	return set, nil
}

// writeSampleBilan writes the profile's « Mon bilan » into dir/bilans: the modules its
// records finished, two more in progress, the placement's advice, and its competencies,
// signed by the profile's key as the app signs it.
func writeSampleBilan(dir string, prof sampleProfile, modules []catalogue.Module, index int, now time.Time) error {
	issued := now.Add(-time.Hour)
	placed := issued.Add(-30 * 24 * time.Hour)
	b := bilan.Bilan{
		Learner: bilan.Learner{ID: "urn:uuid:" + prof.UUID, Name: prof.Name}, Issued: issued, ActiveMinutes: 600 + 37*index,
		Placement: bilan.Placement{State: bilan.PlacementDone, PackID: modules[0].PackID, ModuleID: modules[1].ModuleID, ModuleTitle: modules[1].Title, At: &placed},
		Modules:   []bilan.Module{}, Competencies: []bilan.Competency{},
	}
	levels := map[string][]bilan.Evidence{}
	for i, m := range modules {
		last := issued.Add(-time.Duration(i+1) * 24 * time.Hour)
		bm := bilan.Module{PackID: m.PackID, ModuleID: m.ModuleID, Title: m.Title, State: bilan.ModuleDone, ActiveMinutes: m.Minutes * 3 / 4,
			StepsSeen: 20 + i, Attempts: 1, BestScore: 80 + i%20, MasteredAt: &last, LastActivity: &last}
		if i >= len(modules)-2 {
			bm.State, bm.MasteredAt, bm.BestScore, bm.StepsSeen = bilan.ModuleInProgress, nil, 0, 4+i
		} else {
			for _, c := range m.Competencies {
				levels[c] = append(levels[c], bilan.Evidence{PackID: m.PackID, ModuleID: m.ModuleID, ModuleTitle: m.Title,
					Level: "débutant", FinalScore: bm.BestScore, Counts: true, At: last})
			}
		}
		b.Modules = append(b.Modules, bm)
	}
	codes := make([]string, 0, len(levels))
	for c := range levels {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		label, _ := courses.CompetencyLabel(c, "fr")
		b.Competencies = append(b.Competencies, bilan.Competency{Code: c, Label: label, Level: 1, Evidence: levels[c]})
	}
	data, err := bilan.Sign(b, prof.Key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "bilans"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "bilans", "mon-bilan-"+prof.ID+".json"), data, 0o644)
}

func competencies(codes []string) []records.Competency {
	out := make([]records.Competency, len(codes))
	for i, c := range codes {
		out[i] = records.Competency{Code: c}
	}
	return out
}

// sampleCommand writes sample records and their profiles' cards, for training and tests.
type sampleCommand struct {
	out   string
	count int
}

func (*sampleCommand) Name() string { return "sample" }

func (c *sampleCommand) Flags(f *cli.Flags) {
	c.count = 10
	f.String(&c.out, "out", "o", "declicentre.value.folder", "declicentre.sample.flag_out")
	f.Int(&c.count, "count", "", "declicentre.value.number", "declicentre.sample.flag_count")
}

func (c *sampleCommand) Run(_ context.Context, env *cli.Env, _ []string) error {
	if c.out == "" || c.count < 1 || c.count > 100000 {
		return cli.Usage("declicentre.sample.usage")
	}
	set, err := writeSamples(c.out, c.count, env.Now())
	if err != nil {
		return err
	}
	id := "declicentre.sample.done"
	if len(set.Profiles) == 1 {
		id = "declicentre.sample.done_one"
	}
	say(env, i18n.M(id, "Count", c.count, "Path", centre.Clean(c.out), "Profiles", len(set.Profiles)))
	say(env, i18n.M("declicentre.sample.cards", "Path", centre.Clean(filepath.Join(c.out, "cartes"))))
	return nil
}

// packsCommand lists the centre's catalogue: every module a record can be credited
// for, with the title, hours and length the centre uses (never those of the record).
type packsCommand struct {
	catalogueOptions
	json bool
}

func (*packsCommand) Name() string { return "packs" }

func (c *packsCommand) Flags(f *cli.Flags) {
	c.catalogueOptions.flags(f)
	f.Bool(&c.json, "json", "", "declicentre.packs.flag_json")
}

func (c *packsCommand) Run(_ context.Context, env *cli.Env, _ []string) error {
	cat, err := c.catalogueOptions.load(env, false)
	if err != nil {
		return err
	}
	modules := cat.Modules()
	if c.json {
		enc := json.NewEncoder(env.Stdout)
		for _, m := range modules {
			enc.Encode(m)
		}
		return nil
	}
	t := env.T
	header := []string{t("declicentre.col.module"), t("declicentre.col.title"), t("declicentre.col.hours"), t("declicentre.col.length"),
		t("declicentre.col.min_active"), t("declicentre.col.pack"), t("declicentre.col.signer")}
	var rows [][]string
	for _, m := range modules {
		signer := t("declicentre.packs.embedded")
		if m.Signer != "" {
			signer = m.SignerName + " (" + m.Signer + ")"
		}
		rows = append(rows, []string{m.PackID + "/" + m.ModuleID, m.Title, num(env, m.Hours), strconv.Itoa(m.Minutes),
			strconv.Itoa((m.Minutes + 3) / 4), m.PackID + " " + m.PackVersion, signer})
	}
	centre.WriteTable(env.Stdout, header, rows)
	say(env, i18n.M("declicentre.packs.total", "N", len(modules)))
	return nil
}
