package attest

import (
	"os"
	"path/filepath"
	"sort"
)

// Drive is a removable drive (a USB stick) where records can be written.
type Drive struct {
	// Label is the name the learner sees on the stick ("CLE-MARIE", "E:").
	Label string
	// Path is the folder to write into.
	Path string
}

// mountRoots are the patterns where Linux desktops mount removable media (udisks:
// /media/<user>/<label> and /run/media/<user>/<label>) and where macOS mounts
// volumes (/Volumes/<label>; the system disk is a symbolic link there, left out).
var mountRoots = []string{"/media/*/*", "/run/media/*/*", "/Volumes/*"}

// mountedDrives lists the folders matching patterns, one per real folder,
// sorted by label.
func mountedDrives(patterns []string) []Drive {
	var out []Drive
	seen := map[string]bool{}
	for _, pattern := range patterns {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			st, err := os.Lstat(m)
			if err != nil || !st.IsDir() || seen[m] {
				continue // a file, or a symbolic link (macOS's own disk)
			}
			seen[m] = true
			out = append(out, Drive{Label: filepath.Base(m), Path: m})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}
