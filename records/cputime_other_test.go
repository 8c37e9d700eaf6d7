//go:build !unix

package records_test

import "time"

// processCPU is unavailable here; benchmarks then report wall-clock figures only.
func processCPU() time.Duration { return 0 }
