package filter

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/nxadm/tail/watch"
)

// The hub wakes Followers up. It has two sources of wake-ups, and a
// Follower treats both the same way (it looks at its file and reads what is
// new), so a lost or extra wake-up costs latency or a few system calls,
// never a line:
//
//   - inotify events, through nxadm/tail's watch package: its shared
//     InotifyTracker (one fsnotify watcher per process) watches the parent
//     directory of each path given to watch.WatchCreate and sends the events
//     whose name is that path (create, write, rename away, delete, chmod) to
//     the channel watch.Events(path);
//   - one safety ticker for all Followers (SafetyTick), which catches what
//     inotify cannot see: writes to a file after it was renamed or deleted,
//     lost events (queue overflow), a directory that did not exist yet or
//     was replaced.
//
// The watch package is used with care, because of how it behaves:
//
//   - Its tracker sends each event with a blocking send, and stops
//     delivering events for every path while one goes unread. So each path
//     has one goroutine (drain) that always reads its channel at once and
//     only does non-blocking work: it kicks the path's Followers (a send on a
//     1-buffered channel that never blocks) and, on a create, opens the new
//     file (see Follower.created).
//   - It keeps one channel per path: a second tail of the same path steals
//     the first one's events and silences it when it stops (nxadm/tail #30,
//     #41). The hub subscribes to a path once and fans the events out to
//     every Follower of it.
//   - watch.WatchCreate leaves the path's channel in place when it fails
//     (for example because the directory is missing), and any later event
//     for that name would then block the tracker for good; calling
//     watch.RemoveWatchCreate after a failure makes the directory's watch
//     count negative, after which the directory is never watched again
//     (nxadm/tail #18). So the hub only calls WatchCreate when the
//     directory exists, drains the path's channel as soon as it exists,
//     whatever WatchCreate returned, and calls RemoveWatchCreate only for
//     watches that succeeded.
//   - The tracker counts watches per directory and does not notice when a
//     directory is deleted, so a re-created directory would never be
//     watched again. On each tick the hub compares each watched directory
//     with the one it watched, and re-subscribes every path in it when it
//     changed.
//   - The tracker calls os.Exit(1) (util.Fatal) when it cannot create its
//     fsnotify watcher, for example when fs.inotify.max_user_instances is
//     used up. The hub first tries to create a watcher itself; when that
//     fails it never starts the tracker and polls instead (PollTick).
//   - It logs watcher errors (queue overflow) on standard error with its own
//     logger, which cannot be configured; the safety tick covers what was
//     lost.
//   - Its tracker goroutine and fsnotify's reader goroutine, once started,
//     live until the process ends; the hub's own goroutines end when the
//     last Follower is closed.
type hub struct {
	mu    sync.Mutex
	paths map[string]*watched
	all   map[*Follower]struct{}
	stop  chan struct{} // stops the ticker; nil when it is not running
	ended chan struct{} // closed when the ticker has stopped
}

// watched is one path the hub subscribed to.
type watched struct {
	path string
	subs []*Follower
	// view is subs for the drain goroutine, which must not take the hub's
	// lock: the hub calls the tracker with the lock held, and the tracker
	// may wait for the drain goroutine.
	view    atomic.Pointer[[]*Follower]
	live    bool          // WatchCreate succeeded and was not removed
	dir     os.FileInfo   // the directory when the watch was added
	drained chan struct{} // closed when the drain goroutine ends; nil when none runs
}

// SafetyTick is how often every Follower looks at its file even without an
// inotify event. PollTick replaces it when inotify cannot be used.
const (
	SafetyTick = time.Second
	PollTick   = 250 * time.Millisecond
)

var theHub hub

// inotifyOK reports whether an fsnotify watcher can be created, so that
// nxadm/tail's tracker will not exit the process when it creates its own.
var inotifyOK = sync.OnceValue(func() bool {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return false
	}
	w.Close()
	return true
})

func (h *hub) subscribe(f *Follower) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.paths == nil {
		h.paths = make(map[string]*watched)
		h.all = make(map[*Follower]struct{})
	}
	w := h.paths[f.abs]
	if w == nil {
		w = &watched{path: f.abs}
		h.paths[f.abs] = w
	}
	w.setSubs(append(w.subs[:len(w.subs):len(w.subs)], f)) // a new array: drain may be reading the old one
	if !w.live {
		h.arm(w)
	}
	h.all[f] = struct{}{}
	if h.stop == nil {
		h.stop, h.ended = make(chan struct{}), make(chan struct{})
		tick := SafetyTick
		if !inotifyOK() {
			tick = PollTick
		}
		go h.ticker(tick, h.stop, h.ended)
	}
}

func (h *hub) unsubscribe(f *Follower) {
	h.mu.Lock()
	var wait []chan struct{}
	if w := h.paths[f.abs]; w != nil {
		subs := make([]*Follower, 0, len(w.subs))
		for _, s := range w.subs {
			if s != f {
				subs = append(subs, s)
			}
		}
		w.setSubs(subs)
		if len(subs) == 0 {
			switch {
			case w.live:
				watch.RemoveWatchCreate(w.path) // closes the channel: drain ends
				wait = append(wait, w.drained)
				delete(h.paths, w.path)
			case w.drained == nil:
				delete(h.paths, w.path)
			default:
				// A failed WatchCreate left a channel that can never be
				// closed safely (see hub); its drain goroutine stays, and
				// is reused if the path is followed again.
			}
		}
	}
	delete(h.all, f)
	if len(h.all) == 0 && h.stop != nil {
		close(h.stop)
		wait = append(wait, h.ended)
		h.stop = nil
	}
	h.mu.Unlock()
	for _, c := range wait {
		<-c
	}
}

// setSubs sets w's Followers. The caller holds h.mu.
func (w *watched) setSubs(subs []*Follower) {
	w.subs = subs
	w.view.Store(&subs)
}

// arm subscribes w to inotify events, if its directory exists. The caller
// holds h.mu.
func (h *hub) arm(w *watched) {
	if !inotifyOK() {
		return
	}
	st, err := os.Stat(filepath.Dir(w.path))
	if err != nil || !st.IsDir() {
		return // tried again on the next tick
	}
	err = watch.WatchCreate(w.path)
	if w.drained == nil {
		if ch := watch.Events(w.path); ch != nil {
			w.drained = make(chan struct{})
			go drain(w, ch, w.drained)
		}
	}
	if err != nil {
		return // tried again on the next tick
	}
	w.live, w.dir = true, st
}

// disarm removes w's watch and waits for its drain goroutine to end. The
// caller holds h.mu.
func (h *hub) disarm(w *watched) {
	watch.RemoveWatchCreate(w.path)
	<-w.drained
	w.live, w.dir, w.drained = false, nil, nil
}

// drain reads w's events until the tracker closes the channel, and wakes
// w's Followers. It never blocks on anything but the channel.
func drain(w *watched, ch <-chan fsnotify.Event, done chan struct{}) {
	defer close(done)
	for ev := range ch {
		subs := w.view.Load()
		if subs == nil {
			continue
		}
		for _, f := range *subs {
			if ev.Op&fsnotify.Create != 0 {
				f.created()
			}
			f.wake()
		}
	}
}

func (h *hub) ticker(d time.Duration, stop, ended chan struct{}) {
	defer close(ended)
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			h.tick()
		case <-stop:
			return
		}
	}
}

// tick re-arms the watches that failed or whose directory changed, then
// wakes every Follower.
func (h *hub) tick() {
	h.mu.Lock()
	var stale map[string]bool
	dirs := make(map[string]os.FileInfo)
	for _, w := range h.paths {
		if len(w.subs) == 0 {
			continue
		}
		if !w.live {
			h.arm(w)
			continue
		}
		dir := filepath.Dir(w.path)
		st, ok := dirs[dir]
		if !ok {
			st, _ = os.Stat(dir)
			dirs[dir] = st
		}
		if st == nil || !os.SameFile(st, w.dir) {
			if stale == nil {
				stale = make(map[string]bool)
			}
			stale[dir] = true
		}
	}
	if stale != nil {
		// Every path of the directory must let go of it, so that the
		// tracker's count for it drops to 0 and the next WatchCreate
		// watches the new directory.
		for _, w := range h.paths {
			if w.live && stale[filepath.Dir(w.path)] {
				h.disarm(w)
			}
		}
		for _, w := range h.paths {
			if !w.live && len(w.subs) > 0 && stale[filepath.Dir(w.path)] {
				h.arm(w)
			}
		}
	}
	kicks := make([]*Follower, 0, len(h.all))
	for f := range h.all {
		kicks = append(kicks, f)
	}
	h.mu.Unlock()
	for _, f := range kicks {
		f.wake()
	}
}
