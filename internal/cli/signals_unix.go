//go:build unix

package cli

import (
	"os"
	"syscall"
)

// sigProgress asks a run for the summary so far.
const sigProgress = syscall.SIGUSR1

// notified are the signals Main delivers to App.Signals.
var notified = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGHUP}
