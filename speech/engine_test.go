package speech

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"declic/internal/prereq"
)

func TestEspeakGetsTheTextOnStdinNeverInItsArguments(t *testing.T) {
	text := "-w /tmp/x.wav ; rm -rf ~ $(reboot)"
	c := espeakCommand(text, Options{Rate: Slow, Lang: "uk-UA"})
	if c.stdin != text {
		t.Errorf("stdin = %q, want the text", c.stdin)
	}
	want := []string{"-v", "uk", "-s", "120", "-b", "1", "--stdin"}
	if !slices.Equal(c.args, want) {
		t.Errorf("args = %q, want %q", c.args, want)
	}
	if got := espeakArgs(Options{}); got[1] != "fr" || got[3] != "160" {
		t.Errorf("default args = %q: want French at 160 words per minute", got)
	}
	if got := espeakArgs(Options{Rate: 50}); got[3] != "320" {
		t.Errorf("a rate of 50 is clamped to 2: args = %q", got)
	}
}

func TestSAPIScriptIsConstantAndTheTextTravelsInTheEnvironment(t *testing.T) {
	text := `"; Remove-Item C:\ -Recurse; "`
	c := sapiCommand(text, Options{Rate: Fast, Lang: "fr-FR"})
	for _, a := range c.args {
		if strings.Contains(a, "Remove-Item") {
			t.Fatalf("the text reached the command line: %q", a)
		}
	}
	if c.args[len(c.args)-1] != sapiScript {
		t.Errorf("the script is not the constant one")
	}
	for _, want := range []string{sapiTextVar + "=" + text, sapiLangVar + "=fr", sapiRateVar + "=3"} {
		if !slices.Contains(c.env, want) {
			t.Errorf("env %q lacks %q", c.env, want)
		}
	}
	if !strings.Contains(sapiScript, "$env:"+sapiTextVar) {
		t.Error("the script does not read the text from the environment")
	}
	if r := sapiRate(Options{Rate: 0.5}); r != -5 {
		t.Errorf("half speed = SAPI rate %d, want -5", r)
	}
}

func TestSayReadsStdinWithTheLanguagesVoice(t *testing.T) {
	voices := parseSayVoices("Alex                en_US    # Most people recognize me by my voice.\n" +
		"Bad News            en_US    # The light you see at the end of the tunnel.\n" +
		"Thomas              fr_FR    # Bonjour, je m’appelle Thomas.\n" +
		"Amélie              fr_CA    # Bonjour, je m’appelle Amélie.\n" +
		"Lesya               uk_UA    # Привіт!\n\n garbage\n")
	if voices["fr"] != "Thomas" || voices["en"] != "Alex" || voices["uk"] != "Lesya" {
		t.Errorf("voices = %v", voices)
	}
	c := sayCommand("-v Zarvox", Options{Lang: "fr"}, voices["fr"])
	want := []string{"-r", "165", "-v", "Thomas", "-f", "-"}
	if !slices.Equal(c.args, want) || c.stdin != "-v Zarvox" {
		t.Errorf("say command = %q stdin %q, want %q", c.args, c.stdin, want)
	}
}

func TestNoVoiceProgramGivesATypedErrorWithAHint(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, c := range []struct {
		engine Engine
		os     string
		hint   string
	}{
		{NewEspeak("linux"), "linux", "sudo apt install espeak-ng"},
		{NewSAPI(), "windows", "Settings"},
		{NewSay(), "darwin", "System Settings"},
	} {
		err := c.engine.Available()
		var nv *NoVoiceError
		if !errors.As(err, &nv) || nv.OS != c.os || !errors.Is(err, exec.ErrNotFound) {
			t.Fatalf("%s: Available() = %v, want a NoVoiceError wrapping ErrNotFound", c.os, err)
		}
		if !strings.Contains(nv.Hint(), c.hint) {
			t.Errorf("%s hint %q lacks %q", c.os, nv.Hint(), c.hint)
		}
		if err := c.engine.Speak(context.Background(), "Bonjour", Options{}); !isNoVoice(err) {
			t.Errorf("%s: Speak without a voice = %v, want the NoVoiceError", c.os, err)
		}
		r := NewReader(c.engine)
		if err := r.Read("Bonjour", Options{}); !isNoVoice(err) || r.Speaking() {
			t.Errorf("%s: Reader.Read without a voice = %v (speaking %v)", c.os, err, r.Speaking())
		}
	}
}

// sleepEngine runs the real `sleep` program as a stand-in voice that speaks for
// 30 seconds: Stop must kill it.
func sleepEngine(t *testing.T) *processEngine {
	prereq.Program(t, "sleep", "coreutils")
	return &processEngine{goos: "linux", program: "sleep", build: func(string, Options) command {
		return command{args: []string{"30"}}
	}}
}

func TestStopKillsTheVoiceAndSpeakReturnsNil(t *testing.T) {
	e := sleepEngine(t)
	done := make(chan error, 1)
	go func() { done <- e.Speak(context.Background(), "Bonjour", Options{}) }()
	waitFor(t, func() bool { e.mu.Lock(); defer e.mu.Unlock(); return e.cancel != nil })
	e.Stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Speak after Stop = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Stop did not end the reading")
	}
}

func TestACancelledContextEndsTheReadingWithItsError(t *testing.T) {
	e := sleepEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Speak(ctx, "Bonjour", Options{}) }()
	waitFor(t, func() bool { e.mu.Lock(); defer e.mu.Unlock(); return e.cancel != nil })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Speak after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancelling did not end the reading")
	}
}

func TestReaderReplaysTheLastTextAndANewReadingStopsTheOld(t *testing.T) {
	e := sleepEngine(t)
	r := NewReader(e)
	ended := make(chan error, 4)
	r.OnDone = func(err error) { ended <- err }
	if err := r.Read("Premier écran", Options{}); err != nil {
		t.Fatal(err)
	}
	if !r.Speaking() {
		t.Error("Speaking() is false right after Read")
	}
	waitFor(t, func() bool { e.mu.Lock(); defer e.mu.Unlock(); return e.cancel != nil })
	if err := r.Read("Deuxième écran", Options{}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("the first reading ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a new reading did not stop the first")
	}
	if r.Last() != "Deuxième écran" || !r.Speaking() {
		t.Errorf("Last = %q, Speaking = %v", r.Last(), r.Speaking())
	}
	r.Stop()
	<-ended
	if r.Speaking() {
		t.Error("still speaking after Stop")
	}
}

func TestEmptyTextIsNotSpoken(t *testing.T) {
	e := sleepEngine(t)
	if err := e.Speak(context.Background(), " \n ", Options{}); err != nil {
		t.Fatal(err)
	}
	if e.path != "" {
		t.Errorf("the voice program was looked up (%s) for an empty text", e.path)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("condition not met in 5 s")
}
