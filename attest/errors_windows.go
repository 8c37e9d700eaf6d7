//go:build windows

package attest

import (
	"errors"
	"syscall"
)

// Windows error codes for a write-protected medium and a full disk.
const (
	errorWriteProtect   = syscall.Errno(19)
	errorDiskFull       = syscall.Errno(112)
	errorHandleDiskFull = syscall.Errno(39)
)

func isReadOnlyFS(err error) bool { return errors.Is(err, errorWriteProtect) }
func isDiskFull(err error) bool {
	return errors.Is(err, errorDiskFull) || errors.Is(err, errorHandleDiskFull)
}
