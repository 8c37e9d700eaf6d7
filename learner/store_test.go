package learner

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"declic/internal/prereq"
)

var ctx = context.Background()

// openTemp opens a store in a fresh temporary data folder.
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "learner.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openTempAt opens a store in a fresh temporary data folder on a clock the test moves.
func openTempAt(t testing.TB, clock *fakeClock) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "learner.db"), Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustProfile(t testing.TB, s *Store, name string) Profile {
	t.Helper()
	p, err := s.CreateProfile(ctx, NewProfile{FirstName: name, Avatar: "chat"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rawDB opens the file with no help from the store, to look at it from outside.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenCreatesAWALDatabaseAtTheCurrentSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	var version, fk, sync int
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	s.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	if mode != "wal" || version != latestVersion(t) || fk != 1 || sync != 2 {
		t.Errorf("journal_mode=%s user_version=%d foreign_keys=%d synchronous=%d; want wal, %d, 1, 2 (FULL)",
			mode, version, fk, sync, latestVersion(t))
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	s.Close()
	// Reopening finds the schema in place and keeps the data.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateProfile(ctx, NewProfile{FirstName: "Marie", Avatar: "chat"}); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationFromAnOlderVersionRunsTheMissingSteps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p := mustProfile(t, s, "Marie")
	s.Close()

	// A later version of the code adds a step.
	s, err = open(path, Options{}, withExtraStep(t, "ALTER TABLE profiles ADD COLUMN nickname TEXT NOT NULL DEFAULT 'x'"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var nick string
	var version int
	if err := s.db.QueryRow("SELECT nickname FROM profiles WHERE id = ?", p.ID).Scan(&nick); err != nil {
		t.Fatalf("new column missing after migration: %v", err)
	}
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	if nick != "x" || version != latestVersion(t)+1 {
		t.Errorf("nickname=%q version=%d, want x and %d", nick, version, latestVersion(t)+1)
	}
}

func TestAFailingMigrationLeavesTheFileAtTheOldVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	broken := withExtraStep(t, "CREATE TABLE extra (x INTEGER); INSERT INTO no_such_table VALUES (1)")
	if _, err := open(path, Options{}, broken); err == nil {
		t.Fatal("Open with a broken migration succeeded")
	}
	db := rawDB(t, path)
	var version, extra int
	db.QueryRow("PRAGMA user_version").Scan(&version)
	db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").Scan(&extra)
	if version != latestVersion(t) || extra != 0 {
		t.Errorf("after a failed migration: version %d, table extra present %d; want %d and 0", version, extra, latestVersion(t))
	}
}

func TestNewerSchemaIsRefusedAndTheFileUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustProfile(t, s, "Marie")
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", latestVersion(t)+1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(path)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("version %d", latestVersion(t)+1)) {
		t.Errorf("error %q does not name the file's version", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the newer database file was modified")
	}
}

func TestGarbageFileIsReportedCorruptAndRecoverPutsItAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "learner.db")
	garbage := bytes.Repeat([]byte("not a database at all, sorry. "), 200)
	if err := os.WriteFile(path, garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open(garbage) = %v, want ErrCorrupt", err)
	}
	s, aside, err := Recover(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	kept, err := os.ReadFile(aside)
	if err != nil || !bytes.Equal(kept, garbage) {
		t.Fatalf("damaged file not kept intact at %s: %v", aside, err)
	}
	if !strings.HasPrefix(filepath.Base(aside), "learner.db.damaged-") {
		t.Errorf("aside name %q", aside)
	}
	p := mustProfile(t, s, "Marie")
	if got, err := s.Profiles(ctx); err != nil || len(got) != 1 || got[0].ID != p.ID {
		t.Errorf("fresh database after Recover: %v, %v", got, err)
	}
}

// fullDatabase makes a checkpointed database with enough rows to span many pages.
func fullDatabase(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p := mustProfile(t, s, "Marie")
	var events []Event
	for i := 0; i < 3000; i++ {
		events = append(events, Attempt{ProfileID: p.ID, PackID: "declic-starter", ModuleID: "02-la-souris",
			LessonID: "01-tenir-la-souris", Step: i % 9, Kind: "quiz", Score: 1, Passed: true,
			Answer: strings.Repeat("réponse ", 10)})
	}
	if err := s.Record(ctx, events...); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
}

func TestTruncatedFileIsReportedCorruptAndRecoverStartsFresh(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	fullDatabase(t, path)
	st, _ := os.Stat(path)
	if err := os.Truncate(path, st.Size()/2); err != nil {
		t.Fatal(err)
	}
	half, _ := os.ReadFile(path)
	_, err := Open(path)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open(truncated) = %v, want ErrCorrupt", err)
	}
	s, aside, err := Recover(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if kept, _ := os.ReadFile(aside); !bytes.Equal(kept, half) {
		t.Error("the truncated file was not kept as it was")
	}
	if got, _ := s.Profiles(ctx); len(got) != 0 {
		t.Errorf("fresh database holds %d profiles", len(got))
	}
}

func TestScrambledPagesAreReportedCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	fullDatabase(t, path)
	data, _ := os.ReadFile(path)
	// Keep the 100-byte header and page 1 (the schema); scramble the middle pages.
	for i := 8192; i < len(data)-4096; i += 7 {
		data[i] ^= 0x5a
	}
	os.WriteFile(path, data, 0o644)
	if _, err := Open(path); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open(scrambled) = %v, want ErrCorrupt", err)
	}
}

func TestRecoverTwiceInOneSecondKeepsBothFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "learner.db")
	at := time.Date(2026, 11, 23, 15, 30, 0, 0, time.UTC)
	os.WriteFile(path, []byte("one"), 0o644)
	first, err := putAside(path, at)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte("two"), 0o644)
	second, err := putAside(path, at)
	if err != nil {
		t.Fatal(err)
	}
	if first != path+".damaged-20261123-153000" || second == first {
		t.Fatalf("aside names %q and %q", first, second)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if string(a) != "one" || string(b) != "two" {
		t.Errorf("kept %q and %q", a, b)
	}
}

func TestRecoverWithoutAFileSaysSo(t *testing.T) {
	if _, _, err := Recover(filepath.Join(t.TempDir(), "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Recover(missing) = %v, want a not-exist error", err)
	}
}

// makeReadOnly makes dir unwritable, even for root (chattr +i), or skips.
func makeReadOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return
	}
	if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
		prereq.Missing(t, "running as root and chattr +i is unavailable (%v): cannot make a read-only folder", err)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}

func TestReadOnlyFolderGivesErrReadOnly(t *testing.T) {
	t.Run("new database", func(t *testing.T) {
		dir := t.TempDir()
		makeReadOnly(t, dir)
		_, err := Open(filepath.Join(dir, "learner.db"))
		if !errors.Is(err, ErrReadOnly) {
			t.Fatalf("Open in a read-only folder = %v, want ErrReadOnly", err)
		}
	})
	t.Run("existing database", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "learner.db")
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		mustProfile(t, s, "Marie")
		s.Close()
		makeReadOnly(t, dir)
		_, err = Open(path)
		if !errors.Is(err, ErrReadOnly) {
			t.Fatalf("Open in a read-only folder = %v, want ErrReadOnly", err)
		}
	})
}

func TestAFolderInPlaceOfTheFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "learner.db")
	os.Mkdir(path, 0o755)
	if _, err := Open(path); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Open(folder) = %v, want ErrInvalid", err)
	}
}

func TestIntegrityCheckPassesOnAHealthyDatabase(t *testing.T) {
	s := openTemp(t)
	mustProfile(t, s, "Marie")
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// A file gone while the Store is open (deleted, a USB key pulled out) is not
// checked as a new empty file: the check fails and creates nothing.
func TestIntegrityCheckOfAFileGoneFails(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows does not delete a file that is open")
	}
	s := openTemp(t)
	mustProfile(t, s, "Marie")
	os.Remove(s.Path() + "-wal")
	os.Remove(s.Path() + "-shm")
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(ctx); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("IntegrityCheck of a missing file = %v, want a not-exist error", err)
	}
	if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the check created a file in place of the missing one")
	}
}

// A file damaged on disk while it is open (a failing disk, a bad USB key) is
// found by IntegrityCheck, whatever pages the open Store still keeps in memory.
func TestIntegrityCheckFindsAFileDamagedWhileOpen(t *testing.T) {
	s := openTemp(t)
	mustProfile(t, s, "Marie")
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Profiles(ctx); err != nil { // the pages are now in the Store's memory
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	if len(data) < 3*pageSize {
		t.Fatalf("the file has %d bytes: too few pages to damage", len(data))
	}
	if err := os.WriteFile(s.Path(), append(data[:pageSize:pageSize], bytes.Repeat([]byte{0xA5}, len(data)-pageSize)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(ctx); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("IntegrityCheck on a damaged file = %v, want ErrCorrupt", err)
	}
}

// FuzzOpen opens arbitrary bytes as the database file (a damaged disk, a stray
// file): Open must never panic, a file refused as damaged or newer must be left
// byte for byte, and a file it accepts must be usable.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	seedPath := filepath.Join(dir, "seed.db")
	s, err := Open(seedPath)
	if err != nil {
		f.Fatal(err)
	}
	mustProfile(f, s, "Marie")
	s.Close()
	valid, _ := os.ReadFile(seedPath)
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(valid[:100])
	f.Add([]byte("SQLite format 3\x00"))
	f.Add([]byte{})
	// Damage the header fields SQLite reads first: page size, file format versions,
	// reserved bytes, page count, freelist, schema cookie, user_version.
	for _, off := range []int{16, 17, 18, 19, 20, 21, 28, 31, 32, 36, 40, 44, 56, 60, 63} {
		bad := bytes.Clone(valid)
		bad[off] ^= 0xff
		f.Add(bad)
	}
	tail := bytes.Clone(valid)
	for i := 100; i < len(tail); i += 3 {
		tail[i] ^= 0x55
	}
	f.Add(tail)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "learner.db")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path, Options{})
		if err != nil {
			if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNewerSchema) {
				if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
					t.Fatalf("Open refused the file (%v) but changed it", err)
				}
			}
			return
		}
		defer s.Close()
		if _, err := s.Profiles(ctx); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("an opened database cannot list profiles: %v", err)
		}
	})
}

func TestPathsWithURICharactersWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Mes données #1 100%")
	path := filepath.Join(dir, "learner.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustProfile(t, s, "Marie")
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not where asked: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "what?.db")); !errors.Is(err, ErrInvalid) {
		t.Errorf("Open(path with '?') = %v, want ErrInvalid", err)
	}
}
