package learner

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ExportFormat names the JSON document Export writes (docs/learner-data.md).
const ExportFormat = "declic.learner-export"

// ExportVersion is the version of that document; it grows when a field changes
// meaning or goes away. New fields may appear within a version (the speech rate and
// the issued records did), so readers ignore the fields they do not know.
const ExportVersion = 1

// Export is the whole of a profile's data, as written by Store.Export. Durations
// are integer milliseconds and times RFC 3339 in UTC, so nothing is rounded away.
type Export struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	ExportedAt  time.Time          `json:"exported_at"`
	Profile     ExportProfile      `json:"profile"`
	ActiveMs    int64              `json:"active_ms"`
	ActiveSpans []ExportActiveSpan `json:"active_spans"`
	StepViews   []ExportStepView   `json:"step_views"`
	Attempts    []ExportAttempt    `json:"attempts"`
	Completions []ExportCompletion `json:"completions"`
	// IssuedRecords are the completion records (attestations) handed out, one per module.
	IssuedRecords []ExportIssuedRecord `json:"issued_records"`
	Competencies  []ExportCompetency   `json:"competencies"`
}

// ExportProfile is the profile part of the export: no secrets, only whether they are set.
type ExportProfile struct {
	ID                 string    `json:"id"`
	FirstName          string    `json:"first_name"`
	Avatar             string    `json:"avatar"`
	HasPIN             bool      `json:"has_pin"`
	HasPicturePassword bool      `json:"has_picture_password"`
	Created            time.Time `json:"created_at"`
	Preferences        struct {
		TextScale  float64 `json:"text_scale"`
		Theme      string  `json:"theme"`
		Language   string  `json:"language"`
		ReadAloud  bool    `json:"read_aloud"`
		SpeechRate float64 `json:"speech_rate"`
		SlowHands  bool    `json:"slow_hands"`
	} `json:"preferences"`
	Placement struct {
		State    string     `json:"state"`
		PackID   string     `json:"pack_id"`
		ModuleID string     `json:"module_id"`
		At       *time.Time `json:"at"`
	} `json:"placement"`
}

// ExportActiveSpan is an ActiveSpan in the export.
type ExportActiveSpan struct {
	PackID   string    `json:"pack_id"`
	ModuleID string    `json:"module_id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	ActiveMs int64     `json:"active_ms"`
}

// ExportStepView is a StepView in the export.
type ExportStepView struct {
	PackID   string    `json:"pack_id"`
	ModuleID string    `json:"module_id"`
	LessonID string    `json:"lesson_id"`
	Step     int       `json:"step"`
	At       time.Time `json:"at"`
}

// ExportAttempt is an Attempt in the export.
type ExportAttempt struct {
	PackID     string    `json:"pack_id"`
	ModuleID   string    `json:"module_id"`
	LessonID   string    `json:"lesson_id"`
	Step       int       `json:"step"`
	Kind       string    `json:"kind"`
	Score      float64   `json:"score"`
	Passed     bool      `json:"passed"`
	Skipped    bool      `json:"skipped"`
	DurationMs int64     `json:"duration_ms"`
	Answer     string    `json:"answer"`
	At         time.Time `json:"at"`
}

// ExportCompletion is a Completion in the export.
type ExportCompletion struct {
	PackID       string    `json:"pack_id"`
	PackVersion  string    `json:"pack_version"`
	ModuleID     string    `json:"module_id"`
	ModuleTitle  string    `json:"module_title"`
	Level        string    `json:"level"`
	Competencies []string  `json:"competencies"`
	Hours        float64   `json:"hours"`
	FinalScore   float64   `json:"final_score"`
	Mastered     bool      `json:"mastered"`
	At           time.Time `json:"at"`
}

// ExportIssuedRecord is an IssuedRecord in the export: the id of the attestation
// handed out for a module and when it was signed, so the learner can tell which
// records a centre may have received.
type ExportIssuedRecord struct {
	PackID   string    `json:"pack_id"`
	ModuleID string    `json:"module_id"`
	RecordID string    `json:"record_id"`
	IssuedAt time.Time `json:"issued_at"`
}

// ExportCompetency is a derived competency level with its evidence.
type ExportCompetency struct {
	Code     string           `json:"code"`
	Label    string           `json:"label"` // in the profile's language, French by default; "" for pack codes
	Level    int              `json:"level"`
	Evidence []ExportEvidence `json:"evidence"`
}

// ExportEvidence is one module behind a competency level.
type ExportEvidence struct {
	PackID      string    `json:"pack_id"`
	ModuleID    string    `json:"module_id"`
	ModuleTitle string    `json:"module_title"`
	Level       string    `json:"level"`
	FinalScore  float64   `json:"final_score"`
	Counts      bool      `json:"counts"`
	At          time.Time `json:"at"`
}

// Export writes all of a profile's data as one indented JSON document, the Export
// type (see docs/learner-data.md). Secrets are not exported, only whether they are
// set. Rows are streamed from the database to w one by one, so years of history
// do not have to fit in memory.
func (s *Store) Export(ctx context.Context, profileID string, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := s.exportTo(ctx, profileID, bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("learner: export %s: %w", profileID, err)
	}
	return nil
}

// ExportFile writes Export to path atomically: a temporary file in the same folder,
// synced, then renamed, so a crash never leaves half a file under that name.
func (s *Store) ExportFile(ctx context.Context, profileID, path string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("learner: export to %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := s.Export(ctx, profileID, tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("learner: export to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("learner: export to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("learner: export to %s: %w", path, err)
	}
	return nil
}

// jsonStream writes the export document piece by piece, in the layout of
// json.Encoder with a two-space indent; the first error sticks.
type jsonStream struct {
	w   *bufio.Writer
	err error
}

func (j *jsonStream) raw(text string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(text)
	}
}

// field writes `"name": value` at the top level of the document.
func (j *jsonStream) field(first bool, name string, v any) {
	if !first {
		j.raw(",")
	}
	j.raw("\n  " + strconv.Quote(name) + ": ")
	j.value("  ", v)
}

func (j *jsonStream) value(indent string, v any) {
	if j.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, indent, "  ")
	if err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(b)
}

// list writes `"name": [ … ]`, one element per call of next, until next says done.
func (j *jsonStream) list(name string, rows func(emit func(any)) error) error {
	j.raw(",\n  " + strconv.Quote(name) + ": [")
	n := 0
	err := rows(func(v any) {
		if n > 0 {
			j.raw(",")
		}
		j.raw("\n    ")
		j.value("    ", v)
		n++
	})
	if err != nil {
		return err
	}
	if n > 0 {
		j.raw("\n  ")
	}
	j.raw("]")
	return j.err
}

// exportTo reads everything inside one read transaction — a consistent snapshot
// even while a Recorder keeps writing — and streams it to w.
func (s *Store) exportTo(ctx context.Context, id string, w *bufio.Writer) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.classify("begin export", err)
	}
	defer tx.Rollback()

	p, err := scanProfile(tx.QueryRowContext(ctx, "SELECT "+profileColumns+" FROM profiles WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("learner: export %s: %w", id, ErrProfileNotFound)
	}
	if err != nil {
		return s.classify("export profile", err)
	}
	var key, activeMs int64
	if err := tx.QueryRowContext(ctx, "SELECT key FROM profiles WHERE id = ?", id).Scan(&key); err != nil {
		return s.classify("export profile", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(sum(active_ms), 0) FROM active_spans WHERE profile_key = ?",
		key).Scan(&activeMs); err != nil {
		return s.classify("export active time", err)
	}

	var pr ExportProfile
	pr.ID, pr.FirstName, pr.Avatar = p.ID, p.FirstName, p.Avatar
	pr.HasPIN, pr.HasPicturePassword, pr.Created = p.HasPIN, p.HasPicturePassword, p.Created
	pr.Preferences.TextScale, pr.Preferences.Theme = p.Preferences.TextScale, p.Preferences.Theme
	pr.Preferences.Language, pr.Preferences.ReadAloud = p.Preferences.Language, p.Preferences.ReadAloud
	pr.Preferences.SpeechRate = p.Preferences.SpeechRate
	pr.Preferences.SlowHands = p.Preferences.SlowHands
	pr.Placement.State, pr.Placement.PackID, pr.Placement.ModuleID = string(p.Placement.State), p.Placement.PackID, p.Placement.ModuleID
	if !p.Placement.At.IsZero() {
		at := p.Placement.At
		pr.Placement.At = &at
	}

	j := &jsonStream{w: w}
	j.raw("{")
	j.field(true, "format", ExportFormat)
	j.field(false, "version", ExportVersion)
	j.field(false, "exported_at", s.now().UTC().Truncate(time.Second))
	j.field(false, "profile", pr)
	j.field(false, "active_ms", activeMs)

	err = j.list("active_spans", func(emit func(any)) error {
		return eachRow(ctx, tx, `SELECT pack_id, module_id, started_at, ended_at, active_ms
			FROM active_spans WHERE profile_key = ? ORDER BY started_at, rowid`, key, func(r *sql.Rows) error {
			var e ExportActiveSpan
			var start, end int64
			if err := r.Scan(&e.PackID, &e.ModuleID, &start, &end, &e.ActiveMs); err != nil {
				return err
			}
			e.Start, e.End = fromMillis(start), fromMillis(end)
			emit(e)
			return nil
		})
	})
	if err != nil {
		return s.classify("export active time", err)
	}

	err = j.list("step_views", func(emit func(any)) error {
		return eachRow(ctx, tx, `SELECT pack_id, module_id, lesson_id, step, at
			FROM step_views WHERE profile_key = ? ORDER BY at, rowid`, key, func(r *sql.Rows) error {
			var e ExportStepView
			var at int64
			if err := r.Scan(&e.PackID, &e.ModuleID, &e.LessonID, &e.Step, &at); err != nil {
				return err
			}
			e.At = fromMillis(at)
			emit(e)
			return nil
		})
	})
	if err != nil {
		return s.classify("export step views", err)
	}

	err = j.list("attempts", func(emit func(any)) error {
		return eachRow(ctx, tx, `SELECT pack_id, module_id, lesson_id, step, kind, score, passed, skipped,
			duration_ms, answer, at FROM attempts WHERE profile_key = ? ORDER BY at, rowid`, key, func(r *sql.Rows) error {
			var e ExportAttempt
			var at int64
			if err := r.Scan(&e.PackID, &e.ModuleID, &e.LessonID, &e.Step, &e.Kind, &e.Score, &e.Passed,
				&e.Skipped, &e.DurationMs, &e.Answer, &at); err != nil {
				return err
			}
			e.At = fromMillis(at)
			emit(e)
			return nil
		})
	})
	if err != nil {
		return s.classify("export attempts", err)
	}

	var stored []storedCompletion
	err = j.list("completions", func(emit func(any)) error {
		return eachRow(ctx, tx, `SELECT pack_id, pack_version, module_id, module_title, level, competencies,
			hours, final_score, mastered, at FROM completions WHERE profile_key = ? ORDER BY at, rowid`, key, func(r *sql.Rows) error {
			var e ExportCompletion
			var codes string
			var at int64
			if err := r.Scan(&e.PackID, &e.PackVersion, &e.ModuleID, &e.ModuleTitle, &e.Level, &codes,
				&e.Hours, &e.FinalScore, &e.Mastered, &at); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(codes), &e.Competencies); err != nil {
				return fmt.Errorf("%w: completion of %s/%s has bad competencies: %v", ErrCorrupt, e.PackID, e.ModuleID, err)
			}
			e.At = fromMillis(at)
			emit(e)
			var c storedCompletion
			c.PackID, c.PackVersion, c.ModuleID, c.ModuleTitle = e.PackID, e.PackVersion, e.ModuleID, e.ModuleTitle
			c.Level, c.Competencies, c.Hours, c.FinalScore, c.Mastered, c.At =
				levelOf(e.Level), e.Competencies, e.Hours, e.FinalScore, e.Mastered, e.At
			stored = append(stored, c)
			return nil
		})
	})
	if err != nil {
		return s.classify("export completions", err)
	}

	err = j.list("issued_records", func(emit func(any)) error {
		return eachRow(ctx, tx, `SELECT pack_id, module_id, record_id, issued_at
			FROM issued_records WHERE profile_key = ? ORDER BY issued_at, pack_id, module_id`, key, func(r *sql.Rows) error {
			var e ExportIssuedRecord
			var at int64
			if err := r.Scan(&e.PackID, &e.ModuleID, &e.RecordID, &at); err != nil {
				return err
			}
			e.IssuedAt = fromMillis(at)
			emit(e)
			return nil
		})
	})
	if err != nil {
		return s.classify("export issued records", err)
	}

	levels := competencyLevels(nil, bestCompletions(stored), SummaryOptions{Language: p.Preferences.Language})
	err = j.list("competencies", func(emit func(any)) error {
		for _, cl := range levels {
			ec := ExportCompetency{Code: cl.Code, Label: cl.Label, Level: cl.Level, Evidence: []ExportEvidence{}}
			for _, e := range cl.Evidence {
				ec.Evidence = append(ec.Evidence, ExportEvidence{
					PackID: e.PackID, ModuleID: e.ModuleID, ModuleTitle: e.ModuleTitle, Level: string(e.Level),
					FinalScore: e.FinalScore, Counts: e.Counts, At: e.At,
				})
			}
			emit(ec)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("learner: export %s: %w", id, err)
	}
	j.raw("\n}\n")
	if j.err != nil {
		return fmt.Errorf("learner: export %s: %w", id, j.err)
	}
	return nil
}

func eachRow(ctx context.Context, tx *sql.Tx, query string, key int64, f func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, key)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := f(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
