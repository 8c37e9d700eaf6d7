//go:build !windows

package attest

import (
	"errors"
	"syscall"
)

func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }
func isDiskFull(err error) bool   { return errors.Is(err, syscall.ENOSPC) }
