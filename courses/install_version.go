package courses

import "declic/version"

// CompareVersions compares two pack versions by semantic-version precedence:
// negative when a is older than b, 0 when equal, positive when newer. A version
// that is not semantic sorts before every valid one.
func CompareVersions(a, b string) int { return version.Compare(a, b) }
