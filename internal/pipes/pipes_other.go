//go:build !linux

package pipes

import "os"

// Size is the pipe buffer size jmlog asks Linux for (pipes_linux.go);
// F_SETPIPE_SZ is Linux's alone, so nothing asks for it here.
const Size = 1 << 20

// Grow does nothing here: only Linux lets a process set the size of a
// pipe's buffer (fcntl F_SETPIPE_SZ). Pipes keep the system's size.
func Grow(*os.File) {}
