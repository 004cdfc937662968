package pipes

import (
	"os"

	"golang.org/x/sys/unix"
)

// Size is the pipe buffer size jmlog asks Linux for on a pipe it reads or
// writes: 1 MiB, the default limit for unprivileged processes
// (/proc/sys/fs/pipe-max-size). A larger pipe means fewer wake-ups of the
// processes on either side.
const Size = 1 << 20

// Grow enlarges the kernel buffer of f to Size when f is a pipe. It does
// nothing for other files, and ignores failure: the pipe then works as
// before, only with more wake-ups.
func Grow(f *os.File) {
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) {
			unix.FcntlInt(fd, unix.F_SETPIPE_SZ, Size)
		})
	}
}
