package records_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/keys"
	"declic/records"
)

var verifyNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func mustIssue(t testing.TB, key *keys.Key, in records.RecordInput) []byte {
	t.Helper()
	data, err := records.Issue(key, in)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustKey(t testing.TB) *keys.Key {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestIssuedRecordVerifiesAndCarriesItsValues(t *testing.T) {
	key := mustKey(t)
	in := sampleInput()
	in.DisplayName = "Marie Exemple"
	rec, err := records.Verify(mustIssue(t, key, in), records.VerifyOptions{Now: verifyNow})
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string][2]any{
		"issuer":        {rec.IssuerDID, key.DID()},
		"issuer name":   {rec.IssuerName, "Déclic – EPN de Saint-Exemple"},
		"subject":       {rec.SubjectID, "urn:uuid:" + in.LearnerID},
		"display name":  {rec.DisplayName, "Marie Exemple"},
		"achievement":   {rec.AchievementID, records.AchievementID(in.PackID, in.ModuleID)},
		"hours":         {rec.CreditsEarned, 1.5},
		"available":     {rec.CreditsAvailable, 1.5},
		"minutes":       {rec.ActiveMinutes, 75},
		"score":         {rec.ScorePercent, 85.0},
		"start":         {rec.Start, in.Start},
		"end":           {rec.End, in.End},
		"suite":         {rec.Cryptosuite, records.SuiteRDFC},
		"competencies":  {strings.Join(rec.Competencies, ","), "5.2,socle.souris"},
		"pack version":  {rec.PackVersion, "1.0.0"},
		"record id urn": {strings.HasPrefix(rec.ID, "urn:uuid:"), true},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
}

func TestRecordHasTheOpenBadgesShape(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(mustIssue(t, mustKey(t), sampleInput()), &doc); err != nil {
		t.Fatal(err)
	}
	ctx, _ := json.Marshal(doc["@context"])
	if string(ctx) != `["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]` {
		t.Errorf("@context = %s", ctx)
	}
	subject := doc["credentialSubject"].(map[string]any)
	if _, has := subject["identifier"]; has {
		t.Error("a record without a display name carries an identifier")
	}
	ach := subject["achievement"].(map[string]any)
	results := subject["result"].([]any)
	descriptions := ach["resultDescription"].([]any)
	ids := map[string]bool{}
	for _, d := range descriptions {
		ids[d.(map[string]any)["id"].(string)] = true
	}
	for _, r := range results {
		if ref := r.(map[string]any)["resultDescription"].(string); !ids[ref] {
			t.Errorf("result points to %s, which achievement.resultDescription lacks", ref)
		}
	}
	proof := doc["proof"].(map[string]any)
	vm := proof["verificationMethod"].(string)
	did := doc["issuer"].(map[string]any)["id"].(string)
	if !strings.HasPrefix(did, "did:key:z6Mk") || vm != did+"#"+strings.TrimPrefix(did, "did:key:") {
		t.Errorf("issuer %s / verificationMethod %s", did, vm)
	}
}

func TestIssueRefusesBadInput(t *testing.T) {
	key := mustKey(t)
	cases := map[string]func(*records.RecordInput){
		"learner id that is a name":      func(in *records.RecordInput) { in.LearnerID = "Marie" },
		"empty module title":             func(in *records.RecordInput) { in.ModuleTitle = " " },
		"zero hours":                     func(in *records.RecordInput) { in.Hours = 0 },
		"score above 100":                func(in *records.RecordInput) { in.FinalScore = 120 },
		"negative active minutes":        func(in *records.RecordInput) { in.ActiveMinutes = -3 },
		"end before start":               func(in *records.RecordInput) { in.End = in.Start.Add(-time.Hour) },
		"record id not urn:uuid":         func(in *records.RecordInput) { in.RecordID = "42" },
		"control character in the title": func(in *records.RecordInput) { in.ModuleTitle = "La souris\b" },
		"competency without code":        func(in *records.RecordInput) { in.Competencies = []records.Competency{{Label: "x"}} },
		"emoji mixed with private use":   func(in *records.RecordInput) { in.ModuleTitle = "😀 \uE000" },
		"missing start date":             func(in *records.RecordInput) { in.Start = time.Time{} },
	}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			in := sampleInput()
			change(&in)
			if data, err := records.Issue(key, in); err == nil {
				t.Fatalf("issued:\n%s", data)
			}
		})
	}
	if _, err := records.Issue(nil, sampleInput()); err == nil {
		t.Error("issued without a key")
	}
}

// mutate decodes a record, applies change, and re-encodes it.
func mutate(t *testing.T, data []byte, change func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	change(doc)
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sub(doc map[string]any, path ...string) map[string]any {
	m := doc
	for _, p := range path {
		m = m[p].(map[string]any)
	}
	return m
}

func TestChangingAnySingleFieldBreaksTheProof(t *testing.T) {
	key := mustKey(t)
	data := mustIssue(t, key, sampleInput())
	other := mustKey(t)
	cases := map[string]struct {
		change func(doc map[string]any)
		want   records.Reason
	}{
		"subject id": {func(d map[string]any) {
			sub(d, "credentialSubject")["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000"
		}, records.ReasonTampered},
		"hours earned":    {func(d map[string]any) { sub(d, "credentialSubject")["creditsEarned"] = 1.0 }, records.ReasonTampered},
		"hours available": {func(d map[string]any) { sub(d, "credentialSubject", "achievement")["creditsAvailable"] = 15.0 }, records.ReasonTampered},
		"start date":      {func(d map[string]any) { sub(d, "credentialSubject")["activityStartDate"] = "2026-11-01T09:00:00Z" }, records.ReasonTampered},
		"end date":        {func(d map[string]any) { sub(d, "credentialSubject")["activityEndDate"] = "2026-11-03T11:00:01Z" }, records.ReasonTampered},
		"validFrom":       {func(d map[string]any) { d["validFrom"] = "2026-11-03T12:00:01Z" }, records.ReasonTampered},
		"record id":       {func(d map[string]any) { d["id"] = "urn:uuid:11111111-1111-4111-8111-111111111111" }, records.ReasonTampered},
		"issuer name":     {func(d map[string]any) { sub(d, "issuer")["name"] = "Déclic – Autre centre" }, records.ReasonTampered},
		"issuer did":      {func(d map[string]any) { sub(d, "issuer")["id"] = other.DID() }, records.ReasonBadProof},
		"score": {func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["result"].([]any)[0].(map[string]any)["value"] = "100"
		}, records.ReasonTampered},
		"competency": {func(d map[string]any) {
			d["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["alignment"].([]any)[0].(map[string]any)["targetCode"] = "1.1"
		}, records.ReasonTampered},
		"module title": {func(d map[string]any) { sub(d, "credentialSubject", "achievement")["name"] = "Le clavier" }, records.ReasonTampered},
		"added name": {func(d map[string]any) {
			sub(d, "credentialSubject")["identifier"] = []any{map[string]any{"type": "IdentityObject", "identityHash": "X", "identityType": "name", "hashed": false}}
		}, records.ReasonTampered},
		"proof created":     {func(d map[string]any) { sub(d, "proof")["created"] = "2026-11-03T12:00:01Z" }, records.ReasonTampered},
		"proof purpose":     {func(d map[string]any) { sub(d, "proof")["proofPurpose"] = "authentication" }, records.ReasonBadProof},
		"proof cryptosuite": {func(d map[string]any) { sub(d, "proof")["cryptosuite"] = records.SuiteJCS }, records.ReasonTampered},
		"proof type":        {func(d map[string]any) { sub(d, "proof")["type"] = "Ed25519Signature2020" }, records.ReasonBadProof},
		"proof value": {func(d map[string]any) {
			p := sub(d, "proof")
			v := p["proofValue"].(string)
			p["proofValue"] = v[:10] + flip(v[10]) + v[11:]
		}, records.ReasonTampered},
		"proof removed": {func(d map[string]any) { delete(d, "proof") }, records.ReasonBadProof},
		"proof key":     {func(d map[string]any) { sub(d, "proof")["verificationMethod"] = other.VerificationMethod() }, records.ReasonBadProof},
		"type":          {func(d map[string]any) { d["type"] = []any{"VerifiableCredential"} }, records.ReasonUnknownFormat},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := records.Verify(mutate(t, data, c.change), records.VerifyOptions{Now: verifyNow})
			if got := records.ReasonOf(err); got != c.want {
				t.Fatalf("reason %q (%v), want %q", got, err, c.want)
			}
		})
	}
	// Re-encoding without any change keeps it valid: the failures above come from the changes.
	if _, err := records.Verify(mutate(t, data, func(map[string]any) {}), records.VerifyOptions{Now: verifyNow}); err != nil {
		t.Fatalf("unchanged record: %v", err)
	}
}

func flip(c byte) string {
	if c == 'a' {
		return "b"
	}
	return "a"
}

func TestAProofOverADifferentKeyFails(t *testing.T) {
	// The impostor signs with their own key but claims the victim's issuer DID,
	// or re-signs under their own DID a copy whose issuer is the victim.
	victim, impostor := mustKey(t), mustKey(t)
	forged := mustIssue(t, impostor, sampleInput())
	forged = mutate(t, forged, func(d map[string]any) {
		sub(d, "issuer")["id"] = victim.DID()
		sub(d, "proof")["verificationMethod"] = victim.VerificationMethod()
	})
	if _, err := records.Verify(forged, records.VerifyOptions{Now: verifyNow}); records.ReasonOf(err) != records.ReasonTampered {
		t.Fatalf("forged record: %v", err)
	}
}

func TestPlausibilityChecks(t *testing.T) {
	key := mustKey(t)
	cases := map[string]struct {
		change func(*records.RecordInput)
		want   records.Reason
	}{
		"issued in the future":          {func(in *records.RecordInput) { in.Issued = verifyNow.Add(24 * time.Hour) }, records.ReasonFutureDate},
		"activity ending in the future": {func(in *records.RecordInput) { in.End = verifyNow.Add(time.Hour); in.Issued = verifyNow }, records.ReasonFutureDate},
		"too few active minutes":        {func(in *records.RecordInput) { in.ActiveMinutes = 5 }, records.ReasonImplausibleActivity},
		"more minutes than the span":    {func(in *records.RecordInput) { in.End = in.Start.Add(30 * time.Minute) }, records.ReasonImplausibleActivity},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			in := sampleInput()
			c.change(&in)
			rec, err := records.Verify(mustIssue(t, key, in), records.VerifyOptions{Now: verifyNow})
			if got := records.ReasonOf(err); got != c.want {
				t.Fatalf("reason %q (%v), want %q", got, err, c.want)
			}
			if rec == nil {
				t.Fatal("the record's content is not returned with a plausibility failure")
			}
		})
	}
}

func TestHoursAboveAvailableFromAnotherIssuer(t *testing.T) {
	// Déclic never issues this, but a JCS issuer could: build one with the same key.
	key := mustKey(t)
	doc := jcsCredential(key, 3, 2)
	_, err := records.Verify(doc, records.VerifyOptions{Now: verifyNow})
	if records.ReasonOf(err) != records.ReasonHoursAboveAvailable {
		t.Fatalf("reason %q (%v)", records.ReasonOf(err), err)
	}
	if _, err := records.Verify(jcsCredential(key, 2, 2), records.VerifyOptions{Now: verifyNow}); err != nil {
		t.Fatalf("valid JCS record: %v", err)
	}
}

func TestVerifyRefusesUnreadableOrRiskyInput(t *testing.T) {
	good := string(mustIssue(t, mustKey(t), sampleInput()))
	cases := map[string]string{
		"empty":           "",
		"not JSON":        "bonjour",
		"a JSON list":     "[]",
		"two documents":   good + good,
		"a stray brace":   strings.TrimSpace(good) + "}",
		"invalid UTF-8":   strings.Replace(good, "souris", "sour\xffis", 1),
		"exponent number": strings.Replace(good, `"creditsEarned": 1.5`, `"creditsEarned": 1.5e0`, 1),
		"huge integer":    strings.Replace(good, `"creditsEarned": 1.5`, `"creditsEarned": 12345678901234567890`, 1),
		"form feed":       strings.Replace(good, "La souris", `La \f souris`, 1),
		"lone surrogate":  strings.Replace(good, "La souris", `La \ud800 souris`, 1),
		"a name twice":    strings.Replace(good, `"name": "La souris"`, `"name": "La souris", "name": "Le clavier"`, 1),
		"@direction":      strings.Replace(good, `"name": "La souris"`, `"name": {"@value": "La souris", "@direction": "ltr"}`, 1),
		"relative id":     strings.Replace(good, `"id": "urn:declic:achievement:fr.declic.premiers-pas:02-la-souris"`, `"id": "../souris"`, 1),
		"unknown context": strings.Replace(good, records.ContextOpenBadges303, "https://example.org/context.json", 1),
		"deep nesting":    strings.Repeat("[", 100) + strings.Repeat("]", 100),
	}
	for name, input := range cases {
		t.Run(name, func(t *testing.T) {
			if input == good {
				t.Fatal("the case did not change the record")
			}
			_, err := records.Verify([]byte(input), records.VerifyOptions{Now: verifyNow})
			if r := records.ReasonOf(err); r != records.ReasonUnknownFormat && r != records.ReasonBadProof && r != records.ReasonContext {
				t.Fatalf("reason %q (%v)", r, err)
			}
		})
	}
}

func TestRDFProofsProtectDataNotLayout(t *testing.T) {
	data := mustIssue(t, mustKey(t), sampleInput())
	compact := mutate(t, data, func(d map[string]any) { d["type"] = []any{"VerifiableCredential", "OpenBadgeCredential"} })
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string][]byte{"re-encoded": compact, "compacted": buf.Bytes()} {
		if _, err := records.Verify(doc, records.VerifyOptions{Now: verifyNow}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRecordsOfALostKeyStillVerify(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	k, err := keys.LoadOrCreate(dir)
	if err != nil {
		t.Fatal(err)
	}
	data := mustIssue(t, k, sampleInput())
	if err := os.Remove(filepath.Join(dir, keys.FileName)); err != nil {
		t.Fatal(err)
	}
	fresh, err := keys.LoadOrCreate(dir)
	if err != nil || fresh.DID() == k.DID() {
		t.Fatalf("new key after loss: %v", err)
	}
	// The did:key in the record carries the public key: nothing else is needed.
	if _, err := records.Verify(data, records.VerifyOptions{Now: verifyNow}); err != nil {
		t.Errorf("old record after key loss: %v", err)
	}
}

func TestVerifyIsSafeConcurrently(t *testing.T) {
	data := mustIssue(t, mustKey(t), sampleInput())
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if _, err := records.Verify(data, records.VerifyOptions{Now: verifyNow}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestVerifyErrorUnwraps(t *testing.T) {
	_, err := records.Verify([]byte("{}"), records.VerifyOptions{})
	var ve *records.VerifyError
	if !errors.As(err, &ve) || ve.Unwrap() == nil || ve.Error() == "" {
		t.Fatalf("%#v", err)
	}
}

func FuzzVerify(f *testing.F) {
	key, _ := keys.Generate()
	good, _ := records.Issue(key, sampleInput())
	f.Add(good)
	f.Add(jcsCredential(key, 2, 2))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := records.Verify(data, records.VerifyOptions{Now: verifyNow})
		if err != nil && records.ReasonOf(err) == "" {
			t.Fatalf("error without a reason: %v", err)
		}
		if err == nil && rec == nil {
			t.Fatal("no record and no error")
		}
	})
}
