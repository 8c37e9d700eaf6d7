package speech

import (
	"bufio"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"sync"
)

// sayWordsPerMinute is `say`'s speed at Rate 1, a little slower than its default.
const sayWordsPerMinute = 165

// NewSay returns the macOS engine: the `say` command reading stdin.
func NewSay() Engine {
	s := &sayVoices{}
	return &processEngine{goos: "darwin", program: "say", build: func(text string, opts Options) command {
		return sayCommand(text, opts, s.forLang(opts.lang()))
	}}
}

// sayCommand reads the text from stdin (-f -) with voice (empty: the system's).
func sayCommand(text string, opts Options, voice string) command {
	args := []string{"-r", fmt.Sprint(int(math.Round(sayWordsPerMinute * opts.rate())))}
	if voice != "" {
		args = append(args, "-v", voice)
	}
	return command{args: append(args, "-f", "-"), stdin: text}
}

// sayVoices lists the installed voices once (`say -v ?`).
type sayVoices struct {
	once   sync.Once
	voices map[string]string // base language → first voice
}

func (s *sayVoices) forLang(lang string) string {
	s.once.Do(func() {
		out, err := exec.Command("say", "-v", "?").Output()
		if err == nil {
			s.voices = parseSayVoices(string(out))
		}
	})
	return s.voices[lang]
}

// parseSayVoices reads lines such as "Thomas   fr_FR    # Bonjour, je m'appelle Thomas."
// into a map from base language to the first voice of that language. Voice names
// may contain spaces ("Bad News"), so the locale is the last field before "#".
func parseSayVoices(list string) map[string]string {
	voices := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(list))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		locale := fields[len(fields)-1]
		name := strings.Join(fields[:len(fields)-1], " ")
		base := strings.ToLower(strings.FieldsFunc(locale, func(r rune) bool { return r == '_' || r == '-' })[0])
		if _, ok := voices[base]; !ok {
			voices[base] = name
		}
	}
	return voices
}
