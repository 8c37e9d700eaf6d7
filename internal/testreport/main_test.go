package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// stream runs `go test -json` on a small module written for the test and returns its output.
func stream(t *testing.T, files map[string]string) []byte {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module sample\n\ngo 1.22\n"
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "test", "-json", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
	out, _ := cmd.Output() // a failing test exits 1: the stream is what matters
	return out
}

func TestCountsAndVerdicts(t *testing.T) {
	out := stream(t, map[string]string{"a_test.go": `package sample
import "testing"
func TestOne(t *testing.T) {}
func TestTwo(t *testing.T) {}
func TestNeedsATool(t *testing.T) { t.Skip("espeak-ng is not installed") }
func TestScreenshots(t *testing.T) { t.Skip("pass -screenshots DIR") }
`})
	for _, tc := range []struct {
		name     string
		ci       bool
		wantCode int
		wantLine string
	}{
		{"locally a skip is reported but allowed", false, 0, "tests: 2 run, 2 passed, 0 failed, 2 skipped (1 of them screenshot generators"},
		{"in CI a skip that is not a screenshot generator fails", true, 1, "CI runs every test: 1 skipped above must run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w bytes.Buffer
			s, err := Read(bytes.NewReader(out), &w)
			if err != nil {
				t.Fatal(err)
			}
			if code := s.Verdict(&w, tc.ci); code != tc.wantCode || !strings.Contains(w.String(), tc.wantLine) {
				t.Fatalf("code %d, want %d; output:\n%s", code, tc.wantCode, w.String())
			}
			if !strings.Contains(w.String(), "skipped: sample TestNeedsATool: a_test.go:5: espeak-ng is not installed\n") {
				t.Errorf("the skip reason is not printed:\n%s", w.String())
			}
		})
	}
}

func TestAFailureShowsItsOutputAndFails(t *testing.T) {
	out := stream(t, map[string]string{"a_test.go": `package sample
import "testing"
func TestGood(t *testing.T) {}
func TestBad(t *testing.T) { t.Log("the detail that explains it") ; t.Fail() }
`})
	var w bytes.Buffer
	s, _ := Read(bytes.NewReader(out), &w)
	if code := s.Verdict(&w, false); code != 1 || s.Failed != 1 || !strings.Contains(w.String(), "the detail that explains it") {
		t.Fatalf("code %d, failed %d:\n%s", code, s.Failed, w.String())
	}
}

func TestAPackageThatDoesNotBuildFails(t *testing.T) {
	out := stream(t, map[string]string{"a_test.go": "package sample\nimport \"testing\"\nfunc TestX(t *testing.T) { undefined() }\n"})
	var w bytes.Buffer
	s, _ := Read(bytes.NewReader(out), &w)
	if code := s.Verdict(&w, false); code != 1 || !strings.Contains(w.String(), "did not build") {
		t.Fatalf("code %d:\n%s", code, w.String())
	}
}

// A test whose goroutine panics kills the test binary: no end event comes for the
// test that was running, and its output (the panic) must still be shown.
func TestACrashShowsTheOutputOfTheTestThatWasRunning(t *testing.T) {
	out := stream(t, map[string]string{"a_test.go": `package sample
import ("testing"; "time")
func TestFirst(t *testing.T) {}
func TestCrash(t *testing.T) {
	go func() { panic("the background work broke") }()
	time.Sleep(time.Second)
}
`})
	var w bytes.Buffer
	s, _ := Read(bytes.NewReader(out), &w)
	if code := s.Verdict(&w, false); code != 1 || !strings.Contains(w.String(), "the background work broke") ||
		!strings.Contains(w.String(), "TestCrash") {
		t.Fatalf("code %d:\n%s", code, w.String())
	}
}
