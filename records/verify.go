package records

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"time"
)

// Reason says, in one word a program can test, why a record was not accepted.
type Reason string

// Reasons a record fails verification.
const (
	// ReasonUnknownFormat: not JSON, not an Open Badges 3.0 credential, or input refused.
	ReasonUnknownFormat Reason = "unknown-format"
	// ReasonBadProof: the proof is missing, malformed, or made by a key other than the issuer's.
	ReasonBadProof Reason = "bad-proof"
	// ReasonTampered: the signature does not match the content (something was changed).
	ReasonTampered Reason = "tampered"
	// ReasonFutureDate: a date of the record lies in the future.
	ReasonFutureDate Reason = "future-date"
	// ReasonExpired: the record's validUntil has passed.
	ReasonExpired Reason = "expired"
	// ReasonHoursAboveAvailable: more hours earned than the module is worth.
	ReasonHoursAboveAvailable Reason = "hours-above-available"
	// ReasonImplausibleActivity: the activity is shorter than the module plausibly takes,
	// or the record does not say how long the learner was active.
	ReasonImplausibleActivity Reason = "implausible-activity"
	// ReasonContext: the @context is not exactly the two known URLs in order, or a
	// context is written inline or inside the document (it would change what ids mean).
	ReasonContext Reason = "context"
	// ReasonRecordID: the record's id (or its subject's) is not a lower-case urn:uuid.
	ReasonRecordID Reason = "record-id"
	// ReasonNumberAsText: a number (hours) is written as text, e.g. "20" instead of 20.
	ReasonNumberAsText Reason = "number-as-text"
)

// VerifyError is the error Verify returns: a Reason plus the detail behind it.
type VerifyError struct {
	Reason Reason
	// Field names the JSON field at fault when there is one (e.g. "creditsEarned").
	Field string
	Err   error
}

// Error says the reason and the detail.
func (e *VerifyError) Error() string { return fmt.Sprintf("records: %s: %v", e.Reason, e.Err) }

// Unwrap returns the detail.
func (e *VerifyError) Unwrap() error { return e.Err }

// ReasonOf returns the Reason of an error from Verify, or "" for another error.
func ReasonOf(err error) Reason {
	var ve *VerifyError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return ""
}

func fail(r Reason, format string, args ...any) error {
	return &VerifyError{Reason: r, Err: fmt.Errorf(format, args...)}
}

// FieldOf returns the JSON field an error from Verify names, or "".
func FieldOf(err error) string {
	var ve *VerifyError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}

// Record is the content of a verified completion record, in plain values.
type Record struct {
	// ID is the credential's id ("urn:uuid:…"), the key the ledger credits once. It is
	// a lower-case urn:uuid, and (for eddsa-rdfc-2022) the very IRI the signature covers.
	ID string `json:"id"`
	// IssuerDID is the issuing installation ("did:key:z6Mk…"): the device identity.
	IssuerDID string `json:"issuerDid"`
	// IssuerName is the issuer profile's name.
	IssuerName string `json:"issuerName"`
	// SubjectID is the learner's pseudonymous id ("urn:uuid:…").
	SubjectID string `json:"subjectId"`
	// DisplayName is the learner's name if the learner added it, else "".
	DisplayName string `json:"displayName,omitempty"`
	// Name is the credential's title.
	Name string `json:"name"`
	// AchievementID, ModuleTitle, PackVersion and HumanCode ("pack/module") describe the module.
	AchievementID string `json:"achievementId"`
	ModuleTitle   string `json:"moduleTitle"`
	PackVersion   string `json:"packVersion"`
	HumanCode     string `json:"humanCode"`
	// Competencies are the aligned competency codes.
	Competencies []string `json:"competencies"`
	// CreditsAvailable is what the module is worth, CreditsEarned what the learner earned (hours).
	CreditsAvailable float64 `json:"creditsAvailable"`
	CreditsEarned    float64 `json:"creditsEarned"`
	// ActiveMinutes is the measured active time; -1 when the record does not say.
	ActiveMinutes int `json:"activeMinutes"`
	// ScorePercent is the final quiz score; -1 when the record does not say.
	ScorePercent float64 `json:"scorePercent"`
	// Start and End bound the activity; ValidFrom is when the record was issued.
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	ValidFrom time.Time `json:"validFrom"`
	// Cryptosuite is the proof's suite (eddsa-rdfc-2022 or eddsa-jcs-2022).
	Cryptosuite string `json:"cryptosuite"`
}

// VerifyOptions tunes the plausibility checks that follow a valid proof.
type VerifyOptions struct {
	// Now is the current time; zero means time.Now().
	Now time.Time
	// ClockSkew tolerated for dates in the future; zero means 5 minutes.
	ClockSkew time.Duration
	// MinActiveShare is the least share of the module's hours that active time must reach
	// (0.25: a 2-hour module needs 30 active minutes); zero means 0.25, negative disables
	// this check and the one of a missing active time (a centre's catalogue does both
	// against the module's real length).
	MinActiveShare float64
}

func (o VerifyOptions) withDefaults() VerifyOptions {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.ClockSkew == 0 {
		o.ClockSkew = 5 * time.Minute
	}
	if o.MinActiveShare == 0 {
		o.MinActiveShare = 0.25
	}
	return o
}

// Verify checks a completion record: its format, its proof (the issuer's own did:key
// must have signed it), then plausibility (dates, hours, active time). It returns the
// record's content when the proof holds — even if a plausibility check fails, so a
// centre can see what it was — and a *VerifyError saying why it is not accepted.
func Verify(data []byte, opts VerifyOptions) (*Record, error) {
	opts = opts.withDefaults()
	doc, err := decodeDocument(data)
	if err != nil {
		return nil, &VerifyError{Reason: ReasonUnknownFormat, Err: err}
	}
	if err := checkShape(doc); err != nil {
		return nil, err
	}
	if err := checkStrict(doc); err != nil {
		return nil, err
	}
	p, err := parseProof(doc["proof"])
	if err != nil {
		return nil, &VerifyError{Reason: ReasonBadProof, Err: err}
	}
	issuer := issuerID(doc["issuer"])
	if p.controller != issuer {
		return nil, fail(ReasonBadProof, "signed by %s, but the issuer is %q", p.controller, issuer)
	}
	h, err := checkProof(doc, p, defaultLoader)
	if err != nil {
		if errors.Is(err, errSignature) {
			return nil, &VerifyError{Reason: ReasonTampered, Err: err}
		}
		return nil, &VerifyError{Reason: ReasonUnknownFormat, Err: err}
	}
	if p.suite == SuiteRDFC {
		if err := checkIDsAreSigned(doc, h.canonicalDocument); err != nil {
			return nil, err
		}
	}
	rec, err := readRecord(doc, p)
	if err != nil {
		var ve *VerifyError
		if errors.As(err, &ve) {
			return nil, err
		}
		return nil, &VerifyError{Reason: ReasonUnknownFormat, Err: err}
	}
	return rec, checkPlausible(rec, doc, p, opts)
}

// checkShape checks the parts of the Open Badges 3.0 shape a centre relies on.
func checkShape(doc map[string]any) error {
	if _, has := doc["@context"]; !has {
		return fail(ReasonUnknownFormat, "no @context: not a verifiable credential")
	}
	if !isKnownContext(doc["@context"]) {
		return fail(ReasonContext, "@context must be exactly [%q, %q]", ContextCredentialsV2, ContextOpenBadges303)
	}
	types := stringList(doc["type"])
	if !slices.Contains(types, "VerifiableCredential") ||
		!(slices.Contains(types, "OpenBadgeCredential") || slices.Contains(types, "AchievementCredential")) {
		return fail(ReasonUnknownFormat, "type %v is not an OpenBadgeCredential", types)
	}
	if _, ok := doc["proof"]; !ok {
		return fail(ReasonBadProof, "the record carries no proof")
	}
	return nil
}

// strings_ returns a JSON string or list of strings as a slice.
func stringList(v any) []string {
	var out []string
	for _, e := range asList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// issuerID returns the issuer's id, whether the issuer is a string or a Profile.
func issuerID(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		s, _ := t["id"].(string)
		return s
	}
	return ""
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func object(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

// hoursField reads an optional number of hours; a number written as text is an error
// that names the field, so a centre can say what is wrong.
func hoursField(m map[string]any, key string) (float64, error) {
	switch v := m[key].(type) {
	case nil:
		return 0, nil
	case float64:
		return v, nil
	case string:
		return 0, &VerifyError{Reason: ReasonNumberAsText, Field: key, Err: fmt.Errorf("%s is the text %q, not a number", key, v)}
	default:
		return 0, &VerifyError{Reason: ReasonUnknownFormat, Field: key, Err: fmt.Errorf("%s is not a number", key)}
	}
}

func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

// readRecord extracts a Record from a document whose proof holds.
func readRecord(doc map[string]any, p *proofInfo) (*Record, error) {
	rec := &Record{
		ID: str(doc, "id"), IssuerDID: p.controller, Name: str(doc, "name"),
		Cryptosuite: p.suite, ActiveMinutes: -1, ScorePercent: -1,
	}
	if iss, ok := doc["issuer"].(map[string]any); ok {
		rec.IssuerName = str(iss, "name")
	}
	var err error
	if rec.ValidFrom, err = parseTime(str(doc, "validFrom")); err != nil {
		return nil, fmt.Errorf("validFrom: %w", err)
	}
	subject := object(doc, "credentialSubject")
	if subject == nil {
		return nil, errors.New("credentialSubject is missing or not one object")
	}
	if !slices.Contains(stringList(subject["type"]), "AchievementSubject") {
		return nil, errors.New("credentialSubject is not an AchievementSubject")
	}
	rec.SubjectID = str(subject, "id")
	for _, e := range asList(subject["identifier"]) {
		if io, ok := e.(map[string]any); ok && str(io, "identityType") == "name" && io["hashed"] == false {
			rec.DisplayName = str(io, "identityHash")
		}
	}
	if rec.SubjectID == "" && rec.DisplayName == "" {
		return nil, errors.New("credentialSubject has no id")
	}
	ach := object(subject, "achievement")
	if ach == nil || str(ach, "id") == "" {
		return nil, errors.New("achievement is missing or has no id")
	}
	rec.AchievementID, rec.ModuleTitle = str(ach, "id"), str(ach, "name")
	rec.PackVersion, rec.HumanCode = str(ach, "version"), str(ach, "humanCode")
	for _, a := range asList(ach["alignment"]) {
		if ao, ok := a.(map[string]any); ok {
			if code := str(ao, "targetCode"); code != "" {
				rec.Competencies = append(rec.Competencies, code)
			}
		}
	}
	var err2 error
	if rec.CreditsAvailable, err2 = hoursField(ach, "creditsAvailable"); err2 != nil {
		return nil, err2
	}
	if rec.CreditsEarned, err2 = hoursField(subject, "creditsEarned"); err2 != nil {
		return nil, err2
	}
	if s := str(subject, "activityStartDate"); s != "" {
		if rec.Start, err = parseTime(s); err != nil {
			return nil, fmt.Errorf("activityStartDate: %w", err)
		}
	}
	if s := str(subject, "activityEndDate"); s != "" {
		if rec.End, err = parseTime(s); err != nil {
			return nil, fmt.Errorf("activityEndDate: %w", err)
		}
	}
	types := map[string]string{} // resultDescription id → resultType
	for _, d := range asList(ach["resultDescription"]) {
		if do, ok := d.(map[string]any); ok {
			types[str(do, "id")] = str(do, "resultType")
		}
	}
	for _, r := range asList(subject["result"]) {
		ro, ok := r.(map[string]any)
		if !ok {
			continue
		}
		value := str(ro, "value")
		switch types[str(ro, "resultDescription")] {
		case "Percent":
			if f, err := strconv.ParseFloat(value, 64); err == nil {
				rec.ScorePercent = f
			}
		case ResultTypeActiveMinutes:
			if n, err := strconv.Atoi(value); err == nil {
				rec.ActiveMinutes = n
			}
		}
	}
	return rec, nil
}

// checkPlausible applies the checks a centre needs beyond the proof.
func checkPlausible(rec *Record, doc map[string]any, p *proofInfo, opts VerifyOptions) error {
	limit := opts.Now.Add(opts.ClockSkew)
	for name, t := range map[string]time.Time{"validFrom": rec.ValidFrom, "activityEndDate": rec.End, "activityStartDate": rec.Start, "proof created": p.created} {
		if t.After(limit) {
			return fail(ReasonFutureDate, "%s %s is in the future", name, t.Format(time.RFC3339))
		}
	}
	if s := str(doc, "validUntil"); s != "" {
		until, err := parseTime(s)
		if err != nil {
			return fail(ReasonUnknownFormat, "validUntil: %v", err)
		}
		if until.Before(opts.Now) {
			return fail(ReasonExpired, "validUntil %s has passed", s)
		}
	}
	if !rec.End.IsZero() && rec.End.Before(rec.Start) {
		return fail(ReasonImplausibleActivity, "the activity ends before it starts")
	}
	if rec.CreditsEarned < 0 || rec.CreditsAvailable < 0 {
		return fail(ReasonHoursAboveAvailable, "negative hours")
	}
	if rec.CreditsEarned > rec.CreditsAvailable {
		return fail(ReasonHoursAboveAvailable, "%v hours earned, but the module is worth %v", rec.CreditsEarned, rec.CreditsAvailable)
	}
	if opts.MinActiveShare > 0 && rec.ActiveMinutes < 0 {
		return &VerifyError{Reason: ReasonImplausibleActivity, Field: "result", Err: errors.New("the record does not say how many minutes the learner was active")}
	}
	if opts.MinActiveShare > 0 {
		need := opts.MinActiveShare * rec.CreditsAvailable * 60
		if float64(rec.ActiveMinutes) < need {
			return fail(ReasonImplausibleActivity, "%d active minutes, at least %.0f expected for %v hours", rec.ActiveMinutes, need, rec.CreditsAvailable)
		}
	}
	if rec.ActiveMinutes > 0 && !rec.Start.IsZero() && !rec.End.IsZero() && rec.End.Sub(rec.Start) < time.Duration(rec.ActiveMinutes)*time.Minute {
		return fail(ReasonImplausibleActivity, "%d active minutes between %s and %s", rec.ActiveMinutes, rec.Start.Format(time.RFC3339), rec.End.Format(time.RFC3339))
	}
	return nil
}
