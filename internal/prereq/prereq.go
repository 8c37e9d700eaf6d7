// Package prereq lets a test say what it needs from the machine (a program, a server, a
// file of the repository). On a developer's machine a missing need skips the test and
// says why; in CI (CI=true) it fails the test, so nothing the README promises is tested
// only where the tools happen to be installed.
package prereq

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// InCI reports whether the tests run in continuous integration, where every test must run.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing stops the test because something it needs is not there: a failure in CI, a
// skip with the reason elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	reason := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("missing in CI: %s (scripts/test.sh installs what the tests need)", reason)
	}
	t.Skip(reason)
}

// Program returns the path of the program name, or stops the test as Missing does, with
// the Debian package that provides it.
func Program(t testing.TB, name, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed (apt-get install %s)", name, debianPackage)
	}
	return path
}

// File fails the test when a file of the repository that it reads is not at path: a moved
// file must not make its test vanish silently, in CI or anywhere else.
func File(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("this test reads %s, which is not there any more: %v", path, err)
	}
}
