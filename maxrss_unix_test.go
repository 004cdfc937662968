//go:build unix

package main

import (
	"os"
	"syscall"
)

// maxRSS returns the peak RSS of the process that ps describes, as
// getrusage(2) gives it: in KiB on Linux (bytes on darwin). Its type is
// int32 on 32-bit Linux, int64 elsewhere.
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return int64(ru.Maxrss), true
}
