package centre

import (
	"context"
	"time"

	"declic/i18n"
	"declic/keys"
	"declic/ledger"
	"declic/records"
)

// CreditInput is what crediting needs besides the files: who credits, to whom, under
// which rules, with which key.
type CreditInput struct {
	Centre, Operator, Learner, Pass string
	Key                             *keys.Key
	Policy                          ledger.Policy
	Now                             time.Time
}

// CreditResult is what crediting one file did; the command line prints it as a JSON
// line (credit --json).
type CreditResult struct {
	File     string  `json:"file"`
	Credited bool    `json:"credited"`
	Skipped  bool    `json:"skipped,omitempty"`
	Hours    float64 `json:"hours"`
	Reason   string  `json:"reason,omitempty"`
	// Message is Why in French, for programs that read the JSON.
	Message  string `json:"message,omitempty"`
	Entry    int64  `json:"entry,omitempty"`
	Learner  string `json:"learner,omitempty"`
	Module   string `json:"module,omitempty"`
	Enrolled bool   `json:"enrolled"`
	// Claimed is the hours the record claims, when more than credited.
	Claimed float64 `json:"claimed,omitempty"`
	// Note says why fewer hours than claimed were credited, in French.
	Note string `json:"note,omitempty"`
	// Why and Reduced are Message and Note to translate.
	Why     i18n.Message `json:"-"`
	Reduced i18n.Message `json:"-"`
}

// BilanSkipped is what the tools say of a « Mon bilan » found among records.
func BilanSkipped() i18n.Message { return i18n.M("centre.reason.bilan_skipped") }

// CardSkipped is what the tools say of a carte Déclic found among records.
func CardSkipped() i18n.Message { return i18n.M("centre.reason.card_skipped") }

// Refuse fills a result's reason and messages from err.
func (r *CreditResult) Refuse(code string, why i18n.Message) {
	r.Reason, r.Why, r.Message = code, why, why.String()
}

// CreditChecked credits one checked file: only eddsa-rdfc-2022 records (what the app
// issues), with the catalogue's title and hours. With dryRun, it says what crediting
// would do, by the same rules, and writes nothing.
func CreditChecked(ctx context.Context, store ledger.Store, in CreditInput, c Checked, dryRun bool) CreditResult {
	return creditWith(ctx, store, store, in, c, dryRun)
}

// CreditEach credits each of items as CreditChecked does, all in one transaction of
// the ledger when it allows it (a SQLite file: one disk write for the whole group
// instead of one per file). The results come in the order of items once the
// transaction is committed: nothing is said credited before it is written, and when
// the commit fails, no file of the group is credited.
func CreditEach(ctx context.Context, store ledger.Store, in CreditInput, items []Checked) []CreditResult {
	results := make([]CreditResult, 0, len(items))
	err := ledger.InBatch(ctx, store, func(w ledger.Writer) error {
		for _, c := range items {
			results = append(results, creditWith(ctx, store, w, in, c, false))
		}
		return nil
	})
	if err != nil {
		code, why := Explain(err, in.Centre)
		for i, r := range results {
			if r.Credited {
				results[i] = CreditResult{File: r.File}
				results[i].Refuse(code, why)
			}
		}
	}
	return results
}

// creditWith credits c through w (the store, or a batch of it); a dry run asks the
// store what crediting would do.
func creditWith(ctx context.Context, store ledger.Store, w ledger.Writer, in CreditInput, c Checked, dryRun bool) CreditResult {
	res := CreditResult{File: c.File}
	if c.Card {
		res.Skipped = true
		res.Refuse(CodeCard, CardSkipped())
		return res
	}
	if c.Bilan {
		res.Skipped = true
		res.Refuse(CodeBilan, BilanSkipped())
		return res
	}
	if c.Err != nil {
		res.Refuse(Explain(c.Err, in.Centre))
		return res
	}
	r := c.Record
	if r.Cryptosuite != records.SuiteRDFC {
		res.Refuse(CodeSuite, i18n.M("centre.reason.suite"))
		return res
	}
	req := ledger.CreditRequest{
		Centre: in.Centre, Operator: in.Operator, CentreKey: in.Key, RecordID: r.ID, Learner: in.Learner, Pass: in.Pass,
		LearnerKey: r.IssuerDID, AchievementID: r.AchievementID, Module: c.Credit.Module.Title, ActivityEnd: r.End.Format(time.RFC3339),
		HoursEarned: r.CreditsEarned, Hours: c.Credit.Hours, RecordJSON: c.Data, Policy: in.Policy, Now: in.Now,
	}
	var e ledger.Entry
	var err error
	if dryRun {
		e, err = ledger.DryRun(ctx, store, req)
	} else {
		e, err = w.Credit(ctx, req)
	}
	if err != nil {
		res.Refuse(Explain(err, in.Centre))
		return res
	}
	res.Credited, res.Hours, res.Entry, res.Learner, res.Module, res.Enrolled = true, e.HoursCredited, e.Seq, e.Learner, e.Module, e.Enrolled
	if e.HoursCredited < r.CreditsEarned {
		res.Claimed = r.CreditsEarned
		switch {
		case e.Note == ledger.CodeHomeCap:
			res.Reduced = RefusalText(&ledger.Refusal{Code: e.Note, Cap: in.Policy.HomeHoursCap}, in.Centre)
		case e.Note != "":
			res.Reduced = RefusalText(&ledger.Refusal{Code: e.Note, Cap: in.Policy.HoursPerPass}, in.Centre)
		case c.Credit.Hours < r.CreditsEarned:
			res.Reduced = i18n.M("centre.credit.module_worth", "Hours", Number(c.Credit.Module.Hours))
		default:
			res.Reduced = i18n.M("centre.credit.policy")
		}
		res.Note = res.Reduced.String()
	}
	return res
}
