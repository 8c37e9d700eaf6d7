// Command testreport reads the JSON stream of `go test -json` on its standard input and
// prints what a person needs: one line per package, the output of every failed test, the
// reason of every skipped one, and a last line counting the tests run and skipped. It
// exits non-zero when a test failed, a package did not build, or — with -ci — a test was
// skipped that is not a screenshot generator: CI must run every test the README claims.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// Summary is what the stream said, once read to the end.
type Summary struct {
	Passed, Failed int
	// Skipped maps "package Test" to the skip reason, for every skipped test.
	Skipped map[string]string
	// BrokenPackages names packages that failed without a failing test (build errors).
	BrokenPackages []string
}

// AllowedSkip reports whether a skipped test may be skipped in CI: only the generators of
// the docs' pictures, which run when asked (-screenshots) and are named so.
func AllowedSkip(test string) bool { return strings.Contains(test, "Screenshot") }

// Read consumes a go test -json stream, writing the human summary to w as it goes.
func Read(r io.Reader, w io.Writer) (Summary, error) {
	s := Summary{Skipped: map[string]string{}}
	outputs := map[string]*strings.Builder{} // "pkg Test" or "pkg" → its output so far
	failedTests := map[string]bool{}         // packages with at least one failed test
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintln(w, string(line)) // a build error or anything not JSON: pass it on
			continue
		}
		key := e.Package
		if e.Test != "" {
			key += " " + e.Test
		}
		switch e.Action {
		case "output":
			b := outputs[key]
			if b == nil {
				b = &strings.Builder{}
				outputs[key] = b
			}
			b.WriteString(e.Output)
		case "pass":
			if e.Test != "" {
				s.Passed++
			} else {
				fmt.Fprint(w, lastLine(outputs[key]))
			}
			delete(outputs, key)
		case "skip":
			if e.Test != "" {
				s.Skipped[key] = skipReason(outputs[key])
			} else {
				fmt.Fprint(w, lastLine(outputs[key]))
			}
			delete(outputs, key)
		case "fail":
			if e.Test != "" {
				s.Failed++
				failedTests[e.Package] = true
				fmt.Fprintf(w, "--- FAIL: %s\n%s", key, text(outputs[key]))
			} else {
				// A test still open when its package fails was running when the test
				// binary stopped (a panic in a goroutine, an os.Exit): it failed, and
				// its output says why.
				for _, open := range openTests(outputs, e.Package) {
					s.Failed++
					failedTests[e.Package] = true
					fmt.Fprintf(w, "--- FAIL: %s (the test binary stopped during it)\n%s", open, text(outputs[open]))
					delete(outputs, open)
				}
				if !failedTests[e.Package] {
					s.BrokenPackages = append(s.BrokenPackages, e.Package)
					fmt.Fprint(w, text(outputs[key]))
				}
				fmt.Fprintf(w, "FAIL\t%s\t%.1fs\n", e.Package, e.Elapsed)
			}
			delete(outputs, key)
		}
	}
	return s, sc.Err()
}

// openTests lists, in order, the tests of pkg that printed output but never ended.
func openTests(outputs map[string]*strings.Builder, pkg string) []string {
	var open []string
	for key := range outputs {
		if strings.HasPrefix(key, pkg+" ") {
			open = append(open, key)
		}
	}
	sort.Strings(open)
	return open
}

func text(b *strings.Builder) string {
	if b == nil {
		return ""
	}
	return b.String()
}

// lastLine returns the "ok  pkg 1.2s" line go test prints for a package.
func lastLine(b *strings.Builder) string {
	lines := strings.Split(strings.TrimRight(text(b), "\n"), "\n")
	return lines[len(lines)-1] + "\n"
}

// skipReason keeps the lines a skipped test printed, without the === and --- markers.
func skipReason(b *strings.Builder) string {
	var kept []string
	for _, l := range strings.Split(text(b), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "===") || strings.HasPrefix(t, "---") {
			continue
		}
		kept = append(kept, t)
	}
	return strings.Join(kept, " ")
}

// Verdict prints the last lines and returns the exit code: 1 on a failure, a broken
// package, or (when ci is set) a skip AllowedSkip does not allow.
func (s Summary) Verdict(w io.Writer, ci bool) int {
	var allowed, refused []string
	for name := range s.Skipped {
		if AllowedSkip(name) {
			allowed = append(allowed, name)
		} else {
			refused = append(refused, name)
		}
	}
	sort.Strings(refused)
	for _, name := range refused {
		fmt.Fprintf(w, "skipped: %s: %s\n", name, s.Skipped[name])
	}
	fmt.Fprintf(w, "tests: %d run, %d passed, %d failed, %d skipped (%d of them screenshot generators, run with -screenshots)\n",
		s.Passed+s.Failed, s.Passed, s.Failed, len(s.Skipped), len(allowed))
	code := 0
	if s.Failed > 0 || len(s.BrokenPackages) > 0 {
		code = 1
	}
	if len(s.BrokenPackages) > 0 {
		fmt.Fprintf(w, "packages that did not build or failed outside a test: %s\n", strings.Join(s.BrokenPackages, ", "))
	}
	if ci && len(refused) > 0 {
		fmt.Fprintf(w, "CI runs every test: %d skipped above must run (install what they need in scripts/test.sh)\n", len(refused))
		code = 1
	}
	return code
}

func main() {
	ci := flag.Bool("ci", os.Getenv("CI") == "true", "fail when a test other than a screenshot generator is skipped")
	flag.Parse()
	s, err := Read(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	os.Exit(s.Verdict(os.Stdout, *ci))
}
