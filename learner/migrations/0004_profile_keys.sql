-- Each profile gets its own Ed25519 key (learner/profilekeys.go), the one its
-- completion records and its « Mon bilan » are signed with and whose did:key its
-- « carte Déclic » shows: a shared PC has many learners, so a key per PC would make
-- them one person for a centre. The key is kept in clear, protected like the rest of
-- the file by the operating system's file permissions (the file is owner-only):
-- sealing it with a 4-digit PIN would add nothing against someone who copies the file,
-- and profiles without a PIN must sign too. It is sealed with the learner's secret
-- only when it leaves the PC in a profile file (learner/transfer.go).
-- The profiles already there get their keys from Go code run right after this step,
-- in the same transaction (learner/schema.go: a key needs crypto/rand).
--
-- The step also adds the count of wrong PINs or picture passwords in a row and the
-- moment until which the profile refuses to be opened (learner/unlock.go).
CREATE TABLE profile_keys (
	profile_key INTEGER PRIMARY KEY REFERENCES profiles(key) ON DELETE CASCADE,
	secret      TEXT    NOT NULL,                      -- Multikey secret (z3u2…), the 32-byte seed
	did         TEXT    NOT NULL UNIQUE,               -- did:key:z6Mk…, derived from it
	created_at  INTEGER NOT NULL
);
ALTER TABLE profiles ADD COLUMN unlock_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN unlock_wait_until INTEGER NOT NULL DEFAULT 0;
