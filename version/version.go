// Package version is the one version number of Déclic: the desktop app, the two
// command-line tools and the pack loader (a pack's min_app_version) all read it
// here. Release builds set it from FyneApp.toml with the flags that
// scripts/ldflags.sh prints (-X declic/version.number=1.2.3); a plain
// `go build` keeps the default below, which a test keeps equal to FyneApp.toml.
package version

import (
	"strings"

	"golang.org/x/mod/semver"
)

// number is the version as MAJOR.MINOR.PATCH. It is a variable only so that the
// linker can set it (-X); nothing in the program changes it.
var number = "0.1.0"

// String returns the version of this build, such as "0.1.0".
func String() string { return number }

// Valid reports whether v is a semantic version: three numbers such as "1.2.0",
// optionally followed by a pre-release ("-beta.1") or build ("+2024") part.
func Valid(v string) bool {
	withoutBuild, _, _ := strings.Cut("v"+v, "+")
	// Canonical expands the shorthands "1" and "1.2" and drops the build part:
	// only a full MAJOR.MINOR.PATCH comes back unchanged.
	return semver.IsValid("v"+v) && semver.Canonical("v"+v) == withoutBuild
}

// Compare compares two semantic versions by precedence (golang.org/x/mod/semver):
// negative when a is older than b, 0 when they are equal, positive when a is newer.
// An invalid version is older than every valid one.
func Compare(a, b string) int {
	return semver.Compare(canonical(a), canonical(b))
}

// canonical adds the "v" that golang.org/x/mod/semver expects, and spoils an
// invalid version so that semver sorts it first.
func canonical(v string) string {
	if !Valid(v) {
		return ""
	}
	return "v" + v
}

// AtLeast reports whether this build is version min or newer.
func AtLeast(min string) bool { return Compare(number, min) >= 0 }
