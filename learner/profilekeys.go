package learner

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"declic/keys"
)

// keyStep is the schema step that gave profiles their keys
// (migrations/0004_profile_keys.sql); giveMissingKeys runs right after it.
const keyStep = 4

// execer is what writing a key needs: the database or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// insertKey stores a fresh key for the profile with this row key, unless it has one.
func insertKey(ctx context.Context, db execer, profileKey int64, at time.Time) error {
	k, err := keys.Generate()
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `INSERT INTO profile_keys (profile_key, secret, did, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (profile_key) DO NOTHING`,
		profileKey, k.SecretMultibase(), k.DID(), at.UnixMilli())
	return err
}

// giveMissingKeys gives a key to every profile that has none (profiles of a file
// made before step 4).
func giveMissingKeys(ctx context.Context, tx *sql.Tx, at time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT key FROM profiles
		WHERE key NOT IN (SELECT profile_key FROM profile_keys) ORDER BY key`)
	if err != nil {
		return err
	}
	var missing []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		missing = append(missing, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range missing {
		if err := insertKey(ctx, tx, k, at); err != nil {
			return err
		}
	}
	return nil
}

// ProfileKey returns the profile's signing key. A profile without one (a file that a
// Déclic older than schema step 4 wrote to after its migration) gets one now; two
// windows asking at once get the same key.
func (s *Store) ProfileKey(ctx context.Context, profileID string) (*keys.Key, error) {
	key, err := s.profileKey(ctx, profileID)
	if err != nil {
		return nil, err
	}
	k, err := s.readKey(ctx, key)
	if !errors.Is(err, sql.ErrNoRows) {
		return k, err
	}
	if err := insertKey(ctx, s.db, key, s.now()); err != nil {
		return nil, s.classify("create profile key", err)
	}
	return s.readKey(ctx, key)
}

// readKey reads the key of the profile with this row key; sql.ErrNoRows when none.
func (s *Store) readKey(ctx context.Context, profileKey int64) (*keys.Key, error) {
	var secret, did string
	err := s.db.QueryRowContext(ctx, "SELECT secret, did FROM profile_keys WHERE profile_key = ?", profileKey).Scan(&secret, &did)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, s.classify("read profile key", err)
	}
	k, err := keys.ParseSecretMultibase(secret)
	if err != nil || k.DID() != did {
		return nil, fmt.Errorf("learner: %s: %w: the key of a profile is unreadable", s.path, ErrCorrupt)
	}
	return k, nil
}
