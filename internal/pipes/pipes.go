// Package pipes holds what jmlog does with the pipes it reads and writes.
package pipes

import (
	"errors"
	"syscall"
)

// IsBroken reports whether err comes from writing to a pipe whose reader
// has gone, which ends jmlog quietly: EPIPE, and on Windows the errors
// WriteFile gives for a pipe whose other end was closed (see broken_*.go).
func IsBroken(err error) bool {
	return errors.Is(err, syscall.EPIPE) || brokenOS(err)
}
