-- Version 2 of the shared ledger (issue 18): entries signed by each centre's key, whose
-- key the network registers once (centres); the network's signed heads, one chain for
-- all centres (heads); cancels; the record kept with each credit; one active credit per
-- record, per dossier and module, and per learner key and module in the whole network,
-- enforced here; and privacy between centres: a centre's role reads its own rows only,
-- and network reports read a view with pseudonyms.
--
-- Run by the owner of the tables (declic_owner in docs/centres.md), never by the
-- everyday administrator: functions below run with the owner's rights, so they must
-- stay short and say little (a centre id and a date, never another centre's learner).

ALTER TABLE entries DROP CONSTRAINT entries_record_once;
ALTER TABLE entries DROP CONSTRAINT entries_kind_check;
ALTER TABLE entries ADD CONSTRAINT entries_kind_check CHECK (kind IN ('credit','enrol','cancel'));
ALTER TABLE entries
	ADD COLUMN target          BIGINT NOT NULL DEFAULT 0,
	ADD COLUMN reason          TEXT NOT NULL DEFAULT '',
	ADD COLUMN record_hash     TEXT NOT NULL DEFAULT '',
	ADD COLUMN record_json     BYTEA,
	ADD COLUMN record_attempt  INTEGER, -- NULL in rows written before version 2
	ADD COLUMN dossier_attempt INTEGER,
	ADD COLUMN key_attempt     INTEGER,
	ADD COLUMN signer          TEXT NOT NULL DEFAULT '',
	ADD COLUMN signature       TEXT NOT NULL DEFAULT '';

CREATE UNIQUE INDEX entries_record_once ON entries (record_id, record_attempt)
	WHERE kind = 'credit' AND record_attempt IS NOT NULL;
CREATE UNIQUE INDEX entries_dossier_once ON entries (centre, learner, achievement_id, dossier_attempt)
	WHERE kind = 'credit' AND dossier_attempt IS NOT NULL;
CREATE UNIQUE INDEX entries_key_once ON entries (device, achievement_id, key_attempt)
	WHERE kind = 'credit' AND key_attempt IS NOT NULL;
CREATE UNIQUE INDEX entries_cancel_once ON entries (centre, target) WHERE kind = 'cancel';
CREATE INDEX entries_record ON entries (record_id);
CREATE INDEX entries_key_achievement ON entries (device, achievement_id);
CREATE INDEX entries_pass ON entries (pass);

-- Each centre's key, registered by its first signed entry; never changed.
CREATE TABLE centres (
	centre     TEXT PRIMARY KEY CHECK (centre <> ''),
	signer     TEXT NOT NULL CHECK (signer LIKE 'did:key:z%'),
	created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	db_role    TEXT NOT NULL DEFAULT current_user
);
CREATE TRIGGER centres_no_update BEFORE UPDATE OR DELETE ON centres
	FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER centres_no_truncate BEFORE TRUNCATE ON centres
	FOR EACH STATEMENT EXECUTE FUNCTION entries_append_only();

-- The network's signed heads: after each write, the writing centre signs its chain's
-- count and last hash, linked to the previous head of any centre. Dropping a centre's
-- last entries leaves its head claiming more; dropping heads too breaks the link of the
-- next head, signed by another centre.
CREATE TABLE heads (
	id         BIGSERIAL PRIMARY KEY,
	centre     TEXT NOT NULL,
	entries    BIGINT NOT NULL CHECK (entries > 0),
	head       TEXT NOT NULL,
	at         TIMESTAMPTZ NOT NULL,
	signer     TEXT NOT NULL,
	prev       TEXT NOT NULL,
	hash       TEXT NOT NULL,
	signature  TEXT NOT NULL,
	db_role    TEXT NOT NULL DEFAULT current_user,
	CONSTRAINT heads_one_successor UNIQUE (prev),
	CONSTRAINT heads_hash_once UNIQUE (hash)
);
CREATE INDEX heads_centre ON heads (centre, id);
CREATE TRIGGER heads_no_update BEFORE UPDATE OR DELETE ON heads
	FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER heads_no_truncate BEFORE TRUNCATE ON heads
	FOR EACH STATEMENT EXECUTE FUNCTION entries_append_only();

-- The secret that makes the network view's pseudonyms unguessable from file numbers.
CREATE TABLE network_secret (secret TEXT NOT NULL);
INSERT INTO network_secret SELECT gen_random_uuid()::text || gen_random_uuid()::text;
REVOKE ALL ON network_secret FROM PUBLIC;

-- Whether the connected role reads every centre's rows: members of declic_admin.
CREATE FUNCTION declic_reads_all() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'declic_admin') THEN
		RETURN false;
	END IF;
	RETURN pg_has_role(current_user, 'declic_admin', 'MEMBER');
END
$$;

-- Privacy: a centre's role reads its own rows; the network administrator reads all.
DROP POLICY entries_read ON entries;
CREATE POLICY entries_read ON entries FOR SELECT
	USING (centre = current_user OR (SELECT declic_reads_all()));
ALTER TABLE centres ENABLE ROW LEVEL SECURITY;
CREATE POLICY centres_read ON centres FOR SELECT USING (true);
CREATE POLICY centres_insert_own ON centres FOR INSERT WITH CHECK (centre = current_user AND db_role = current_user);
ALTER TABLE heads ENABLE ROW LEVEL SECURITY;
CREATE POLICY heads_read ON heads FOR SELECT USING (true);
CREATE POLICY heads_insert_own ON heads FOR INSERT WITH CHECK (centre = current_user AND db_role = current_user);

-- What network reports read: every centre's entries, another centre's learner and pass
-- as pseudonyms (the same pass gives the same pseudonym in every centre), no operator.
CREATE VIEW entries_network AS
SELECT e.centre, e.seq, e.kind, e.created_at, e.achievement_id, e.module, e.hours_earned, e.hours_credited,
	e.enrolled, e.target, e.record_id, e.device, e.activity_end,
	CASE WHEN e.centre = current_user OR (SELECT declic_reads_all()) THEN e.operator ELSE '' END AS operator,
	CASE WHEN e.centre = current_user OR (SELECT declic_reads_all()) THEN e.learner
		ELSE 'personne-' || substr(encode(sha256(convert_to(s.secret || '|' || e.centre || '|' || e.learner, 'UTF8')), 'hex'), 1, 12) END AS learner,
	CASE WHEN e.pass = '' OR e.centre = current_user OR (SELECT declic_reads_all()) THEN e.pass
		ELSE 'pass-' || substr(encode(sha256(convert_to(s.secret || '|' || e.pass, 'UTF8')), 'hex'), 1, 12) END AS pass
FROM entries e CROSS JOIN network_secret s;

-- Network-wide look-ups a centre's role needs and may not read directly. Each says only
-- which centre, which line and when.
CREATE FUNCTION declic_active(c TEXT, s BIGINT) RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT NOT EXISTS (SELECT 1 FROM entries x WHERE x.kind = 'cancel' AND x.centre = c AND x.target = s)
$$;
CREATE FUNCTION declic_record_holder(rid TEXT) RETURNS TABLE (centre TEXT, seq BIGINT, created_at TIMESTAMPTZ)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT e.centre, e.seq, e.created_at FROM entries e
	WHERE e.kind = 'credit' AND e.record_id = rid AND declic_active(e.centre, e.seq) LIMIT 1
$$;
CREATE FUNCTION declic_key_holder(k TEXT, ach TEXT) RETURNS TABLE (centre TEXT, seq BIGINT, created_at TIMESTAMPTZ)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT e.centre, e.seq, e.created_at FROM entries e
	WHERE e.kind = 'credit' AND e.device = k AND e.achievement_id = ach AND declic_active(e.centre, e.seq) LIMIT 1
$$;
CREATE FUNCTION declic_attempts(c TEXT, rid TEXT, l TEXT, k TEXT, ach TEXT)
RETURNS TABLE (record_attempt INTEGER, dossier_attempt INTEGER, key_attempt INTEGER)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT (SELECT count(*) FROM entries WHERE kind = 'cancel' AND record_id = rid)::integer,
		(SELECT count(*) FROM entries WHERE kind = 'cancel' AND centre = c AND learner = l AND achievement_id = ach)::integer,
		(SELECT count(*) FROM entries WHERE kind = 'cancel' AND device = k AND achievement_id = ach)::integer
$$;
CREATE FUNCTION declic_enrolled_elsewhere(c TEXT, k TEXT) RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT e.centre FROM entries e WHERE e.kind = 'enrol' AND e.device = k AND e.centre <> c
	AND declic_active(e.centre, e.seq) ORDER BY e.centre LIMIT 1
$$;
CREATE FUNCTION declic_pass_hours(p TEXT) RETURNS DOUBLE PRECISION
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
	SELECT COALESCE(SUM(hours_credited), 0) FROM entries WHERE kind IN ('credit','cancel') AND pass = p
$$;

-- The database's own checks on every new row, whoever inserts it: the chain grows by
-- one, signed by the centre's registered key; a credit takes the place a cancel freed;
-- a cancel undoes one entry of its chain and carries its facts.
CREATE FUNCTION entries_check_insert() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	head_seq BIGINT;
	head_hash TEXT;
BEGIN
	IF NEW.signer = '' OR NEW.signer IS DISTINCT FROM (SELECT signer FROM centres WHERE centre = NEW.centre) THEN
		RAISE EXCEPTION 'entrée refusée : elle n''est pas signée par la clé enregistrée du centre %', NEW.centre;
	END IF;
	SELECT seq, hash INTO head_seq, head_hash FROM entries WHERE centre = NEW.centre ORDER BY seq DESC LIMIT 1;
	IF NEW.seq <> COALESCE(head_seq, 0) + 1 OR NEW.prev_hash <> COALESCE(head_hash, repeat('0', 64)) THEN
		RAISE EXCEPTION 'entrée refusée : elle ne suit pas la dernière ligne du centre %', NEW.centre;
	END IF;
	IF NEW.kind = 'credit' AND (COALESCE(NEW.record_id, '') = '' OR NEW.achievement_id = ''
		OR NEW.record_attempt IS DISTINCT FROM (SELECT count(*) FROM entries WHERE kind = 'cancel' AND record_id = NEW.record_id)
		OR NEW.dossier_attempt IS DISTINCT FROM (SELECT count(*) FROM entries WHERE kind = 'cancel' AND centre = NEW.centre
			AND learner = NEW.learner AND achievement_id = NEW.achievement_id)
		OR NEW.key_attempt IS DISTINCT FROM (SELECT count(*) FROM entries WHERE kind = 'cancel' AND device = NEW.device
			AND achievement_id = NEW.achievement_id)) THEN
		RAISE EXCEPTION 'crédit refusé : une attestation, un module par dossier et par clé, une fois';
	END IF;
	IF NEW.kind = 'cancel' AND NOT EXISTS (SELECT 1 FROM entries t WHERE t.centre = NEW.centre AND t.seq = NEW.target
		AND t.kind IN ('credit','enrol') AND COALESCE(t.record_id, '') = COALESCE(NEW.record_id, '') AND t.learner = NEW.learner
		AND t.device = NEW.device AND t.achievement_id = NEW.achievement_id AND t.pass = NEW.pass
		AND t.hours_credited = -NEW.hours_credited) THEN
		RAISE EXCEPTION 'annulation refusée : elle ne correspond à aucune ligne du centre %', NEW.centre;
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER entries_check BEFORE INSERT ON entries FOR EACH ROW EXECUTE FUNCTION entries_check_insert();

CREATE FUNCTION heads_check_insert() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
	head_seq BIGINT;
	head_hash TEXT;
BEGIN
	IF NEW.signer IS DISTINCT FROM (SELECT signer FROM centres WHERE centre = NEW.centre) THEN
		RAISE EXCEPTION 'tête refusée : elle n''est pas signée par la clé enregistrée du centre %', NEW.centre;
	END IF;
	SELECT seq, hash INTO head_seq, head_hash FROM entries WHERE centre = NEW.centre ORDER BY seq DESC LIMIT 1;
	IF NEW.entries IS DISTINCT FROM head_seq OR NEW.head IS DISTINCT FROM head_hash THEN
		RAISE EXCEPTION 'tête refusée : elle n''est pas la dernière ligne du centre %', NEW.centre;
	END IF;
	IF NEW.prev <> COALESCE((SELECT hash FROM heads ORDER BY id DESC LIMIT 1), repeat('0', 64)) THEN
		RAISE EXCEPTION 'tête refusée : elle ne suit pas la dernière tête du réseau';
	END IF;
	RETURN NEW;
END
$$;
CREATE TRIGGER heads_check BEFORE INSERT ON heads FOR EACH ROW EXECUTE FUNCTION heads_check_insert();
