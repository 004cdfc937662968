// Command jmlog annotates JMessage (Jiguang IM) SDK error codes in logs.
//
// It reads log lines from files or standard input, finds JMessage error codes
// (871xxx), appends each code's message and instruction to the line, passes
// every other byte through untouched, and prints a count of every code it saw.
// See README.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	flag "github.com/spf13/pflag"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/parse"
)

func main() {
	// Writes to a closed pipe return EPIPE instead of killing jmlog, which
	// then stops quietly (see run).
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	filter.GrowPipe(os.Stdin)
	filter.GrowPipe(os.Stdout)
	signalsOn = true
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0 // done, whether or not codes were found
	exitGate  = 1 // a gate tripped: explain of a code not in the table
	exitError = 2 // bad usage, bad regex or table, unreadable input, failed write
)

const usage = `Usage: jmlog [OPTION]... [FILE]...
       jmlog explain CODE...
       jmlog codes [--format text|tsv|json] [--codes FILE]...

Annotate JMessage SDK error codes (871xxx) in log lines. Reads each FILE in
order, or standard input when there is no FILE or FILE is -. Every byte is
passed through; a line with codes gets "<TAB>[jmlog] CODE MESSAGE
(INSTRUCTION) | ..." before its line ending. A summary of the codes seen goes
to standard error.

Options:
%s
SIGUSR1 prints the summary so far. SIGINT and SIGTERM write out what was read,
print the summary (and write --summary-file) and exit, as at the end of input.

Exit status: 0 done (codes found or not), 1 a gate tripped (explain of a code
not in the table), 2 an error (bad usage, bad regex or table, an unreadable
input, a failed write). A closed output pipe ends jmlog quietly with 0. On
SIGINT or SIGTERM the status is the same: 0, or 2 if an error was reported.
`

type options struct {
	regexps     []string
	tables      []string
	matched     bool
	count       bool
	output      string
	color       string
	summary     string
	summaryFile string
	help        bool
	version     bool
	// Following and live counts (live.go).
	follow          bool
	fromStart       bool
	withFilename    bool
	noFilename      bool
	summaryInterval time.Duration
	metricsAddr     string
}

func newFlags(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("jmlog", flag.ContinueOnError)
	fs.SortFlags = false
	fs.StringArrayVarP(&o.regexps, "regexp", "e", nil, "find codes with regular expression `RE` instead of the default finder;\nits first group (or whole match) must be the code's digits; repeatable")
	fs.StringArrayVar(&o.tables, "codes", nil, "load more codes from `FILE` (.tsv, .csv or .json); later files override; repeatable")
	fs.BoolVar(&o.matched, "matched", false, "print only the lines that carry codes")
	fs.BoolVarP(&o.count, "count", "c", false, "print no lines, only the summary")
	fs.StringVarP(&o.output, "output", "o", "text", "output `FORMAT`: text (the input, annotated)")
	fs.StringVar(&o.color, "color", "auto", "colour the annotations: `WHEN` is auto (on a terminal, unless NO_COLOR is set), always or never")
	fs.StringVar(&o.summary, "summary", "text", "summary on standard error: `FORMAT` is text, json or none")
	fs.StringVar(&o.summaryFile, "summary-file", "", "also write the JSON summary to `PATH` (atomically)")
	fs.BoolVarP(&o.follow, "follow", "f", false, "follow each FILE by name, like tail -F: keep reading as it grows, across\nrotation and truncation, until SIGINT or SIGTERM")
	fs.BoolVar(&o.fromStart, "from-start", false, "with -f, read what each FILE holds first (default: start at its end)")
	fs.BoolVarP(&o.withFilename, "with-filename", "H", false, "print the file name before each line (default with -f and several FILEs)")
	fs.BoolVar(&o.noFilename, "no-filename", false, "never print file names before lines")
	fs.DurationVar(&o.summaryInterval, "summary-interval", 0, "also print the summary so far every `DURATION` (e.g. 30s, 5m)")
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics on http://`HOST:PORT`/metrics (127.0.0.1:PORT\nkeeps them on this machine)")
	fs.BoolVarP(&o.help, "help", "h", false, "show this help")
	fs.BoolVarP(&o.version, "version", "V", false, "show the version")
	return fs
}

// exitError is an error that carries its exit status and has been, or
// should be, reported once.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }

func usageErr(format string, args ...any) error {
	return &statusError{exitError, fmt.Errorf(format+" (see jmlog --help)", args...)}
}

// cli holds what run needs: its streams and its diagnostics logger.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            zerolog.Logger
}

func newLogger(w io.Writer) zerolog.Logger {
	return zerolog.New(zerolog.ConsoleWriter{
		Out:        w,
		NoColor:    true,
		PartsOrder: []string{zerolog.MessageFieldName},
		FormatMessage: func(i any) string {
			return fmt.Sprintf("jmlog: %s", i)
		},
	})
}

// run is jmlog: it parses args, wires codes, parse and filter together, and
// returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, log: newLogger(stderr)}
	var err error
	status := exitOK
	switch {
	case len(args) > 0 && args[0] == "explain":
		status, err = c.explain(args[1:])
	case len(args) > 0 && args[0] == "codes":
		err = c.codes(args[1:])
	default:
		status, err = c.filter(args)
	}
	if err != nil {
		c.log.Error().Msg(err.Error())
		var se *statusError
		if errors.As(err, &se) {
			return se.status
		}
		return exitError
	}
	return status
}

func (c *cli) parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

func (c *cli) help(fs *flag.FlagSet) {
	fmt.Fprintf(c.stdout, usage, fs.FlagUsages())
}

// table returns the embedded table merged with the --codes files.
func table(paths []string) (*codes.Table, error) {
	ts := []*codes.Table{codes.Embedded()}
	for _, p := range paths {
		t, err := codes.Load(p)
		if err != nil {
			return nil, &statusError{exitError, fmt.Errorf("--codes: %w", err)}
		}
		ts = append(ts, t)
	}
	return codes.Merge(ts...), nil
}

// filter is the main job.
func (c *cli) filter(args []string) (int, error) {
	var o options
	fs := newFlags(&o)
	if err := c.parse(fs, args); err != nil {
		return 0, err
	}
	if o.help {
		c.help(fs)
		return exitOK, nil
	}
	if o.version {
		fmt.Fprintln(c.stdout, "jmlog", version())
		return exitOK, nil
	}
	color, err := c.useColor(o.color)
	if err != nil {
		return 0, err
	}
	switch o.summary {
	case "text", "json", "none":
	default:
		return 0, usageErr("--summary %q: use text, json or none", o.summary)
	}
	switch {
	case o.fromStart && !o.follow:
		return 0, usageErr("--from-start goes with -f/--follow")
	case o.withFilename && o.noFilename:
		return 0, usageErr("-H/--with-filename and --no-filename contradict each other")
	case o.summaryInterval < 0:
		return 0, usageErr("--summary-interval %v: give a positive duration, e.g. 30s", o.summaryInterval)
	}
	tab, err := table(o.tables)
	if err != nil {
		return 0, err
	}
	names := fs.Args()
	if len(names) == 0 {
		names = []string{"-"}
	}
	follow := o.follow && len(fs.Args()) > 0
	prefix := o.withFilename || (follow && len(names) > 1 && !o.noFilename)

	cfg := filter.Config{Table: tab, Counts: &filter.Counts{}}
	if len(o.regexps) > 0 {
		rf, err := parse.NewRegexFinder(o.regexps)
		if err != nil {
			return 0, &statusError{exitError, fmt.Errorf("--regexp: %w", err)}
		}
		cfg.Line = rf
	} else {
		var known []uint32
		for _, e := range tab.Entries() {
			known = append(known, e.Code)
		}
		cfg.Pre = parse.NewScanner(known)
	}
	var out *filter.Out
	switch {
	case o.count:
		cfg.Sink = filter.Discard{}
	case o.output == "text":
		out = filter.NewOut(c.stdout)
		cfg.Sink = filter.NewText(out, filter.TextOptions{Matched: o.matched, Color: color, Prefix: prefix})
	default:
		return 0, usageErr("--output %q: use text", o.output)
	}
	f := filter.New(cfg)
	l, err := c.startLive(&o, cfg.Counts, out)
	if err != nil {
		return 0, err
	}

	status := exitOK
	broken := false
	var outErr error
	// stop handles an error of the Filter and says whether to stop.
	stop := func(src *filter.Source, err error) bool {
		var pe *os.PathError
		switch {
		case err == nil:
		case filter.IsBrokenPipe(err):
			broken = true
		case errors.As(err, &pe) && pe.Path == "output":
			outErr = fmt.Errorf("writing output: %v", pe.Err)
		default:
			c.log.Error().Msg(fmt.Sprintf("%s: %v", src.Label(), readErr(err)))
			status = l.fail()
			return false
		}
		return err != nil
	}
	if follow {
		srcs, closeAll := l.followSources(names)
		stop(nil, f.Follow(srcs, followBufSize, func(src *filter.Source, err error) { stop(src, err) }))
		closeAll()
	} else {
		for _, name := range names {
			src, closeFn, err := c.open(name)
			if err != nil {
				c.log.Error().Msg(err.Error())
				status = l.fail()
				continue
			}
			err = f.Run(src)
			closeFn()
			if stop(src, err) {
				break
			}
		}
	}
	l.end()
	if outErr != nil {
		return exitError, outErr
	}
	if out != nil {
		if err := out.Close(); err != nil && !broken {
			if filter.IsBrokenPipe(err) {
				broken = true
			} else {
				return exitError, fmt.Errorf("writing output: %v", err)
			}
		}
	}
	sum := cfg.Counts.Snapshot()
	if o.summaryFile != "" {
		if err := filter.WriteFileAtomic(o.summaryFile, sum.JSON()); err != nil {
			c.log.Error().Msg(fmt.Sprintf("--summary-file: %v (the old file, if any, is unchanged)", err))
			status = exitError
		}
	}
	if !broken {
		c.writeSummary(&sum, o.summary)
	}
	return status, nil
}

// readErr strips the "read NAME:" that os adds, since messages name the
// file already.
func readErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (c *cli) writeSummary(sum *filter.Summary, format string) {
	switch format {
	case "json":
		c.stderr.Write(sum.JSON())
	case "text":
		st := filter.SummaryStyle{Bar: "#"}
		if isTerminal(c.stderr) {
			st.Bar = "█"
		}
		sum.WriteText(c.stderr, st)
	}
}

// open opens one input. "-" is standard input. The error names the file
// and says why it cannot be read.
func (c *cli) open(name string) (*filter.Source, func(), error) {
	if name == "-" {
		return &filter.Source{Name: "-", R: c.stdin}, func() {}, nil
	}
	fh, err := os.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, readErr(err))
	}
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		fh.Close()
		return nil, nil, fmt.Errorf("%s: is a directory; give the log files inside it", name)
	}
	return &filter.Source{Name: name, R: fh}, func() { fh.Close() }, nil
}

// useColor decides whether annotations are coloured.
func (c *cli) useColor(when string) (bool, error) {
	switch when {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		return isTerminal(c.stdout), nil
	}
	return false, usageErr("--color %q: use auto, always or never", when)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// explain prints the table rows of the given codes. A code not in the table
// is reported and makes the status 1.
func (c *cli) explain(args []string) (int, error) {
	var tables []string
	var help bool
	fs := flag.NewFlagSet("jmlog explain", flag.ContinueOnError)
	fs.StringArrayVar(&tables, "codes", nil, "load more codes from `FILE`; repeatable")
	fs.BoolVarP(&help, "help", "h", false, "show this help")
	if err := c.parse(fs, args); err != nil {
		return 0, err
	}
	if help {
		fmt.Fprintf(c.stdout, "Usage: jmlog explain [--codes FILE]... CODE...\n\nPrint the message, instruction and source of each CODE.\nExit status: 0 all found, 1 a code is not in the table, 2 an error.\n\n%s", fs.FlagUsages())
		return exitOK, nil
	}
	if fs.NArg() == 0 {
		return 0, usageErr("explain needs at least one CODE, e.g. jmlog explain 871300")
	}
	tab, err := table(tables)
	if err != nil {
		return 0, err
	}
	status := exitOK
	for i, a := range fs.Args() {
		code, err := strconv.ParseUint(a, 10, 32)
		if err != nil || code > 999999999 {
			return 0, usageErr("explain: %q is not a code: give 1 to 9 digits, e.g. 871300", a)
		}
		if i > 0 {
			fmt.Fprintln(c.stdout)
		}
		e, ok := tab.Lookup(uint32(code))
		if !ok {
			fmt.Fprintf(c.stdout, "%d  not in the code table", code)
			if code/1000 == 871 {
				fmt.Fprint(c.stdout, " (an unknown JMessage Android code)")
			}
			fmt.Fprintln(c.stdout, "; load more codes with --codes FILE")
			status = exitGate
			continue
		}
		filter.WriteExplain(c.stdout, e)
	}
	return status, nil
}

// codes lists the table.
func (c *cli) codes(args []string) error {
	var tables []string
	var format string
	var help bool
	fs := flag.NewFlagSet("jmlog codes", flag.ContinueOnError)
	fs.StringVar(&format, "format", "text", "output `FORMAT`: text, tsv or json")
	fs.StringArrayVar(&tables, "codes", nil, "load more codes from `FILE`; repeatable")
	fs.BoolVarP(&help, "help", "h", false, "show this help")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if help {
		fmt.Fprintf(c.stdout, "Usage: jmlog codes [--format text|tsv|json] [--codes FILE]...\n\nList the code table (the embedded rows merged with --codes files).\n\n%s", fs.FlagUsages())
		return nil
	}
	if fs.NArg() > 0 {
		return usageErr("codes takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	switch format {
	case "text", "tsv", "json":
	default:
		return usageErr("--format %q: use text, tsv or json", format)
	}
	tab, err := table(tables)
	if err != nil {
		return err
	}
	return filter.WriteCodes(c.stdout, tab.Entries(), format)
}

func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
