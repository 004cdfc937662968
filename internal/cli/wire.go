package cli

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/report"
	"github.com/jmlog/jmlog/parse"
)

// wiring is what a run of the main job is made of.
type wiring struct {
	filter *filter.Filter
	counts *filter.Counts
	out    *printer.Out     // nil with -c
	groups *printer.Grouper // with --ci github
}

// table returns the embedded table merged with the --codes files. A file
// that holds no code (empty, or a header only) is loaded, with a warning:
// it adds nothing.
func (a *App) table(paths []string) (*codes.Table, error) {
	ts := []*codes.Table{codes.Embedded()}
	for _, p := range paths {
		t, err := codes.Load(p)
		if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("%s: no such file; jmlog has the Android codes built in, and --codes loads a table file you have (.tsv or .csv with columns code, message, instruction; or .json)", p)
		}
		if err != nil {
			return nil, &statusError{status: exitError, err: fmt.Errorf("--codes: %w", err), event: "table"}
		}
		if len(t.Entries()) == 0 {
			a.log.Warn().Str("event", "table").Str("file", p).
				Msg(fmt.Sprintf("--codes %s: no codes in it (it is empty, or has only a header); it adds nothing", p))
		}
		ts = append(ts, t)
	}
	return codes.Merge(ts...), nil
}

// wire builds the Filter that c asks for: the table, the finders, the
// printer and its writer.
func (a *App) wire(c *config) (*wiring, error) {
	tab, err := a.table(c.f.tables)
	if err != nil {
		return nil, err
	}
	if err := c.gate.Check(tab); err != nil {
		var ue *report.UncountedError
		if errors.As(err, &ue) {
			return nil, usageErr("--fail-on %d: not in the code table, so it is never counted; load it with --codes FILE", ue.Code)
		}
		return nil, usageErr("--fail-on %v", err)
	}
	cfg := filter.Config{Table: tab, Counts: &filter.Counts{}}
	if err := finders(&cfg, c.f, tab); err != nil {
		return nil, err
	}
	if err := a.checkRegexps(c.f); err != nil {
		return nil, err
	}
	w := &wiring{counts: cfg.Counts}
	cfg.Sink, w.out = a.sink(c)
	if w.out != nil && c.sum.lines == nil && sameFile(a.Stdout, c.sum.w) {
		c.sum.shared = w.out
	}
	if c.ci {
		w.groups = printer.NewGrouper(cfg.Sink)
		cfg.Sink = w.groups
	}
	w.filter = filter.New(cfg)
	return w, nil
}

// finders sets the finders of cfg from the options: the default Scanner
// (knowing the table's codes), or -e expressions, and -j paths on top.
func finders(cfg *filter.Config, o *flags, tab *codes.Table) error {
	var text parse.Finder // what finds codes in lines that are not JSON objects
	if len(o.regexps) > 0 {
		rf, err := parse.NewRegexFinder(o.regexps)
		if err != nil {
			return &statusError{status: exitError, err: fmt.Errorf("--regexp: %w", err)}
		}
		text = rf
		// The fastest exact way: the block finder where every expression
		// runs without RE2; else the prefilter picks the lines for Find;
		// else Find on every line. With -j below, the JSON finder needs
		// every line, and Pre is dropped.
		switch {
		case rf.Block() != nil:
			cfg.Pre = rf.Block()
		case rf.Prefilter() != nil:
			cfg.Pre, cfg.Line = rf.Prefilter(), rf
		default:
			cfg.Line = rf
		}
	} else {
		var known []uint32
		for _, e := range tab.Entries() {
			known = append(known, e.Code)
		}
		sc := parse.NewScanner(known)
		cfg.Pre, text = sc, sc
	}
	if len(o.jsonPaths) > 0 {
		// The text Scanner, when it is Pre, also picks the candidate lines
		// for the paths: a path's value is read from the line's digits.
		jf, err := parse.NewJSONFinder(o.jsonPaths, text)
		if err != nil {
			return &statusError{status: exitError, err: fmt.Errorf("--json-path: %w", err)}
		}
		cfg.Line = jf
		switch {
		case len(o.regexps) > 0:
			// A regular expression need not match where a path's value
			// is: every line goes to the JSON finder.
			cfg.Pre = nil
		case cfg.Pre != nil:
			// Strings at the paths are decoded and searched: a code right
			// after an escape (\n871300) is not a hit of the raw line.
			cfg.Pre = parse.JSONPre{Text: cfg.Pre}
		}
	}
	return nil
}

// checkRegexps warns about each -e expression that can never find a code
// (see parse.CanFind), and fails with status 2 when nothing could ever be
// found: every expression is such, and there is no -j.
func (a *App) checkRegexps(o *flags) error {
	var useless []string
	for _, x := range o.regexps {
		if ok, err := parse.CanFind(x); err == nil && !ok {
			useless = append(useless, x)
		}
	}
	const why = "its first group, or the whole match when it has none, can never be a code's 1 to 9 digits"
	if len(useless) > 0 && len(useless) == len(o.regexps) && len(o.jsonPaths) == 0 {
		return usageErr("--regexp %q: can never find a code: %s; e.g. -e 'code=(\\d+)'", useless[0], why)
	}
	for _, x := range useless {
		a.log.Warn().Str("event", "usage").Msg(fmt.Sprintf("--regexp %q: can never find a code: %s", x, why))
	}
	return nil
}

// sink returns the printer c asks for, and the writer it writes with (nil
// with -c).
func (a *App) sink(c *config) (filter.Sink, *printer.Out) {
	if c.count {
		return filter.Discard{}, nil
	}
	out := printer.NewOut(c.stdout)
	switch c.output {
	case outputGitHub:
		return printer.NewGitHub(out, c.level), out
	case outputJSON:
		return printer.NewJSONLines(out, printer.JSONOptions{Matched: c.matched, Field: c.f.jsonField}), out
	}
	return printer.NewText(out, printer.TextOptions{Matched: c.matched, Color: c.color, Prefix: c.prefix, JSONField: c.f.jsonField}), out
}
