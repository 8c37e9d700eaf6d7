package main

import (
	"errors"
	"fmt"
	"time"

	"declic/card"
	"declic/catalogue"
	"declic/ledger"
	"declic/records"
)

// The French words of the tool: every refusal of the domain packages is a code with its
// facts, turned into a sentence here, at the edge, and nowhere else.

// Codes of the tool's own refusals, besides those of records, catalogue and ledger.
const (
	codeUnreadable = "unreadable"  // the file cannot be read
	codeNotRegular = "not-regular" // a FIFO, a device, a folder…
	codeTooLarge   = "too-large"
	codeSuite      = "suite"     // eddsa-jcs-2022: verified, never credited
	codeCard       = "card"      // a carte Déclic among the records: skipped
	codeNoRecord   = "no-record" // a local entry without its record (older ledger)
)

// recordReasons explains the records package's reasons.
var recordReasons = map[records.Reason]string{
	records.ReasonUnknownFormat:       "format inconnu : ce n'est pas une attestation Open Badges lisible",
	records.ReasonBadProof:            "preuve invalide : signature absente, mal formée ou d'une autre clé",
	records.ReasonTampered:            "attestation modifiée après signature",
	records.ReasonFutureDate:          "date dans le futur",
	records.ReasonExpired:             "attestation expirée",
	records.ReasonHoursAboveAvailable: "plus d'heures que le module n'en compte",
	records.ReasonImplausibleActivity: "activité invraisemblable : temps actif absent ou trop court",
	records.ReasonContext:             "contexte JSON-LD inconnu ou ajouté : seuls les deux contextes Open Badges habituels sont acceptés",
	records.ReasonRecordID:            "identifiant d'attestation anormal : il doit être un urn:uuid en minuscules, celui que couvre la signature",
	records.ReasonNumberAsText:        "un nombre est écrit comme un texte",
}

// explain returns the code and the French sentence for why a file or a request was
// refused; centre is the connected centre (another centre's learner is never named).
func explain(err error, centre string) (string, string) {
	var ie *inputError
	var ve *records.VerifyError
	var cr *catalogue.Refusal
	var inv *ledger.InvalidError
	switch {
	case errors.As(err, &ie):
		switch {
		case errors.Is(ie.Err, errNotRegular):
			return codeNotRegular, "ce n'est pas un fichier ordinaire (tube, périphérique, dossier ou lien vers l'un d'eux) : refusé sans le lire"
		case errors.Is(ie.Err, errTooLarge):
			return codeTooLarge, "fichier de plus de 1 Mo : ce n'est pas une attestation"
		}
		return codeUnreadable, "fichier introuvable ou illisible"
	case errors.As(err, &ve):
		msg := recordReasons[ve.Reason]
		if ve.Reason == records.ReasonNumberAsText {
			msg = fmt.Sprintf("le champ %s est écrit comme un texte (entre guillemets) : il doit être un nombre", ve.Field)
		}
		if msg == "" {
			msg = "attestation refusée"
		}
		return string(ve.Reason), msg
	case errors.As(err, &cr):
		return string(cr.Code), catalogueText(cr)
	case ledger.RefusalOf(err) != nil:
		r := ledger.RefusalOf(err)
		return string(r.Code), refusalText(r, centre)
	case errors.As(err, &inv):
		return "invalid", invalidText(inv)
	case errors.Is(err, card.ErrCode):
		return "card-code", "carte modifiée : son code ne correspond pas à sa clé. Demandez à la personne d'enregistrer une nouvelle carte depuis Déclic"
	case errors.Is(err, card.ErrNewerVersion):
		return "card-version", "carte faite par une version plus récente de Déclic : mettez declic-centre à jour"
	case errors.Is(err, card.ErrTooLarge), errors.Is(err, card.ErrNotACard), errors.Is(err, card.ErrKey), errors.Is(err, card.ErrName):
		return "card", "ce fichier n'est pas une carte Déclic lisible"
	}
	return "error", "erreur : " + clean(err.Error())
}

func catalogueText(r *catalogue.Refusal) string {
	switch r.Code {
	case catalogue.RefusalUnknownAchievement:
		return fmt.Sprintf("module inconnu (%s) : aucun parcours de confiance du centre ne le contient. Installez son parcours signé (voir « declic-centre packs »)", clean(r.AchievementID))
	case catalogue.RefusalNoActiveTime:
		return fmt.Sprintf("l'attestation ne dit pas le temps actif : « %s » demande au moins %d minutes", clean(r.Module.Title), r.NeedMinutes)
	case catalogue.RefusalTooShort:
		return fmt.Sprintf("%d minutes actives pour « %s », qui en demande au moins %d (le quart de ses %d minutes)", r.ActiveMinutes, clean(r.Module.Title), r.NeedMinutes, r.Module.Minutes)
	case catalogue.RefusalNoHours:
		return "l'attestation ne compte aucune heure"
	}
	return "module refusé"
}

func when(t time.Time) string { return t.Local().Format("02/01/2006 à 15:04") }

// holderText says who holds a place: the centre and the date, the dossier and line only
// within the same centre.
func holderText(h *ledger.Entry, centre string) string {
	if h == nil {
		return ""
	}
	s := ""
	if h.Centre != "" && h.Centre != centre {
		s += " par " + clean(h.Centre)
	}
	s += " le " + when(h.CreatedAt)
	if h.Centre == centre && h.Learner != "" {
		s += fmt.Sprintf(" (à %s, ligne %d)", clean(h.Learner), h.Seq)
	}
	return s
}

func refusalText(r *ledger.Refusal, centre string) string {
	switch r.Code {
	case ledger.CodeDuplicateRecord:
		return "déjà crédité" + holderText(r.Holder, centre)
	case ledger.CodeDuplicateDossier:
		return "ce module est déjà crédité à ce dossier" + holderText(r.Holder, centre) + " : une nouvelle attestation du même module ne compte pas"
	case ledger.CodeDuplicateKey:
		return "ce module est déjà crédité à cette carte Déclic" + holderText(r.Holder, centre) + " : une nouvelle attestation du même module ne compte pas"
	case ledger.CodeNotEnrolled:
		return "la carte Déclic qui a signé cette attestation n'est enregistrée pour aucun dossier. En présence de la personne, enregistrez sa carte : declic-centre enrol --learner DOSSIER --card carte-declic.json, puis créditez de nouveau"
	case ledger.CodeOtherDossier:
		if r.Holder != nil {
			return fmt.Sprintf("cette carte Déclic est enregistrée pour le dossier « %s » (ligne %d) : vérifiez l'identité de la personne ; si c'est une erreur, annulez l'enregistrement (declic-centre cancel --entry %d --reason …) puis enregistrez la carte de nouveau", clean(r.Holder.Learner), r.Holder.Seq, r.Holder.Seq)
		}
		return "cette carte Déclic est enregistrée pour un autre dossier"
	case ledger.CodeAlreadyEnrolled:
		return "cette carte Déclic est déjà enregistrée pour ce dossier" + holderText(r.Holder, centre)
	case ledger.CodePassCap:
		return fmt.Sprintf("plafond du pass atteint (%s h)", hours(r.Cap))
	case ledger.CodeHomeCap:
		return fmt.Sprintf("plafond des heures à domicile atteint (%s h)", hours(r.Cap))
	case ledger.CodeNoEntry:
		return fmt.Sprintf("le registre n'a pas de ligne %d pour ce centre", r.Seq)
	case ledger.CodeAlreadyCancelled:
		return fmt.Sprintf("la ligne %d est déjà annulée%s", r.Seq, holderText(r.Holder, centre))
	case ledger.CodeNotCancellable:
		return fmt.Sprintf("la ligne %d est une annulation : elle ne s'annule pas", r.Seq)
	case ledger.CodeCentreKey:
		return "cette clé n'est pas celle du centre : le registre est signé par " + clean(r.Signer) + ". Indiquez la clé du centre (--centre-key)"
	}
	return "refusé (" + string(r.Code) + ")"
}

var fieldNames = map[ledger.Field]string{
	ledger.FieldCentre: "l'identifiant du centre (--centre)", ledger.FieldOperator: "le nom de l'opérateur (--operator)",
	ledger.FieldRecordID: "l'identifiant de l'attestation", ledger.FieldLearner: "le dossier de la personne (--learner)",
	ledger.FieldPass: "le pass (--pass)", ledger.FieldLearnerKey: "la clé de la personne",
	ledger.FieldAchievement: "le module", ledger.FieldModule: "le titre du module", ledger.FieldActivityEnd: "la fin d'activité",
	ledger.FieldHours: "les heures", ledger.FieldReason: "la raison (--reason)", ledger.FieldCentreKey: "la clé du centre (--centre-key)",
	ledger.FieldRecord: "l'attestation", ledger.FieldSeq: "le numéro de ligne (--entry)",
}

func invalidText(e *ledger.InvalidError) string {
	name := fieldNames[e.Field]
	if name == "" {
		name = string(e.Field)
	}
	switch e.Problem {
	case ledger.ProblemMissing:
		return "indiquez " + name
	case ledger.ProblemUnreadable:
		return name + " est illisible (trop long ou caractère de contrôle)"
	}
	return name + " est hors limites"
}

// chainText explains a chain problem.
func chainText(p ledger.ChainProblem) string {
	switch p.Code {
	case ledger.CodeMissingLine:
		return "une ligne manque avant celle-ci (effacée)"
	case ledger.CodeBrokenLink:
		return "le lien avec la ligne précédente est rompu"
	case ledger.CodeAltered:
		return "le contenu de la ligne a été modifié"
	case ledger.CodeBadSignature:
		return "la signature du centre ne correspond pas : la ligne a été réécrite sans la clé du centre"
	case ledger.CodeOtherSigner:
		return "signée par une autre clé que celle du centre (" + clean(p.Want) + ")"
	case ledger.CodeUnsigned:
		return "ligne non signée après des lignes signées"
	case ledger.CodeRecordChanged:
		return "l'attestation gardée avec la ligne a été modifiée"
	case ledger.CodeShorterThanHead:
		return fmt.Sprintf("le registre n'a plus que %d lignes, le point de contrôle signé en comptait %s : des lignes ont été effacées", p.Seq, p.Want)
	case ledger.CodeHeadDiffers:
		return "cette ligne n'est plus celle que le point de contrôle a signée : le registre a été réécrit depuis"
	case ledger.CodeHeadSigner:
		return "le point de contrôle est signé par une autre clé (" + clean(p.Want) + ") que le registre"
	case ledger.CodeBadHead:
		return "une tête signée du réseau est abîmée ou ne suit plus la précédente : des lignes ou des têtes ont été effacées"
	case ledger.CodeLongerThanHead:
		return fmt.Sprintf("lignes ajoutées sans tête signée (la dernière tête en compte %s) : écrites sans l'outil", p.Want)
	}
	return string(p.Code)
}
