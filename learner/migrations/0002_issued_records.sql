-- The ids of the completion records (signed attestations) handed out, one per
-- (profile, module). Keeping the id and the signing time lets the app issue the same
-- record again, byte for byte, so a centre never counts one module twice because it
-- was exported twice (learner/records.go).
CREATE TABLE issued_records (
	profile_key INTEGER NOT NULL REFERENCES profiles(key) ON DELETE CASCADE,
	pack_id     TEXT    NOT NULL,
	module_id   TEXT    NOT NULL,
	record_id   TEXT    NOT NULL UNIQUE,                -- "urn:uuid:…", the credential's id
	issued_at   INTEGER NOT NULL,                       -- the credential's validFrom
	PRIMARY KEY (profile_key, pack_id, module_id)
) WITHOUT ROWID;
