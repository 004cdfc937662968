package pipes

import (
	"fmt"
	"os"
	"syscall"
	"testing"
)

// A write to a pipe whose reader has gone is told apart from other write
// errors, also when wrapped as os.File wraps it.
func TestIsBroken(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{syscall.EPIPE, true},
		{&os.PathError{Op: "write", Path: "|1", Err: syscall.EPIPE}, true},
		{fmt.Errorf("output: %w", syscall.EPIPE), true},
		{syscall.ENOSPC, false},
		{&os.PathError{Op: "write", Path: "out", Err: syscall.EIO}, false},
		{nil, false},
	} {
		if got := IsBroken(c.err); got != c.want {
			t.Errorf("IsBroken(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
