//go:build !unix

package app

import "time"

// processCPU is not measured on this system: the measurements that use it are made
// on Linux (make bench).
func processCPU() time.Duration { return 0 }
