//go:build !windows

package attest

// RemovableDrives lists the USB sticks and other removable media mounted now.
func RemovableDrives() []Drive { return mountedDrives(mountRoots) }
