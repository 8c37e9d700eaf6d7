//go:build !windows

package app

import "path/filepath"

// removableDirs lists the mount points of removable drives: on Linux the
// folders below /media/USER/ and /run/media/USER/ (udisks), on macOS /Volumes/.
func removableDirs() []string {
	var dirs []string
	for _, pattern := range []string{"/media/*/*", "/run/media/*/*", "/Volumes/*"} {
		m, _ := filepath.Glob(pattern)
		dirs = append(dirs, m...)
	}
	return dirs
}
