package prereq

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The behaviour under CI=true is a failure, which a test cannot observe in itself:
// each case runs this test binary again as a child and reads its verdict.
func TestMissingSkipsLocallyAndFailsInCI(t *testing.T) {
	if os.Getenv("PREREQ_CHILD") == "1" {
		Program(t, "no-such-program-for-prereq", "nothing")
		return
	}
	for _, tc := range []struct {
		ci   string
		want string
	}{{"", "--- SKIP"}, {"true", "--- FAIL"}} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestMissingSkipsLocallyAndFailsInCI$", "-test.v")
		cmd.Env = append(os.Environ(), "PREREQ_CHILD=1", "CI="+tc.ci)
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), tc.want) || !strings.Contains(string(out), "apt-get install nothing") {
			t.Errorf("CI=%q: want %s with the package to install, got:\n%s", tc.ci, tc.want, out)
		}
	}
}

func TestProgramFindsAnInstalledProgram(t *testing.T) {
	if p := Program(t, "go", "golang"); filepath.Base(p) != "go" {
		t.Fatalf("Program(go) = %q", p)
	}
}

func TestFileFailsWhenTheFileMoved(t *testing.T) {
	if os.Getenv("PREREQ_CHILD") == "2" {
		File(t, "no/such/file.md")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestFileFailsWhenTheFileMoved$", "-test.v")
	cmd.Env = append(os.Environ(), "PREREQ_CHILD=2")
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "--- FAIL") || !strings.Contains(string(out), "no/such/file.md") {
		t.Fatalf("a missing repository file did not fail the test:\n%s", out)
	}
}
