// Package cli is jmlog's command line: options and their validation, the
// wiring of codes, parse and filter, the lifecycle of a run (signals, live
// summaries, metrics) and the subcommands. main calls Main; tests call
// App.Run with their own streams, so they never touch the process.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/jmlog/jmlog/internal/pipes"
)

// Exit statuses.
const (
	exitOK    = 0 // done, whether or not codes were found
	exitGate  = 1 // a gate tripped: --fail-on, explain of a code not in the table, codes --check
	exitError = 2 // bad usage, bad regex or table, unreadable or corrupt input, failed write
)

// statusError is an error that carries the exit status it gives. Run
// reports it once, on standard error.
type statusError struct {
	status int
	err    error
	event  string // the diagnostic's event name; "" means "usage"
}

func (e *statusError) Error() string { return e.err.Error() }

func (e *statusError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &statusError{status: exitError, err: fmt.Errorf(format+" (see jmlog --help)", args...)}
}

// App is one jmlog process, as tests see it: its streams, its environment,
// and what tests replace (whether a stream is a terminal, the clock, the
// host name). The zero value is not usable; see Main for the real one.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Signals delivers SIGINT, SIGTERM, SIGUSR1 and SIGHUP; nil means none.
	Signals <-chan os.Signal
	// IsTerminal reports whether w is a terminal; nil means a check of
	// the file descriptor.
	IsTerminal func(io.Writer) bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Hostname names the machine; nil means os.Hostname.
	Hostname func() (string, error)
	// ModTime is the modification time of an input file, which its
	// year-less log timestamps are read against (filter.Source.ModTime);
	// nil means the file's own.
	ModTime func(os.FileInfo) time.Time
	// SetGCPercent, when set, is debug.SetGCPercent: a run that does not
	// follow calls it with batchGCPercent before it allocates its read
	// buffers, unless GOGC is set (see batchGCPercent). Main sets it; an
	// App in a test leaves the process's collector alone.
	SetGCPercent func(int) int

	log zerolog.Logger
}

// Main runs jmlog as the process: on os.Args, the standard streams and the
// signals; it returns the exit status, which main passes to os.Exit. Writes
// to a closed pipe return EPIPE instead of killing jmlog, which then stops
// quietly.
func Main() int {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	pipes.Grow(os.Stdin)
	pipes.Grow(os.Stdout)
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, notified...)
	a := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Signals: sigs, SetGCPercent: debug.SetGCPercent}
	return a.Run(os.Args[1:])
}

// Run runs jmlog with args (without the program name) and returns the exit
// status.
func (a *App) Run(args []string) int {
	a.defaults()
	a.log = newLogger(a.Stderr, logFormatOf(args))
	var err error
	status := exitOK
	switch {
	case len(args) > 0 && args[0] == "explain":
		status, err = a.explain(args[1:])
	case len(args) > 0 && args[0] == "codes":
		status, err = a.codes(args[1:])
	default:
		status, err = a.filter(args)
	}
	if err != nil {
		if pipes.IsBroken(err) {
			// The reader of the output has gone (jmlog codes | head): stop
			// quietly, as the filter does.
			return status
		}
		event, status := "usage", exitError
		var se *statusError
		if errors.As(err, &se) {
			status = se.status
			if se.event != "" {
				event = se.event
			}
		}
		a.log.Error().Str("event", event).Msg(err.Error())
		return status
	}
	return status
}

func (a *App) defaults() {
	if a.Getenv == nil {
		a.Getenv = os.Getenv
	}
	if a.IsTerminal == nil {
		a.IsTerminal = isTerminal
	}
	if a.Now == nil {
		a.Now = time.Now
	}
	if a.Hostname == nil {
		a.Hostname = os.Hostname
	}
	if a.ModTime == nil {
		a.ModTime = os.FileInfo.ModTime
	}
	if a.Stdin == nil {
		a.Stdin = eofReader{}
	}
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// readErr strips the "read NAME:", "write NAME:" or "writev:" that os
// adds, however deep, since messages name the file already.
func readErr(err error) error {
	for {
		var pe *os.PathError
		var se *os.SyscallError
		switch {
		case errors.As(err, &pe):
			err = pe.Err
		case errors.As(err, &se):
			err = se.Err
		default:
			return err
		}
	}
}
