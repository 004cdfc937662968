//go:build unix

package input

import (
	"os"

	"golang.org/x/sys/unix"
)

// pollable returns a new *os.File for f's file description, made
// non-blocking so that the runtime's poller serves it and read deadlines
// work, and a release that closes it and makes the description blocking
// again.
func pollable(f *os.File) (*os.File, func(), bool) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, nil, false
	}
	nfd := -1
	rc.Control(func(fd uintptr) {
		if d, err := unix.Dup(int(fd)); err == nil {
			nfd = d
		}
	})
	if nfd < 0 {
		return nil, nil, false
	}
	unix.CloseOnExec(nfd)
	if err := unix.SetNonblock(nfd, true); err != nil {
		unix.Close(nfd)
		return nil, nil, false
	}
	pf := os.NewFile(uintptr(nfd), f.Name())
	release := func() {
		if prc, err := pf.SyscallConn(); err == nil {
			prc.Control(func(fd uintptr) { unix.SetNonblock(int(fd), false) })
		}
		pf.Close()
	}
	return pf, release, true
}
