package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/report/metrics"
)

// live is what runs beside the Filter during a run of the main job, and how
// the run ends:
//
//   - the signal loop: SIGUSR1 asks for the summary so far; SIGHUP asks
//     the reloader to reload the --codes files; the first
//     SIGINT or SIGTERM cancels ctx, so that the Filter stops at a block
//     boundary and the run ends as at the end of its input; a second one
//     closes abort, which ends jmlog at once, from any state;
//   - the printer of summaries so far (SIGUSR1, --summary-interval), on a
//     goroutine of its own, so that a blocked standard error never stops
//     the signal loop;
//   - the metrics endpoint;
//   - the reloader of the --codes files, and their watches.
//
// None of them holds a lock across a write: they read Counts snapshots,
// which never wait for the output.
type live struct {
	a      *App
	c      *config
	counts *filter.Counts
	reload *reloader

	ctx    context.Context
	cancel context.CancelFunc
	abort  chan struct{} // closed by a second SIGINT or SIGTERM
	quit   chan struct{} // closed by close: the signal loop ends
	wg     sync.WaitGroup

	progress chan struct{} // 1-buffered: print the summary so far (SIGUSR1)
	tick     chan struct{} // 1-buffered: print it if the counts changed (--summary-interval)
	halt     chan struct{} // closed by end: the summary printer and the ticker stop
	printing sync.WaitGroup
	ticker   *time.Ticker // --summary-interval
	srv      *http.Server
	endOnce  sync.Once
}

// startLive starts what c asks for beside the Filter. The metrics endpoint
// is bound first: an address that cannot be bound is an error, and nothing
// has started then.
func (a *App) startLive(c *config, w *wiring) (*live, error) {
	l := &live{a: a, c: c, counts: w.counts, reload: w.reload, abort: make(chan struct{}), quit: make(chan struct{}),
		progress: make(chan struct{}, 1), tick: make(chan struct{}, 1), halt: make(chan struct{})}
	if c.f.metricsAddr != "" {
		if err := l.serveMetrics(c.f.metricsAddr); err != nil {
			return nil, err
		}
	}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	var tick <-chan time.Time
	if c.f.summaryInterval > 0 {
		l.ticker = time.NewTicker(c.f.summaryInterval)
		tick = l.ticker.C
	}
	l.wg.Go(func() { l.signals(tick) })
	l.printing.Go(l.printer)
	l.reload.start()
	return l, nil
}

// drainNotice is how long the run may take to end after the first SIGINT
// or SIGTERM before jmlog says that it is still writing, and how to stop
// it at once.
const drainNotice = time.Second

// signals is the signal loop. It never blocks on anything but its
// channels.
func (l *live) signals(tick <-chan time.Time) {
	interrupted := false
	var slow <-chan time.Time // the drain after the first interrupt is slow
	for {
		select {
		case s := <-l.a.Signals:
			switch {
			case s == sigProgress:
				l.askProgress()
			case s == syscall.SIGHUP:
				l.reload.ask("SIGHUP")
			case !interrupted:
				interrupted = true
				l.cancel()
				slow = time.After(drainNotice)
			default:
				close(l.abort)
				return
			}
		case <-slow:
			// On a goroutine of its own: standard error may be blocked.
			go l.a.log.Warn().Str("event", "draining").
				Msg("interrupted: still writing what was read (the output is slow or blocked); interrupt again to exit at once")
		case <-tick:
			select {
			case l.tick <- struct{}{}:
			default: // one is pending already
			}
		case <-l.quit:
			return
		}
	}
}

func (l *live) askProgress() {
	select {
	case l.progress <- struct{}{}:
	default: // one is pending already
	}
}

// printer prints the summary so far when asked, in the --summary format
// (text when that is none: it was asked for), until end: always for
// SIGUSR1, and for --summary-interval only when the counts changed.
func (l *live) printer() {
	for {
		select {
		case <-l.progress:
			sum := l.counts.Snapshot()
			l.c.sum.sofar(&sum, l.a.Now(), true)
		case <-l.tick:
			sum := l.counts.Snapshot()
			l.c.sum.sofar(&sum, l.a.Now(), false)
		case <-l.halt:
			return
		}
	}
}

// end stops what runs beside the Filter once the input has ended: the
// summaries so far (a summary being printed is finished first, so that it
// does not mix with the final one), the ticker and the metrics endpoint.
// The signal loop goes on until close, so that a second signal still ends
// a run whose output or reports are stuck.
func (l *live) end() {
	l.endOnce.Do(func() {
		l.reload.stop()
		close(l.halt)
		l.printing.Wait()
		if l.ticker != nil {
			l.ticker.Stop()
		}
		if l.srv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			l.srv.Shutdown(ctx)
			cancel()
		}
	})
}

// close ends the signal loop and releases ctx. After close, signals are
// not handled (SIGUSR1 and SIGINT are ignored, since Main keeps them
// registered).
func (l *live) close() {
	l.end()
	close(l.quit)
	l.wg.Wait()
	l.cancel()
}

// serveMetrics binds exactly addr and serves the metrics of l.counts there.
// It warns when addr is not a loopback address: the metrics are served to
// anyone who can reach it, without authentication.
func (l *live) serveMetrics(addr string) error {
	ln, err := listenMetrics(addr)
	if err != nil {
		return err
	}
	if host, _, _ := net.SplitHostPort(addr); !isLoopback(host) {
		l.a.log.Warn().Str("event", "metrics").Str("addr", addr).
			Msg(fmt.Sprintf("--metrics-addr %s: not a loopback address: anyone who can reach it may read the metrics", addr))
	}
	if _, port, _ := net.SplitHostPort(addr); port == "0" {
		l.a.log.Warn().Str("event", "metrics").Str("addr", ln.Addr().String()).
			Msg(fmt.Sprintf("serving metrics on http://%s/metrics", ln.Addr()))
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", metrics.HandlerWith(l.counts, metrics.Options{FileLabel: l.c.follow && len(l.c.names) > 1},
		metrics.NewTableCollector(l.reload.status)))
	l.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go l.srv.Serve(ln)
	return nil
}

// listenMetrics binds exactly addr: an IPv4 literal (0.0.0.0 too) only on
// IPv4, an IPv6 literal only on IPv6; a host name, or an empty host (every
// address of both), as net.Listen does.
func listenMetrics(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, usageErr("--metrics-addr %q: give HOST:PORT, e.g. 127.0.0.1:9100", addr)
	}
	network := "tcp"
	if ip, err := netip.ParseAddr(host); err == nil {
		network = "tcp6"
		if ip.Unmap().Is4() {
			network = "tcp4"
		}
	}
	ln, err := net.Listen(network, addr)
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, &statusError{status: exitError, err: fmt.Errorf("--metrics-addr %s: address already in use; pick another port", addr), event: "metrics"}
	case err != nil:
		var oe *net.OpError
		if errors.As(err, &oe) {
			err = oe.Err
		}
		return nil, &statusError{status: exitError, err: fmt.Errorf("--metrics-addr %s: %v", addr, err), event: "metrics"}
	}
	return ln, nil
}

// isLoopback reports whether host, of a HOST:PORT, names only loopback
// addresses: "localhost", or a loopback IP literal.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// interrupted reports whether the run was ended by a signal.
func (l *live) interrupted() bool { return l.ctx.Err() != nil }
