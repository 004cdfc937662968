//go:build !linux

package printer

import "os"

// PipeSize is the pipe buffer size jmlog asks Linux for (pipe_linux.go);
// F_SETPIPE_SZ is Linux's alone, so nothing asks for it here.
const PipeSize = 1 << 20

// GrowPipe does nothing here: only Linux lets a process set the size of a
// pipe's buffer (fcntl F_SETPIPE_SZ). Pipes keep the system's size.
func GrowPipe(*os.File) {}
