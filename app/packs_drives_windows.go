//go:build windows

package app

import (
	"golang.org/x/sys/windows"
)

// removableDirs lists the roots of removable drives (USB sticks, SD cards):
// every drive letter whose type is DRIVE_REMOVABLE.
func removableDirs() []string {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	var dirs []string
	for i := 0; i < 26; i++ {
		if mask&(1<<uint(i)) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil {
			continue
		}
		if windows.GetDriveType(p) == windows.DRIVE_REMOVABLE {
			dirs = append(dirs, root)
		}
	}
	return dirs
}
