package app

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/plugins/quiz"
)

// go test ./app -run TestEveryStarterStepFits -fit-shots DIR also renders every
// activity screen at 1280×720 with the software painter into DIR, to look at them.
var fitShotsDir = flag.String("fit-shots", "", "write a PNG of every activity screen to this folder")

// saveShot writes the window's current picture to dir/name.png.
func saveShot(t *testing.T, w fyne.Window, dir, name string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// stepOverflow is a screen of a lesson whose content is taller than the room the
// player gives it, so the learner has to scroll to see all of it.
type stepOverflow struct {
	file, title, kinds string
	step               int // 1-based, as « Étape 3 sur 8 » shows it
	// by is how many units (pixels at 100 %) the content is taller than the viewport.
	by float32
}

func (o stepOverflow) String() string {
	return fmt.Sprintf("%s « %s » (%s): %.0f px too tall", o.where(), o.title, o.kinds, o.by)
}

// where names the step: its lesson file and its number, e.g. "modules/02-la-souris/02-cliquer.md#3".
func (o stepOverflow) where() string { return fmt.Sprintf("%s#%d", o.file, o.step) }

// stepKinds names the activity kinds of a step, or "text" when it has none.
func stepKinds(s *courses.Step) string {
	var kinds []string
	for _, b := range s.Blocks {
		if a, ok := b.(courses.Activity); ok {
			kinds = append(kinds, a.Kind)
		}
	}
	if len(kinds) == 0 {
		return "text"
	}
	return strings.Join(kinds, "+")
}

// playerScroll is the scroll container the player put the current step in.
func playerScroll(t *testing.T, p *lessonPlayer) *container.Scroll {
	t.Helper()
	if len(p.content.Objects) != 1 {
		t.Fatalf("player content holds %d objects, want the step's scroll", len(p.content.Objects))
	}
	s, ok := p.content.Objects[0].(*container.Scroll)
	if !ok {
		t.Fatalf("player content is a %T, want *container.Scroll", p.content.Objects[0])
	}
	return s
}

// measureStep returns how far the current step's content overflows its viewport
// (0 or less: it fits). The content is laid out at the viewport's width first, so
// wrapped text has its real height.
func measureStep(t *testing.T, p *lessonPlayer) float32 {
	t.Helper()
	scroll := playerScroll(t, p)
	var over float32
	// Two passes: wrapped text knows its height once it has been given its width.
	for range 2 {
		scroll.Refresh()
		over = scroll.Content.MinSize().Height - scroll.Size().Height
	}
	if scroll.Size().Height <= 0 {
		t.Fatalf("the step's viewport is not laid out (%v)", scroll.Size())
	}
	return over
}

// stepsThatOverflow opens every step of every lesson of pack in the real player,
// in a window of size at text scale, and lists the steps that need scrolling.
func stepsThatOverflow(t *testing.T, pack *courses.Pack, size fyne.Size, scale float32) (over []stepOverflow, walked int) {
	all := measureEveryStep(t, pack, size, scale)
	for _, m := range all {
		if m.by > 0 {
			over = append(over, m)
		}
	}
	return over, len(all)
}

// measureEveryStep opens every step of every lesson of pack in the real player, in
// a window of size at text scale, and returns how much each one overflows (a
// negative by is the room left below the content), tallest first.
func measureEveryStep(t *testing.T, pack *courses.Pack, size fyne.Size, scale float32) (all []stepOverflow) {
	t.Helper()
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	u.applyTextScale(scale)
	w.Resize(size)
	for _, m := range pack.Modules {
		for li, l := range m.Lessons {
			for si, s := range l.Steps {
				u.OpenLesson(pack, m, li, si)
				p := u.Player()
				if p == nil || p.lessonIdx != li || p.stepIdx != si {
					t.Fatalf("%s step %d: the player did not open it", l.File, si+1)
				}
				if *fitShotsDir != "" && stepKinds(s) != "text" {
					saveShot(t, w, *fitShotsDir, fmt.Sprintf("%s-%s-%02d-%s", m.ID, l.ID, si+1, stepKinds(s)))
				}
				all = append(all, stepOverflow{file: l.File, step: si + 1, title: s.Title, kinds: stepKinds(s), by: measureStep(t, p)})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].by > all[j].by })
	return all
}

// stepsWaitingForRoom lists screens of the starter pack known to need scrolling
// at 1280×720, by "file#step" and kinds, while their views wait for room. It is
// empty: since the player's header takes one row and the quiz and order views
// use two columns, every starter screen fits. Each entry must still overflow:
// once it fits, the test asks for it to be removed, so this list only shrinks.
// A screen that is not listed here must fit.
var stepsWaitingForRoom = map[string]string{}

// TestEveryStarterStepFitsWithoutScrolling opens every screen of the starter pack
// in a 1280×720 window at the default text size and fails on any screen whose
// content is taller than the room between the top bar and the « Suivant » bar: a
// beginner must see the whole screen, and its « Valider » button, at once. At
// 1024×600 or at larger text, scrolling is accepted and not checked here.
func TestEveryStarterStepFitsWithoutScrolling(t *testing.T) {
	checkEveryStepFits(t, loadStarter(t), stepsWaitingForRoom)
}

// checkEveryStepFits opens every screen of pack in a 1280×720 window at the
// default text size and fails on any screen that needs scrolling, except the
// screens listed in waitingList ("file#step" → kinds), which must still overflow.
func checkEveryStepFits(t *testing.T, pack *courses.Pack, waitingList map[string]string) {
	t.Helper()
	total := 0
	for _, m := range pack.Modules {
		for _, l := range m.Lessons {
			total += len(l.Steps)
		}
	}
	if *fitShotsDir != "" {
		if err := os.MkdirAll(*fitShotsDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	all := measureEveryStep(t, pack, fyne.NewSize(1280, 720), 1)
	if len(all) != total || total == 0 {
		t.Fatalf("walked %d steps, the pack has %d", len(all), total)
	}
	var over, waiting, nowFit []string
	seen := map[string]bool{}
	for _, m := range all {
		kind, listed := waitingList[m.where()]
		seen[m.where()] = listed
		switch {
		case m.by > 0 && listed && kind == m.kinds:
			waiting = append(waiting, m.String())
		case m.by > 0:
			over = append(over, m.String())
		case listed:
			nowFit = append(nowFit, fmt.Sprintf("%s « %s » (%s)", m.where(), m.title, m.kinds))
		}
	}
	for where := range waitingList {
		if !seen[where] {
			nowFit = append(nowFit, where+" (no such step any more)")
		}
	}
	sort.Strings(nowFit)
	if len(over) > 0 {
		t.Errorf("%d of %d screens need scrolling at 1280×720, text at 100 %%:\n  %s", len(over), len(all), strings.Join(over, "\n  "))
	}
	if len(nowFit) > 0 {
		t.Errorf("these screens now fit: remove them from the list of screens waiting for room:\n  %s", strings.Join(nowFit, "\n  "))
	}
	t.Logf("%d of %d screens fit; %d listed screens still wait for room:\n  %s", len(all)-len(over)-len(waiting), len(all), len(waiting), strings.Join(waiting, "\n  "))
	// The activity screens closest to the fold, to see how much room is left.
	var closest []string
	for _, m := range all {
		if m.by <= 0 && m.kinds != "text" && len(closest) < 8 {
			closest = append(closest, fmt.Sprintf("%s « %s » (%s): %.0f px left", m.where(), m.title, m.kinds, -m.by))
		}
	}
	t.Logf("activity screens closest to the fold:\n  %s", strings.Join(closest, "\n  "))
}

// TestOverflowIsMeasured checks the measure: a step made taller than any window
// is reported as overflowing, by about the height that was added.
func TestOverflowIsMeasured(t *testing.T) {
	var body strings.Builder
	body.WriteString("+++\ntitle = \"Long\"\nduration = 1\n+++\n\n## Un écran trop long\n\n")
	for i := range 60 {
		fmt.Fprintf(&body, "Ligne numéro %d.\n\n", i+1)
	}
	body.WriteString("## Un écran court\n\nBonjour.\n")
	pack := miniPack(t, body.String())
	over, walked := stepsThatOverflow(t, pack, fyne.NewSize(1280, 720), 1)
	if walked != 3 { // two here, one in the mini pack's second module
		t.Fatalf("walked %d steps, want 3", walked)
	}
	if len(over) != 1 || over[0].title != "Un écran trop long" || over[0].by < 500 {
		t.Errorf("overflows = %v, want only « Un écran trop long », by more than 500 px", over)
	}
}

// quizFeedbackWaitingForRoom lists starter quiz screens whose feedback, after a
// wrong answer or once the right answer is shown, still ends below the fold at
// 1280×720, by "file#step". It is empty: the quiz puts « Vérifier » and the
// feedback beside its answers when the window is wide (under the question's
// picture when it has one, see plugins/quiz/quizview). Like stepsWaitingForRoom,
// each entry must still overflow, so the list only shrinks.
var quizFeedbackWaitingForRoom = map[string]bool{}

// TestQuizFeedbackShowsAfterAWrongAnswer answers every starter quiz wrongly and
// fails when the feedback (« Pas encore », the explanation, « Essayez encore. »)
// needs scrolling to be read at 1280×720, or the right answer and « Continuer »
// after « Voir la bonne réponse », except on the listed screens.
func TestQuizFeedbackShowsAfterAWrongAnswer(t *testing.T) {
	checkQuizFeedbackShows(t, loadStarter(t), quizFeedbackWaitingForRoom)
}

// checkQuizFeedbackShows answers every quiz of pack wrongly at 1280×720 and fails
// when the feedback needs scrolling to be read, except on the screens listed in
// waiting ("file#step"), which must still overflow.
func checkQuizFeedbackShows(t *testing.T, pack *courses.Pack, waiting map[string]bool) {
	t.Helper()
	u, w, _ := newUI(t, []*courses.Pack{pack}, language.French)
	w.Resize(fyne.NewSize(1280, 720))
	var over, nowFit []string
	quizzes := 0
	for _, m := range pack.Modules {
		for li, l := range m.Lessons {
			for si, s := range l.Steps {
				if stepKinds(s) != "quiz" {
					continue
				}
				var q *quiz.Activity
				for _, b := range s.Blocks {
					if a, ok := b.(courses.Activity); ok {
						q, _ = a.Parsed.(*quiz.Activity)
					}
				}
				wrong := ""
				for _, c := range q.Choices {
					if !c.Correct && wrong == "" {
						wrong = c.Text
					}
				}
				if wrong == "" {
					continue // every answer is right: no wrong feedback to show
				}
				quizzes++
				u.OpenLesson(pack, m, li, si)
				test.Tap(button(t, w, wrong))
				test.Tap(button(t, w, "Vérifier"))
				if !shows(t, w, "Pas encore") {
					t.Fatalf("%s#%d: no feedback after a wrong answer", l.File, si+1)
				}
				where := fmt.Sprintf("%s#%d", l.File, si+1)
				by := measureStep(t, u.Player())
				test.Tap(button(t, w, "Voir la bonne réponse"))
				if !shows(t, w, "Continuer") {
					t.Fatalf("%s#%d: no « Continuer » after the right answer is shown", l.File, si+1)
				}
				if shown := measureStep(t, u.Player()); shown > by {
					by = shown
				}
				switch {
				case by > 0 && !waiting[where]:
					over = append(over, fmt.Sprintf("%s « %s »: %.0f px too tall", where, s.Title, by))
				case by <= 0 && waiting[where]:
					nowFit = append(nowFit, where)
				}
			}
		}
	}
	if quizzes == 0 {
		t.Fatalf("no quiz with a wrong answer in %s", pack.ID)
	}
	if len(over) > 0 {
		t.Errorf("%d of %d quizzes need scrolling to show their feedback:\n  %s", len(over), quizzes, strings.Join(over, "\n  "))
	}
	if len(nowFit) > 0 {
		t.Errorf("these quizzes now show their feedback whole: remove them from the list of quizzes waiting for room:\n  %s", strings.Join(nowFit, "\n  "))
	}
}
