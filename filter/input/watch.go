package input

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/nxadm/tail/watch"
)

// Hub wakes Followers up. It has two sources of wake-ups, and a Follower
// treats both alike (it looks at its file and reads what is new), so a lost
// or extra wake-up costs latency or a few system calls, never a line:
// inotify events, through nxadm/tail's watch package, and one safety
// ticker for all its Followers (SafetyTick), which catches what inotify
// cannot see.
//
// nxadm/tail's watch package is used with care (docs/following.md has the
// details): each path's event channel is drained at once by one goroutine
// that never blocks, because the shared tracker stops every path while one
// event goes unread; a path is subscribed once and its events fanned out,
// because a second subscription steals the first one's events
// (nxadm/tail#30, #41); WatchCreate is only called for an existing
// directory and RemoveWatchCreate only after a success (nxadm/tail#18); a
// replaced directory is noticed on each tick and re-watched; and the
// tracker is never started when no fsnotify watcher can be created, since
// it would call os.Exit (PollTick is used instead).
//
// A followed path that is a symbolic link (Kubernetes' /var/log/containers,
// "current -> app-2026-12-02.log") is watched twice: by its own name, for a
// retargeted link, and by its target's name, for writes to the target,
// which inotify reports in the target's directory. The target is resolved
// again when the Follower opens a new file under the name and on every
// tick, so a retargeted link is followed and its new target watched; a
// link whose target is gone keeps the old target's watch, so that a new
// file there is noticed.
//
// Only one Hub in a process may follow a given path: the tracker keeps one
// channel per path. The zero Hub is ready to use. A Hub's goroutines end when its last
// Follower is closed; the tracker's own goroutines, once started, live as
// long as the process.
type Hub struct {
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

func (h *Hub) subscribe(f *Follower) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.paths == nil {
		h.paths = make(map[string]*watched)
		h.all = make(map[*Follower]struct{})
	}
	h.addSub(f.abs, f)
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

// addSub adds f to the Followers of path key, and watches it. The caller
// holds h.mu.
func (h *Hub) addSub(key string, f *Follower) {
	w := h.paths[key]
	if w == nil {
		w = &watched{path: key}
		h.paths[key] = w
	}
	w.setSubs(append(w.subs[:len(w.subs):len(w.subs)], f)) // a new array: drain may be reading the old one
	if !w.live {
		h.arm(w)
	}
}

// dropSub removes f from the Followers of path key. When none is left, the
// watch is removed, and the channel returned is closed once its drain
// goroutine has ended: the caller waits for it after releasing h.mu, which
// it holds.
func (h *Hub) dropSub(key string, f *Follower) chan struct{} {
	w := h.paths[key]
	if w == nil {
		return nil
	}
	subs := make([]*Follower, 0, len(w.subs))
	for _, s := range w.subs {
		if s != f {
			subs = append(subs, s)
		}
	}
	w.setSubs(subs)
	if len(subs) > 0 {
		return nil
	}
	switch {
	case w.live:
		watch.RemoveWatchCreate(w.path) // closes the channel: drain ends
		delete(h.paths, w.path)
		return w.drained
	case w.drained == nil:
		delete(h.paths, w.path)
	default:
		// A failed WatchCreate left a channel that can never be closed
		// safely (see hub); its drain goroutine stays, and is reused if
		// the path is followed again.
	}
	return nil
}

// retarget watches the target of f's path, when the path is a symbolic
// link, under the name by which inotify reports it; see Hub. It must not
// be called with f.mu or h.mu held.
func (h *Hub) retarget(f *Follower) {
	key, ok := targetKey(f.abs)
	h.mu.Lock()
	if _, live := h.all[f]; !live || !ok || key == f.target {
		h.mu.Unlock()
		return
	}
	var wait chan struct{}
	if f.target != "" {
		wait = h.dropSub(f.target, f)
	}
	f.target = key
	if key != "" {
		h.addSub(key, f)
	}
	h.mu.Unlock()
	if wait != nil {
		<-wait
	}
}

// targetKey is the path to watch for the target of abs: "" when abs is not
// a symbolic link (or its target is in the same directory under the same
// name). ok is false when the target cannot be resolved now (a dangling
// link): the watch stays as it is then. A target in the directory that abs
// is in, reached by another name (a symbolic link to the directory), is
// named by abs's directory, since that is the name inotify reports it by.
func targetKey(abs string) (key string, ok bool) {
	t, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", false
	}
	dir, tdir := filepath.Dir(abs), filepath.Dir(t)
	if dir != tdir {
		ds, err1 := os.Stat(dir)
		ts, err2 := os.Stat(tdir)
		if err1 == nil && err2 == nil && os.SameFile(ds, ts) {
			t = filepath.Join(dir, filepath.Base(t))
		}
	}
	if t == abs {
		return "", true
	}
	return t, true
}

func (h *Hub) unsubscribe(f *Follower) {
	h.mu.Lock()
	var wait []chan struct{}
	for _, key := range []string{f.abs, f.target} {
		if key == "" {
			continue
		}
		if c := h.dropSub(key, f); c != nil {
			wait = append(wait, c)
		}
	}
	f.target = ""
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
func (h *Hub) arm(w *watched) {
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
func (h *Hub) disarm(w *watched) {
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

func (h *Hub) ticker(d time.Duration, stop, ended chan struct{}) {
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
func (h *Hub) tick() {
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
	var links []*Follower
	for f := range h.all {
		kicks = append(kicks, f)
		if fi, err := os.Lstat(f.abs); f.target != "" || err == nil && fi.Mode()&os.ModeSymlink != 0 {
			links = append(links, f)
		}
	}
	h.mu.Unlock()
	for _, f := range links {
		h.retarget(f)
	}
	for _, f := range kicks {
		f.wake()
	}
}
