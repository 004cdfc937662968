package cli

import (
	"errors"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/input"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/report"
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
	tab, err := table(c.f.tables, c.lang)
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
	cfg := filter.Config{Tables: filter.NewTables(fd), Counts: &filter.Counts{}}
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
	w.filter = filter.New(cfg)
	return w, nil
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
