package learner

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"declic/internal/migration/migrationtest"
)

// makeReleasedFile makes a learner file at schema version `version` as the Déclic of
// that version made it (releasedSteps run the way its migration code ran them: one
// transaction, then PRAGMA user_version), and fills every table of that version with
// rows, through SQL that names only the columns that version had. profiles is how many
// learners the file holds (at least 3).
func makeReleasedFile(t testing.TB, path string, version, profiles int) {
	t.Helper()
	if err := restrictFile(path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("PRAGMA journal_mode=WAL"); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range releasedSteps[:version] {
		if _, err := tx.Exec(step); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if version > 0 {
		fillReleasedFile(t, db, version, profiles)
	}
}

// fillReleasedFile writes what a learner's file of that version holds: profiles with
// and without secrets or settings, and events of every kind.
func fillReleasedFile(t testing.TB, db *sql.DB, version, profiles int) {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatalf("version %d: %s: %v", version, strings.Fields(q)[:3], err)
		}
	}
	ms := func(d time.Duration) int64 { return day0.Add(d).UnixMilli() }
	for i := 1; i <= max(profiles, 3); i++ {
		pin, picture := any(nil), any(nil)
		switch i % 3 {
		case 1:
			pin = "argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
		case 2:
			picture = "argon2id$v=19$m=19456,t=2,p=1$cGljdHVyZXNhbHRzYQ$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
		}
		state := []string{"", "done", "skipped"}[i%3]
		exec(`INSERT INTO profiles (key, id, first_name, avatar, pin_hash, picture_hash, text_scale, theme,
			language, read_aloud, placement_state, placement_pack, placement_module, placement_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			i, uuid.NewString(), fmt.Sprintf("Personne %d", i), []string{"chat", "soleil", "arbre"}[i%3], pin, picture,
			1+float64(i%3)*0.25, []string{"", "contraste", "sombre"}[i%3], []string{"", "uk", "ar"}[i%3], i%2,
			state, "declic-starter", "02-la-souris", ms(time.Duration(i)*time.Minute), ms(time.Duration(i)*time.Second))
		if version >= 3 && i%2 == 0 {
			exec(`UPDATE profiles SET speech_rate = 0.75 WHERE key = ?`, i)
		}
		if version >= 4 {
			exec(`UPDATE profiles SET unlock_failures = ?, unlock_wait_until = ? WHERE key = ?`, i%4, ms(time.Hour)*int64(i%2), i)
			if err := insertKey(ctx, tx, int64(i), day0); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 1; i <= 2; i++ {
		for step := 0; step < 3; step++ {
			at := ms(time.Duration(step) * time.Minute)
			exec(`INSERT INTO step_views (profile_key, pack_id, module_id, lesson_id, step, at) VALUES (?, 'declic-starter', '02-la-souris', 'l1', ?, ?)`, i, step, at)
			exec(`INSERT INTO attempts (profile_key, pack_id, module_id, lesson_id, step, kind, score, passed, skipped,
				duration_ms, answer, at) VALUES (?, 'declic-starter', '02-la-souris', 'l1', ?, 'quiz', ?, ?, ?, 4200, 'b', ?)`,
				i, step, float64(step)/2, step > 0, step == 0, at)
		}
		exec(`INSERT INTO active_spans (profile_key, pack_id, module_id, started_at, ended_at, active_ms)
			VALUES (?, 'declic-starter', '02-la-souris', ?, ?, 90000), (?, '', '', ?, ?, 1500)`,
			i, ms(0), ms(2*time.Minute), i, ms(3*time.Minute), ms(4*time.Minute))
		exec(`INSERT INTO completions (profile_key, pack_id, pack_version, module_id, module_title, level,
			competencies, hours, final_score, mastered, at) VALUES (?, 'declic-starter', '1.0.0', '02-la-souris',
			'La souris', 'debutant', '["1.1","2.3"]', 1.5, 0.9, 1, ?)`, i, ms(5*time.Minute))
		exec(`INSERT INTO module_progress (profile_key, pack_id, module_id, steps_seen, attempts, active_ms,
			last_lesson, last_step, last_at) VALUES (?, 'declic-starter', '02-la-souris', 3, 3, 90000, 'l1', 2, ?),
			(?, '', '', 0, 0, 1500, '', 0, ?)`, i, ms(2*time.Minute), i, ms(4*time.Minute))
		if version >= 2 {
			exec(`INSERT INTO issued_records (profile_key, pack_id, module_id, record_id, issued_at)
				VALUES (?, 'declic-starter', '02-la-souris', ?, ?)`, i, "urn:uuid:"+uuid.NewString(), ms(6*time.Minute))
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// userVersion reads PRAGMA user_version.
func userVersion(t testing.TB, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// referenceSchemas returns the schema of a file at each version 0…latest, made by this
// code's steps.
func referenceSchemas(t testing.TB) [][]string {
	t.Helper()
	var out [][]string
	for v := 0; v <= latestVersion(t); v++ {
		path := filepath.Join(t.TempDir(), "learner.db")
		s := openAtStep(t, path, v)
		out = append(out, migrationtest.SQLiteSchema(t, s.db))
		s.Close()
	}
	return out
}

// The steps became files: at every version, a file made by the steps as they were
// released and one made by this code's files have the same tables, indexes and SQL.
func TestTheStepFilesMakeTheSchemaOfEveryReleasedVersion(t *testing.T) {
	if len(releasedSteps) > latestVersion(t) {
		t.Fatalf("%d released steps, %d step files", len(releasedSteps), latestVersion(t))
	}
	refs := referenceSchemas(t)
	for v := 1; v <= len(releasedSteps); v++ {
		path := filepath.Join(t.TempDir(), "learner.db")
		makeReleasedFile(t, path, v, 3)
		db := rawDB(t, path)
		if got := migrationtest.SQLiteSchema(t, db); !reflect.DeepEqual(got, refs[v]) {
			t.Errorf("version %d: released schema\n  %s\nstep files' schema\n  %s", v,
				strings.Join(got, "\n  "), strings.Join(refs[v], "\n  "))
		}
	}
}

// A file of every released version opens in this Déclic: it is brought to the latest
// version, every row keeps every value it had, the columns added since hold their
// defaults, each profile has a key of its own, and the schema is that of a new file.
func TestAFileOfEveryReleasedVersionMigratesWithoutLoss(t *testing.T) {
	latest := referenceSchemas(t)[latestVersion(t)]
	for v := 0; v <= len(releasedSteps); v++ {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "learner.db")
			makeReleasedFile(t, path, v, 5)
			db := rawDB(t, path)
			cols := migrationtest.SQLiteColumns(t, db)
			before := migrationtest.Rows(t, db, cols)
			var keysBefore int
			if v >= keyStep {
				db.QueryRow("SELECT count(*) FROM profile_keys").Scan(&keysBefore)
			}
			db.Close()

			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := userVersion(t, s.db); got != latestVersion(t) {
				t.Fatalf("version after opening: %d, want %d", got, latestVersion(t))
			}
			if after := migrationtest.Rows(t, s.db, cols); !reflect.DeepEqual(before, after) {
				t.Errorf("rows changed by the migration:\nbefore %v\nafter  %v", before, after)
			}
			if got := migrationtest.SQLiteSchema(t, s.db); !reflect.DeepEqual(got, latest) {
				t.Errorf("schema after the migration:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(latest, "\n  "))
			}
			var profiles, keyed, distinct, defaults int
			s.db.QueryRow("SELECT count(*) FROM profiles").Scan(&profiles)
			s.db.QueryRow("SELECT count(*), count(DISTINCT did) FROM profile_keys").Scan(&keyed, &distinct)
			if profiles != keyed || keyed != distinct || (v >= keyStep && keyed != keysBefore) {
				t.Errorf("%d profiles, %d keys (%d distinct, %d before)", profiles, keyed, distinct, keysBefore)
			}
			s.db.QueryRow(`SELECT count(*) FROM profiles WHERE speech_rate = 1 AND unlock_failures = 0
				AND unlock_wait_until = 0`).Scan(&defaults)
			if v == 1 && defaults != profiles {
				t.Errorf("%d of %d profiles of a version 1 file have the default speed and no wait", defaults, profiles)
			}
			// The store reads what the old file held.
			if v >= 1 {
				var id string
				s.db.QueryRow("SELECT id FROM profiles WHERE key = 1").Scan(&id)
				mods, err := s.CompletedModules(ctx, id)
				if err != nil || len(mods) != 1 || mods[0].ModuleTitle != "La souris" {
					t.Errorf("completed modules of a migrated profile: %+v, %v", mods, err)
				}
				if _, err := s.ProfileKey(ctx, id); err != nil {
					t.Errorf("key of a migrated profile: %v", err)
				}
			}
		})
	}
}

// Opening a file at the latest version changes nothing in it: a write would change at
// least the header's change counter once the WAL is folded back at Close.
func TestAFileAtTheLatestVersionIsOnlyRead(t *testing.T) {
	s := openTemp(t)
	mustProfile(t, s, "Marie")
	s.Close()
	before, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	after, _ := os.ReadFile(s.Path())
	if !bytes.Equal(before, after) {
		t.Error("opening an up-to-date file wrote to it")
	}
}

// A negative user_version is no version any Déclic writes: a damaged header. The file
// is refused as damaged (so the app offers to put it aside) and left as it was.
func TestANegativeSchemaVersionIsADamagedFile(t *testing.T) {
	s := openTemp(t)
	mustProfile(t, s, "Marie")
	if _, err := s.db.Exec("PRAGMA user_version = -2"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(s.Path())
	if _, err := Open(s.Path()); !errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open = %v, want ErrCorrupt", err)
	}
	if after, _ := os.ReadFile(s.Path()); !bytes.Equal(before, after) {
		t.Error("the damaged file was written to")
	}
}
