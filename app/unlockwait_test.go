package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"golang.org/x/text/language"

	"declic/learner"
)

// typePIN taps the digits of pin on the on-screen pad, then « Valider ».
func typePIN(t *testing.T, w fyne.Window, pin string) {
	t.Helper()
	for _, d := range pin {
		test.Tap(button(t, w, string(d)))
	}
	test.Tap(button(t, w, "Valider"))
}

func TestThreeWrongPINsShowHowLongToWaitAndCountDown(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := addProfile(t, st, "Ana", "chat")
	if err := st.SetPIN(context.Background(), p.ID, "4821"); err != nil {
		t.Fatal(err)
	}
	s.u.profiles.ShowProfiles()
	test.Tap(tile(t, s.w, "Ana"))
	typePIN(t, s.w, "0000")
	if !shows(t, s.w, "Ce n'est pas le bon code. Essayez encore.") {
		t.Fatal("a wrong PIN is not said")
	}
	typePIN(t, s.w, "1111")
	typePIN(t, s.w, "2222")
	for _, want := range []string{"Trop d'erreurs", "Vous avez fait plusieurs erreurs de suite.",
		"Pour protéger votre profil, Déclic attend un peu.", "Attendez 30 secondes. Puis essayez encore."} {
		if !shows(t, s.w, want) {
			t.Errorf("the wait screen does not say %q", want)
		}
	}
	retry := button(t, s.w, "Essayer encore")
	if !retry.Disabled() {
		t.Fatal("« Essayer encore » can be tapped during the wait")
	}
	s.clock.Advance(10 * time.Second)
	s.u.TickUnlockWait()
	if !shows(t, s.w, "Attendez 20 secondes. Puis essayez encore.") {
		t.Fatal("the wait does not count down")
	}
	s.clock.Advance(20 * time.Second)
	s.u.TickUnlockWait()
	if !shows(t, s.w, "Vous pouvez essayer encore.") || retry.Disabled() {
		t.Fatal("the end of the wait is not said, or « Essayer encore » stays off")
	}
	test.Tap(retry)
	typePIN(t, s.w, "3333") // the fourth wrong try in a row: 1 minute
	if !shows(t, s.w, "Attendez 1 minute. Puis essayez encore.") {
		t.Fatal("the second wait is not one minute")
	}
}

func TestTheWaitIsStillThereAfterARestart(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := addProfile(t, st, "Ana", "chat")
	st.SetPIN(context.Background(), p.ID, "4821")
	// Eight wrong tries in a row, each after the previous wait: the last one imposes
	// 15 minutes.
	for i := range 8 {
		if _, err := st.CheckPIN(context.Background(), p.ID, "0000"); err != nil && i < 7 {
			s.clock.Advance(learner.MaxUnlockWait)
		}
	}
	s.u.Close()
	again := startUI(t, st, s.clock, language.French)
	s.clock.Advance(90 * time.Second)
	again.u.profiles.ShowProfiles()
	test.Tap(tile(t, again.w, "Ana"))
	if !shows(t, again.w, "Attendez") || shows(t, again.w, "Tapez votre code de 4 chiffres.") {
		t.Fatal("after a restart the PIN pad opens instead of the wait")
	}
	if !shows(t, again.w, "minutes. Puis essayez encore.") {
		t.Fatal("a wait of minutes is not said in minutes")
	}
}

func TestWrongPicturesLeadToTheWaitToo(t *testing.T) {
	s, st := clockedUI(t, language.French)
	p := addProfile(t, st, "Ana", "chat")
	st.SetPicturePassword(context.Background(), p.ID, []int{0, 1, 2})
	s.u.profiles.ShowProfiles()
	test.Tap(tile(t, s.w, "Ana"))
	for range 3 {
		for _, pic := range []string{"la lune", "la tasse", "la clé"} {
			test.Tap(tile(t, s.w, pic))
		}
	}
	if !shows(t, s.w, "Attendez 30 secondes. Puis essayez encore.") {
		t.Fatal("three wrong picture passwords do not lead to the wait")
	}
}

func TestTheWaitIsSaidInEveryLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang language.Tag
		want string
	}{
		{language.English, "Wait 30 seconds. Then try again."},
		{language.Ukrainian, "Зачекайте 30 секунд. Потім спробуйте ще раз."},
		{language.Romanian, "Așteptați 30 de secunde. Apoi încercați din nou."},
	} {
		s, st := clockedUI(t, tc.lang)
		p := addProfile(t, st, "Ana", "chat")
		st.SetPIN(context.Background(), p.ID, "4821")
		s.u.profiles.ShowProfiles()
		test.Tap(tile(t, s.w, "Ana"))
		for _, pin := range []string{"0000", "1111", "2222"} {
			for _, d := range pin {
				test.Tap(button(t, s.w, string(d)))
			}
			s.u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		}
		if !shows(t, s.w, tc.want) {
			t.Errorf("%s: the wait is not said as %q", tc.lang, tc.want)
		}
	}
}
