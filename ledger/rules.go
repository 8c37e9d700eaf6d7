package ledger

import (
	"context"
	"strings"

	"declic/keys"
)

// Tx is what the rules need from a store's open transaction, which holds the chain's
// lock. "Active" means not cancelled. Stores implement it; CreditIn, EnrolIn and
// CancelIn drive it.
type Tx interface {
	// Signer returns the did:key that signs centre's chain ("" before its first signed
	// entry); on a shared ledger, the key the network registered for the centre.
	Signer(ctx context.Context, centre string) (string, error)
	// RecordHolder returns the active credit of recordID, in the whole store.
	RecordHolder(ctx context.Context, recordID string) (Entry, bool, error)
	// DossierHolder returns the active credit of achievementID to learner at centre.
	DossierHolder(ctx context.Context, centre, learner, achievementID string) (Entry, bool, error)
	// KeyHolder returns the active credit of achievementID to a record signed by
	// learnerKey, in the whole store.
	KeyHolder(ctx context.Context, learnerKey, achievementID string) (Entry, bool, error)
	// Attempts counts the cancelled credits of the record, of the dossier and module,
	// and of the key and module: the attempts the next credit takes.
	Attempts(ctx context.Context, centre, recordID, learner, learnerKey, achievementID string) (Attempts, error)
	// Enrolment returns the active enrolment of learnerKey at centre.
	Enrolment(ctx context.Context, centre, learnerKey string) (Entry, bool, error)
	// EnrolledElsewhere returns another centre of the network where learnerKey has an
	// active enrolment ("" if none, and always "" in a one-centre ledger).
	EnrolledElsewhere(ctx context.Context, centre, learnerKey string) (string, error)
	// PassHours returns the hours credited (less cancels) on pass in the whole store,
	// or, with no pass, to learner at centre.
	PassHours(ctx context.Context, centre, learner, pass string) (float64, error)
	// Entry returns entry seq of centre's chain.
	Entry(ctx context.Context, centre string, seq int64) (Entry, bool, error)
	// CancelOf returns the entry that cancels entry seq of centre's chain.
	CancelOf(ctx context.Context, centre string, seq int64) (Entry, bool, error)
	// Append links e after the chain's head, signs it with key and inserts it.
	Append(ctx context.Context, e Entry, key *keys.Key) (Entry, error)
}

// checkSigner refuses a centre key other than the one that signs the chain.
func checkSigner(ctx context.Context, tx Tx, centre string, key *keys.Key) error {
	signer, err := tx.Signer(ctx, centre)
	if err != nil {
		return err
	}
	if signer != "" && signer != key.DID() {
		return &Refusal{Code: CodeCentreKey, Signer: signer}
	}
	return nil
}

// CreditFacts is what the crediting rules read of the ledger before a credit: each
// holder is the active entry that takes the place the credit asks for (nil when the
// place is free).
type CreditFacts struct {
	// Signer is the did:key that signs the chain ("" before its first signed entry).
	Signer string
	// RecordHolder is the active credit of the same record, in the whole store.
	RecordHolder *Entry
	// Enrolment is the key's active enrolment at the centre. When it is for the
	// dossier credited, nothing but that is used of it: a CreditFactsReader may then
	// give only its Seq, Kind, Learner and LearnerKey.
	Enrolment *Entry
	// DossierHolder is the active credit of the same module to the same dossier.
	DossierHolder *Entry
	// KeyHolder is the active credit of the same module to a record of the same key.
	KeyHolder *Entry
	// Attempts are the cancels before this credit (see Tx.Attempts).
	Attempts Attempts
	// PassHours are the hours already credited on the pass (see Tx.PassHours).
	PassHours float64
}

// CreditFactsReader is a Tx that reads all the CreditFacts at once (one query instead
// of one per question); it must give what AskCreditFacts gives.
type CreditFactsReader interface {
	CreditFacts(ctx context.Context, req CreditRequest) (CreditFacts, error)
}

// AskCreditFacts reads the CreditFacts of req from tx question by question: what
// CreditIn does with a Tx that is not a CreditFactsReader, and the reference one must
// agree with.
func AskCreditFacts(ctx context.Context, tx Tx, req CreditRequest) (CreditFacts, error) {
	var f CreditFacts
	var err error
	if f.Signer, err = tx.Signer(ctx, req.Centre); err != nil {
		return f, err
	}
	holder := func(e Entry, found bool, err error) (*Entry, error) {
		if err != nil || !found {
			return nil, err
		}
		return &e, nil
	}
	if f.RecordHolder, err = holder(tx.RecordHolder(ctx, req.RecordID)); err != nil {
		return f, err
	}
	if f.Enrolment, err = holder(tx.Enrolment(ctx, req.Centre, req.LearnerKey)); err != nil {
		return f, err
	}
	if f.DossierHolder, err = holder(tx.DossierHolder(ctx, req.Centre, req.Learner, req.AchievementID)); err != nil {
		return f, err
	}
	if f.KeyHolder, err = holder(tx.KeyHolder(ctx, req.LearnerKey, req.AchievementID)); err != nil {
		return f, err
	}
	if f.Attempts, err = tx.Attempts(ctx, req.Centre, req.RecordID, req.Learner, req.LearnerKey, req.AchievementID); err != nil {
		return f, err
	}
	f.PassHours, err = tx.PassHours(ctx, req.Centre, req.Learner, req.Pass)
	return f, err
}

// CreditIn applies the crediting rules inside tx: the centre key must be the chain's;
// the record must not be credited already, nor its module to this dossier, nor its
// module to a record of the same key; its key must be enrolled for the dossier (here,
// or in the network) unless the policy accepts unenrolled keys; then the policy's caps
// apply on the hours the catalogue allows, and the credit is appended.
func CreditIn(ctx context.Context, tx Tx, req CreditRequest) (Entry, error) {
	if err := req.Validate(); err != nil {
		return Entry{}, err
	}
	var f CreditFacts
	var err error
	if r, ok := tx.(CreditFactsReader); ok {
		f, err = r.CreditFacts(ctx, req)
	} else {
		f, err = AskCreditFacts(ctx, tx, req)
	}
	if err != nil {
		return Entry{}, err
	}
	if f.Signer != "" && f.Signer != req.CentreKey.DID() {
		return Entry{}, &Refusal{Code: CodeCentreKey, Signer: f.Signer}
	}
	if f.RecordHolder != nil {
		return Entry{}, &Refusal{Code: CodeDuplicateRecord, Holder: f.RecordHolder}
	}
	enrolled, reason := false, ""
	switch {
	case f.Enrolment != nil && f.Enrolment.Learner != req.Learner:
		return Entry{}, &Refusal{Code: CodeOtherDossier, Holder: f.Enrolment}
	case f.Enrolment != nil:
		enrolled = true
	default:
		elsewhere, err := tx.EnrolledElsewhere(ctx, req.Centre, req.LearnerKey)
		if err != nil {
			return Entry{}, err
		}
		if elsewhere != "" {
			enrolled, reason = true, "enrolled-at:"+elsewhere
		} else if !req.Policy.AcceptUnenrolled {
			return Entry{}, &Refusal{Code: CodeNotEnrolled}
		}
	}
	if f.DossierHolder != nil {
		return Entry{}, &Refusal{Code: CodeDuplicateDossier, Holder: f.DossierHolder}
	}
	if f.KeyHolder != nil {
		return Entry{}, &Refusal{Code: CodeDuplicateKey, Holder: f.KeyHolder}
	}
	// Every credited record is home learning: records come from the learner's own PC.
	hours, note := req.Policy.Apply(req.Hours, f.PassHours, f.PassHours)
	if hours <= 0 {
		return Entry{}, &Refusal{Code: note, Cap: req.Policy.capOf(note)}
	}
	e, err := tx.Append(ctx, Entry{
		Kind: KindCredit, Centre: req.Centre, Operator: req.Operator, RecordID: req.RecordID, Learner: req.Learner,
		Pass: req.Pass, LearnerKey: req.LearnerKey, AchievementID: req.AchievementID, Module: req.Module,
		HoursEarned: req.HoursEarned, HoursCredited: hours, ActivityEnd: req.ActivityEnd, Enrolled: enrolled,
		Reason: reason, RecordJSON: req.RecordJSON, Attempts: f.Attempts, CreatedAt: Timestamp(req.Now),
	}, req.CentreKey)
	e.Note = note
	return e, err
}

// EnrolIn binds a learner key to a dossier inside tx: a key is enrolled for one dossier
// at a time in a centre (cancel the enrolment to move it).
func EnrolIn(ctx context.Context, tx Tx, req EnrolRequest) (Entry, error) {
	if err := req.Validate(); err != nil {
		return Entry{}, err
	}
	if _, err := keys.ParseDID(req.LearnerKey); err != nil || strings.Contains(req.LearnerKey, "#") {
		return Entry{}, invalid(FieldLearnerKey, ProblemUnreadable)
	}
	if err := checkSigner(ctx, tx, req.Centre, req.CentreKey); err != nil {
		return Entry{}, err
	}
	en, found, err := tx.Enrolment(ctx, req.Centre, req.LearnerKey)
	switch {
	case err != nil:
		return Entry{}, err
	case found && en.Learner == req.Learner:
		return Entry{}, &Refusal{Code: CodeAlreadyEnrolled, Holder: &en}
	case found:
		return Entry{}, &Refusal{Code: CodeOtherDossier, Holder: &en}
	}
	return tx.Append(ctx, Entry{Kind: KindEnrol, Centre: req.Centre, Operator: req.Operator, Learner: req.Learner,
		LearnerKey: req.LearnerKey, Reason: req.Reason, CreatedAt: Timestamp(req.Now)}, req.CentreKey)
}

// CancelIn undoes a credit or an enrolment of the centre's chain inside tx, by
// appending a signed cancel that carries the target's facts and the opposite hours.
func CancelIn(ctx context.Context, tx Tx, req CancelRequest) (Entry, error) {
	if err := req.Validate(); err != nil {
		return Entry{}, err
	}
	if err := checkSigner(ctx, tx, req.Centre, req.CentreKey); err != nil {
		return Entry{}, err
	}
	target, found, err := tx.Entry(ctx, req.Centre, req.Seq)
	switch {
	case err != nil:
		return Entry{}, err
	case !found:
		return Entry{}, &Refusal{Code: CodeNoEntry, Seq: req.Seq}
	case target.Kind == KindCancel:
		return Entry{}, &Refusal{Code: CodeNotCancellable, Seq: req.Seq}
	}
	if c, found, err := tx.CancelOf(ctx, req.Centre, req.Seq); err != nil || found {
		if err != nil {
			return Entry{}, err
		}
		return Entry{}, &Refusal{Code: CodeAlreadyCancelled, Holder: &c, Seq: req.Seq}
	}
	return tx.Append(ctx, Entry{
		Kind: KindCancel, Centre: req.Centre, Operator: req.Operator, Target: req.Seq, Reason: req.Reason,
		RecordID: target.RecordID, Learner: target.Learner, Pass: target.Pass, LearnerKey: target.LearnerKey,
		AchievementID: target.AchievementID, Module: target.Module, HoursCredited: -target.HoursCredited,
		CreatedAt: Timestamp(req.Now),
	}, req.CentreKey)
}
