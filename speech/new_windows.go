//go:build windows

package speech

// New returns this system's engine: SAPI through PowerShell on Windows.
func New() Engine { return NewSAPI() }
