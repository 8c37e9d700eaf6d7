// Package learner is the local learner store: profiles for a shared PC, the events
// the lesson player sends (steps seen, activity attempts, module completions, active
// time), the "Mon parcours" summary with competency levels derived from evidence, and
// export or deletion of a profile's data. It keeps everything in one SQLite file
// (pure-Go driver, no cgo) and imports no GUI toolkit.
package learner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"declic/internal/migration"
)

// Errors Open and the other calls return, to be tested with errors.Is. The app turns
// each one into a learner-facing message through i18n.
var (
	// ErrNewerSchema: the file was written by a newer Déclic; it is left untouched.
	ErrNewerSchema = errors.New("the learner database comes from a newer version of Déclic")
	// ErrCorrupt: the file is damaged or not a database; Recover puts it aside.
	ErrCorrupt = errors.New("the learner database is damaged")
	// ErrReadOnly: the folder or the file cannot be written.
	ErrReadOnly = errors.New("the learner database cannot be written")
	// ErrProfileNotFound: no profile has this id (deleted, or a typo).
	ErrProfileNotFound = errors.New("no such learner profile")
	// ErrInvalid: an argument breaks a rule (empty first name, PIN not 4 digits…).
	ErrInvalid = errors.New("invalid learner data")
	// ErrClosed: the store or recorder was used after Close.
	ErrClosed = errors.New("the learner store is closed")
)

// busyTimeout is how long a writer waits for another connection or process holding
// the write lock before giving up with SQLITE_BUSY. Two Déclic windows on the same
// data folder both work: writes are short transactions, so they take turns.
const busyTimeout = 5 * time.Second

// Store is an open learner database. It is safe for concurrent use; the UI should
// still write through a Recorder so it never waits on the disk.
type Store struct {
	db   *sql.DB
	path string

	// now stamps rows the caller did not date (profile creation). Tests replace it.
	now func() time.Time

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared once, reused by every write

	closeOnce sync.Once
	closeErr  error
}

// prepared returns the prepared statement for query, preparing it on first use.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[query] = st
	return st, nil
}

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// SkipCheck skips PRAGMA quick_check at open. Only for benchmarks and tools
	// that open the same file many times; the app keeps the check.
	SkipCheck bool
	// Now replaces time.Now for rows the store dates itself (tests).
	Now func() time.Time
}

// Open opens (or creates) the learner database at path, typically
// datadir.Dirs.Database, applies pending schema migrations in one transaction and
// checks the file. It returns an error wrapping ErrReadOnly, ErrCorrupt or
// ErrNewerSchema when the file cannot be used; the file is then left as it was.
func Open(path string, opts ...Options) (*Store, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	steps, err := schemaSteps()
	if err != nil {
		return nil, fmt.Errorf("learner: %w", err)
	}
	return open(path, o, steps)
}

// open is Open with the schema steps this code knows: all of them, or in tests the
// first few, as an older Déclic knew them.
func open(path string, o Options, steps []migration.Step) (*Store, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("learner: %w: database path %q contains '?'", ErrInvalid, path)
	}
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	if err := restrictFile(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("learner: open %s: %w", path, err)
	}
	// A few connections let the summary read while the recorder writes (WAL).
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, now: o.Now}
	if err := s.prepare(context.Background(), o, steps); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// dsn builds the connection string. Every connection of the pool gets the same
// pragmas:
//   - busy_timeout: wait for the other writer (another window) instead of failing.
//   - foreign_keys: deleting a profile cascades to all its rows.
//   - synchronous=FULL, not NORMAL: in WAL mode NORMAL already survives a killed
//     process (what is committed is in the OS), but a power cut can lose the last
//     commits, and learners' PCs lose power. FULL syncs the WAL at each commit; the
//     Recorder batches events, so that costs one fsync per batch, off the UI goroutine.
//   - secure_delete: a deleted profile's data is overwritten, not just unlinked,
//     because the PC is shared by a family.
//   - journal_size_limit: after a checkpoint the WAL shrinks back to 4 MB at most,
//     so a long session does not leave a big file behind.
//
// Every transaction starts IMMEDIATE so two writers never deadlock on an upgrade
// from a read lock to a write lock; they wait for each other (busy_timeout).
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "secure_delete(1)")
	q.Add("_pragma", "journal_size_limit(4194304)")
	q.Set("_txlock", "immediate")
	// A plain file name, not a "file:" URI: SQLite would decode %xx and stop at
	// '#' in a URI, and Windows user folders can hold such characters.
	return path + "?" + q.Encode()
}

// checkWritable makes the folder if needed and proves it can hold new files (SQLite
// creates the -wal and -shm files beside the database), so a read-only data folder
// gives ErrReadOnly before SQLite reports something vaguer.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("learner: %w: %s: %v", ErrReadOnly, dir, err)
	}
	probe, err := os.CreateTemp(dir, ".learner-write-test-*")
	if err != nil {
		return fmt.Errorf("learner: %w: %s: %v", ErrReadOnly, dir, err)
	}
	name := probe.Name()
	probe.Close()
	os.Remove(name)
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return fmt.Errorf("learner: %w: %s is a folder", ErrInvalid, path)
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("learner: %w: %s: %v", ErrReadOnly, path, err)
		}
		f.Close()
	}
	return nil
}

// restrictFile makes the database readable and writable by its owner only (0600):
// the PC is shared, and the file holds each profile's signing key and history.
// A missing file is created empty with that mode, which SQLite takes as a new
// database; its -wal and -shm files are made with the database's mode. Files left
// 0644 by an older Déclic are tightened. On Windows the user's own profile folder
// already keeps other accounts out, and the mode bits mean nothing there.
func restrictFile(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("learner: %w: %s: %v", ErrReadOnly, path, err)
	}
	f.Close()
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(name)
		if err != nil {
			continue // no WAL yet
		}
		if st.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(name, st.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("learner: %w: %s: %v", ErrReadOnly, name, err)
			}
		}
	}
	return nil
}

// prepare reads the schema version and checks the file before changing anything
// (so a newer or damaged file is left exactly as it was), then switches to WAL and
// migrates.
func (s *Store) prepare(ctx context.Context, o Options, steps []migration.Step) error {
	if err := s.checkVersion(ctx, steps); err != nil {
		return err
	}
	if !o.SkipCheck {
		if err := s.quickCheck(ctx); err != nil {
			return err
		}
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return s.classify("switch to WAL", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("learner: %s: journal mode is %q, want wal", s.path, mode)
	}
	return s.migrate(ctx, steps)
}

// quickCheck runs PRAGMA quick_check, which reads every page: a truncated or
// scrambled file is caught at start-up rather than in the middle of a lesson.
func (s *Store) quickCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return s.classify("check", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return s.classify("check", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return s.classify("check", err)
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = problems[:3]
		}
		return fmt.Errorf("learner: %s: %w: %s", s.path, ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// classify wraps a driver error with the typed error that explains it.
func (s *Store) classify(doing string, err error) error {
	return classify(s.path, doing, err)
}

func classify(path, doing string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("learner: %s: %s: %w: %v", path, doing, ErrCorrupt, err)
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
			return fmt.Errorf("learner: %s: %s: %w: %v", path, doing, ErrReadOnly, err)
		}
	}
	return fmt.Errorf("learner: %s: %s: %w", path, doing, err)
}

// Path is the database file's location, to show in "Mes données".
func (s *Store) Path() string { return s.path }

// Close checkpoints the WAL into the main file and closes the database. Close a
// Recorder before its Store.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		// Best effort: folding the WAL back keeps the folder tidy; if another window
		// still reads, SQLite simply leaves the WAL for later.
		s.stmtMu.Lock()
		for _, st := range s.stmts {
			st.Close()
		}
		s.stmts = nil
		s.stmtMu.Unlock()
		s.db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		s.closeErr = s.db.Close()
	})
	return s.closeErr
}

// IntegrityCheck runs SQLite's full PRAGMA integrity_check on the file as it is on
// disk and returns nil when it is sound, or an error wrapping ErrCorrupt that lists
// what is wrong. It reads through a connection of its own, so pages this Store
// keeps in memory cannot hide damage. « Vérifier mes données » in « Mes données »
// runs it; Open's quick_check is the faster check done at every start.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	// SQLite would create an empty file where the file went missing, and find it sound.
	if _, err := os.Stat(s.path); err != nil {
		return fmt.Errorf("learner: integrity check: %w", err)
	}
	db, err := sql.Open("sqlite", dsn(s.path))
	if err != nil {
		return s.classify("integrity check", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return s.classify("integrity check", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return s.classify("integrity check", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return s.classify("integrity check", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("learner: %s: %w: %s", s.path, ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// Recover puts a damaged database aside and opens a fresh one in its place. The
// damaged file (and its -wal/-shm companions) are renamed, never deleted, to
// "<name>.damaged-YYYYMMDD-HHMMSS", so a trainer can still try to rescue it; that
// new name is returned so the app can tell the learner where it is.
func Recover(path string) (*Store, string, error) {
	aside, err := putAside(path, time.Now())
	if err != nil {
		return nil, "", err
	}
	s, err := Open(path)
	if err != nil {
		return nil, aside, err
	}
	return s, aside, nil
}

// putAside renames path and its WAL companions to a free ".damaged-<time>" name.
func putAside(path string, at time.Time) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("learner: recover %s: %w", path, err)
	}
	base := path + ".damaged-" + at.UTC().Format("20060102-150405")
	aside := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, os.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("learner: recover %s: %w", path, err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			if err := os.Rename(path+suffix, aside+suffix); err != nil {
				return aside, fmt.Errorf("learner: recover %s: %w", path+suffix, err)
			}
		}
	}
	return aside, nil
}
