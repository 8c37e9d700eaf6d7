package speech

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"declic/internal/prereq"
)

// screens are three lesson screens as the app gathers their text: title, text with
// keys in brackets, the activity's instruction and a feedback.
var screens = map[string]string{
	"souris": "## Cliquer\nAppuyez une fois sur le bouton gauche. C'est un **clic**.\n> À retenir : un clic, c'est appuyer une fois.\nModule 2 · Débutant · 1,5 h",
	"email":  "## Votre adresse e-mail\nElle ressemble à marie.dupont@example.fr.\n- Le signe @ se dit arobase.\n- Copiez-la avec `Ctrl+C`, puis appuyez sur [Entrée].",
	"site":   "## Un site officiel\nLes sites de l'État finissent par .gouv.fr : par exemple impots.gouv.fr.\nQuel site est officiel ?\nBravo ! C'est la bonne réponse.",
}

// TestEspeakWritesEachCleanedScreen makes espeak-ng write the reading of three
// cleaned screens to WAV files, then checks with sox that each one lasts as long
// as its words need and is not silence, and with espeak-ng's phonemes that the
// French voice never switches to English ("e-mail") or spells Markdown.
func TestEspeakWritesEachCleanedScreen(t *testing.T) {
	espeak := prereq.Program(t, "espeak-ng", "espeak-ng")
	sox := prereq.Program(t, "sox", "sox")
	dir := t.TempDir()
	for name, screen := range screens {
		text := Clean(screen, "fr")
		wav := filepath.Join(dir, name+".wav")
		cmd := exec.Command(espeak, espeakWAVArgs(wav, Options{Lang: "fr"})...)
		cmd.Stdin = strings.NewReader(text)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: espeak-ng: %v: %s", name, err, out)
		}
		out, err := exec.Command(sox, "--i", "-D", wav).Output()
		if err != nil {
			t.Fatalf("%s: sox --i: %v", name, err)
		}
		seconds, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
		if err != nil {
			t.Fatalf("%s: duration %q: %v", name, out, err)
		}
		words := len(strings.Fields(text))
		// At 160 words per minute a word takes about 0.37 s; allow a wide margin.
		if seconds < float64(words)*0.15 || seconds > float64(words)*1.5 {
			t.Errorf("%s: %.1f s for %d words", name, seconds, words)
		}
		stat, _ := exec.Command(sox, wav, "-n", "stat").CombinedOutput()
		rms := soxStat(string(stat), "RMS     amplitude")
		if rms < 0.01 {
			t.Errorf("%s: RMS amplitude %.4f: the file is silent", name, rms)
		}
		phonemes, err := exec.Command(espeak, "-q", "-x", "-v", "fr", text).Output()
		if err != nil {
			t.Fatalf("%s: phonemes: %v", name, err)
		}
		if p := string(phonemes); strings.Contains(p, "(en)") {
			t.Errorf("%s: the voice switches to English: %s", name, p)
		}
		t.Logf("%s: %.1f s, %d words, RMS %.3f\n  text: %q\n  phonemes: %s", name, seconds, words, rms, text, strings.TrimSpace(string(phonemes)))
	}
}

// soxStat reads one figure from `sox FILE -n stat`.
func soxStat(out, name string) float64 {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, name) {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			return v
		}
	}
	return 0
}
