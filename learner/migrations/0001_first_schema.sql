-- The first schema: profiles, the events of the lesson player and what is derived
-- from them.
--
-- Conventions: times are INTEGER Unix milliseconds (UTC); durations are INTEGER
-- milliseconds; booleans are 0/1. Event rows point at profiles(key), a small
-- integer, rather than repeating the 36-character uuid on 100 000 rows.
CREATE TABLE profiles (
	key              INTEGER PRIMARY KEY,
	id               TEXT    NOT NULL UNIQUE,            -- uuid, the learner's pseudonymous id
	first_name       TEXT    NOT NULL,
	avatar           TEXT    NOT NULL,                   -- picture id from the app's avatar set
	pin_hash         TEXT,                               -- argon2id, NULL when no PIN
	picture_hash     TEXT,                               -- argon2id, NULL when no picture password
	text_scale       REAL    NOT NULL DEFAULT 1,
	theme            TEXT    NOT NULL DEFAULT '',
	language         TEXT    NOT NULL DEFAULT '',
	read_aloud       INTEGER NOT NULL DEFAULT 0,
	placement_state  TEXT    NOT NULL DEFAULT '',        -- '', 'done' or 'skipped'
	placement_pack   TEXT    NOT NULL DEFAULT '',
	placement_module TEXT    NOT NULL DEFAULT '',
	placement_at     INTEGER NOT NULL DEFAULT 0,
	created_at       INTEGER NOT NULL
);

-- Active time, in spans the app closes every few tens of seconds.
CREATE TABLE active_spans (
	profile_key INTEGER NOT NULL REFERENCES profiles(key) ON DELETE CASCADE,
	pack_id     TEXT    NOT NULL,
	module_id   TEXT    NOT NULL,
	started_at  INTEGER NOT NULL,
	ended_at    INTEGER NOT NULL,
	active_ms   INTEGER NOT NULL CHECK (active_ms >= 0)
);
CREATE INDEX active_spans_by_profile ON active_spans(profile_key, started_at);

CREATE TABLE step_views (
	profile_key INTEGER NOT NULL REFERENCES profiles(key) ON DELETE CASCADE,
	pack_id     TEXT    NOT NULL,
	module_id   TEXT    NOT NULL,
	lesson_id   TEXT    NOT NULL,
	step        INTEGER NOT NULL,
	at          INTEGER NOT NULL
);
CREATE INDEX step_views_by_profile ON step_views(profile_key, at);

CREATE TABLE attempts (
	profile_key INTEGER NOT NULL REFERENCES profiles(key) ON DELETE CASCADE,
	pack_id     TEXT    NOT NULL,
	module_id   TEXT    NOT NULL,
	lesson_id   TEXT    NOT NULL,
	step        INTEGER NOT NULL,
	kind        TEXT    NOT NULL,
	score       REAL    NOT NULL,
	passed      INTEGER NOT NULL,
	skipped     INTEGER NOT NULL,
	duration_ms INTEGER NOT NULL,
	answer      TEXT    NOT NULL,
	at          INTEGER NOT NULL
);
CREATE INDEX attempts_by_profile ON attempts(profile_key, at);

-- A module finished (its final quiz done). Level and competencies are copied from
-- the module at that moment: the evidence stays readable if the pack changes or
-- is removed.
CREATE TABLE completions (
	profile_key  INTEGER NOT NULL REFERENCES profiles(key) ON DELETE CASCADE,
	pack_id      TEXT    NOT NULL,
	pack_version TEXT    NOT NULL,
	module_id    TEXT    NOT NULL,
	module_title TEXT    NOT NULL,
	level        TEXT    NOT NULL,
	competencies TEXT    NOT NULL,                   -- JSON array of codes
	hours        REAL    NOT NULL,
	final_score  REAL    NOT NULL,
	mastered     INTEGER NOT NULL,
	at           INTEGER NOT NULL
);
CREATE INDEX completions_by_profile ON completions(profile_key, at);

-- One row per (profile, module) the learner has touched, kept up to date in the
-- same transaction as each event, so "Mon parcours" reads a few rows instead of
-- scanning years of events. Derived data, always written with its event.
CREATE TABLE module_progress (
	profile_key INTEGER NOT NULL REFERENCES profiles(key) ON DELETE CASCADE,
	pack_id     TEXT    NOT NULL,
	module_id   TEXT    NOT NULL,
	steps_seen  INTEGER NOT NULL DEFAULT 0,
	attempts    INTEGER NOT NULL DEFAULT 0,
	active_ms   INTEGER NOT NULL DEFAULT 0,
	last_lesson TEXT    NOT NULL DEFAULT '',
	last_step   INTEGER NOT NULL DEFAULT 0,
	last_at     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (profile_key, pack_id, module_id)
) WITHOUT ROWID;
