//go:build !unix

package cli

import (
	"os"
	"syscall"
)

// sigProgress asks a run for the summary so far. Windows has no SIGUSR1:
// this is a number no signal has, which never arrives (--summary-interval
// prints the summary so far there).
const sigProgress = syscall.Signal(-1)

// notified are the signals Main delivers to App.Signals: Ctrl-C (SIGINT)
// and the console being closed (SIGTERM). Windows sends no SIGHUP: the
// --codes files are reloaded when they change, in a long run.
var notified = []os.Signal{syscall.SIGINT, syscall.SIGTERM}
