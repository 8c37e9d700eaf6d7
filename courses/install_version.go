package courses

// CompareVersions compares two pack versions by semantic-version precedence:
// negative when a is older than b, 0 when equal, positive when newer. A version
// that is not semantic sorts before every valid one.
func CompareVersions(a, b string) int {
	va, vb := semverRE.MatchString(a), semverRE.MatchString(b)
	switch {
	case va && vb:
		return compareSemver(a, b)
	case va:
		return 1
	case vb:
		return -1
	}
	return 0
}
