package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jmlog/jmlog/filter"
)

// signalsOn is set by main: run then handles SIGINT, SIGTERM and SIGUSR1.
// Tests that call run leave it off, so that no handler is installed in the
// test process.
var signalsOn bool

// followBufSize is each followed file's buffer (two per file): the longest
// line handed to the Sink whole. 100 files take 12.5 MiB at most.
const followBufSize = 64 << 10

// live is what runs beside the Filter: the signal handler, the periodic
// summary, the metrics endpoint, and the report of followed files.
type live struct {
	c      *cli
	o      *options
	counts *filter.Counts
	out    *filter.Out // nil with -c
	// finish writes the summary and reports and returns the exit status;
	// see cli.finish.
	finish func(sum *filter.Summary, status int, broken bool) int

	failed atomic.Bool // an input error was reported: the status is 2
	// ending is taken by whichever ends the run first: the main goroutine
	// at the end of input, or the handler of SIGINT or SIGTERM.
	ending sync.Mutex
	sig    chan os.Signal
	stopc  chan struct{}
	wg     sync.WaitGroup
	srv    *http.Server
	ticker *time.Ticker // --summary-interval
}

// startLive starts the metrics endpoint, the signal handler and the
// periodic summary, as o asks.
func (c *cli) startLive(o *options, counts *filter.Counts, out *filter.Out, finish func(*filter.Summary, int, bool) int) (*live, error) {
	l := &live{c: c, o: o, counts: counts, out: out, finish: finish, stopc: make(chan struct{})}
	if o.metricsAddr != "" {
		ln, err := listenMetrics(o.metricsAddr)
		if err != nil {
			return nil, err
		}
		if _, port, _ := net.SplitHostPort(o.metricsAddr); port == "0" {
			c.log.Warn().Msg(fmt.Sprintf("serving metrics on http://%s/metrics", ln.Addr()))
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", filter.MetricsHandler(counts))
		l.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go l.srv.Serve(ln)
	}
	var tick <-chan time.Time
	if o.summaryInterval > 0 {
		l.ticker = time.NewTicker(o.summaryInterval)
		tick = l.ticker.C
	}
	if signalsOn {
		l.sig = make(chan os.Signal, 4)
		signal.Notify(l.sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1)
	}
	if l.sig != nil || tick != nil {
		l.wg.Go(func() { l.loop(tick) })
	}
	return l, nil
}

// listenMetrics binds exactly addr.
func listenMetrics(addr string) (net.Listener, error) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return nil, usageErr("--metrics-addr %q: give HOST:PORT, e.g. 127.0.0.1:9100", addr)
	}
	ln, err := net.Listen("tcp", addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, &statusError{exitError, fmt.Errorf("--metrics-addr %s: address already in use; pick another port", addr)}
	case err != nil:
		var oe *net.OpError
		if errors.As(err, &oe) {
			err = oe.Err
		}
		return nil, &statusError{exitError, fmt.Errorf("--metrics-addr %s: %v", addr, err)}
	}
	return ln, nil
}

func (l *live) loop(tick <-chan time.Time) {
	interrupted := false
	for {
		select {
		case s := <-l.sig:
			switch {
			case s == syscall.SIGUSR1:
				l.progress()
			case !interrupted:
				interrupted = true
				go l.interrupt()
			default:
				// A second SIGINT or SIGTERM while the output is still
				// being written (to a reader that does not read): stop
				// waiting.
				l.c.log.Error().Msg("interrupted again: exiting without writing the rest of the output")
				os.Exit(exitError)
			}
		case <-tick:
			l.progress()
		case <-l.stopc:
			return
		}
	}
}

// progress prints the summary so far, in the --summary format (text when
// that is none: it was asked for).
func (l *live) progress() {
	sum := l.counts.Snapshot()
	format := l.o.summary
	if format == "none" {
		format = "text"
	}
	l.c.writeSummary(&sum, format)
}

// interrupt ends the run on SIGINT or SIGTERM: it waits for the block in
// progress, stops the Filter, waits until everything read is written, then
// ends the run as the end of input does (summary, reports, gate) and exits
// with the status the run would have at the end of its input.
func (l *live) interrupt() {
	if !l.ending.TryLock() {
		return // the input has ended; the run ends by itself
	}
	sum := l.counts.Hold()
	status := l.status()
	broken := false
	if l.out != nil {
		l.out.Wait()
		if err := l.out.Err(); filter.IsBrokenPipe(err) {
			broken = true
		} else if err != nil {
			l.c.log.Error().Msg(fmt.Sprintf("writing output: %v", readErr(err)))
			status = exitError
		}
	}
	os.Exit(l.finish(&sum, status, broken))
}

// end is called by the main goroutine when the input has ended. If a
// signal is already ending the run, it never returns. Otherwise it stops
// what runs beside the Filter; the main goroutine then ends the run.
func (l *live) end() {
	l.ending.Lock()
	close(l.stopc)
	l.wg.Wait()
	if l.sig != nil {
		// SIGINT and SIGTERM end jmlog at once from here on; SIGUSR1,
		// whose default is to end it too, is ignored.
		signal.Stop(l.sig)
		signal.Ignore(syscall.SIGUSR1)
	}
	if l.ticker != nil {
		l.ticker.Stop()
	}
	if l.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		l.srv.Shutdown(ctx)
		cancel()
	}
}

// fail records an input error and returns the status it gives.
func (l *live) fail() int {
	l.failed.Store(true)
	return exitError
}

func (l *live) status() int {
	if l.failed.Load() {
		return exitError
	}
	return exitOK
}

// followSources returns a Source per name: a Follower for a file, standard
// input for "-".
func (l *live) followSources(names []string) ([]*filter.Source, func()) {
	var srcs []*filter.Source
	var fws []*filter.Follower
	for _, name := range names {
		if name == "-" {
			srcs = append(srcs, &filter.Source{Name: "-", R: l.c.stdin})
			continue
		}
		fw := filter.FollowFile(name, filter.FollowOptions{FromStart: l.o.fromStart, Event: l.followEvent})
		fws = append(fws, fw)
		srcs = append(srcs, &filter.Source{Name: name, R: fw})
	}
	return srcs, func() {
		for _, fw := range fws {
			fw.Close()
		}
	}
}

// followEvent reports what happens to followed files: problems as errors,
// which make the status 2, the rest as notes. Rotations are not reported.
func (l *live) followEvent(e filter.FollowEvent) {
	switch {
	case e.Kind == filter.FollowRotated:
	case e.Problem():
		l.fail()
		l.c.log.Error().Msg(e.String())
	default:
		l.c.log.Warn().Msg(e.String())
	}
}
