package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/input"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/report"
	"github.com/jmlog/jmlog/internal/pipes"
)

// followBufSize is each followed file's buffer (two per file, and a third
// once it has a line longer than this; see filter.Follow): a line up to
// about twice as long goes out whole. 100 files take 18.75 MiB at most.
const followBufSize = 64 << 10

// batchGCPercent is the garbage collector's GOGC for a run that does not
// follow. Such a run's heap is mostly its four 1 MiB read buffers, made
// once, and it allocates next to nothing per line; at GOGC=100 the first
// collection, due when the heap passes 4 MiB, comes as the buffers are
// made, at start-up, where it took about 3 ms of the 37 of jmlog -j on 20
// MB of NDJSON (31 alternating runs; bench/compare.sh). At 400 it comes
// at 16 MiB, which short runs never reach. Peak RSS was no higher in any
// mode measured (issue 15's notes): the collector's own work touches
// memory too. Follow keeps GOGC=100: it runs for days, and its garbage,
// small as it is, should not pile up five times over.
const batchGCPercent = 400

// filter is the main job: it parses the options, wires the Filter, and runs
// it on its own goroutine, so that a second SIGINT or SIGTERM can end
// jmlog at once whatever that goroutine waits for (a reader of the output
// that does not read, say). It returns the exit status.
func (a *App) filter(args []string) (int, error) {
	var o flags
	fs := newFlags(&o)
	if err := parseFlags(fs, args); err != nil {
		return 0, err
	}
	if o.help {
		a.help(fs)
		return exitOK, nil
	}
	if o.version {
		fmt.Fprintln(a.Stdout, versionLine(readBuildInfo()))
		return exitOK, nil
	}
	start := a.Now()
	c, err := a.configure(&o, fs.Args())
	if err != nil {
		return 0, err
	}
	c.sum, c.stdout = a.newSummaryOut(c)
	if a.SetGCPercent != nil && !c.follow && a.Getenv("GOGC") == "" {
		a.SetGCPercent(batchGCPercent)
	}
	w, err := a.wire(c)
	if err != nil {
		return 0, err
	}
	l, err := a.startLive(c, w)
	if err != nil {
		return 0, err
	}
	result := make(chan int, 1)
	go func() { result <- a.job(l, c, w, start) }()
	select {
	case status := <-result:
		l.close()
		return status, nil
	case <-l.abort:
		a.log.Error().Str("event", "interrupted").Msg("interrupted again: exiting without writing the rest of the output")
		return exitError, nil
	}
}

// runState is what a run has met so far.
type runState struct {
	failed atomic.Bool // an input could not be read: the status is 2 (set by follow events too)
	broken bool        // the reader of the output has gone
	outErr error       // the output could not be written
}

// job reads the inputs through the Filter, then ends the run: for the end
// of input and for SIGINT or SIGTERM alike, it waits until everything read
// is written, and runs the one finish path. It returns the exit status.
func (a *App) job(l *live, c *config, w *wiring, start time.Time) int {
	var st runState
	if c.follow {
		a.followAll(l, c, w, &st)
	} else {
		a.readAll(l.ctx, c, w, &st)
	}
	l.end()
	if w.out != nil {
		if err := w.out.Close(); err != nil && !st.broken && st.outErr == nil {
			if pipes.IsBroken(err) {
				st.broken = true
			} else {
				st.outErr = err
			}
		}
	}
	if c.ci && !st.broken && st.outErr == nil {
		a.annotate(c, w, &st)
	}
	status := exitOK
	if st.failed.Load() {
		status = exitError
	}
	if st.outErr != nil {
		a.log.Error().Str("event", "output").Err(readErr(st.outErr)).Msg(fmt.Sprintf("writing output: %v", readErr(st.outErr)))
		status = exitError
	}
	sum := w.counts.Snapshot()
	c.interrupted = l.interrupted()
	return a.finish(&sum, c, start, status, st.broken)
}

// annotate writes the grouped annotations of --ci github on standard
// output, after the log, and notes how many for the job summary.
func (a *App) annotate(c *config, w *wiring, st *runState) {
	gs := w.groups.Groups()
	if w.out != nil && !w.out.AtLineStart() {
		// Workflow commands are only seen at the start of a line.
		io.WriteString(c.stdout, "\n")
	}
	n, err := printer.WriteGroups(c.stdout, gs, c.level, c.f.ciMax)
	c.annotated = &report.AnnotationCount{Groups: len(gs), Written: n, Max: c.f.ciMax}
	switch {
	case err == nil:
	case pipes.IsBroken(err):
		st.broken = true
	default:
		st.outErr = err
	}
}

// readAll runs the Filter on each input in turn, until the inputs end, ctx
// is cancelled, or the output fails.
func (a *App) readAll(ctx context.Context, c *config, w *wiring, st *runState) {
	var bar *progressbar.ProgressBar
	if c.count {
		bar = a.progress(c.names)
	}
	defer func() {
		if bar != nil {
			bar.Clear()
		}
	}()
	for _, name := range c.names {
		if ctx.Err() != nil {
			return // interrupted: the inputs left are not read
		}
		src, closeFn, err := a.open(name, c.enc, bar)
		if err != nil {
			if bar != nil {
				bar.Clear()
			}
			a.inputError(name, err)
			st.failed.Store(true)
			continue
		}
		err = w.filter.Run(ctx, src)
		closeFn()
		if a.settle(err, st, bar) {
			return
		}
	}
}

// settle records err, returned by the Filter, in st, and says whether the
// run must stop: the output failed or is gone, or ctx was cancelled. An
// input that could not be read is reported, and the run goes on.
func (a *App) settle(err error, st *runState, bar *progressbar.ProgressBar) bool {
	var re *filter.ReadError
	switch {
	case err == nil:
		return false
	case errors.As(err, &re):
		if bar != nil {
			bar.Clear()
		}
		a.readError(re)
		st.failed.Store(true)
		return false
	case errors.Is(err, context.Canceled):
	case pipes.IsBroken(err):
		st.broken = true
	default:
		st.outErr = err
	}
	return true
}

// readError reports an input that failed while it was read.
func (a *App) readError(re *filter.ReadError) {
	msg := readErr(re.Err).Error()
	event := "read"
	var de *input.DecompressError
	if errors.As(re.Err, &de) {
		msg, event = de.Describe(re.Lines), "corrupt"
	}
	a.log.Error().Str("event", event).Str("file", re.Source.Label()).Int64("lines", re.Lines).
		Err(re.Err).Msg(re.Source.Label() + ": " + msg)
}

// inputError reports an input that could not be opened.
func (a *App) inputError(name string, err error) {
	var oe *openError
	event := "open"
	if errors.As(err, &oe) {
		event = oe.event
	}
	a.log.Error().Str("event", event).Str("file", name).Msg(err.Error())
}

// openError is an input that cannot be opened: the message says why and
// what to do.
type openError struct {
	msg, event string
}

func (e *openError) Error() string { return e.msg }

// open opens one input. "-" is standard input. The error names the file
// and says why it cannot be read. Compressed input is decompressed, and
// read in the encoding enc; bar, if not nil, counts the bytes read from the
// file.
func (a *App) open(name string, enc input.Encoding, bar *progressbar.ProgressBar) (*filter.Source, func(), error) {
	if name == "-" {
		src, release := input.OpenEncoded("-", a.Stdin, enc)
		return src, release, nil
	}
	fh, err := input.OpenPath(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, &openError{name + ": no such file or directory; check the path", "missing"}
	case errors.Is(err, fs.ErrPermission):
		return nil, nil, &openError{name + ": permission denied; check the file's permissions", "permission"}
	case err != nil:
		return nil, nil, &openError{fmt.Sprintf("%s: %v", name, readErr(err)), "open"}
	}
	st, err := fh.Stat()
	if err == nil && st.IsDir() {
		fh.Close()
		return nil, nil, &openError{name + ": is a directory; give the log files inside it", "directory"}
	}
	var r io.Reader = fh
	if bar != nil {
		pr := progressbar.NewReader(fh, bar)
		r = &pr
	}
	var src *filter.Source
	var release func()
	if err == nil {
		src, release = input.OpenFileAt(name, fh, st, 0, r, enc) // just opened: offset 0
		src.ModTime = a.ModTime(st)
	} else {
		src, release = input.OpenFile(name, fh, r, enc)
	}
	return src, func() { release(); fh.Close() }, nil
}

// followAll follows the named files (and standard input for "-") until
// ctx is cancelled, the output fails, or every source has ended.
func (a *App) followAll(l *live, c *config, w *wiring, st *runState) {
	hub := w.hub
	var srcs []*filter.Source
	var closers []func()
	for _, name := range c.names {
		if name == "-" {
			r, stop, release := input.Stoppable(a.Stdin)
			srcs = append(srcs, &filter.Source{Name: "-", R: input.Decode(r, c.enc), Stop: stop})
			closers = append(closers, release)
			continue
		}
		if src, closeFn, ok := a.readOnce(name, c.enc, st); ok {
			if src != nil {
				srcs, closers = append(srcs, src), append(closers, closeFn)
			}
			continue
		}
		fw := hub.Follow(name, input.FollowOptions{FromStart: c.f.fromStart, Event: a.followEvent(st)})
		srcs = append(srcs, &filter.Source{Name: name, R: input.Decode(fw, c.enc), Stop: func() { fw.Close() }})
		closers = append(closers, func() { fw.Close() })
	}
	err := w.filter.Follow(l.ctx, srcs, followBufSize, func(src *filter.Source, err error) {
		a.settle(err, st, nil)
	})
	a.settle(err, st, nil)
	for _, c := range closers {
		c()
	}
}

// readOnce opens a compressed file named under -f: it is read once,
// decompressed and from its start, and not followed, since a compressed
// file is never appended to; a warning says so. ok is false for any other
// file, which is followed as usual; src is nil when the file could not be
// opened after all (reported).
func (a *App) readOnce(name string, enc input.Encoding, st *runState) (*filter.Source, func(), bool) {
	format := input.CompressedFormat(name)
	if format == "" {
		return nil, nil, false
	}
	src, closeFn, err := a.open(name, enc, nil)
	if err != nil {
		a.inputError(name, err) // gone since it was looked at
		st.failed.Store(true)
		return nil, nil, true
	}
	a.log.Warn().Str("event", "compressed").Str("file", name).Str("format", format).
		Msg(name + ": " + format + "-compressed: read once, decompressed, and not followed (-f follows plain files)")
	return src, closeFn, true
}

// followEvent reports what happens to followed files: problems as errors,
// which make the status 2, rotations as notes (shown only with --log-format
// json), the rest as warnings. It runs with the Follower's lock held.
func (a *App) followEvent(st *runState) func(input.FollowEvent) {
	return func(e input.FollowEvent) {
		ev := a.log.Warn()
		switch {
		case e.Kind == input.FollowRotated:
			ev = a.log.Info()
		case e.Problem():
			st.failed.Store(true)
			ev = a.log.Error()
		}
		ev = ev.Str("event", e.Name()).Str("file", e.Path)
		if e.Offset > 0 {
			ev = ev.Int64("offset", e.Offset)
		}
		if e.Err != nil {
			ev = ev.Err(e.Err)
		}
		if e.Copy != "" {
			ev = ev.Str("copy", e.Copy)
		}
		ev.Msg(e.String())
	}
}
