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
	"io/fs"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/schollz/progressbar/v3"
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
	exitGate  = 1 // a gate tripped: --fail-on, or explain of a code not in the table
	exitError = 2 // bad usage, bad regex or table, unreadable or corrupt input, failed write
)

const usage = `Usage: jmlog [OPTION]... [FILE]...
       jmlog explain CODE...
       jmlog codes [--format text|tsv|json] [--codes FILE]...
       jmlog codes --check FILE...

Annotate JMessage SDK error codes (871xxx) in log lines. Reads each FILE in
order, or standard input when there is no FILE or FILE is -. Every byte is
passed through; a line with codes gets "<TAB>[jmlog] CODE MESSAGE
(INSTRUCTION) | ..." before its line ending, or, when it holds a JSON object,
a "jmlog" member inside the object. A summary of the codes seen goes to
standard error.

Options:
%s
SIGUSR1 prints the summary so far. SIGINT and SIGTERM write out what was read,
print the summary (and write --summary-file and --junit) and exit, as at the
end of input.

Exit status: 0 done (codes found or not), 1 a gate tripped (--fail-on saw a
code it lists, explain of a code not in the table, codes --check found a code
twice), 2 an error (bad usage, a bad regex, JSON path or table, an unreadable
or corrupt input, a failed write); 2 wins over 1. A closed output pipe ends
jmlog quietly, with 0 or the --fail-on status. On SIGINT or SIGTERM the status
is the one the end of input would give. Input compressed with gzip or zstd is
decompressed on the fly (not with -f).
`

type options struct {
	regexps     []string
	jsonPaths   []string
	jsonField   string
	tables      []string
	matched     bool
	count       bool
	output      string
	color       string
	summary     string
	summaryFile string
	failOn      []string // CI: --fail-on, --ci-level, --junit
	ciLevel     string
	junit       string
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
	fs.StringArrayVarP(&o.jsonPaths, "json-path", "j", nil, "in lines that hold a JSON object, take codes only from gjson `PATH`\n(e.g. error.code, errors.#.code); other lines go to the text finder (or -e); repeatable")
	fs.StringVar(&o.jsonField, "json-field", filter.DefaultJSONField, "`NAME` of the member added to JSON objects")
	fs.StringArrayVar(&o.tables, "codes", nil, "load more codes from `FILE` (.tsv, .csv or .json); later files override; repeatable")
	fs.BoolVar(&o.matched, "matched", false, "print only the lines that carry codes")
	fs.BoolVarP(&o.count, "count", "c", false, "print no lines, only the summary")
	fs.StringVarP(&o.output, "output", "o", "text", "output `FORMAT`: text (the input, annotated), json (one JSON object per line)\nor github (Actions workflow commands)")
	fs.StringVar(&o.color, "color", "auto", "colour the annotations: `WHEN` is auto (on a terminal, unless NO_COLOR is set), always or never")
	fs.StringVar(&o.summary, "summary", "text", "summary on standard error: `FORMAT` is text, json or none")
	fs.StringVar(&o.summaryFile, "summary-file", "", "also write the JSON summary to `PATH` (atomically)")
	fs.StringArrayVar(&o.failOn, "fail-on", nil, "exit with status 1 at the end if `WHAT` was seen: any, unknown (871xxx codes\nnot in the table) or CODE[,CODE...]; repeatable")
	fs.StringVar(&o.ciLevel, "ci-level", "error", "with -o github, annotate at `LEVEL` error, warning or notice")
	fs.StringVar(&o.junit, "junit", "", "also write a JUnit XML report to `PATH` (atomically): a failed test per code")
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

// cli holds what run needs: its streams and its diagnostics logger, and
// what tests replace: whether a stream is a terminal, the clock, the host.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            zerolog.Logger
	isTerminal     func(io.Writer) bool
	now            func() time.Time
	hostname       func() (string, error)
}

func newCLI(stdin io.Reader, stdout, stderr io.Writer) *cli {
	return &cli{stdin: stdin, stdout: stdout, stderr: stderr, log: newLogger(stderr),
		isTerminal: isTerminal, now: time.Now, hostname: os.Hostname}
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
	return newCLI(stdin, stdout, stderr).run(args)
}

func (c *cli) run(args []string) int {
	var err error
	status := exitOK
	switch {
	case len(args) > 0 && args[0] == "explain":
		status, err = c.explain(args[1:])
	case len(args) > 0 && args[0] == "codes":
		status, err = c.codes(args[1:])
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
	start := c.now()
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
	gate, err := filter.ParseGate(o.failOn)
	if err == nil {
		err = gate.Check(tab)
	}
	if err != nil {
		return 0, usageErr("%v", err)
	}
	if !slices.Contains(filter.CILevels, o.ciLevel) {
		return 0, usageErr("--ci-level %q: use error, warning or notice", o.ciLevel)
	}
	names := fs.Args()
	if len(names) == 0 {
		names = []string{"-"}
	}
	follow := o.follow && len(fs.Args()) > 0
	prefix := o.withFilename || (follow && len(names) > 1 && !o.noFilename)

	cfg := filter.Config{Table: tab, Counts: &filter.Counts{}}
	var text parse.Finder // what finds codes in lines that are not JSON objects
	if len(o.regexps) > 0 {
		rf, err := parse.NewRegexFinder(o.regexps)
		if err != nil {
			return 0, &statusError{exitError, fmt.Errorf("--regexp: %w", err)}
		}
		cfg.Line, text = rf, rf
	} else {
		var known []uint32
		for _, e := range tab.Entries() {
			known = append(known, e.Code)
		}
		cfg.Pre = parse.NewScanner(known)
		text = cfg.Pre
	}
	if len(o.jsonPaths) > 0 {
		// The text Scanner, when it is Pre, also picks the candidate lines
		// for the paths: a path's value is read from the line's digits.
		jf, err := parse.NewJSONFinder(o.jsonPaths, text)
		if err != nil {
			return 0, &statusError{exitError, fmt.Errorf("--json-path: %w", err)}
		}
		cfg.Line = jf
	}
	if o.jsonField == "" {
		return 0, usageErr("--json-field: the name is empty")
	}
	var out *filter.Out
	switch {
	case o.output != "text" && o.output != "json" && o.output != "github":
		return 0, usageErr("--output %q: use text, json or github", o.output)
	case o.count:
		cfg.Sink = filter.Discard{}
	case o.output == "text":
		out = filter.NewOut(c.stdout)
		cfg.Sink = filter.NewText(out, filter.TextOptions{Matched: o.matched, Color: color, Prefix: prefix, JSONField: o.jsonField})
	case o.output == "github":
		out = filter.NewOut(c.stdout)
		cfg.Sink = filter.NewGitHub(out, o.ciLevel)
	default:
		out = filter.NewOut(c.stdout)
		cfg.Sink = filter.NewJSONLines(out, filter.JSONOptions{Matched: o.matched, Field: o.jsonField})
	}
	f := filter.New(cfg)
	end := func(sum *filter.Summary, status int, broken bool) int {
		return c.finish(sum, &o, gate, start, status, broken)
	}
	l, err := c.startLive(&o, cfg.Counts, out, end)
	if err != nil {
		return 0, err
	}
	var bar *progressbar.ProgressBar
	if o.count && !follow {
		bar = c.progress(names)
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
			if bar != nil {
				bar.Clear()
			}
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
			src, closeFn, err := c.open(name, bar)
			if err != nil {
				if bar != nil {
					bar.Clear()
				}
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
	if bar != nil {
		bar.Clear()
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
	return end(&sum, status, broken), nil
}

// finish writes what the end of a run writes — --summary-file, the CI
// reports, the summary on standard error, the gate's message — and returns
// the exit status: status, or the gate's 1, or 2 if a report could not be
// written. It serves the end of input and SIGINT/SIGTERM alike. When the
// output's reader has gone (broken), nothing is printed on standard error.
func (c *cli) finish(sum *filter.Summary, o *options, gate filter.Gate, start time.Time, status int, broken bool) int {
	if o.summaryFile != "" {
		if err := filter.WriteFileAtomic(o.summaryFile, sum.JSON()); err != nil {
			c.log.Error().Msg(fmt.Sprintf("--summary-file: %v (the old file, if any, is unchanged)", err))
			status = exitError
		}
	}
	if s := c.ciReports(sum, *o, start); s != exitOK {
		status = s
	}
	if !broken {
		c.writeSummary(sum, o.summary)
	}
	if tripped := gate.Tripped(sum); len(tripped) > 0 {
		if !broken {
			c.log.Error().Msg(gate.TripMessage(tripped))
		}
		status = max(status, exitGate)
	}
	return status
}

// ciReports writes the --junit report, and with -o github the job summary
// to $GITHUB_STEP_SUMMARY when it is set. It returns exitError if one
// could not be written.
func (c *cli) ciReports(sum *filter.Summary, o options, start time.Time) int {
	status := exitOK
	if o.junit != "" {
		host, _ := c.hostname()
		opt := filter.JUnitOptions{Timestamp: start, Time: c.now().Sub(start), Hostname: host}
		if err := filter.WriteFileAtomic(o.junit, sum.JUnit(opt)); err != nil {
			c.log.Error().Msg(fmt.Sprintf("--junit: %v (the old file, if any, is unchanged)", err))
			status = exitError
		}
	}
	if path := os.Getenv("GITHUB_STEP_SUMMARY"); path != "" && o.output == "github" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err == nil {
			err = sum.WriteMarkdown(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			c.log.Error().Msg(fmt.Sprintf("GITHUB_STEP_SUMMARY: %v", readErr(err)))
			status = exitError
		}
	}
	return status
}

// progress returns a progress bar on standard error for reading names, or
// nil: there is one only when standard error is a terminal and every input
// is a regular file (not standard input; following a file would not end).
// It counts bytes read from the files, so compressed bytes for compressed
// files.
func (c *cli) progress(names []string) *progressbar.ProgressBar {
	if !c.isTerminal(c.stderr) {
		return nil
	}
	var total int64
	for _, name := range names {
		st, err := os.Stat(name)
		if name == "-" || err != nil || !st.Mode().IsRegular() {
			return nil
		}
		total += st.Size()
	}
	if total == 0 {
		return nil
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(c.stderr),
		progressbar.OptionSetDescription("jmlog"),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionUseIECUnits(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionClearOnFinish(),
	)
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
		if c.isTerminal(c.stderr) {
			st.Bar = "█"
		}
		sum.WriteText(c.stderr, st)
	}
}

// open opens one input. "-" is standard input. The error names the file
// and says why it cannot be read. Compressed input is decompressed; bar,
// if not nil, counts the bytes read from the file.
func (c *cli) open(name string, bar *progressbar.ProgressBar) (*filter.Source, func(), error) {
	if name == "-" {
		d := filter.Decompress(c.stdin)
		return &filter.Source{Name: "-", R: d}, func() { d.Close() }, nil
	}
	fh, err := os.Open(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, fmt.Errorf("%s: no such file or directory; check the path", name)
	case errors.Is(err, fs.ErrPermission):
		return nil, nil, fmt.Errorf("%s: permission denied; check the file's permissions", name)
	case err != nil:
		return nil, nil, fmt.Errorf("%s: %v", name, readErr(err))
	}
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		fh.Close()
		return nil, nil, fmt.Errorf("%s: is a directory; give the log files inside it", name)
	}
	var r io.Reader = fh
	if bar != nil {
		pr := progressbar.NewReader(fh, bar)
		r = &pr
	}
	d := filter.Decompress(r)
	return &filter.Source{Name: name, R: d}, func() { d.Close(); fh.Close() }, nil
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
		return c.isTerminal(c.stdout), nil
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
		code, ok := codes.ParseCode(a)
		if !ok {
			return 0, usageErr("explain: %q is not a code: give 1 to 9 digits without leading zeros, e.g. 871300", a)
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

// codes lists the table, or with --check reports the codes that appear
// more than once in table files: status 1 when some do.
func (c *cli) codes(args []string) (int, error) {
	var tables, check []string
	var format string
	var help bool
	fs := flag.NewFlagSet("jmlog codes", flag.ContinueOnError)
	fs.StringVar(&format, "format", "text", "output `FORMAT`: text, tsv or json")
	fs.StringArrayVar(&tables, "codes", nil, "load more codes from `FILE`; repeatable")
	fs.StringArrayVar(&check, "check", nil, "list no table: report the codes that appear more than once in `FILE`,\nwith their line numbers (exit status 1 if any do); repeatable")
	fs.BoolVarP(&help, "help", "h", false, "show this help")
	if err := c.parse(fs, args); err != nil {
		return 0, err
	}
	if help {
		fmt.Fprintf(c.stdout, "Usage: jmlog codes [--format text|tsv|json] [--codes FILE]...\n       jmlog codes --check FILE...\n\nList the code table (the embedded rows merged with --codes files), or check\ntable files for codes that appear more than once.\nExit status: 0 done (--check: no code appears twice), 1 --check found codes that\nappear twice, 2 an error (a malformed file).\n\n%s", fs.FlagUsages())
		return exitOK, nil
	}
	if fs.NArg() > 0 {
		return 0, usageErr("codes takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	if len(check) > 0 {
		return c.check(check), nil
	}
	switch format {
	case "text", "tsv", "json":
	default:
		return 0, usageErr("--format %q: use text, tsv or json", format)
	}
	tab, err := table(tables)
	if err != nil {
		return 0, err
	}
	return exitOK, filter.WriteCodes(c.stdout, tab.Entries(), format)
}

// check is codes --check: for each file, every code that appears more than
// once and its lines. A malformed file is reported, and the others are
// still checked.
func (c *cli) check(paths []string) int {
	status := exitOK
	for _, p := range paths {
		dups, err := codes.Check(p)
		if err != nil {
			c.log.Error().Msg(fmt.Sprintf("--check: %v", err))
			status = exitError
			continue
		}
		filter.WriteDuplicates(c.stdout, p, dups)
		if len(dups) > 0 && status == exitOK {
			status = exitGate
		}
	}
	return status
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
