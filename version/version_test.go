package version

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

func TestValidAcceptsOnlyFullSemanticVersions(t *testing.T) {
	for v, want := range map[string]bool{
		"0.1.0": true, "1.2.3": true, "1.0.0-beta.1": true, "1.0.0+20240101": true, "10.20.30-rc.1+build.5": true,
		"": false, "1": false, "1.2": false, "v1.2.3": false, "01.2.3": false, "1.2.3.4": false, "1.2.x": false, "1.0.0-01": false,
	} {
		if got := Valid(v); got != want {
			t.Errorf("Valid(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestCompareFollowsSemanticVersionPrecedence(t *testing.T) {
	ordered := []string{"not-a-version", "0.9.0", "0.10.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "2.0.0"}
	for i := range ordered {
		for j := range ordered {
			got := Compare(ordered[i], ordered[j])
			switch {
			case i < j && got >= 0, i > j && got <= 0, i == j && got != 0:
				t.Errorf("Compare(%q, %q) = %d", ordered[i], ordered[j], got)
			}
		}
	}
	if Compare("1.0.0+a", "1.0.0+b") != 0 {
		t.Error("build metadata must not count")
	}
}

// A plain `go build` must report the same version as a release build: the
// default number follows FyneApp.toml, where the release takes it from.
func TestDefaultNumberIsFyneAppVersion(t *testing.T) {
	data, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version = "(.*)"`).FindSubmatch(data)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version line")
	}
	if string(m[1]) != number {
		t.Errorf("version.number is %q but FyneApp.toml says %q: change the default in version/version.go", number, m[1])
	}
	if !Valid(number) {
		t.Errorf("%q is not a semantic version", number)
	}
	if !AtLeast(number) || AtLeast("999.0.0") {
		t.Error("AtLeast")
	}
}

// The README names the Go release go.mod asks for: a reader with an older Go would
// otherwise learn it from a download of the toolchain or a build error.
func TestReadmeNamesTheGoVersionOfGoMod(t *testing.T) {
	data, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mod.Go == nil {
		t.Fatal("go.mod has no go line")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "Go " + mod.Go.Version + " or newer"
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not say %q (go.mod: go %s): change its Quick start", want, mod.Go.Version)
	}
}
