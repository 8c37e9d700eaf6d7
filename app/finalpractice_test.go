package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
)

const finalWithPractice = "+++\ntitle = \"Je vérifie\"\nfinal = true\n+++\n\n## Une question\n\n```quiz\nquestion = \"Avec quel bouton faites-vous un clic ?\"\n[[choices]]\ntext = \"Le bouton gauche\"\ncorrect = true\n[[choices]]\ntext = \"La molette\"\n```\n\n## Le geste\n\n```keyboard\nprompt = \"Écrivez votre prénom.\"\ntext = \"Marie\"\n```\n"

// TestSkippingTheFinalPracticeLeavesTheModuleNotMastered answers the final
// question right, skips the gesture, and reads on the end screen why the module
// is not mastered.
func TestSkippingTheFinalPracticeLeavesTheModuleNotMastered(t *testing.T) {
	pack := miniPack(t, finalWithPractice)
	u, w, events := newUI(t, []*courses.Pack{pack}, language.French)
	u.OpenLesson(pack, pack.Modules[0], 0, 0)
	test.Tap(button(t, w, "Le bouton gauche"))
	test.Tap(button(t, w, "Vérifier"))
	test.Tap(button(t, w, "Suivant"))
	test.Tap(button(t, w, "Passer"))
	if !shows(t, w, "Pour réussir le module, faites aussi les exercices pratiques de la dernière leçon.") {
		t.Error("the end screen does not say the practice is missing")
	}
	if !shows(t, w, "Votre résultat final : 50 %") {
		t.Error("the skipped gesture counts 0 in the final score")
	}
	if len(events.Completions) != 1 {
		t.Fatalf("completions %+v", events.Completions)
	}
	r := events.Completions[0].Result
	if r.Mastered || r.FinalPractice != 1 || r.FinalPracticeDone != 0 {
		t.Errorf("result %+v", r)
	}
}
