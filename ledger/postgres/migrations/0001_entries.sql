-- The shared ledger of a network of centres: one hash chain per centre, a record id
-- credited once in the whole network, append-only, each centre writing only its own rows.
CREATE TABLE entries (
	id             BIGSERIAL PRIMARY KEY,
	centre         TEXT NOT NULL CHECK (centre <> ''),
	seq            BIGINT NOT NULL CHECK (seq > 0),
	kind           TEXT NOT NULL CHECK (kind IN ('credit','enrol')),
	record_id      TEXT,
	learner        TEXT NOT NULL,
	pass           TEXT NOT NULL DEFAULT '',
	device         TEXT NOT NULL,
	achievement_id TEXT NOT NULL DEFAULT '',
	module         TEXT NOT NULL DEFAULT '',
	hours_earned   DOUBLE PRECISION NOT NULL DEFAULT 0,
	hours_credited DOUBLE PRECISION NOT NULL DEFAULT 0,
	activity_end   TEXT NOT NULL DEFAULT '',
	enrolled       BOOLEAN NOT NULL DEFAULT false,
	operator       TEXT NOT NULL DEFAULT '',
	created_at     TIMESTAMPTZ NOT NULL,
	prev_hash      TEXT NOT NULL,
	hash           TEXT NOT NULL,
	-- hash of the entry in a centre's SQLite ledger this one was synced from
	origin         TEXT,
	-- the database role that inserted the row (not part of the hash)
	db_role        TEXT NOT NULL DEFAULT current_user,
	CONSTRAINT entries_record_once UNIQUE (record_id),
	CONSTRAINT entries_origin_once UNIQUE (origin),
	CONSTRAINT entries_chain UNIQUE (centre, seq)
);
CREATE INDEX entries_centre_device ON entries (centre, device, kind, seq);
CREATE INDEX entries_centre_learner_pass ON entries (centre, learner, pass);
CREATE INDEX entries_created ON entries (created_at);

CREATE FUNCTION entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'le registre est en ajout seul';
END
$$;
CREATE TRIGGER entries_no_update BEFORE UPDATE OR DELETE ON entries
	FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
	FOR EACH STATEMENT EXECUTE FUNCTION entries_append_only();

-- A centre's role (named after the centre id) reads every row but inserts only its own.
-- The owner of the table (the administrator who ran this migration) is not bound by it.
ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY entries_read ON entries FOR SELECT USING (true);
CREATE POLICY entries_insert_own ON entries FOR INSERT
	WITH CHECK (centre = current_user AND db_role = current_user);
