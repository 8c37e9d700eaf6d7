package attest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"declic/learner"
)

// TestTwoProfilesOnOnePCSignWithTwoKeys: a shared PC has many learners, and a centre
// must be able to tell them apart. Each profile's records are signed by that profile's
// own key, and every record still verifies as the centre checks it.
func TestTwoProfilesOnOnePCSignWithTwoKeys(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	other, err := f.store.CreateProfile(ctx, learner.NewProfile{FirstName: "Bruno", Avatar: "soleil"})
	if err != nil {
		t.Fatal(err)
	}
	g := &fixture{store: f.store, profile: other}
	g.complete(t, "02-la-souris", "La souris", 1.5, 0.95, day0)
	otherKey, err := f.store.ProfileKey(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if otherKey.DID() == f.key.DID() {
		t.Fatal("two profiles share a key")
	}
	mine, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := f.issuer.Issue(ctx, other.ID, g.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	a, b := verifyAt(t, mine[0].JSON), verifyAt(t, theirs[0].JSON)
	if a.IssuerDID != f.key.DID() || b.IssuerDID != otherKey.DID() {
		t.Fatalf("issuers %s and %s, want the profiles' keys %s and %s", a.IssuerDID, b.IssuerDID, f.key.DID(), otherKey.DID())
	}
	if a.SubjectID == b.SubjectID || a.ID == b.ID {
		t.Fatal("the two learners' records name the same person or share an id")
	}
}

// TestARecordFirstIssuedByTheInstallationKeyKeepsItsIdUnderTheProfileKey: records
// handed out by an older Déclic (signed with the PC's key) keep their id and date
// when issued again, so a centre sees the same record, now signed by the profile.
func TestARecordFirstIssuedByTheInstallationKeyKeepsItsIdUnderTheProfileKey(t *testing.T) {
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	old := learner.IssuedRecord{PackID: "declic-starter", ModuleID: "02-la-souris",
		RecordID: "urn:uuid:6f1c2a9e-0b7d-4c1e-9a55-3d2f8e7b1c40", IssuedAt: day0.Add(2 * time.Hour)}
	if _, err := f.store.KeepIssuedRecord(ctx, f.profile.ID, old); err != nil {
		t.Fatal(err)
	}
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	rec := verifyAt(t, creds[0].JSON)
	if rec.ID != old.RecordID || !rec.ValidFrom.Equal(old.IssuedAt) || rec.IssuerDID != f.key.DID() {
		t.Fatalf("record %s from %v by %s; want %s from %v by the profile key", rec.ID, rec.ValidFrom, rec.IssuerDID, old.RecordID, old.IssuedAt)
	}
}

func TestRecordFilesAreReadableByTheirOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("mode bits mean nothing on Windows")
	}
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	creds, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	paths, err := WriteFiles(t.TempDir(), CredentialFiles(creds))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", filepath.Base(p), st.Mode().Perm(), err)
		}
	}
}
