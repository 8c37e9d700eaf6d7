//go:build linux

package speech

// New returns this system's engine: espeak-ng on Linux.
func New() Engine { return NewEspeak("linux") }
