package pipes

import (
	"errors"
	"syscall"
)

// errNoData is ERROR_NO_DATA, "The pipe is being closed": what WriteFile
// returns for a pipe whose reader has gone (os/exec ignores it for the
// same reason).
const errNoData = syscall.Errno(0xe8)

// brokenOS reports the Windows errors of a write to a closed pipe.
func brokenOS(err error) bool {
	return errors.Is(err, syscall.ERROR_BROKEN_PIPE) || errors.Is(err, errNoData)
}
