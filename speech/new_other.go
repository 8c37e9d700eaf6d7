//go:build !linux && !windows && !darwin

package speech

import "runtime"

// New returns this system's engine: espeak-ng when installed (the BSDs package
// it), otherwise an engine that explains no voice is known.
func New() Engine { return NewEspeak(runtime.GOOS) }
