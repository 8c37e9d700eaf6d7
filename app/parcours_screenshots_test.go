package app

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/courses"
	"declic/i18n"
	"declic/learner"
)

// TestScreenshotsLearner renders the learner screens (profiles, locks, placement,
// Mon parcours, Mes données, start-up notices) at 1280×720 and 1024×600 into the
// -screenshots folder, like TestScreenshots.
func TestScreenshotsLearner(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("pass -screenshots DIR to render the screens")
	}
	for _, size := range []fyne.Size{fyne.NewSize(1280, 720), fyne.NewSize(1024, 600)} {
		suffix := "-" + itoa(int(size.Width))
		dir := *screenshotDir
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		st, _ := openStore(t)
		ctx := context.Background()
		ana := addProfile(t, st, "Ana", "chat")
		addProfile(t, st, "Mohamed", "bateau")
		lina := addProfile(t, st, "Lina", "fleur")
		st.SetPicturePassword(ctx, lina.ID, []int{0, 4, 8})
		st.SetPIN(ctx, lina.ID, "2468")
		pack := loadStarter(t)
		s := newStoreUI(t, st, []*courses.Pack{pack}, language.French)
		s.w.Resize(size)
		save := func(name string) {
			f, err := os.Create(filepath.Join(dir, name+suffix+".png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, s.w.Canvas().Capture()); err != nil {
				t.Fatal(err)
			}
		}
		save("profiles")
		test.Tap(tile(t, s.w, "Lina"))
		test.Tap(tile(t, s.w, "le soleil"))
		save("lock-pictures")
		test.Tap(button(t, s.w, "Utiliser mon code"))
		test.Tap(button(t, s.w, "2"))
		test.Tap(button(t, s.w, "Valider"))
		save("lock-pin")
		s.u.profiles.ShowNewProfile()
		entryOnScreen(t, s.w).SetText("")
		test.Tap(button(t, s.w, "Créer mon profil"))
		test.Tap(tile(t, s.w, "le vélo"))
		save("profile-new")
		s.u.profiles.showProtectOffer(ana)
		save("profile-protect")
		s.u.profiles.ShowEditProfile(ana)
		save("profile-edit")
		s.u.profiles.confirmDeleteProfile(ana, s.u.profiles.ShowProfiles)
		save("profile-delete")

		// Ana: a finished module, one in progress, some active time.
		s.u.openProfile(ana)
		s.u.ShowPlacement()
		save("placement")
		test.Tap(button(t, s.w, "Commencer le questionnaire"))
		save("placement-question")
		test.Tap(button(t, s.w, "Oui"))
		save("placement-mouse")
		test.Tap(button(t, s.w, "Je ne sais pas faire"))
		test.Tap(button(t, s.w, "Oui"))
		save("placement-keyboard")
		test.Tap(button(t, s.w, "Je ne sais pas faire"))
		test.Tap(button(t, s.w, "Oui"))
		save("placement-quiz")
		test.Tap(button(t, s.w, "Je ne sais pas faire"))
		for range 4 {
			if shows(t, s.w, "Un message vous demande votre mot de passe.") {
				test.Tap(button(t, s.w, "Je ne sais pas faire"))
			} else {
				test.Tap(button(t, s.w, "Oui"))
			}
		}
		save("placement-result")

		m := pack.Modules[0]
		now := s.clock.Now()
		if err := st.Record(ctx,
			learner.Completion{ProfileID: ana.ID, PackID: pack.ID, PackVersion: pack.Version, ModuleID: m.ID, ModuleTitle: m.Title,
				Level: m.Level, Competencies: m.Competencies, Hours: m.Hours, FinalScore: 0.9, Mastered: true, At: now},
			learner.StepView{ProfileID: ana.ID, PackID: pack.ID, ModuleID: pack.Modules[1].ID, LessonID: pack.Modules[1].Lessons[0].ID, Step: 2, At: now},
			learner.ActiveSpan{ProfileID: ana.ID, PackID: pack.ID, ModuleID: m.ID, Start: now.Add(-2 * time.Hour), End: now, Active: 75 * time.Minute},
		); err != nil {
			t.Fatal(err)
		}
		s.u.ShowHome()
		save("home-marks")
		s.u.ShowParcours()
		save("parcours")
		test.Tap(button(t, s.w, "Pourquoi ?"))
		save("parcours-evidence")
		s.u.ShowMyData()
		test.Tap(button(t, s.w, "Copier mes données"))
		save("mydata")

		// Start-up notices.
		bad := filepath.Join(t.TempDir(), "learner.db")
		os.WriteFile(bad, []byte("abîmé abîmé abîmé abîmé abîmé abîmé abîmé abîmé abîmé"), 0o644)
		a := test.NewApp()
		w := a.NewWindow("")
		w.Resize(size)
		u := buildUI(a, w, testOptions(t, uiOptions{Packs: []*courses.Pack{pack}, Tr: i18n.New(language.French), Database: bad}))
		f, _ := os.Create(filepath.Join(dir, "start-recovered"+suffix+".png"))
		png.Encode(f, w.Canvas().Capture())
		f.Close()
		u.Close()
	}
}
