package centre

import (
	"errors"
	"fmt"

	"declic/catalogue"
	"declic/i18n"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/postgres"
	"declic/records"
)

// Local reasons a sync gives for an entry it does not send.
var (
	ErrNoRecord = errors.New(CodeNoRecord)
	ErrSuite    = errors.New(CodeSuite)
)

// SyncItems turns a centre's local entries into what the shared ledger applies: each
// credit's record is verified again (at the date it was credited) and looked up in the
// catalogue, exactly as credit does; each enrolment and cancel becomes a request signed
// with key. Entries whose record is missing or refused are marked refused; entries the
// shared ledger already holds (known) are passed as they are.
func SyncItems(local []ledger.Entry, known map[string]bool, centre string, key *keys.Key, policy ledger.Policy, cat *catalogue.Catalogue) []postgres.ImportItem {
	hashOf := map[int64]string{}
	items := make([]postgres.ImportItem, 0, len(local))
	for _, e := range local {
		hashOf[e.Seq] = e.Hash
		it := postgres.ImportItem{Local: e}
		switch {
		case known[e.Hash]: // sent by an earlier run: nothing to check again
		case e.Kind == ledger.KindEnrol:
			it.Enrol = &ledger.EnrolRequest{Centre: centre, Operator: e.Operator, CentreKey: key, LearnerKey: e.LearnerKey,
				Learner: e.Learner, Reason: e.Reason, Now: e.CreatedAt}
		case e.Kind == ledger.KindCancel:
			it.Cancel = &ledger.CancelRequest{Centre: centre, Operator: e.Operator, CentreKey: key, Reason: e.Reason, Now: e.CreatedAt}
			it.TargetOrigin = hashOf[e.Target]
		default:
			if len(e.RecordJSON) == 0 {
				it.Refused = ErrNoRecord
				break
			}
			rec, credit, err := CheckRecord(e.RecordJSON, e.CreatedAt, cat)
			switch {
			case err != nil:
				it.Refused = err
			case rec.Cryptosuite != records.SuiteRDFC:
				it.Refused = ErrSuite
			case rec.ID != e.RecordID || rec.IssuerDID != e.LearnerKey:
				it.Refused = &records.VerifyError{Reason: records.ReasonRecordID, Err: fmt.Errorf("local entry %d names another record", e.Seq)}
			default:
				it.Credit = &ledger.CreditRequest{Centre: centre, Operator: e.Operator, CentreKey: key, RecordID: rec.ID,
					Learner: e.Learner, Pass: e.Pass, LearnerKey: rec.IssuerDID, AchievementID: rec.AchievementID,
					Module: credit.Module.Title, ActivityEnd: e.ActivityEnd, HoursEarned: rec.CreditsEarned, Hours: credit.Hours,
					RecordJSON: e.RecordJSON, Policy: policy, Now: e.CreatedAt}
			}
		}
		items = append(items, it)
	}
	return items
}

// SyncReason says why the shared ledger (or the tool before it) refused a local entry.
func SyncReason(err error, centre string) i18n.Message {
	switch {
	case errors.Is(err, ErrNoRecord):
		return i18n.M("centre.reason.no_record")
	case errors.Is(err, ErrSuite):
		return i18n.M("centre.reason.suite")
	}
	_, m := Explain(err, centre)
	return m
}
