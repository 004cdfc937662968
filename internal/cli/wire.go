package cli

import (
	"errors"
	"fmt"
	"slices"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/input"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/report"
	"github.com/jmlog/jmlog/filter/report/html"
	"github.com/jmlog/jmlog/parse"
)

// wiring is what a run of the main job is made of.
type wiring struct {
	filter *filter.Filter
	counts *filter.Counts
	out    *printer.Out     // nil with -c
	groups *printer.Grouper // with --ci github
	hub    *input.Hub       // wakes followed files and watched tables
	reload *reloader        // reloads the --codes files (SIGHUP, a change)
}

// wire builds the Filter that c asks for: the table, the finders, the
// printer and its writer.
func (a *App) wire(c *config) (*wiring, error) {
	tab, err := a.table(c.f.tables, c.lang)
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
	fd, err := finding(c.f, tab)
	if err != nil {
		return nil, err
	}
	if err := a.checkRegexps(c.f); err != nil {
		return nil, err
	}
	cfg := filter.Config{Tables: filter.NewTables(fd), Counts: &filter.Counts{}, By: countBy(c), Now: a.Now}
	w := &wiring{counts: cfg.Counts, hub: &input.Hub{}}
	w.reload = a.newReloader(c, cfg.Tables, tab, w.hub)
	cfg.Sink, w.out = a.sink(c)
	if w.out != nil && c.sum.lines == nil && sameFile(a.Stdout, c.sum.w) {
		c.sum.shared = w.out
	}
	if c.ci {
		w.groups = printer.NewGrouper(cfg.Sink)
		cfg.Sink = w.groups
	}
	if c.f.report != "" {
		c.capture = printer.NewCapture(cfg.Sink, reportContext(c.ctx.Before), reportContext(c.ctx.After))
		cfg.Sink = c.capture
		go html.Prepare() // while the input is read
	}
	w.filter = filter.New(cfg)
	return w, nil
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
		return printer.NewJSONLines(out, printer.JSONOptions{Matched: c.matched, Field: c.f.jsonField, Context: c.ctx}), out
	}
	return printer.NewText(out, printer.TextOptions{Matched: c.matched, Color: c.color, Prefix: c.prefix, JSONField: c.f.jsonField, Context: c.ctx}), out
}

// countBy is the breakdowns to count: --by, then tag (and file, with
// several inputs) for --report's breakdown, and file when following
// several files, for the metrics' file label.
func countBy(c *config) []filter.By {
	by := slices.Clone(c.by)
	add := func(b filter.By) {
		if !slices.Contains(by, b) {
			by = append(by, b)
		}
	}
	if c.f.report != "" {
		add(filter.ByTag)
		if len(c.names) > 1 {
			add(filter.ByFile)
		}
	}
	if c.follow && len(c.names) > 1 {
		add(filter.ByFile)
	}
	return by
}

// reportContext is how many lines before or after the first line of each
// code the report shows: -B or -A when given (at most 10), else 3.
func reportContext(n int) int {
	if n == 0 {
		return 3
	}
	return min(n, 10)
}
