package cli

import (
	"errors"
	"io"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/report"
)

// flags are the options as the user wrote them.
type flags struct {
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
	failOn      []string
	ciLevel     string
	junit       string
	logFormat   string
	help        bool
	version     bool
	// Following and live counts.
	follow          bool
	fromStart       bool
	withFilename    bool
	noFilename      bool
	summaryInterval time.Duration
	metricsAddr     string
}

// outputFormat is what jmlog writes on standard output (-o).
type outputFormat int

const (
	outputText   outputFormat = iota // the input, annotated
	outputJSON                       // one JSON object per input line
	outputGitHub                     // GitHub Actions workflow commands
)

// minSummaryInterval is the shortest --summary-interval: shorter ones only
// flood standard error (1ns printed 1.4 MB of summaries in 0.25 s).
const minSummaryInterval = 100 * time.Millisecond

// colorMode is --color.
type colorMode int

const (
	colorAuto colorMode = iota
	colorAlways
	colorNever
)

// config is a run of the main job, as the options ask for it: every value
// parsed and checked once, here.
type config struct {
	names   []string // the inputs; "-" is standard input
	follow  bool     // follow the named files (with at least one name)
	prefix  bool     // print FILE: before lines
	output  outputFormat
	count   bool // no lines, only the summary
	matched bool
	color   bool // resolved from --color and the environment
	summary report.SummaryFormat
	gate    report.Gate
	level   printer.Level
	f       *flags
}

func newFlags(o *flags) *flag.FlagSet {
	fs := flag.NewFlagSet("jmlog", flag.ContinueOnError)
	fs.SortFlags = false
	fs.StringArrayVarP(&o.regexps, "regexp", "e", nil, "find codes with regular expression `RE` instead of the default finder;\nits first group (or whole match) must be the code's digits; repeatable")
	fs.StringArrayVarP(&o.jsonPaths, "json-path", "j", nil, "in lines that hold a JSON object, take codes only from gjson `PATH`\n(e.g. error.code, errors.#.code); other lines go to the text finder (or -e); repeatable")
	fs.StringVar(&o.jsonField, "json-field", printer.DefaultJSONField, "`NAME` of the member added to JSON objects")
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
	fs.StringVar(&o.logFormat, "log-format", "text", "jmlog's own messages on standard error: `FORMAT` is text or json\n(one JSON event per message, for log pipelines)")
	fs.BoolVarP(&o.help, "help", "h", false, "show this help")
	fs.BoolVarP(&o.version, "version", "V", false, "show the version")
	return fs
}

// parseFlags parses args with fs; the error is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return usageErr("%v", err)
	}
	return nil
}

// configure checks the options of the main job and makes its config. The
// errors name the flag and say what to write instead.
func (a *App) configure(o *flags, args []string) (*config, error) {
	c := &config{f: o, names: args, count: o.count, matched: o.matched}
	if len(c.names) == 0 {
		c.names = []string{"-"}
	}
	c.follow = o.follow && len(args) > 0
	c.prefix = o.withFilename || (c.follow && len(c.names) > 1 && !o.noFilename)
	var err error
	if c.color, err = a.useColor(o.color); err != nil {
		return nil, err
	}
	if c.summary, err = report.ParseSummaryFormat(o.summary); err != nil {
		return nil, usageErr("--summary %v", err)
	}
	if c.output, err = parseOutput(o.output); err != nil {
		return nil, usageErr("--output %v", err)
	}
	if c.level, err = printer.ParseLevel(o.ciLevel); err != nil {
		return nil, usageErr("--ci-level %v", err)
	}
	if _, err := parseLogFormat(o.logFormat); err != nil {
		return nil, usageErr("--log-format %v", err)
	}
	switch {
	case o.fromStart && !o.follow:
		return nil, usageErr("--from-start goes with -f/--follow")
	case o.withFilename && o.noFilename:
		return nil, usageErr("-H/--with-filename and --no-filename contradict each other")
	case o.summaryInterval < 0:
		return nil, usageErr("--summary-interval %v: give a positive duration, e.g. 30s", o.summaryInterval)
	case o.summaryInterval > 0 && o.summaryInterval < minSummaryInterval:
		return nil, usageErr("--summary-interval %v: give at least %v, e.g. 30s", o.summaryInterval, minSummaryInterval)
	case o.jsonField == "":
		return nil, usageErr("--json-field: the name is empty")
	}
	if c.gate, err = report.ParseGate(o.failOn); err != nil {
		return nil, usageErr("--fail-on %v", err)
	}
	return c, nil
}

func parseOutput(s string) (outputFormat, error) {
	switch s {
	case "text":
		return outputText, nil
	case "json":
		return outputJSON, nil
	case "github":
		return outputGitHub, nil
	}
	return 0, errors.New(quote(s) + ": use text, json or github")
}

// useColor decides whether annotations are coloured.
func (a *App) useColor(when string) (bool, error) {
	var m colorMode
	switch when {
	case "always":
		m = colorAlways
	case "never":
		m = colorNever
	case "auto":
		m = colorAuto
	default:
		return false, usageErr("--color %s: use auto, always or never", quote(when))
	}
	switch {
	case m != colorAuto:
		return m == colorAlways, nil
	case a.Getenv("NO_COLOR") != "" || a.Getenv("TERM") == "dumb":
		return false, nil
	}
	return a.IsTerminal(a.Stdout), nil
}
