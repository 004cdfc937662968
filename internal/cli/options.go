package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/input"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/report"
)

// flags are the options as the user wrote them.
type flags struct {
	regexps     []string
	jsonPaths   []string
	jsonField   string
	tables      []string
	lang        string
	matched     bool
	count       bool
	output      string
	color       string
	summary     string
	summaryFile string
	failOn      []string
	ciLevel     string
	ci          string
	ciMax       int
	top         int
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
	// Input encodings.
	encoding string
	// Context, breakdowns and the HTML report (issue 13).
	after, before, context int
	groupSep               string
	noGroupSep             bool
	by                     []string
	report                 string
	changed                func(name string) bool // whether a flag was given
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
	ci      bool           // --ci github: grouped annotations and the job summary
	enc     input.Encoding // -E
	lang    string         // --lang
	f       *flags

	// Decided from the options and the streams, before the run.
	sum    *summaryOut // where and how the summary is written
	stdout io.Writer   // where the output goes: standard output, or a lineWriter on it
	// Set at the end of the run, for the job summary: the grouped
	// annotations written with --ci github.
	annotated *report.AnnotationCount
	ctx       printer.Context  // -A, -B, -C
	by        []filter.By      // --by
	capture   *printer.Capture // the Sink that keeps first-occurrence context for --report
	// interrupted is set when SIGINT or SIGTERM ended the run.
	interrupted bool
}

// The groups of options in --help, in order. Each flag is put in one by
// inGroup, right after it is defined.
var helpGroups = []string{"Input", "Finding codes", "Output", "Summary", "CI", "Following and live counts", "General"}

const groupAnnotation = "jmlog-group"

// inGroup puts the named flags of fs in the --help group g.
func inGroup(fs *flag.FlagSet, g string, names ...string) {
	for _, n := range names {
		fs.SetAnnotation(n, groupAnnotation, []string{g})
	}
}

// newFlags defines the main job's options, group by group (a new flag goes
// at the end of its group).
func newFlags(o *flags) *flag.FlagSet {
	fs := flag.NewFlagSet("jmlog", flag.ContinueOnError)
	fs.SortFlags = false
	fs.SetNormalizeFunc(aliases)
	inputFlags(fs, o)
	outputFlags(fs, o)
	summaryFlags(fs, o)
	liveFlags(fs, o)
	o.changed = fs.Changed
	return fs
}

// inputFlags are the Input and Finding codes groups.
func inputFlags(fs *flag.FlagSet, o *flags) {
	fs.StringArrayVar(&o.tables, "codes", nil, "load more codes from `FILE` (.tsv, .csv, .json, or a vendor page .md); later files win; SIGHUP or a change reloads them; repeatable")
	fs.StringVar(&o.lang, "lang", langs[0], "`LANG` en (default) or zh: for codes that --codes tables give in both languages, annotate in LANG; the other goes in the JSON")
	fs.StringVarP(&o.encoding, "encoding", "E", "auto", "read inputs as `ENC`: auto (UTF-16 with a byte-order mark is decoded, all else read as it is), none, or a WHATWG label (utf-16le, gb18030, ...)")
	inGroup(fs, "Input", "codes", "lang", "encoding")

	fs.StringArrayVarP(&o.regexps, "regexp", "e", nil, "find codes with regular expression `RE` instead of the default finder; its first group (or whole match) is the code; repeatable")
	fs.StringArrayVarP(&o.jsonPaths, "json-path", "j", nil, "in lines that hold a JSON object, take codes only from gjson `PATH` (error.code, errors.#.code); other lines go to the text finder or -e; repeatable")
	inGroup(fs, "Finding codes", "regexp", "json-path")
}

// outputFlags are the Output group.
func outputFlags(fs *flag.FlagSet, o *flags) {
	fs.StringVarP(&o.output, "output", "o", "text", "`FORMAT` of standard output: text (the input, annotated), json (one JSON object per line) or github (a workflow command per occurrence; see --ci)")
	fs.BoolVar(&o.matched, "matched", false, "print only the lines that carry codes")
	fs.IntVarP(&o.after, "after-context", "A", 0, "print `N` lines after each line with codes (implies --matched)")
	fs.IntVarP(&o.before, "before-context", "B", 0, "print `N` lines before each line with codes (implies --matched)")
	fs.IntVarP(&o.context, "context", "C", 0, "print `N` lines before and after each line with codes (implies --matched)")
	fs.StringVar(&o.groupSep, "group-separator", "--", "with -A, -B or -C, print `SEP` between groups of lines that are not adjacent")
	fs.BoolVar(&o.noGroupSep, "no-group-separator", false, "with -A, -B or -C, print no separator between groups")
	fs.BoolVarP(&o.count, "count", "c", false, "print no lines, only the summary, on standard output")
	fs.StringVar(&o.color, "color", "auto", "colour: `WHEN` is auto (on a terminal, unless NO_COLOR is set), always or never; --colour too")
	fs.BoolVarP(&o.withFilename, "with-filename", "H", false, "print the file name before each line (default with -f and several FILEs)")
	fs.BoolVar(&o.noFilename, "no-filename", false, "never print file names before lines")
	fs.StringVar(&o.jsonField, "json-field", printer.DefaultJSONField, "`NAME` of the member added to JSON objects (default jmlog)")
	inGroup(fs, "Output", "output", "matched", "after-context", "before-context", "context", "group-separator",
		"no-group-separator", "count", "color", "with-filename", "no-filename", "json-field")
}

// summaryFlags are the Summary and CI groups.
func summaryFlags(fs *flag.FlagSet, o *flags) {
	fs.StringVar(&o.summary, "summary", "text", "`FORMAT` of the summary: text, json or none (on standard error; on standard output with -c)")
	fs.IntVar(&o.top, "top", report.DefaultTop, "show at most `N` codes in the text summary; 0 shows all (default 20)")
	fs.StringArrayVar(&o.by, "by", nil, "count each code per `FIELD`: tag, pid, package, level (logcat fields) or file; repeatable; shown in the summaries")
	fs.StringVar(&o.summaryFile, "summary-file", "", "also write the JSON summary to `PATH` (atomically)")
	fs.Var((*durationValue)(&o.summaryInterval), "summary-interval", "also print the summary so far every `DURATION` (30s, 5m) when the counts changed")
	inGroup(fs, "Summary", "summary", "top", "by", "summary-file", "summary-interval")

	fs.StringVar(&o.ci, "ci", "", "`SYSTEM` is github: after the output, one annotation per code and file, titled with its count, and a section in $GITHUB_STEP_SUMMARY")
	fs.IntVar(&o.ciMax, "ci-max", 10, "write at most `N` annotations, the most frequent codes first (default 10)")
	fs.StringVar(&o.ciLevel, "ci-level", "error", "annotate at `LEVEL` error, warning or notice (default error)")
	fs.StringArrayVar(&o.failOn, "fail-on", nil, "exit with status 1 at the end if `WHAT` was seen: any, unknown (871xxx codes not in the table) or CODE[,CODE...]; repeatable")
	fs.StringVar(&o.junit, "junit", "", "also write a JUnit XML report to `PATH` (atomically): a failed test per code")
	fs.StringVar(&o.report, "report", "", "also write an HTML report to `FILE` (atomically, self-contained, at most 2 MB): totals, codes, a timeline, breakdowns and the context of each code's first line")
	inGroup(fs, "CI", "ci", "ci-max", "ci-level", "fail-on", "junit", "report")
}

// liveFlags are the Following and live counts, and General groups.
func liveFlags(fs *flag.FlagSet, o *flags) {
	fs.BoolVarP(&o.follow, "follow", "f", false, "follow each FILE by name, like tail -F: across rotation and truncation, until SIGINT or SIGTERM")
	fs.BoolVar(&o.fromStart, "from-start", false, "with -f, read what each FILE holds first (default: start at its end)")
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics on http://`HOST:PORT`/metrics (127.0.0.1:PORT keeps them on this machine)")
	inGroup(fs, "Following and live counts", "follow", "from-start", "metrics-addr")

	fs.StringVar(&o.logFormat, "log-format", "text", "jmlog's own messages: `FORMAT` is text or json (one JSON event per message)")
	fs.BoolVarP(&o.help, "help", "h", false, "show this help")
	fs.BoolVarP(&o.version, "version", "V", false, "show the version, revision and build time")
	inGroup(fs, "General", "log-format", "help", "version")
}

// aliases maps the spellings jmlog also accepts to its flags' names:
// --colour, as GNU grep accepts it.
func aliases(_ *flag.FlagSet, name string) flag.NormalizedName {
	if name == "colour" {
		name = "color"
	}
	return flag.NormalizedName(name)
}

// durationValue is a time.Duration flag whose error for a number without
// a unit shows the fix.
type durationValue time.Duration

func (d *durationValue) String() string { return time.Duration(*d).String() }
func (d *durationValue) Type() string   { return "duration" }

func (d *durationValue) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			return fmt.Errorf("a duration needs a unit: write %ss (or %sm, %sh)", s, s, s)
		}
		return errors.New("not a duration: write a number and a unit, e.g. 30s, 5m or 1h30m")
	}
	*d = durationValue(v)
	return nil
}

// parseFlags parses args with fs; the error is a usage error that names
// the flag, with a suggestion for a misspelt one.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	var ne *flag.NotExistError
	var ie *flag.InvalidValueError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ne):
		if s := suggest(fs, ne.GetSpecifiedName()); s != "" && ne.GetSpecifiedShortnames() == "" {
			return usageErr("unknown option --%s; did you mean --%s?", ne.GetSpecifiedName(), s)
		}
	case errors.As(err, &ie):
		cause := ie.Unwrap()
		if ie.GetFlag().Value.Type() == "int" {
			cause = errors.New("give a whole number")
		}
		return usageErr("--%s %s: %v", ie.GetFlag().Name, quote(ie.GetValue()), cause)
	}
	return usageErr("%v", err)
}

// suggest returns the name of fs's flag closest to name (at most 2 edits
// away, or a prefix of it), or "".
func suggest(fs *flag.FlagSet, name string) string {
	best, bestD := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		d := editDistance(name, f.Name)
		if strings.HasPrefix(f.Name, name) && len(name) >= 3 {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// configureInsight reads the options of context, breakdowns and the
// report into c.
func configureInsight(c *config, o *flags) error {
	changed := o.changed
	if changed == nil {
		changed = func(string) bool { return false }
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"-A/--after-context", o.after}, {"-B/--before-context", o.before}, {"-C/--context", o.context}} {
		if n.v < 0 {
			return usageErr("%s %d: give a number of lines, 0 or more", n.name, n.v)
		}
	}
	c.ctx.Before, c.ctx.After = o.context, o.context
	if changed("before-context") {
		c.ctx.Before = o.before
	}
	if changed("after-context") {
		c.ctx.After = o.after
	}
	if changed("before-context") || changed("after-context") || changed("context") {
		// As in grep, -C 0 too separates groups that are not adjacent.
		switch {
		case o.count:
			return usageErr("-A/-B/-C print lines around the lines with codes, and -c/--count prints no lines")
		case c.output == outputGitHub:
			return usageErr("-A/-B/-C go with text or json output, not with -o github")
		}
		c.matched = true
		if !o.noGroupSep {
			c.ctx.Separator = []byte(o.groupSep)
		}
	}
	for _, s := range o.by {
		b, err := filter.ParseBy(s)
		if err != nil {
			return usageErr("--by %v", err)
		}
		if !slices.Contains(c.by, b) {
			c.by = append(c.by, b)
		}
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
	if c.enc, err = input.ParseEncoding(o.encoding); err != nil {
		return nil, usageErr("--encoding %v", err)
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
	case o.top < 0:
		return nil, usageErr("--top %d: give a number of codes, or 0 for all", o.top)
	case o.ciMax < 0:
		return nil, usageErr("--ci-max %d: give a number of annotations, e.g. 10", o.ciMax)
	case o.ci != "" && o.ci != "github":
		return nil, usageErr("--ci %s: use github (GitHub Actions)", quote(o.ci))
	}
	c.ci = o.ci == "github"
	if c.lang, err = checkLang(o.lang); err != nil {
		return nil, err
	}
	if c.gate, err = report.ParseGate(o.failOn); err != nil {
		return nil, usageErr("--fail-on %v", err)
	}
	if err := configureInsight(c, o); err != nil {
		return nil, err
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
