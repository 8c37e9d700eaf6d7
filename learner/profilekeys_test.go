package learner

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"declic/keys"
)

func TestEachProfileIsBornWithItsOwnKey(t *testing.T) {
	s := openTemp(t)
	marie := mustProfile(t, s, "Marie")
	ahmed := mustProfile(t, s, "Ahmed")
	km, err := s.ProfileKey(ctx, marie.ID)
	if err != nil {
		t.Fatal(err)
	}
	ka, err := s.ProfileKey(ctx, ahmed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if km.DID() == ka.DID() {
		t.Fatal("two profiles share a key")
	}
	again, err := s.ProfileKey(ctx, marie.ID)
	if err != nil || again.DID() != km.DID() {
		t.Fatalf("the key changed between two reads: %v", err)
	}
	// A real signature, checked with the public half the did:key carries.
	pub, err := keys.ParseDID(km.DID())
	if err != nil {
		t.Fatal(err)
	}
	if sig := km.Sign([]byte("bonjour")); !keysVerify(pub, []byte("bonjour"), sig) {
		t.Fatal("the profile key does not sign")
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM profile_keys").Scan(&n)
	if n != 2 {
		t.Fatalf("%d keys stored for 2 profiles", n)
	}
}

func TestTheKeyIsKeptAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p := mustProfile(t, s, "Marie")
	k, _ := s.ProfileKey(ctx, p.ID)
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if again, err := s.ProfileKey(ctx, p.ID); err != nil || again.DID() != k.DID() {
		t.Fatalf("after a restart: %v, %v", again, err)
	}
}

func TestProfilesOfAVersion3FileGetAKeyEachAtMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s := openAtStep(t, path, 3)
	marie := oldProfile(t, s, "Marie", 1, "")
	ahmed := oldProfile(t, s, "Ahmed", 1, "")
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	s.db.QueryRow("SELECT count(*) FROM profile_keys").Scan(&n)
	if n != 2 {
		t.Fatalf("%d keys after migrating 2 profiles", n)
	}
	km, err1 := s.ProfileKey(ctx, marie.ID)
	ka, err2 := s.ProfileKey(ctx, ahmed.ID)
	if err1 != nil || err2 != nil || km.DID() == ka.DID() {
		t.Fatalf("keys after migration: %v %v, shared: %v", err1, err2, km != nil && ka != nil && km.DID() == ka.DID())
	}
	if wait, err := s.WaitBeforeUnlock(ctx, marie.ID); err != nil || wait != 0 {
		t.Fatalf("a migrated profile waits %v, %v", wait, err)
	}
}

func TestAProfileWithoutAKeyGetsOneOnFirstNeed(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	// As if an older Déclic had added the profile after this file was migrated.
	if _, err := s.db.Exec("DELETE FROM profile_keys"); err != nil {
		t.Fatal(err)
	}
	k, err := s.ProfileKey(ctx, p.ID)
	if err != nil || k == nil {
		t.Fatalf("ProfileKey: %v", err)
	}
	if again, _ := s.ProfileKey(ctx, p.ID); again.DID() != k.DID() {
		t.Fatal("the key made on first need is not kept")
	}
}

func TestDeletingAProfileDeletesItsKey(t *testing.T) {
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	k, _ := s.ProfileKey(ctx, p.ID)
	if err := s.DeleteProfile(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM profile_keys").Scan(&n)
	if n != 0 {
		t.Fatal("the key outlived its profile")
	}
	s.Close()
	for _, name := range []string{s.Path(), s.Path() + "-wal"} {
		data, _ := os.ReadFile(name)
		if bytes.Contains(data, []byte(k.SecretMultibase())) {
			t.Errorf("the deleted key's secret is still in %s", filepath.Base(name))
		}
	}
}

func TestTheDatabaseIsReadableByItsOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps other accounts out of the user's folder with ACLs, not mode bits")
	}
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustProfile(t, s, "Marie")
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(name), st.Mode().Perm())
		}
	}
	if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
		t.Errorf("a new data folder has mode %v, want 0700", st.Mode().Perm())
	}
	s.Close()
}

func TestAFileLeftReadableByAnOlderDeclicIsTightened(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("mode bits mean nothing on Windows")
	}
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustProfile(t, s, "Marie")
	s.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v after opening, want 0600", st.Mode().Perm())
	}
}

func keysVerify(pub []byte, msg, sig []byte) bool { return ed25519.Verify(pub, msg, sig) }

func TestTheMesDonneesCopyIsReadableByItsOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("mode bits mean nothing on Windows")
	}
	s := openTemp(t)
	p := mustProfile(t, s, "Marie")
	path := filepath.Join(t.TempDir(), "declic-marie.json")
	if err := s.ExportFile(ctx, p.ID, path); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
}
