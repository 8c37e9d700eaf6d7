package ledger

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Code names a refusal or a problem in one word a program can test; the command line
// turns it into a sentence for centre staff.
type Code string

// Why the ledger refuses a request.
const (
	// CodeDuplicateRecord: the record is already credited (Holder).
	CodeDuplicateRecord Code = "duplicate-record"
	// CodeDuplicateDossier: the dossier already has a credit for this module (Holder).
	CodeDuplicateDossier Code = "duplicate-dossier"
	// CodeDuplicateKey: this learner key already has a credit for this module (Holder),
	// in this centre or in the network.
	CodeDuplicateKey Code = "duplicate-key"
	// CodeNotEnrolled: the record's key is enrolled for no dossier here (nor, on a shared
	// ledger, anywhere in the network).
	CodeNotEnrolled Code = "not-enrolled"
	// CodeOtherDossier: the record's key is enrolled here for another dossier (Holder is
	// the enrolment).
	CodeOtherDossier Code = "other-dossier"
	// CodeAlreadyEnrolled: the key is already enrolled here (Holder is the enrolment).
	CodeAlreadyEnrolled Code = "already-enrolled"
	// CodePassCap: the pass reached the hours per pass (Cap).
	CodePassCap Code = "pass-cap"
	// CodeHomeCap: the pass reached the home-learning hours (Cap).
	CodeHomeCap Code = "home-cap"
	// CodeNoEntry: the chain has no entry Seq.
	CodeNoEntry Code = "no-entry"
	// CodeAlreadyCancelled: entry Seq is already cancelled (Holder is the cancel).
	CodeAlreadyCancelled Code = "already-cancelled"
	// CodeNotCancellable: entry Seq is itself a cancel.
	CodeNotCancellable Code = "not-cancellable"
	// CodeCentreKey: the centre key is not the one that signs this chain (Signer).
	CodeCentreKey Code = "centre-key"
)

// Refusal is a request the ledger declined, with what centre staff need to act on it.
type Refusal struct {
	Code Code
	// Holder is the entry in the way: the credit already holding the record or module,
	// the enrolment of the key, the cancel of the entry. An entry of another centre
	// carries only its centre, seq and date (the learner is that centre's business).
	Holder *Entry
	// Cap is the hours cap reached; Seq the entry asked for; Signer the chain's key;
	// Centre another centre where the key is enrolled.
	Cap    float64
	Seq    int64
	Signer string
	Centre string
}

// Error says the code and its facts, in English; the command line says it in French.
func (r *Refusal) Error() string {
	msg := "ledger: refused: " + string(r.Code)
	if r.Holder != nil {
		msg += fmt.Sprintf(" (entry %d of centre %q, %s)", r.Holder.Seq, r.Holder.Centre, r.Holder.CreatedAt.Format("2006-01-02 15:04"))
	}
	return msg
}

// RefusalOf returns the refusal err holds, or nil.
func RefusalOf(err error) *Refusal {
	var r *Refusal
	if errors.As(err, &r) {
		return r
	}
	return nil
}

// ErrInvalid is what every InvalidError is (errors.Is): a request the ledger cannot
// store at all.
var ErrInvalid = errors.New("ledger: invalid request")

// Field names a request field, for InvalidError.
type Field string

// Request fields an InvalidError can name.
const (
	FieldCentre      Field = "centre"
	FieldOperator    Field = "operator"
	FieldRecordID    Field = "record-id"
	FieldLearner     Field = "learner"
	FieldPass        Field = "pass"
	FieldLearnerKey  Field = "learner-key"
	FieldAchievement Field = "achievement"
	FieldModule      Field = "module"
	FieldActivityEnd Field = "activity-end"
	FieldHours       Field = "hours"
	FieldReason      Field = "reason"
	FieldCentreKey   Field = "centre-key"
	FieldRecord      Field = "record"
	FieldSeq         Field = "seq"
)

// Problem says what is wrong with a field.
type Problem string

// Problems of a request field.
const (
	ProblemMissing    Problem = "missing"
	ProblemUnreadable Problem = "unreadable" // too long, or a control character
	ProblemOutOfRange Problem = "out-of-range"
)

// InvalidError is a request the ledger cannot store: Field has Problem.
type InvalidError struct {
	Field   Field
	Problem Problem
}

// Error says the field and the problem, in English.
func (e *InvalidError) Error() string {
	return fmt.Sprintf("ledger: invalid request: %s %s", e.Field, e.Problem)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

func invalid(f Field, p Problem) error { return &InvalidError{Field: f, Problem: p} }

func validText(f Field, v string, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return invalid(f, ProblemMissing)
	}
	if len(v) > 1000 || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }) {
		return invalid(f, ProblemUnreadable)
	}
	return nil
}

type textField struct {
	f        Field
	v        string
	required bool
}

func validate(fields ...textField) error {
	for _, t := range fields {
		if err := validText(t.f, t.v, t.required); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks the request's fields (CreditIn does too).
func (r CreditRequest) Validate() error {
	if r.CentreKey == nil {
		return invalid(FieldCentreKey, ProblemMissing)
	}
	if err := validate(textField{FieldCentre, r.Centre, false}, textField{FieldOperator, r.Operator, false},
		textField{FieldRecordID, r.RecordID, true}, textField{FieldLearner, r.Learner, true}, textField{FieldPass, r.Pass, false},
		textField{FieldLearnerKey, r.LearnerKey, true}, textField{FieldAchievement, r.AchievementID, true},
		textField{FieldModule, r.Module, false}, textField{FieldActivityEnd, r.ActivityEnd, false}); err != nil {
		return err
	}
	for _, h := range []float64{r.HoursEarned, r.Hours} {
		if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 || h > 1000 {
			return invalid(FieldHours, ProblemOutOfRange)
		}
	}
	if r.Hours > r.HoursEarned {
		return invalid(FieldHours, ProblemOutOfRange)
	}
	if len(r.RecordJSON) == 0 {
		return invalid(FieldRecord, ProblemMissing)
	}
	if len(r.RecordJSON) > 1<<20 {
		return invalid(FieldRecord, ProblemOutOfRange)
	}
	return nil
}

// Validate checks the request's fields (EnrolIn does too).
func (r EnrolRequest) Validate() error {
	if r.CentreKey == nil {
		return invalid(FieldCentreKey, ProblemMissing)
	}
	return validate(textField{FieldCentre, r.Centre, false}, textField{FieldOperator, r.Operator, false},
		textField{FieldLearnerKey, r.LearnerKey, true}, textField{FieldLearner, r.Learner, true}, textField{FieldReason, r.Reason, false})
}

// Validate checks the request's fields (CancelIn does too).
func (r CancelRequest) Validate() error {
	if r.CentreKey == nil {
		return invalid(FieldCentreKey, ProblemMissing)
	}
	if r.Seq <= 0 {
		return invalid(FieldSeq, ProblemOutOfRange)
	}
	return validate(textField{FieldCentre, r.Centre, false}, textField{FieldOperator, r.Operator, false},
		textField{FieldReason, r.Reason, true})
}
