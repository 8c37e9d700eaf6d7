package bilan

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"declic/internal/clocktest"
	"declic/keys"
)

func newKey(t testing.TB) *keys.Key {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// sample is a bilan with one module done, one in progress, and two competencies.
func sample() Bilan {
	now := clocktest.Now()
	mastered := now.Add(-24 * time.Hour)
	last := now.Add(-time.Hour)
	placed := now.Add(-30 * 24 * time.Hour)
	return Bilan{
		Learner:       Learner{ID: "urn:uuid:3f2b8c1e-5d4a-4e7b-9c61-0a8d2f4b7e15", Name: "Ana"},
		Issued:        now,
		Placement:     Placement{State: PlacementDone, PackID: "declic-starter", ModuleID: "02-la-souris", ModuleTitle: "La souris", At: &placed},
		ActiveMinutes: 95,
		Modules: []Module{
			{PackID: "declic-starter", ModuleID: "02-la-souris", Title: "La souris", State: ModuleDone,
				ActiveMinutes: 62, StepsSeen: 40, Attempts: 12, BestScore: 90, MasteredAt: &mastered, LastActivity: &mastered},
			{PackID: "declic-starter", ModuleID: "03-le-clavier", Title: "Le clavier", State: ModuleInProgress,
				ActiveMinutes: 33, StepsSeen: 11, Attempts: 4, LastActivity: &last},
		},
		Competencies: []Competency{
			{Code: "5.2", Label: "Construire un environnement numérique", Level: 1, Evidence: []Evidence{
				{PackID: "declic-starter", ModuleID: "02-la-souris", ModuleTitle: "La souris", Level: "débutant", FinalScore: 90, Counts: true, At: mastered}}},
			{Code: "socle.souris", Level: 1, Evidence: []Evidence{
				{PackID: "declic-starter", ModuleID: "02-la-souris", ModuleTitle: "La souris", Level: "débutant", FinalScore: 90, Counts: true, At: mastered}}},
		},
	}
}

func signed(t *testing.T, k *keys.Key, b Bilan) []byte {
	t.Helper()
	data, err := Sign(b, k)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestASignedBilanVerifiesAndReadsBackWhole(t *testing.T) {
	k := newKey(t)
	b := sample()
	data := signed(t, k, b)
	got, err := Verify(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Learner.DID != k.DID() || got.Learner.ID != b.Learner.ID || got.Learner.Name != "Ana" {
		t.Fatalf("learner %+v", got.Learner)
	}
	if len(got.Modules) != 2 || got.Modules[0].State != ModuleDone || got.Modules[1].State != ModuleInProgress ||
		got.Modules[0].BestScore != 90 || got.Modules[1].MasteredAt != nil || !got.Modules[0].MasteredAt.Equal(*b.Modules[0].MasteredAt) {
		t.Fatalf("modules %+v", got.Modules)
	}
	if got.Placement.State != PlacementDone || got.Placement.ModuleTitle != "La souris" || len(got.Competencies) != 2 ||
		got.Competencies[0].Evidence[0].FinalScore != 90 || got.ActiveMinutes != 95 || !got.Issued.Equal(b.Issued) {
		t.Fatalf("bilan %+v", got)
	}
	var doc map[string]any
	json.Unmarshal(data, &doc)
	proof := doc["proof"].(map[string]any)
	if doc["type"] != Type || doc["version"] != float64(1) || proof["cryptosuite"] != "eddsa-jcs-2022" ||
		proof["verificationMethod"] != k.VerificationMethod() || !strings.HasPrefix(proof["proofValue"].(string), "z") {
		t.Fatalf("document %v", doc)
	}
}

func TestSignWritesTheSameBytesForTheSameBilan(t *testing.T) {
	k := newKey(t)
	a, b := signed(t, k, sample()), signed(t, k, sample())
	if !bytes.Equal(a, b) {
		t.Fatal("two signatures of one bilan differ (Ed25519 is deterministic)")
	}
}

func TestAnEmptyBilanOfANewLearnerVerifies(t *testing.T) {
	k := newKey(t)
	b := Bilan{Learner: Learner{ID: "urn:uuid:3f2b8c1e-5d4a-4e7b-9c61-0a8d2f4b7e15"}, Issued: clocktest.Now(),
		Placement: Placement{State: PlacementNotYet}}
	data := signed(t, k, b)
	got, err := Verify(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Modules == nil || len(got.Modules) != 0 || got.Placement.At != nil {
		t.Fatalf("%+v", got)
	}
	if !bytes.Contains(data, []byte(`"modules": []`)) {
		t.Fatalf("empty lists must be written [], got\n%s", data)
	}
}

// edit changes a signed file through a generic map, as someone with a text editor would.
func edit(t *testing.T, data []byte, change func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	change(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifyRefusesEveryKindOfBadFile(t *testing.T) {
	k := newKey(t)
	other := newKey(t)
	good := signed(t, k, sample())
	byOther := signed(t, other, sample())
	module := func(doc map[string]any) map[string]any { return doc["modules"].([]any)[0].(map[string]any) }
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"a file over 1 MiB", append(bytes.Repeat([]byte(" "), MaxSize), good...), ErrTooLarge},
		{"an empty file", nil, ErrNotABilan},
		{"text that is not JSON", []byte("mon bilan"), ErrNotABilan},
		{"a carte Déclic instead", []byte(`{"type":"DeclicCard","version":1}`), ErrNotABilan},
		{"a bilan from a newer Déclic", edit(t, good, func(d map[string]any) { d["version"] = 2 }), ErrNewerVersion},
		{"a version as text", edit(t, good, func(d map[string]any) { d["version"] = "1" }), ErrNotABilan},
		{"an unsigned bilan", edit(t, good, func(d map[string]any) { delete(d, "proof") }), ErrSignature},
		{"more minutes written in", edit(t, good, func(d map[string]any) { d["activeMinutes"] = 9000 }), ErrSignature},
		{"a module marked done", edit(t, good, func(d map[string]any) {
			d["modules"].([]any)[1].(map[string]any)["state"] = "done"
		}), ErrSignature},
		{"another learner's key named, hers signing", edit(t, good, func(d map[string]any) {
			d["learner"].(map[string]any)["did"] = other.DID()
		}), ErrSignature},
		{"her key named, another's signature", edit(t, byOther, func(d map[string]any) {
			d["learner"].(map[string]any)["did"] = k.DID()
		}), ErrSignature},
		{"a proof of another cryptosuite", edit(t, good, func(d map[string]any) {
			d["proof"].(map[string]any)["cryptosuite"] = "eddsa-rdfc-2022"
		}), ErrSignature},
		{"a proof value that is not base58", edit(t, good, func(d map[string]any) {
			d["proof"].(map[string]any)["proofValue"] = "z0OIl"
		}), ErrSignature},
		{"a field added beside the signed ones", edit(t, good, func(d map[string]any) { d["hours"] = 40 }), ErrNotABilan},
		{"a field removed", edit(t, good, func(d map[string]any) { delete(module(d), "attempts") }), ErrNotABilan},
		{"a field spelt in capitals", edit(t, good, func(d map[string]any) {
			m := module(d)
			m["State"] = m["state"]
			delete(m, "state")
		}), ErrNotABilan},
		{"a list given as null", edit(t, good, func(d map[string]any) { d["modules"] = nil }), ErrNotABilan},
		{"a field written twice", bytes.Replace(good, []byte(`"activeMinutes": 95,`), []byte(`"activeMinutes": 95, "activeMinutes": 9000,`), 1), ErrNotABilan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Verify(tc.data); !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSignRefusesValuesOutOfRange(t *testing.T) {
	k := newKey(t)
	for name, change := range map[string]func(b *Bilan){
		"an id that is not a urn:uuid":  func(b *Bilan) { b.Learner.ID = "ana" },
		"an id in capitals":             func(b *Bilan) { b.Learner.ID = strings.ToUpper(b.Learner.ID) },
		"no date":                       func(b *Bilan) { b.Issued = time.Time{} },
		"an unknown placement state":    func(b *Bilan) { b.Placement.State = "maybe" },
		"negative minutes":              func(b *Bilan) { b.ActiveMinutes = -1 },
		"a score above 100":             func(b *Bilan) { b.Modules[0].BestScore = 101 },
		"an unknown module state":       func(b *Bilan) { b.Modules[0].State = "to-do" },
		"a module without id":           func(b *Bilan) { b.Modules[0].ModuleID = "" },
		"a level above 3":               func(b *Bilan) { b.Competencies[0].Level = 4 },
		"an evidence score below 0":     func(b *Bilan) { b.Competencies[0].Evidence[0].FinalScore = -5 },
		"a title with an escape":        func(b *Bilan) { b.Modules[0].Title = "La souris\x1b[2J" },
		"a name that reverses text":     func(b *Bilan) { b.Learner.Name = "Ana\u202e" },
		"a title of 501 bytes":          func(b *Bilan) { b.Modules[0].Title = strings.Repeat("a", 501) },
		"a competency without its code": func(b *Bilan) { b.Competencies[0].Code = "" },
	} {
		b := sample()
		change(&b)
		if _, err := Sign(b, k); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Sign = %v, want ErrInvalid", name, err)
		}
	}
}

// TestAValueOutOfRangeSignedByHandIsRefused: someone with the key (the learner
// herself) could sign anything; Verify still refuses values no Déclic writes.
func TestAValueOutOfRangeSignedByHandIsRefused(t *testing.T) {
	k := newKey(t)
	b := normalised(sample())
	b.Learner.DID = k.DID()
	b.Modules[0].BestScore = 250
	doc := document{Type: Type, Version: Version, Bilan: b}
	unsecured, _ := canonical(doc)
	p := proof{Type: "DataIntegrityProof", Cryptosuite: Cryptosuite, Created: b.Issued.Format(time.RFC3339),
		VerificationMethod: k.VerificationMethod(), ProofPurpose: "assertionMethod"}
	config, _ := canonical(p)
	p.ProofValue = "z" + base58Encode(k.Sign(hashData(config, unsecured)))
	doc.Proof = &p
	data, _ := json.Marshal(doc)
	if _, err := Verify(data); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Verify = %v, want ErrInvalid", err)
	}
}
