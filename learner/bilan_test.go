package learner

import (
	"errors"
	"testing"
	"time"

	"declic/bilan"
)

func TestTheBilanListsModulesBegunAndFinishedPlacementAndCompetencies(t *testing.T) {
	clock := newFakeClock()
	s := openTempAt(t, clock)
	p := mustProfile(t, s, "Marie")
	m1, m2, gone := starterModules[0], starterModules[1], ModuleInfo{PackID: "ancien-pack", ModuleID: "m", Title: "Un ancien module"}
	if err := s.SetPlacement(ctx, p.ID, Placement{State: PlacementDone, PackID: m2.PackID, ModuleID: m2.ModuleID, At: day0}); err != nil {
		t.Fatal(err)
	}
	err := s.Record(ctx,
		StepView{ProfileID: p.ID, PackID: m1.PackID, ModuleID: m1.ModuleID, LessonID: "01", Step: 0, At: day0},
		ActiveSpan{ProfileID: p.ID, PackID: m1.PackID, ModuleID: m1.ModuleID, Start: day0, End: day0.Add(30 * time.Minute), Active: 25 * time.Minute},
		completion(p, m1, 0.9, true, day0.Add(30*time.Minute)),
		StepView{ProfileID: p.ID, PackID: m2.PackID, ModuleID: m2.ModuleID, LessonID: "01", Step: 3, At: day0.Add(time.Hour)},
		Attempt{ProfileID: p.ID, PackID: m2.PackID, ModuleID: m2.ModuleID, LessonID: "01", Step: 3, Kind: "quiz", Score: 1, Passed: true, At: day0.Add(time.Hour)},
		completion(p, gone, 0.85, true, day0.Add(2*time.Hour)),
	)
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.SignedBilan(ctx, p.ID, starterModules, false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bilan.Verify(data)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := s.ProfileKey(ctx, p.ID)
	if b.Learner.DID != key.DID() || b.Learner.ID != "urn:uuid:"+p.ID || b.Learner.Name != "" {
		t.Fatalf("learner %+v; want her key, her id and no name", b.Learner)
	}
	if !b.Issued.Equal(clock.Now()) || b.ActiveMinutes != 25 {
		t.Fatalf("issued %v, %d minutes", b.Issued, b.ActiveMinutes)
	}
	if b.Placement.State != bilan.PlacementDone || b.Placement.ModuleTitle != "La souris" || !b.Placement.At.Equal(day0) {
		t.Fatalf("placement %+v", b.Placement)
	}
	if len(b.Modules) != 3 {
		t.Fatalf("modules %+v; want the 2 touched and the one of the removed pack", b.Modules)
	}
	done, doing, old := b.Modules[0], b.Modules[1], b.Modules[2]
	if done.ModuleID != m1.ModuleID || done.State != bilan.ModuleDone || done.BestScore != 90 || done.ActiveMinutes != 25 ||
		done.MasteredAt == nil || !done.MasteredAt.Equal(day0.Add(30*time.Minute)) {
		t.Errorf("finished module %+v", done)
	}
	if doing.ModuleID != m2.ModuleID || doing.State != bilan.ModuleInProgress || doing.Attempts != 1 || doing.StepsSeen != 1 || doing.MasteredAt != nil {
		t.Errorf("module in progress %+v", doing)
	}
	if old.PackID != "ancien-pack" || old.State != bilan.ModuleDone || old.Title != "Un ancien module" {
		t.Errorf("module of a removed pack %+v", old)
	}
	var crcn *bilan.Competency
	for i := range b.Competencies {
		if b.Competencies[i].Code == "5.2" {
			crcn = &b.Competencies[i]
		}
		if b.Competencies[i].Code == "4.1" {
			t.Error("a competency without level or evidence is listed")
		}
	}
	if crcn == nil || crcn.Level != 1 || crcn.Label == "" || len(crcn.Evidence) != 1 || !crcn.Evidence[0].Counts {
		t.Fatalf("competency 5.2 %+v", crcn)
	}
}

func TestTheBilanCarriesTheFirstNameOnlyWhenAsked(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	data, err := s.SignedBilan(ctx, p.ID, starterModules, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bilan.Verify(data)
	if err != nil || b.Learner.Name != "Marie" || b.Placement.State != bilan.PlacementNotYet || len(b.Modules) != 0 {
		t.Fatalf("%+v, %v", b, err)
	}
}

func TestTwoProfilesSignTheirBilansWithTheirOwnKeys(t *testing.T) {
	s := openTemp(t)
	marie, ahmed := mustProfile(t, s, "Marie"), mustProfile(t, s, "Ahmed")
	a, _ := s.SignedBilan(ctx, marie.ID, starterModules, false)
	b, _ := s.SignedBilan(ctx, ahmed.ID, starterModules, false)
	ba, err1 := bilan.Verify(a)
	bb, err2 := bilan.Verify(b)
	if err1 != nil || err2 != nil || ba.Learner.DID == bb.Learner.DID {
		t.Fatalf("%v %v; the two bilans must have two signers", err1, err2)
	}
}

func TestTheBilanOfAnUnknownProfileIsRefused(t *testing.T) {
	s := openTemp(t)
	if _, err := s.SignedBilan(ctx, "nobody", starterModules, false); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("err = %v", err)
	}
}
