package sqlite

import (
	"context"
	"database/sql"

	"declic/ledger"
)

// The crediting rules' questions, as conditions on an entry e with named parameters
// (:record, :centre, :learner, :key, :achievement, :pass). The one-question methods of
// tx and CreditFacts, which asks them all at once, share them.
const (
	// signerQuery finds the key that signs the chain: the first signed entry's.
	signerQuery = `SELECT signer FROM entries WHERE signer <> '' ORDER BY seq LIMIT 1`

	whereRecordHolder  = `kind = 'credit' AND record_id = :record` + active
	whereDossierHolder = `kind = 'credit' AND centre = :centre AND learner = :learner AND achievement_id = :achievement` + active
	whereKeyHolder     = `kind = 'credit' AND device = :key AND achievement_id = :achievement` + active
	// whereEnrolment is read newest first.
	whereEnrolment = `kind = 'enrol' AND device = :key` + active

	attemptsColumns = `(SELECT count(*) FROM entries WHERE kind = 'cancel' AND record_id = :record),
		(SELECT count(*) FROM entries WHERE kind = 'cancel' AND centre = :centre AND learner = :learner AND achievement_id = :achievement),
		(SELECT count(*) FROM entries WHERE kind = 'cancel' AND device = :key AND achievement_id = :achievement)`
)

// passHoursQuery sums the hours credited on pass, or, with no pass, to the learner.
func passHoursQuery(pass string) string {
	if pass == "" {
		// By the learner's index: most entries may have no pass, and the pass index
		// would then read them all for every credit.
		return `SELECT COALESCE(SUM(hours_credited), 0) FROM entries WHERE kind IN ('credit','cancel') AND +pass = '' AND learner = :learner`
	}
	return `SELECT COALESCE(SUM(hours_credited), 0) FROM entries WHERE kind IN ('credit','cancel') AND pass = :pass`
}

// creditFactsQuery asks every question of a credit in one statement: the holders as
// entry numbers (0 for none), the enrolment's number and dossier, then the attempts
// and the pass's hours.
func creditFactsQuery(pass string) string {
	holder := func(where string) string {
		return `COALESCE((SELECT e.seq FROM entries e WHERE ` + where + ` LIMIT 1), 0)`
	}
	return `SELECT COALESCE((` + signerQuery + `), ''), ` +
		holder(whereRecordHolder) + `, ` +
		`COALESCE(enrolment.seq, 0), COALESCE(enrolment.learner, ''), ` +
		holder(whereDossierHolder) + `, ` +
		holder(whereKeyHolder) + `, ` +
		attemptsColumns + `, (` + passHoursQuery(pass) + `)
		FROM (SELECT 1) LEFT JOIN (SELECT e.seq, e.learner FROM entries e WHERE ` + whereEnrolment + ` ORDER BY seq DESC LIMIT 1) enrolment`
}

var _ ledger.CreditFactsReader = tx{}

// CreditFacts reads what ledger.CreditIn asks in one query, and the entries that
// hold a place by their numbers: a credit costs one statement instead of eight. An
// enrolment for the dossier asked for is not read in full (see ledger.CreditFacts).
func (t tx) CreditFacts(ctx context.Context, req ledger.CreditRequest) (ledger.CreditFacts, error) {
	var f ledger.CreditFacts
	var record, enrolment, dossier, key int64
	var enrolled string
	err := t.QueryRowContext(ctx, creditFactsQuery(req.Pass),
		sql.Named("record", req.RecordID), sql.Named("centre", req.Centre), sql.Named("learner", req.Learner),
		sql.Named("key", req.LearnerKey), sql.Named("achievement", req.AchievementID), sql.Named("pass", req.Pass),
	).Scan(&f.Signer, &record, &enrolment, &enrolled, &dossier, &key, &f.Attempts.Record, &f.Attempts.Dossier, &f.Attempts.Key, &f.PassHours)
	if err != nil {
		return f, err
	}
	if enrolment != 0 && enrolled == req.Learner {
		f.Enrolment = &ledger.Entry{Seq: enrolment, Kind: ledger.KindEnrol, Learner: enrolled, LearnerKey: req.LearnerKey}
		enrolment = 0 // nothing more of it is needed
	}
	for _, h := range []struct {
		seq int64
		to  **ledger.Entry
	}{{record, &f.RecordHolder}, {enrolment, &f.Enrolment}, {dossier, &f.DossierHolder}, {key, &f.KeyHolder}} {
		if h.seq == 0 {
			continue
		}
		e, found, err := t.Entry(ctx, req.Centre, h.seq)
		if err != nil {
			return f, err
		}
		if found {
			*h.to = &e
		}
	}
	return f, nil
}
