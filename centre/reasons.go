package centre

import (
	"errors"
	"time"

	"declic/card"
	"declic/catalogue"
	"declic/i18n"
	"declic/ledger"
	"declic/records"
)

// Codes of refusals the centre's tools give besides those of records, catalogue and
// ledger.
const (
	CodeUnreadable = "unreadable"  // the file cannot be read
	CodeNotRegular = "not-regular" // a FIFO, a device, a folder…
	CodeTooLarge   = "too-large"
	CodeSuite      = "suite"     // eddsa-jcs-2022: verified, never credited
	CodeCard       = "card"      // a carte Déclic among the records: skipped
	CodeBilan      = "bilan"     // a « Mon bilan » among the records: skipped
	CodeNoRecord   = "no-record" // a local entry without its record (older ledger)
	CodeCardCode   = "card-code"
	CodeCardNewer  = "card-version"
	CodeInvalid    = "invalid"
	CodeDatabase   = "database"
	CodeError      = "error"
)

// Number is a number as its reader writes it: « 1,5 » in French, "1.5" in English,
// with at most two decimals and no trailing zero.
func Number(v float64) i18n.Message {
	return i18n.M("centre.number", "Point", PointNumber(v), "Comma", CommaNumber(v))
}

func copysign(v, sign float64) float64 {
	if sign < 0 {
		return -v
	}
	return v
}

// When is a date and time in the centre's time zone, as its reader writes it.
func When(t time.Time) i18n.Message {
	t = t.Local()
	return i18n.M("centre.when", "Date", t.Format("02/01/2006"), "Time", t.Format("15:04"))
}

// Day is a date alone, as its reader writes it.
func Day(t time.Time) i18n.Message {
	return i18n.M("centre.day", "Date", t.Local().Format("02/01/2006"))
}

// Explain returns the code and the message that say why a file or a request was
// refused; centre is the connected centre (another centre's learner is never named).
func Explain(err error, centre string) (string, i18n.Message) {
	var ie *InputError
	var ve *records.VerifyError
	var cr *catalogue.Refusal
	var inv *ledger.InvalidError
	switch {
	case errors.As(err, &ie):
		switch {
		case errors.Is(ie.Err, ErrNotRegular):
			return CodeNotRegular, i18n.M("centre.reason.not_regular")
		case errors.Is(ie.Err, ErrTooLarge):
			return CodeTooLarge, i18n.M("centre.reason.too_large")
		}
		return CodeUnreadable, i18n.M("centre.reason.unreadable")
	case errors.As(err, &ve):
		if ve.Reason == records.ReasonNumberAsText {
			return string(ve.Reason), i18n.M("centre.reason.number_as_text", "Field", ve.Field)
		}
		if id, ok := recordReasons[ve.Reason]; ok {
			return string(ve.Reason), i18n.M(id)
		}
		return string(ve.Reason), i18n.M("centre.reason.record_refused")
	case errors.As(err, &cr):
		return string(cr.Code), CatalogueText(cr)
	case ledger.RefusalOf(err) != nil:
		r := ledger.RefusalOf(err)
		return string(r.Code), RefusalText(r, centre)
	case errors.As(err, &inv):
		return CodeInvalid, InvalidText(inv)
	case errors.Is(err, card.ErrCode):
		return CodeCardCode, i18n.M("centre.reason.card_code")
	case errors.Is(err, card.ErrNewerVersion):
		return CodeCardNewer, i18n.M("centre.reason.card_newer")
	case errors.Is(err, card.ErrTooLarge), errors.Is(err, card.ErrNotACard), errors.Is(err, card.ErrKey), errors.Is(err, card.ErrName):
		return CodeCard, i18n.M("centre.reason.not_a_card")
	}
	if m, ok := DatabaseText(err); ok {
		return CodeDatabase, m
	}
	return CodeError, i18n.M("centre.reason.error", "Text", Clean(err.Error()))
}

// recordReasons are the message ids of the records package's reasons.
var recordReasons = map[records.Reason]string{
	records.ReasonUnknownFormat:       "centre.reason.unknown_format",
	records.ReasonBadProof:            "centre.reason.bad_proof",
	records.ReasonTampered:            "centre.reason.tampered",
	records.ReasonFutureDate:          "centre.reason.future_date",
	records.ReasonExpired:             "centre.reason.expired",
	records.ReasonHoursAboveAvailable: "centre.reason.hours_above",
	records.ReasonImplausibleActivity: "centre.reason.implausible",
	records.ReasonContext:             "centre.reason.context",
	records.ReasonRecordID:            "centre.reason.record_id",
}

// CatalogueText says why the catalogue refuses a record.
func CatalogueText(r *catalogue.Refusal) i18n.Message {
	switch r.Code {
	case catalogue.RefusalUnknownAchievement:
		return i18n.M("centre.reason.unknown_module", "Module", Clean(r.AchievementID))
	case catalogue.RefusalNoActiveTime:
		return i18n.M("centre.reason.no_active_time", "Title", Clean(r.Module.Title), "Need", r.NeedMinutes)
	case catalogue.RefusalTooShort:
		return i18n.M("centre.reason.too_short", "Active", r.ActiveMinutes, "Title", Clean(r.Module.Title), "Need", r.NeedMinutes, "Minutes", r.Module.Minutes)
	case catalogue.RefusalNoHours:
		return i18n.M("centre.reason.no_hours")
	}
	return i18n.M("centre.reason.module_refused")
}

// holderText says who holds a place: the centre and the date, the dossier and line only
// within the same centre.
func holderText(h *ledger.Entry, centre string) any {
	if h == nil {
		return ""
	}
	if h.Centre != "" && h.Centre != centre {
		return i18n.M("centre.holder.other", "Centre", Clean(h.Centre), "When", When(h.CreatedAt))
	}
	if h.Learner != "" {
		return i18n.M("centre.holder.own", "When", When(h.CreatedAt), "Learner", Clean(h.Learner), "Seq", h.Seq)
	}
	return i18n.M("centre.holder.date", "When", When(h.CreatedAt))
}

// RefusalText says why the ledger refused a request.
func RefusalText(r *ledger.Refusal, centre string) i18n.Message {
	switch r.Code {
	case ledger.CodeDuplicateRecord:
		return i18n.M("centre.refusal.duplicate_record", "Holder", holderText(r.Holder, centre))
	case ledger.CodeDuplicateDossier:
		return i18n.M("centre.refusal.duplicate_dossier", "Holder", holderText(r.Holder, centre))
	case ledger.CodeDuplicateKey:
		return i18n.M("centre.refusal.duplicate_key", "Holder", holderText(r.Holder, centre))
	case ledger.CodeNotEnrolled:
		return i18n.M("centre.refusal.not_enrolled")
	case ledger.CodeOtherDossier:
		if r.Holder != nil {
			return i18n.M("centre.refusal.other_dossier", "Learner", Clean(r.Holder.Learner), "Seq", r.Holder.Seq)
		}
		return i18n.M("centre.refusal.other_dossier_unknown")
	case ledger.CodeAlreadyEnrolled:
		return i18n.M("centre.refusal.already_enrolled", "Holder", holderText(r.Holder, centre))
	case ledger.CodePassCap:
		return i18n.M("centre.refusal.pass_cap", "Cap", Number(r.Cap))
	case ledger.CodeHomeCap:
		return i18n.M("centre.refusal.home_cap", "Cap", Number(r.Cap))
	case ledger.CodeNoEntry:
		return i18n.M("centre.refusal.no_entry", "Seq", r.Seq)
	case ledger.CodeAlreadyCancelled:
		return i18n.M("centre.refusal.already_cancelled", "Seq", r.Seq, "Holder", holderText(r.Holder, centre))
	case ledger.CodeNotCancellable:
		return i18n.M("centre.refusal.not_cancellable", "Seq", r.Seq)
	case ledger.CodeCentreKey:
		return i18n.M("centre.refusal.centre_key", "Signer", Clean(r.Signer))
	}
	return i18n.M("centre.refusal.other", "Code", string(r.Code))
}

// fieldNames are the message ids naming a request's fields.
var fieldNames = map[ledger.Field]string{
	ledger.FieldCentre: "centre.field.centre", ledger.FieldOperator: "centre.field.operator",
	ledger.FieldRecordID: "centre.field.record_id", ledger.FieldLearner: "centre.field.learner",
	ledger.FieldPass: "centre.field.pass", ledger.FieldLearnerKey: "centre.field.learner_key",
	ledger.FieldAchievement: "centre.field.achievement", ledger.FieldModule: "centre.field.module",
	ledger.FieldActivityEnd: "centre.field.activity_end", ledger.FieldHours: "centre.field.hours",
	ledger.FieldReason: "centre.field.reason", ledger.FieldCentreKey: "centre.field.centre_key",
	ledger.FieldRecord: "centre.field.record", ledger.FieldSeq: "centre.field.seq",
}

// InvalidText says what is wrong with a request the ledger cannot store.
func InvalidText(e *ledger.InvalidError) i18n.Message {
	id, ok := fieldNames[e.Field]
	var name any = string(e.Field)
	if ok {
		name = i18n.M(id)
	}
	switch e.Problem {
	case ledger.ProblemMissing:
		return i18n.M("centre.invalid.missing", "Field", name)
	case ledger.ProblemUnreadable:
		return i18n.M("centre.invalid.unreadable", "Field", name)
	}
	return i18n.M("centre.invalid.out_of_range", "Field", name)
}

// chainIDs are the message ids of chain problems.
var chainIDs = map[ledger.Code]string{
	ledger.CodeMissingLine: "centre.chain.missing_line", ledger.CodeBrokenLink: "centre.chain.broken_link",
	ledger.CodeAltered: "centre.chain.altered", ledger.CodeBadSignature: "centre.chain.bad_signature",
	ledger.CodeOtherSigner: "centre.chain.other_signer", ledger.CodeUnsigned: "centre.chain.unsigned",
	ledger.CodeRecordChanged: "centre.chain.record_changed", ledger.CodeShorterThanHead: "centre.chain.shorter",
	ledger.CodeHeadDiffers: "centre.chain.head_differs", ledger.CodeHeadSigner: "centre.chain.head_signer",
	ledger.CodeBadHead: "centre.chain.bad_head", ledger.CodeLongerThanHead: "centre.chain.longer",
}

// ChainText explains a chain problem.
func ChainText(p ledger.ChainProblem) i18n.Message {
	if id, ok := chainIDs[p.Code]; ok {
		return i18n.M(id, "Seq", p.Seq, "Want", Clean(p.Want))
	}
	return i18n.M("centre.chain.other", "Code", string(p.Code))
}

// ChainPlace names where a chain problem is: a line, the ledger, and the centre in a
// shared ledger.
func ChainPlace(p ledger.ChainProblem) i18n.Message {
	where := i18n.M("centre.chain.at_line", "Seq", p.Seq)
	if p.Seq == 0 {
		where = i18n.M("centre.chain.at_ledger")
	}
	if p.Centre != "" {
		return i18n.M("centre.chain.at_centre", "Centre", Clean(p.Centre), "Where", where)
	}
	return where
}

// ProblemText says why a pack was left out of the catalogue.
func ProblemText(p catalogue.Problem) i18n.Message {
	switch p.Code {
	case catalogue.ProblemUnsigned:
		return i18n.M("centre.pack.unsigned")
	case catalogue.ProblemUnknownSigner:
		return i18n.M("centre.pack.unknown_signer", "Signer", Clean(p.Signer))
	case catalogue.ProblemTampered:
		return i18n.M("centre.pack.tampered")
	case catalogue.ProblemEmbeddedID:
		return i18n.M("centre.pack.embedded_id", "Pack", Clean(p.PackID))
	case catalogue.ProblemOlder:
		return i18n.M("centre.pack.older")
	}
	return i18n.M("centre.pack.unreadable")
}

// KindText names an entry's kind: a credit (marked when its card was not enrolled), an
// enrolment or a cancel.
func KindText(e ledger.Entry) i18n.Message {
	switch e.Kind {
	case ledger.KindEnrol:
		return i18n.M("centre.kind.enrol")
	case ledger.KindCancel:
		return i18n.M("centre.kind.cancel", "Target", e.Target)
	}
	if !e.Enrolled && e.Signer != "" {
		return i18n.M("centre.kind.credit_unenrolled")
	}
	return i18n.M("centre.kind.credit")
}
