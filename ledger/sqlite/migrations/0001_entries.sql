-- The ledger as first released: one chain over the whole file, append-only.
CREATE TABLE IF NOT EXISTS entries (
	seq            INTEGER PRIMARY KEY,
	kind           TEXT NOT NULL CHECK (kind IN ('credit','enrol')),
	record_id      TEXT UNIQUE,
	learner        TEXT NOT NULL,
	pass           TEXT NOT NULL DEFAULT '',
	device         TEXT NOT NULL,
	achievement_id TEXT NOT NULL DEFAULT '',
	module         TEXT NOT NULL DEFAULT '',
	hours_earned   REAL NOT NULL DEFAULT 0,
	hours_credited REAL NOT NULL DEFAULT 0,
	activity_end   TEXT NOT NULL DEFAULT '',
	enrolled       INTEGER NOT NULL DEFAULT 0,
	created_at     TEXT NOT NULL,
	prev_hash      TEXT NOT NULL,
	hash           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_device ON entries(device);
CREATE INDEX IF NOT EXISTS entries_learner_pass ON entries(learner, pass);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'le registre est en ajout seul'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'le registre est en ajout seul'); END;
