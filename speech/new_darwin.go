//go:build darwin

package speech

// New returns this system's engine: `say` on macOS.
func New() Engine { return NewSay() }
