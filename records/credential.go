package records

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"declic/keys"

	"github.com/google/uuid"
)

// Competency is one competence a module trains, as the record aligns it.
type Competency struct {
	// Code is the framework code, e.g. "2.1" (CRCN) or "socle.souris" (Déclic's own).
	Code string
	// Label is the competence's name, e.g. "Interagir"; the code is used when empty.
	Label string
}

// RecordInput holds the plain values a completion record states. The app fills it from
// the learner store and the course pack; Issue turns it into a signed credential.
type RecordInput struct {
	// LearnerID is the learner profile's pseudonymous UUID (no name, no e-mail).
	LearnerID string
	// DisplayName is the learner's name, only if the learner chose to add it.
	DisplayName string
	// PackID and PackVersion identify the course pack, e.g. "fr.declic.premiers-pas", "1.0.0".
	PackID, PackVersion string
	// ModuleID, ModuleTitle and ModuleDescription describe the completed module.
	ModuleID, ModuleTitle, ModuleDescription string
	// Competencies the module trains (CRCN codes and labels).
	Competencies []Competency
	// Hours is what the module is worth (module.toml hours); it is also the hours earned.
	Hours float64
	// ActiveMinutes is the learner's measured active time on the module.
	ActiveMinutes int
	// FinalScore is the final quiz score, 0 to 100 (percent).
	FinalScore float64
	// Start and End bound the learner's activity on the module.
	Start, End time.Time
	// IssuerName is the centre's name, or empty for "installation personnelle".
	IssuerName string
	// Issued is when the record is signed; zero means now.
	Issued time.Time
	// RecordID is the record's "urn:uuid:…" id; empty means a new random one.
	RecordID string
}

// Names of the result descriptions a Déclic record carries.
const (
	resultScore   = "score"
	resultMinutes = "active-minutes"
	// ResultTypeActiveMinutes is the OB 3.0 extension result type for active time.
	ResultTypeActiveMinutes = "ext:ActiveMinutes"
)

// Credential JSON shapes, in the order a reader expects to see the fields.
type (
	credentialJSON struct {
		Context           []string        `json:"@context"`
		ID                string          `json:"id"`
		Type              []string        `json:"type"`
		Name              string          `json:"name"`
		Description       string          `json:"description,omitempty"`
		Issuer            profileJSON     `json:"issuer"`
		ValidFrom         string          `json:"validFrom"`
		CredentialSubject subjectJSON     `json:"credentialSubject"`
		Proof             json.RawMessage `json:"proof,omitempty"`
	}
	profileJSON struct {
		ID   string   `json:"id"`
		Type []string `json:"type"`
		Name string   `json:"name"`
	}
	subjectJSON struct {
		ID                string          `json:"id"`
		Type              []string        `json:"type"`
		Identifier        []identityJSON  `json:"identifier,omitempty"`
		ActivityStartDate string          `json:"activityStartDate"`
		ActivityEndDate   string          `json:"activityEndDate"`
		CreditsEarned     float64         `json:"creditsEarned"`
		Result            []resultJSON    `json:"result"`
		Achievement       achievementJSON `json:"achievement"`
	}
	identityJSON struct {
		Type         string `json:"type"`
		IdentityHash string `json:"identityHash"`
		IdentityType string `json:"identityType"`
		Hashed       bool   `json:"hashed"`
	}
	resultJSON struct {
		Type              []string `json:"type"`
		ResultDescription string   `json:"resultDescription"`
		Value             string   `json:"value"`
	}
	achievementJSON struct {
		ID                string                  `json:"id"`
		Type              []string                `json:"type"`
		AchievementType   string                  `json:"achievementType"`
		Name              string                  `json:"name"`
		Description       string                  `json:"description"`
		Criteria          criteriaJSON            `json:"criteria"`
		CreditsAvailable  float64                 `json:"creditsAvailable"`
		Version           string                  `json:"version,omitempty"`
		HumanCode         string                  `json:"humanCode"`
		Alignment         []alignmentJSON         `json:"alignment,omitempty"`
		ResultDescription []resultDescriptionJSON `json:"resultDescription"`
	}
	proofJSON struct {
		Type               string `json:"type"`
		Cryptosuite        string `json:"cryptosuite"`
		Created            string `json:"created"`
		VerificationMethod string `json:"verificationMethod"`
		ProofPurpose       string `json:"proofPurpose"`
		ProofValue         string `json:"proofValue"`
	}
	criteriaJSON struct {
		Narrative string `json:"narrative"`
	}
	alignmentJSON struct {
		Type            []string `json:"type"`
		TargetName      string   `json:"targetName"`
		TargetCode      string   `json:"targetCode"`
		TargetFramework string   `json:"targetFramework"`
		TargetURL       string   `json:"targetUrl"`
	}
	resultDescriptionJSON struct {
		ID         string   `json:"id"`
		Type       []string `json:"type"`
		Name       string   `json:"name"`
		ResultType string   `json:"resultType"`
		ValueMin   string   `json:"valueMin,omitempty"`
		ValueMax   string   `json:"valueMax,omitempty"`
	}
)

// AchievementID returns the stable URI of a pack's module as an achievement: the same
// for every learner and every version of the pack.
func AchievementID(packID, moduleID string) string {
	return "urn:declic:achievement:" + url.PathEscape(packID) + ":" + url.PathEscape(moduleID)
}

// CompetencyURI returns the URI a record aligns a competency code to.
func CompetencyURI(code string) string {
	return "urn:declic:competency:" + url.PathEscape(code)
}

// frameworkOf names the framework a competency code belongs to.
func frameworkOf(code string) string {
	if code != "" && code[0] >= '1' && code[0] <= '9' {
		return "CRCN (Pix)"
	}
	return "Déclic"
}

// IssuerDisplayName returns the issuer profile name for a centre name.
func IssuerDisplayName(centre string) string {
	if strings.TrimSpace(centre) == "" {
		centre = "installation personnelle"
	}
	return "Déclic – " + strings.TrimSpace(centre)
}

// validate checks a RecordInput and says what is wrong in plain terms.
func (in RecordInput) validate() error {
	var problems []string
	if _, err := uuid.Parse(in.LearnerID); err != nil || strings.HasPrefix(in.LearnerID, "urn:") {
		problems = append(problems, fmt.Sprintf("learner id %q is not a UUID", in.LearnerID))
	}
	for name, v := range map[string]string{"pack id": in.PackID, "module id": in.ModuleID, "module title": in.ModuleTitle} {
		if strings.TrimSpace(v) == "" {
			problems = append(problems, name+" is empty")
		}
	}
	if math.IsNaN(in.Hours) || in.Hours <= 0 || in.Hours > 1000 {
		problems = append(problems, fmt.Sprintf("hours %v must be above 0 and at most 1000", in.Hours))
	}
	if in.ActiveMinutes < 0 || in.ActiveMinutes > 100000 {
		problems = append(problems, fmt.Sprintf("active minutes %d out of range", in.ActiveMinutes))
	}
	if math.IsNaN(in.FinalScore) || in.FinalScore < 0 || in.FinalScore > 100 {
		problems = append(problems, fmt.Sprintf("final score %v must be between 0 and 100", in.FinalScore))
	}
	if in.Start.IsZero() || in.End.IsZero() {
		problems = append(problems, "start and end dates are required")
	} else if in.End.Before(in.Start) {
		problems = append(problems, "end date is before start date")
	}
	if in.RecordID != "" {
		if _, err := uuid.Parse(strings.TrimPrefix(in.RecordID, "urn:uuid:")); err != nil || !strings.HasPrefix(in.RecordID, "urn:uuid:") {
			problems = append(problems, fmt.Sprintf("record id %q is not urn:uuid:…", in.RecordID))
		}
	}
	for _, c := range in.Competencies {
		if strings.TrimSpace(c.Code) == "" {
			problems = append(problems, "a competency has no code")
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("records: record input: %s", strings.Join(problems, "; "))
	}
	return nil
}

// formatDecimal prints v with at most two decimals, as a JSON number would.
func roundHours(v float64) float64 { return math.Round(v*100) / 100 }

// Issue signs a completion record for one module with the installation key and returns
// the credential as indented JSON: an OpenBadgeCredential with an eddsa-rdfc-2022 proof.
func Issue(key *keys.Key, in RecordInput) ([]byte, error) {
	if key == nil {
		return nil, errors.New("records: issue: no key")
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	issued := in.Issued
	if issued.IsZero() {
		issued = time.Now()
	}
	issued = issued.UTC().Truncate(time.Second)
	id := in.RecordID
	if id == "" {
		id = "urn:uuid:" + uuid.NewString()
	}
	hours := roundHours(in.Hours)
	achievementID := AchievementID(in.PackID, in.ModuleID)
	description := strings.TrimSpace(in.ModuleDescription)
	if description == "" {
		description = "Module « " + in.ModuleTitle + " » du parcours " + in.PackID + "."
	}
	cred := credentialJSON{
		Context:     []string{ContextCredentialsV2, ContextOpenBadges303},
		ID:          id,
		Type:        []string{"VerifiableCredential", "OpenBadgeCredential"},
		Name:        "Module terminé : " + in.ModuleTitle,
		Description: "Cette attestation prouve que la personne a suivi ce module avec Déclic.",
		Issuer:      profileJSON{ID: key.DID(), Type: []string{"Profile"}, Name: IssuerDisplayName(in.IssuerName)},
		ValidFrom:   issued.Format(time.RFC3339),
		CredentialSubject: subjectJSON{
			ID:                "urn:uuid:" + strings.ToLower(in.LearnerID),
			Type:              []string{"AchievementSubject"},
			ActivityStartDate: in.Start.UTC().Truncate(time.Second).Format(time.RFC3339),
			ActivityEndDate:   in.End.UTC().Truncate(time.Second).Format(time.RFC3339),
			CreditsEarned:     hours,
			Result: []resultJSON{
				{Type: []string{"Result"}, ResultDescription: achievementID + "#" + resultScore, Value: strconv.FormatFloat(math.Round(in.FinalScore), 'f', -1, 64)},
				{Type: []string{"Result"}, ResultDescription: achievementID + "#" + resultMinutes, Value: strconv.Itoa(in.ActiveMinutes)},
			},
			Achievement: achievementJSON{
				ID:               achievementID,
				Type:             []string{"Achievement"},
				AchievementType:  "Course",
				Name:             in.ModuleTitle,
				Description:      description,
				Criteria:         criteriaJSON{Narrative: "Suivre toutes les leçons du module « " + in.ModuleTitle + " » et terminer son quiz final."},
				CreditsAvailable: hours,
				Version:          in.PackVersion,
				HumanCode:        in.PackID + "/" + in.ModuleID,
				ResultDescription: []resultDescriptionJSON{
					{ID: achievementID + "#" + resultScore, Type: []string{"ResultDescription"}, Name: "Score au quiz final", ResultType: "Percent", ValueMin: "0", ValueMax: "100"},
					{ID: achievementID + "#" + resultMinutes, Type: []string{"ResultDescription"}, Name: "Temps actif (minutes)", ResultType: ResultTypeActiveMinutes, ValueMin: "0"},
				},
			},
		},
	}
	if name := strings.TrimSpace(in.DisplayName); name != "" {
		cred.CredentialSubject.Identifier = []identityJSON{{Type: "IdentityObject", IdentityHash: name, IdentityType: "name", Hashed: false}}
	}
	for _, c := range in.Competencies {
		label := strings.TrimSpace(c.Label)
		if label == "" {
			label = c.Code
		}
		cred.CredentialSubject.Achievement.Alignment = append(cred.CredentialSubject.Achievement.Alignment, alignmentJSON{
			Type: []string{"Alignment"}, TargetName: label, TargetCode: c.Code,
			TargetFramework: frameworkOf(c.Code), TargetURL: CompetencyURI(c.Code),
		})
	}
	unsigned, err := json.Marshal(cred)
	if err != nil {
		return nil, fmt.Errorf("records: issue: %w", err)
	}
	doc, err := decodeDocument(unsigned)
	if err != nil {
		return nil, fmt.Errorf("records: issue: %w", err)
	}
	proof, _, err := signDocument(doc, key, SuiteRDFC, issued)
	if err != nil {
		return nil, err
	}
	if cred.Proof, err = json.Marshal(proofJSON{
		Type: proof["type"].(string), Cryptosuite: proof["cryptosuite"].(string), Created: proof["created"].(string),
		VerificationMethod: proof["verificationMethod"].(string), ProofPurpose: proof["proofPurpose"].(string),
		ProofValue: proof["proofValue"].(string),
	}); err != nil {
		return nil, fmt.Errorf("records: issue: %w", err)
	}
	out, err := json.MarshalIndent(cred, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("records: issue: %w", err)
	}
	return append(out, '\n'), nil
}
