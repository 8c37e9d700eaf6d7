// Package speech reads text aloud with the operating system's own offline voice:
// espeak-ng on Linux, SAPI (System.Speech) on Windows, `say` on macOS. One Engine
// interface hides the three; New picks the one for this system at start. Programs
// are always started with an argument list, never through a shell, and the text
// travels on stdin or in an environment variable, never inside a command line.
package speech

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Options tune one reading.
type Options struct {
	// Rate is the speed: 1 is normal, 0.5 half as fast, 2 twice as fast.
	// Zero means normal.
	Rate float64
	// Lang is the BCP 47 language of the text ("fr", "en", "uk"…); empty means French.
	Lang string
}

// Speeds offered to learners: slower than usual first, since many read with effort.
const (
	Slow   = 0.75
	Normal = 1.0
	Fast   = 1.3
)

// rate returns the speed clamped to what every engine accepts.
func (o Options) rate() float64 {
	if o.Rate <= 0 || math.IsNaN(o.Rate) {
		return Normal
	}
	return math.Min(math.Max(o.Rate, 0.5), 2)
}

// lang returns the base language ("fr" for "fr-FR"), French when empty.
func (o Options) lang() string {
	l := strings.ToLower(strings.TrimSpace(o.Lang))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	if l == "" {
		return "fr"
	}
	return l
}

// Engine speaks text with one system voice.
type Engine interface {
	// Available tells whether a voice can speak; a *NoVoiceError says how to get one.
	Available() error
	// Speak reads text aloud and returns when it is read, stopped, or ctx ends.
	// A new Speak stops the reading in progress first. Stop makes it return nil.
	Speak(ctx context.Context, text string, opts Options) error
	// Stop ends the reading in progress, if any (the voice program is killed).
	Stop()
}

// NoVoiceError says that no voice is installed, and on which system, so the
// interface can explain how to install one instead of failing silently.
type NoVoiceError struct {
	// OS is "linux", "windows", "darwin" or another GOOS value.
	OS string
	// Program is the voice program looked for ("espeak-ng", "powershell", "say").
	Program string
	// Err is the underlying cause.
	Err error
}

func (e *NoVoiceError) Error() string {
	return fmt.Sprintf("speech: no voice on %s (%s): %v", e.OS, e.Program, e.Err)
}

func (e *NoVoiceError) Unwrap() error { return e.Err }

// Hint is a short technical instruction (in English, for logs and trainers) on how
// to get a voice; the interface shows a translated explanation instead.
func (e *NoVoiceError) Hint() string {
	switch e.OS {
	case "linux":
		return "install espeak-ng: sudo apt install espeak-ng"
	case "windows":
		return "add a voice in Settings > Time & language > Speech"
	case "darwin":
		return "add a voice in System Settings > Accessibility > Spoken Content"
	}
	return "no speech engine is known for this system"
}

// isNoVoice reports whether err says no voice is installed.
func isNoVoice(err error) bool {
	var nv *NoVoiceError
	return errors.As(err, &nv)
}

// command is one run of a voice program: its arguments, the text on stdin and
// extra environment variables.
type command struct {
	args  []string
	stdin string
	env   []string
}

// processEngine runs a voice program for each reading; Stop kills it.
type processEngine struct {
	goos      string
	program   string   // the program name looked up in PATH
	fallbacks []string // other names for it (espeak for espeak-ng)
	build     func(text string, opts Options) command
	// probe checks, once, that a voice exists (nil: finding the program is enough).
	probe func(path string) error

	once     sync.Once
	path     string
	availErr error

	mu     sync.Mutex
	cancel context.CancelFunc
	run    uint64
}

// Available finds the program and probes it once.
func (e *processEngine) Available() error {
	e.once.Do(func() {
		for _, name := range append([]string{e.program}, e.fallbacks...) {
			if p, err := exec.LookPath(name); err == nil {
				e.path = p
				break
			}
		}
		if e.path == "" {
			e.availErr = &NoVoiceError{OS: e.goos, Program: e.program, Err: exec.ErrNotFound}
			return
		}
		if e.probe != nil {
			if err := e.probe(e.path); err != nil {
				e.availErr = &NoVoiceError{OS: e.goos, Program: e.program, Err: err}
			}
		}
	})
	return e.availErr
}

// Speak runs the program with the text and waits for it.
func (e *processEngine) Speak(ctx context.Context, text string, opts Options) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if err := e.Available(); err != nil {
		return err
	}
	c := e.build(text, opts)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(runCtx, e.path, c.args...)
	cmd.Stdin = strings.NewReader(c.stdin)
	cmd.Env = append(os.Environ(), c.env...)
	cmd.Stdout = io.Discard
	hideWindow(cmd)
	var stderr strings.Builder
	cmd.Stderr = &stderr

	e.mu.Lock()
	if e.cancel != nil {
		e.cancel() // one voice at a time
	}
	e.cancel = cancel
	e.run++
	mine := e.run
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		if e.run == mine {
			e.cancel = nil
		}
		e.mu.Unlock()
	}()

	err := cmd.Run()
	if runCtx.Err() != nil {
		return ctx.Err() // nil when stopped by Stop or a newer Speak
	}
	if err != nil {
		return fmt.Errorf("speech: %s: %w: %s", e.program, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// Stop kills the voice program in progress.
func (e *processEngine) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cancel != nil {
		e.cancel()
		e.cancel = nil
	}
}
