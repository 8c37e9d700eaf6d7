//go:build windows

package attest

import (
	"golang.org/x/sys/windows"
)

// RemovableDrives lists the drive letters of removable media (USB sticks) that
// hold a readable volume now.
func RemovableDrives() []Drive {
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return nil
	}
	var out []Drive
	for i := 0; i < 26; i++ {
		if mask&(1<<uint(i)) == 0 {
			continue
		}
		root := string(rune('A'+i)) + `:\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil || windows.GetDriveType(p) != windows.DRIVE_REMOVABLE {
			continue
		}
		label := root[:2]
		name := make([]uint16, windows.MAX_PATH+1)
		if windows.GetVolumeInformation(p, &name[0], uint32(len(name)), nil, nil, nil, nil, 0) != nil {
			continue // no medium in the drive
		}
		if v := windows.UTF16ToString(name); v != "" {
			label = v + " (" + root[:2] + ")"
		}
		out = append(out, Drive{Label: label, Path: root})
	}
	return out
}
