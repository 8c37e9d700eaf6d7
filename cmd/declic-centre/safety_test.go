package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCreditAsksBeforeCreatingALedger(t *testing.T) {
	c := newCentre(t)
	p := newProfile(t, t.TempDir(), "Ana")
	rec := issueTo(t, t.TempDir(), p, "r.json", souris(p))
	typo := filepath.Join(filepath.Dir(c.db), "cnetre.db")
	for _, cmd := range [][]string{
		{"credit", rec, "--learner", "Dossier 1", "--ledger", typo},
		{"enrol", "--card", p.card, "--learner", "Dossier 1", "--ledger", typo},
	} {
		code, _, errOut := c.run(t, cmd...)
		if code != exitBadInput || !strings.Contains(errOut, "cnetre.db n'existe pas : rien n'est écrit") || !strings.Contains(errOut, "--new-ledger") {
			t.Errorf("%s on a ledger that does not exist: %d %s", cmd[0], code, errOut)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("%s created %s without being asked", cmd[0], typo)
		}
	}
	if code, out, errOut := c.run(t, "enrol", "--card", p.card, "--learner", "Dossier 1", "--ledger", typo, "--new-ledger"); code != exitOK {
		t.Fatalf("--new-ledger: %d %s %s", code, out, errOut)
	}
	if _, err := os.Stat(typo); err != nil {
		t.Fatal("--new-ledger did not create the ledger")
	}
}

func TestCreditOfSeveralPeoplesRecordsAsksWhichOneIsMeant(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	ana, bruno := newProfile(t, t.TempDir(), "Ana"), newProfile(t, t.TempDir(), "Bruno")
	issueTo(t, dir, ana, "ana.json", souris(ana))
	issueTo(t, dir, bruno, "bruno.json", souris(bruno))
	c.enrol(t, ana, "Dossier Ana")
	code, out, errOut := c.run(t, "credit", dir, "--learner", "Dossier Ana")
	if code != exitRefused || !strings.Contains(out, "viennent de 2 cartes Déclic différentes") || !strings.Contains(out, ana.key.Fingerprint()) ||
		!strings.Contains(errOut, "--profile CODE") {
		t.Fatalf("several profiles without --profile: %d\n%s%s", code, out, errOut)
	}
	if _, ledger, _ := c.run(t, "ledger"); !strings.Contains(ledger, "1 lignes") {
		t.Fatalf("something was credited before the person was chosen:\n%s", ledger)
	}
	code, out, _ = c.run(t, "credit", dir, "--learner", "Dossier Ana", "--profile", ana.key.Fingerprint())
	if code != exitOK || !strings.Contains(out, "1,5 h créditée à Dossier Ana") || !strings.Contains(out, "attestation d'une autre personne (carte "+bruno.key.Fingerprint()) {
		t.Fatalf("--profile: %d\n%s", code, out)
	}
	if code, _, errOut := c.run(t, "credit", dir, "--learner", "Dossier Ana", "--profile", "AAAA-BBBB-CCCC-DDDD"); code != exitRefused || !strings.Contains(errOut, "aucune de ces attestations") {
		t.Fatalf("unknown --profile: %d %s", code, errOut)
	}
}

func TestDryRunSaysWhatWouldBeCreditedAndWritesNothing(t *testing.T) {
	c := newCentre(t)
	p := newProfile(t, t.TempDir(), "Ana")
	dir := t.TempDir()
	rec := issueTo(t, dir, p, "r.json", souris(p))
	c.enrol(t, p, "Dossier 1")
	code, out, _ := c.run(t, "credit", rec, "--learner", "Dossier 1", "--dry-run")
	if code != exitOK || !strings.Contains(out, "1,5 h serai(en)t créditée à Dossier 1") || !strings.Contains(out, "rien n'est écrit") {
		t.Fatalf("dry run: %d\n%s", code, out)
	}
	if _, ledger, _ := c.run(t, "ledger"); !strings.Contains(ledger, "1 lignes") {
		t.Fatalf("the dry run wrote:\n%s", ledger)
	}
	// The same rules as a real credit: a duplicate is refused in the dry run too.
	c.run(t, "credit", rec, "--learner", "Dossier 1")
	if code, out, _ := c.run(t, "credit", rec, "--learner", "Dossier 1", "-n"); code != exitRefused || !strings.Contains(out, "déjà crédité") {
		t.Fatalf("dry run of a duplicate: %d\n%s", code, out)
	}
	// A dry run never creates a ledger.
	absent := filepath.Join(filepath.Dir(c.db), "nouveau.db")
	if code, _, _ := c.run(t, "credit", rec, "--learner", "Dossier 1", "--dry-run", "--ledger", absent); code != exitBadInput {
		t.Fatal("a dry run on a missing ledger succeeded")
	}
	if _, err := os.Stat(absent); err == nil {
		t.Fatal("a dry run created a ledger")
	}
}

func TestReportDefaultsToTheCurrentMonthAndWritesAFrenchSpreadsheet(t *testing.T) {
	c := newCentre(t)
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "Dossier 1")
	c.run(t, "credit", issueTo(t, t.TempDir(), p, "r.json", souris(p)), "--learner", "Dossier 1")
	code, out, _ := c.run(t, "report", "--csv")
	if code != exitOK || !strings.HasPrefix(out, "\ufeffrubrique;code;libellé;attestations;personnes;heures\r\n") ||
		!strings.Contains(out, "période;"+monthFrom+";"+monthTo+";;;\r\n") || !strings.Contains(out, "total;;;1;1;1,5\r\n") {
		t.Fatalf("report --csv without dates: %d\n%q", code, out)
	}
	code, out, _ = runWithEnv(t, map[string]string{envLedger: c.db, "DECLIC_LANG": "en"}, "report")
	if code != exitOK || !strings.Contains(out, "total") || !strings.Contains(out, "1.5") {
		t.Fatalf("report in English: %d\n%s", code, out)
	}
	if code, _, errOut := c.run(t, "report", "--from", "2026-13-01"); code != exitBadInput || !strings.Contains(errOut, "AAAA-MM-JJ") {
		t.Fatalf("bad date: %d %s", code, errOut)
	}
}

func TestErrorsAreInEnglishWhenAsked(t *testing.T) {
	env := map[string]string{"DECLIC_LANG": "en"}
	code, _, errOut := runWithEnv(t, env, "ledger", "--ledger", filepath.Join(t.TempDir(), "absent.db"))
	if code != exitBadInput || !strings.Contains(errOut, "does not exist") || strings.Contains(errOut, "n'existe") {
		t.Fatalf("%d %s", code, errOut)
	}
	code, _, errOut = runWithEnv(t, env, "credit")
	if code != exitBadInput || !strings.Contains(errOut, "give records, --ledger and --learner") {
		t.Fatalf("%d %s", code, errOut)
	}
}
