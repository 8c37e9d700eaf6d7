package app

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"declic/courses"
)

func TestTheModulePageSaysInWordsWhichLessonIsTheFinalQuiz(t *testing.T) {
	pack := miniPack(t, quizLesson) // module 1: one final lesson; module 2: none
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	u.OpenModule(pack, pack.Modules[0])
	if !shows(t, w, "Je vérifie ce que je sais") {
		t.Fatal("the final quiz lesson is not marked in words")
	}
	// Read aloud, the words come just before the final lesson's title.
	text := screenText(w.Content(), nil)
	lines := strings.Split(text, "\n")
	mark, lesson := slices.Index(lines, "Je vérifie ce que je sais"), slices.Index(lines, "Essayer")
	if mark < 0 || lesson != mark+1 {
		t.Errorf("the mark is not read just before the final lesson:\n%s", text)
	}
	u.OpenModule(pack, pack.Modules[1])
	if shows(t, w, "Je vérifie ce que je sais") {
		t.Error("a module without a final quiz shows the final-quiz mark")
	}

	en, w2, _ := newUI(t, []*courses.Pack{pack}, language.English)
	en.OpenModule(pack, pack.Modules[0])
	if !shows(t, w2, "Check what I know") {
		t.Error("the mark is not in the learner's language")
	}
}
