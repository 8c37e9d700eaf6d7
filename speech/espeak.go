package speech

import (
	"fmt"
	"math"
	"os/exec"
)

// espeakWordsPerMinute is espeak-ng's speed at Rate 1: a little slower than its
// default 175, for learners who read with effort.
const espeakWordsPerMinute = 160

// NewEspeak returns the espeak-ng engine (Linux, and any system where espeak-ng or
// espeak is installed).
func NewEspeak(goos string) Engine {
	return &processEngine{goos: goos, program: "espeak-ng", fallbacks: []string{"espeak"}, build: espeakCommand,
		probe: func(path string) error {
			out, err := exec.Command(path, "--version").CombinedOutput()
			if err != nil {
				return fmt.Errorf("%s --version: %w: %s", path, err, out)
			}
			return nil
		}}
}

// espeakCommand reads UTF-8 text from stdin (-b 1 --stdin), so a text starting
// with "-" can never be taken for an option.
func espeakCommand(text string, opts Options) command {
	return command{args: espeakArgs(opts), stdin: text}
}

func espeakArgs(opts Options) []string {
	wpm := int(math.Round(espeakWordsPerMinute * opts.rate()))
	return []string{"-v", opts.lang(), "-s", fmt.Sprint(wpm), "-b", "1", "--stdin"}
}

// espeakWAVArgs are the arguments that make espeak-ng write the reading of its
// stdin into a WAV file instead of speaking it (tests and docs use it).
func espeakWAVArgs(path string, opts Options) []string {
	return append([]string{"-w", path}, espeakArgs(opts)...)
}
