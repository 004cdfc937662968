package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/input"
	"github.com/jmlog/jmlog/filter/report/metrics"
)

// reloader reloads the --codes files of a run and puts the new table, with
// finders made for it, in force (filter.Tables: the Filter takes it at its
// next block, so that each line is annotated from one table). It reloads on
// SIGHUP, and in a long run (-f, or standard input) when one of the files
// changes, as the hub that wakes followed files sees it. A table that
// fails to load is reported, with its file and line, and the table in
// force stays: jmlog goes on, and the exit status does not change.
//
// Reloads run one at a time on the reloader's goroutine; asking for one
// while one is pending does nothing more.
type reloader struct {
	a      *App
	c      *config
	tables *filter.Tables
	hub    *input.Hub
	status *metrics.TableStatus

	req   chan struct{} // 1-buffered: reload
	mu    sync.Mutex
	why   []string // why, for the pending reload: SIGHUP, a file that changed
	quit  chan struct{}
	wg    sync.WaitGroup
	stops []func() // the watches
	once  sync.Once

	// The table in force, for the messages; only the goroutine touches them.
	loaded time.Time
	rows   int
}

// newReloader returns the reloader of c's --codes files, with tab, just
// loaded, in force in tables.
func (a *App) newReloader(c *config, tables *filter.Tables, tab *codes.Table, hub *input.Hub) *reloader {
	r := &reloader{a: a, c: c, tables: tables, hub: hub, status: &metrics.TableStatus{},
		req: make(chan struct{}, 1), quit: make(chan struct{}), loaded: a.Now(), rows: tab.Len()}
	r.status.Loaded(r.rows, r.loaded, false)
	return r
}

// long reports whether the run may go on for long: it follows files or
// reads standard input. Only then are the --codes files watched.
func (r *reloader) long() bool { return r.c.follow || slices.Contains(r.c.names, "-") }

// start starts the reloader's goroutine and, in a long run, the watches of
// the --codes files.
func (r *reloader) start() {
	r.wg.Go(r.loop)
	if !r.long() {
		return
	}
	for _, p := range r.c.f.tables {
		r.stops = append(r.stops, r.hub.Watch(p, func() { r.ask(p + " changed") }))
	}
}

// stop ends the watches and the goroutine, after a reload under way. It
// may be called more than once.
func (r *reloader) stop() {
	r.once.Do(func() {
		for _, s := range r.stops {
			s()
		}
		close(r.quit)
		r.wg.Wait()
	})
}

// ask asks for a reload, and says why; it never blocks. When one is
// pending already, it reads the files as they are then, and its message
// gives both reasons.
func (r *reloader) ask(why string) {
	r.mu.Lock()
	if !slices.Contains(r.why, why) {
		r.why = append(r.why, why)
	}
	r.mu.Unlock()
	select {
	case r.req <- struct{}{}:
	default:
	}
}

func (r *reloader) loop() {
	for {
		select {
		case <-r.req:
			r.mu.Lock()
			why := strings.Join(r.why, ", ")
			r.why = r.why[:0]
			r.mu.Unlock()
			if why != "" { // else a reload that began after the ask covered it
				r.reload(why)
			}
		case <-r.quit:
			return
		}
	}
}

// reload loads every --codes file again and puts the table in force, or
// reports why it could not and keeps the one in force.
func (r *reloader) reload(why string) {
	paths := r.c.f.tables
	if len(paths) == 0 {
		r.a.log.Info().Str("event", "reload").Msg(fmt.Sprintf("%s: no --codes files to reload", why))
		return
	}
	ts, err := loadTables(paths)
	var fd filter.Finding
	var tab *codes.Table
	if err == nil {
		tab = codes.MergeLang(r.c.lang, ts...)
		fd, err = finding(r.c.f, tab) // the same options as at the start, which worked
	}
	if err != nil {
		r.status.Failed()
		ev := r.a.log.Warn().Str("event", "reload").Err(err)
		var le *codes.LoadError
		if errors.As(err, &le) {
			ev = ev.Str("file", le.Path)
			if le.Line > 0 {
				ev = ev.Int("line", le.Line)
			}
		}
		ev.Msg(fmt.Sprintf("--codes: reload (%s) failed: %v; the table loaded at %s stays in force (%d rows)",
			why, tableErr(err), r.loaded.Format("15:04:05"), r.rows))
		return
	}
	r.tables.Store(fd)
	r.loaded, r.rows = r.a.Now(), tab.Len()
	r.status.Loaded(r.rows, r.loaded, true)
	r.a.log.Info().Str("event", "reload").Int("rows", r.rows).
		Msg(fmt.Sprintf("--codes: reloaded (%s): %d rows from %s", why, r.rows, strings.Join(paths, ", ")))
}

// tableErr is the text of an error of loading a table: "FILE:LINE: what",
// or for a file that cannot be read "FILE: why", without the file named
// twice.
func tableErr(err error) string {
	var le *codes.LoadError
	var pe *fs.PathError
	if errors.As(err, &le) && errors.As(le.Err, &pe) {
		return le.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}
