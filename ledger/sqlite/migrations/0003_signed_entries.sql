-- Entries signed by the centre key; cancels; the record kept with each credit; and the
-- database's own rules: one active credit per record, per dossier and module, and per
-- learner key and module (the attempt columns count the cancels before a credit, so a
-- cancelled credit frees its place for exactly one new one). SQLite cannot change a
-- CHECK constraint, so the table is rebuilt; rows keep their values and hashes.
CREATE TABLE entries_v3 (
	seq             INTEGER PRIMARY KEY,
	centre          TEXT NOT NULL DEFAULT '',
	operator        TEXT NOT NULL DEFAULT '',
	kind            TEXT NOT NULL CHECK (kind IN ('credit','enrol','cancel')),
	record_id       TEXT NOT NULL DEFAULT '',
	learner         TEXT NOT NULL,
	pass            TEXT NOT NULL DEFAULT '',
	device          TEXT NOT NULL, -- the learner profile's key (did:key)
	achievement_id  TEXT NOT NULL DEFAULT '',
	module          TEXT NOT NULL DEFAULT '',
	hours_earned    REAL NOT NULL DEFAULT 0,
	hours_credited  REAL NOT NULL DEFAULT 0,
	activity_end    TEXT NOT NULL DEFAULT '',
	enrolled        INTEGER NOT NULL DEFAULT 0,
	target          INTEGER NOT NULL DEFAULT 0,
	reason          TEXT NOT NULL DEFAULT '',
	record_hash     TEXT NOT NULL DEFAULT '',
	record_json     BLOB,
	record_attempt  INTEGER, -- NULL in rows written before this version
	dossier_attempt INTEGER,
	key_attempt     INTEGER,
	created_at      TEXT NOT NULL,
	prev_hash       TEXT NOT NULL,
	hash            TEXT NOT NULL,
	signer          TEXT NOT NULL DEFAULT '',
	signature       TEXT NOT NULL DEFAULT ''
);
INSERT INTO entries_v3 (seq, centre, operator, kind, record_id, learner, pass, device, achievement_id, module,
	hours_earned, hours_credited, activity_end, enrolled, created_at, prev_hash, hash)
SELECT seq, centre, operator, kind, COALESCE(record_id, ''), learner, pass, device, achievement_id, module,
	hours_earned, hours_credited, activity_end, enrolled, created_at, prev_hash, hash FROM entries;
DROP TABLE entries;
ALTER TABLE entries_v3 RENAME TO entries;

CREATE UNIQUE INDEX entries_record_once ON entries (record_id, record_attempt)
	WHERE kind = 'credit' AND record_attempt IS NOT NULL;
CREATE UNIQUE INDEX entries_dossier_once ON entries (centre, learner, achievement_id, dossier_attempt)
	WHERE kind = 'credit' AND dossier_attempt IS NOT NULL;
CREATE UNIQUE INDEX entries_key_once ON entries (device, achievement_id, key_attempt)
	WHERE kind = 'credit' AND key_attempt IS NOT NULL;
CREATE UNIQUE INDEX entries_cancel_once ON entries (centre, target) WHERE kind = 'cancel';
CREATE INDEX entries_record ON entries (record_id);
CREATE INDEX entries_device ON entries (device, achievement_id);
CREATE INDEX entries_learner ON entries (learner, achievement_id);
CREATE INDEX entries_pass ON entries (pass);

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'le registre est en ajout seul'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'le registre est en ajout seul'); END;

-- A credit's attempts must be the number of cancels before it: no one takes a place
-- that no cancel freed.
CREATE TRIGGER entries_credit_attempts BEFORE INSERT ON entries
WHEN NEW.kind = 'credit' AND (
	NEW.record_id = '' OR NEW.achievement_id = '' OR
	NEW.record_attempt IS NOT (SELECT count(*) FROM entries WHERE kind = 'cancel' AND record_id = NEW.record_id) OR
	NEW.dossier_attempt IS NOT (SELECT count(*) FROM entries WHERE kind = 'cancel' AND centre = NEW.centre
		AND learner = NEW.learner AND achievement_id = NEW.achievement_id) OR
	NEW.key_attempt IS NOT (SELECT count(*) FROM entries WHERE kind = 'cancel' AND device = NEW.device
		AND achievement_id = NEW.achievement_id))
BEGIN SELECT RAISE(ABORT, 'crédit refusé : une attestation, un module par dossier et par clé, une fois'); END;

-- A cancel undoes one credit or enrolment of its chain and carries its facts.
CREATE TRIGGER entries_cancel_target BEFORE INSERT ON entries
WHEN NEW.kind = 'cancel' AND NOT EXISTS (SELECT 1 FROM entries t WHERE t.seq = NEW.target
	AND t.kind IN ('credit','enrol') AND t.record_id = NEW.record_id AND t.learner = NEW.learner
	AND t.device = NEW.device AND t.achievement_id = NEW.achievement_id AND t.pass = NEW.pass
	AND t.hours_credited = -NEW.hours_credited)
BEGIN SELECT RAISE(ABORT, 'annulation refusée : elle ne correspond à aucune ligne'); END;
