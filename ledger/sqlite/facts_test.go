package sqlite

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"declic/ledger"
	"declic/ledger/ledgertest"
)

// TestCreditFactsAnswerAsTheQuestionsOneByOne builds a ledger step by step (enrolments,
// credits with and without a pass, cancels of credits and of an enrolment, a second
// dossier) and, after each step, asks the facts of many credits both ways: the one
// query must give exactly what the eight questions give.
func TestCreditFactsAnswerAsTheQuestionsOneByOne(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	const centre = "centre-a"
	var probes []ledger.CreditRequest
	for _, learner := range []string{"ana", "bruno", "chloé"} {
		for n := 1; n <= 4; n++ {
			req := ledgertest.Request(centre, learner, n)
			probes = append(probes, req)
			other := req // the same record for another dossier, the same module by another key
			other.Learner = learner + "-bis"
			probes = append(probes, other)
			noPass := req
			noPass.Pass = ""
			probes = append(probes, noPass)
		}
	}
	noSigner := ledgertest.Request("centre-b", "ana", 1) // another centre's key: the facts say whose chain it is
	probes = append(probes, noSigner)

	compare := func(step string) {
		t.Helper()
		t2, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer t2.Rollback()
		for _, req := range probes {
			fast, err := tx{t2}.CreditFacts(ctx, req)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			slow, err := ledger.AskCreditFacts(ctx, tx{t2}, req)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if e := slow.Enrolment; e != nil && e.Learner == req.Learner {
				// Only these fields of an enrolment for the dossier asked for are promised.
				slow.Enrolment = &ledger.Entry{Seq: e.Seq, Kind: e.Kind, Learner: e.Learner, LearnerKey: e.LearnerKey}
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Fatalf("%s, %s of %s for %s:\none query  %+v %+v\none by one %+v %+v", step, req.RecordID, req.LearnerKey, req.Learner, fast, fast.Enrolment, slow, slow.Enrolment)
			}
		}
	}
	must := func(e ledger.Entry, err error) ledger.Entry {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return e
	}

	compare("an empty ledger")
	must(s.Enrol(ctx, ledgertest.Enrol(centre, "ana")))
	compare("after an enrolment")
	first := must(s.Credit(ctx, ledgertest.Request(centre, "ana", 1)))
	must(s.Credit(ctx, ledgertest.Request(centre, "ana", 2)))
	unpassed := ledgertest.Request(centre, "bruno", 3)
	unpassed.Pass = ""
	must(s.Credit(ctx, unpassed))
	compare("after credits with and without a pass")
	must(s.Cancel(ctx, ledger.CancelRequest{Centre: centre, CentreKey: ledgertest.KeyOf(centre), Seq: first.Seq, Reason: "erreur", Now: ledgertest.Now}))
	compare("after a credit is cancelled")
	must(s.Credit(ctx, ledgertest.Request(centre, "ana", 1)))
	compare("after the record is credited again")
	bruno := must(s.Enrol(ctx, ledgertest.Enrol(centre, "bruno")))
	must(s.Cancel(ctx, ledger.CancelRequest{Centre: centre, CentreKey: ledgertest.KeyOf(centre), Seq: bruno.Seq, Reason: "carte perdue", Now: ledgertest.Now}))
	moved := ledgertest.Enrol(centre, "chloé")
	moved.LearnerKey = ledgertest.KeyOf("bruno").DID() // bruno's key, now for chloé's dossier
	must(s.Enrol(ctx, moved))
	compare("after an enrolment moves to another dossier")
	for n := 5; n < 9; n++ {
		must(s.Credit(ctx, ledgertest.Request(centre, fmt.Sprint("dossier-", n), n)))
	}
	compare("after more dossiers")
}
