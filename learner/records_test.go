package learner

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestCompletedModulesAttestTheFirstMasteryWithItsActivity(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	other := mustProfile(t, s, "Ahmed")
	souris, clavier, allumer := starterModules[1], starterModules[2], starterModules[0]
	err := s.Record(ctx,
		StepView{ProfileID: p.ID, PackID: souris.PackID, ModuleID: souris.ModuleID, LessonID: "01", Step: 0, At: day0},
		ActiveSpan{ProfileID: p.ID, PackID: souris.PackID, ModuleID: souris.ModuleID, Start: day0.Add(time.Minute), End: day0.Add(31 * time.Minute), Active: 25 * time.Minute},
		ActiveSpan{ProfileID: p.ID, PackID: souris.PackID, ModuleID: souris.ModuleID, Start: day0.Add(31 * time.Minute), End: day0.Add(61 * time.Minute), Active: 20 * time.Minute},
		completion(p, souris, 0.5, false, day0.Add(40*time.Minute)),
		completion(p, souris, 0.9, true, day0.Add(60*time.Minute)),
		// Later practice and a better score do not change the attested completion.
		ActiveSpan{ProfileID: p.ID, PackID: souris.PackID, ModuleID: souris.ModuleID, Start: day0.Add(24 * time.Hour), End: day0.Add(25 * time.Hour), Active: time.Hour},
		completion(p, souris, 1, true, day0.Add(25*time.Hour)),
		// Never mastered: the best score, the earliest of equals.
		completion(p, clavier, 0.4, false, day0.Add(2*time.Hour)),
		completion(p, clavier, 0.6, false, day0.Add(3*time.Hour)),
		completion(p, clavier, 0.6, false, day0.Add(4*time.Hour)),
		completion(other, allumer, 1, true, day0),
	)
	if err != nil {
		t.Fatal(err)
	}
	mods, err := s.CompletedModules(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) != 2 {
		t.Fatalf("got %d modules, want 2 (one per module, none of Ahmed's): %+v", len(mods), mods)
	}
	m := mods[0]
	if m.ModuleID != souris.ModuleID || m.FinalScore != 0.9 || !m.Mastered || !m.CompletedAt.Equal(day0.Add(60*time.Minute)) {
		t.Errorf("souris attests %+v, want the first mastery (0.9 at +60 min)", m)
	}
	if !m.FirstActivity.Equal(day0) || !m.LastActivity.Equal(day0.Add(61*time.Minute)) || m.Active != 45*time.Minute {
		t.Errorf("souris activity %v → %v, %v active; want day0 → +61 min, 45 min", m.FirstActivity, m.LastActivity, m.Active)
	}
	if m.Hours != souris.Hours || m.ModuleTitle != "La souris" || len(m.Competencies) != 2 {
		t.Errorf("souris copied fields: %+v", m)
	}
	c := mods[1]
	if c.ModuleID != clavier.ModuleID || c.FinalScore != 0.6 || c.Mastered || !c.CompletedAt.Equal(day0.Add(3*time.Hour)) {
		t.Errorf("clavier attests %+v, want the best score, earliest (0.6 at +3 h)", c)
	}
	if !c.FirstActivity.Equal(c.CompletedAt) || c.Active != 0 {
		t.Errorf("clavier without recorded activity: %v, %v", c.FirstActivity, c.Active)
	}
}

func TestCompletedModulesOfANewProfileIsEmptyAndOfAnUnknownOneAnError(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	mods, err := s.CompletedModules(ctx, p.ID)
	if err != nil || len(mods) != 0 {
		t.Errorf("new profile: %v, %v", mods, err)
	}
	if _, err := s.CompletedModules(ctx, "nobody"); !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
}

func TestKeepIssuedRecordKeepsTheFirstIdForGood(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	if _, found, err := s.IssuedRecordFor(ctx, p.ID, "declic-starter", "02-la-souris"); found || err != nil {
		t.Fatalf("before any issue: found=%v err=%v", found, err)
	}
	first := IssuedRecord{PackID: "declic-starter", ModuleID: "02-la-souris",
		RecordID: "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", IssuedAt: day0.Add(1500 * time.Millisecond)}
	got, err := s.KeepIssuedRecord(ctx, p.ID, first)
	if err != nil {
		t.Fatal(err)
	}
	if got.RecordID != first.RecordID || !got.IssuedAt.Equal(day0.Add(time.Second)) {
		t.Errorf("stored %+v, want the id and the time to the second", got)
	}
	second := first
	second.RecordID, second.IssuedAt = "urn:uuid:0a5e1f3c-7d2b-4e8a-b1c9-2f4d6e8a0b13", day0.Add(time.Hour)
	got, err = s.KeepIssuedRecord(ctx, p.ID, second)
	if err != nil {
		t.Fatal(err)
	}
	if got.RecordID != first.RecordID || !got.IssuedAt.Equal(day0.Add(time.Second)) {
		t.Errorf("a second issue replaced the record: %+v", got)
	}
	// The same id for another module is refused: one id, one module.
	other := first
	other.ModuleID = "03-le-clavier"
	if _, err := s.KeepIssuedRecord(ctx, p.ID, other); !errors.Is(err, ErrInvalidRecord) {
		t.Errorf("reused id for another module: %v", err)
	}
}

func TestKeepIssuedRecordRefusesBadInput(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	good := IssuedRecord{PackID: "declic-starter", ModuleID: "02-la-souris", RecordID: "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", IssuedAt: day0}
	for name, mutate := range map[string]func(*IssuedRecord){
		"no pack":        func(r *IssuedRecord) { r.PackID = " " },
		"no module":      func(r *IssuedRecord) { r.ModuleID = "" },
		"bare uuid":      func(r *IssuedRecord) { r.RecordID = "6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40" },
		"not a uuid":     func(r *IssuedRecord) { r.RecordID = "urn:uuid:nope" },
		"no issued time": func(r *IssuedRecord) { r.IssuedAt = time.Time{} },
	} {
		r := good
		mutate(&r)
		if _, err := s.KeepIssuedRecord(ctx, p.ID, r); !errors.Is(err, ErrInvalidRecord) {
			t.Errorf("%s: %v, want ErrInvalidRecord", name, err)
		}
	}
	if _, err := s.KeepIssuedRecord(ctx, "nobody", good); !errors.Is(err, ErrProfileNotFound) {
		t.Errorf("unknown profile: %v", err)
	}
	if _, found, _ := s.IssuedRecordFor(ctx, p.ID, good.PackID, good.ModuleID); found {
		t.Error("a refused record was stored")
	}
}

func TestTwoWindowsIssuingAtOnceGetOneId(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := mustProfile(t, a, "Marie")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ids := []string{"urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", "urn:uuid:0a5e1f3c-7d2b-4e8a-b1c9-2f4d6e8a0b13"}
	got := make([]IssuedRecord, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = s.KeepIssuedRecord(ctx, p.ID, IssuedRecord{PackID: "pk", ModuleID: "m", RecordID: ids[i], IssuedAt: day0})
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if got[0].RecordID != got[1].RecordID {
		t.Errorf("two windows kept two ids: %s and %s", got[0].RecordID, got[1].RecordID)
	}
}

func TestMigrationToIssuedRecordsKeepsAVersion1File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s := openAtStep(t, path, 1)
	p := oldProfile(t, s, "Marie", 1, "")
	if err := s.Record(ctx, completion(p, starterModules[1], 0.9, true, day0)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mods, err := s.CompletedModules(ctx, p.ID)
	if err != nil || len(mods) != 1 {
		t.Fatalf("completion lost in the migration: %v, %v", mods, err)
	}
	if _, err := s.KeepIssuedRecord(ctx, p.ID, IssuedRecord{PackID: "declic-starter", ModuleID: "02-la-souris",
		RecordID: "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", IssuedAt: day0}); err != nil {
		t.Fatalf("issued_records missing after migration: %v", err)
	}
}
