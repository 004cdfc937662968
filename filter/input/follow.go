// Package input holds jmlog's sources: decompression, reading standard
// input so that it can be stopped, and following files by name like
// tail -F (Follower, woken by a Hub).
package input

// Following files by name, like tail -F. The reading, offsets, rotation and
// truncation logic are jmlog's own; nxadm/tail provides only the inotify
// events (see Hub). Its Tail is not used for reading because it loses or
// duplicates lines on rotation: rename races (nxadm/tail#72), reopening
// before the old file is read to its end (hpcloud/tail#127), truncation
// missed on a same-size rewrite (nxadm/tail#62, hpcloud/tail#145), and
// os.Exit on stat errors. docs/following.md has the measurements and the
// design; in short:
//
//   - the open file is read by descriptor to its end; "rotated" is decided
//     by comparing the path's identity (device, inode) with the open file's;
//   - the offset is jmlog's own; truncation is "smaller than the offset",
//     or the first bytes or the bytes before the offset changed;
//   - a rotated-away file is read for Grace after it last grew;
//   - a new file under the name is opened as soon as inotify reports it;
//   - after a copytruncate, unread bytes are read from the copy (findCopy);
//   - no rate limit and no line length limit; nothing calls os.Exit.

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// DefaultGrace is how long a file that was rotated away is still read after
// it last grew, for writers that go on writing it until they are told to
// reopen.
const DefaultGrace = 2 * time.Second

const (
	oldPoll   = 50 * time.Millisecond // how often rotated-away files are read: inotify no longer names them
	fpLen     = 64                    // bytes of a file's head and of the bytes before the offset that are compared to notice a rewrite
	maxOld    = 16                    // rotated-away files kept open at most
	maxQueued = 64                    // new files opened while output is blocked, at most
	startScan = 64 << 10              // how far back the start looks for the start of an incomplete last line
)

// FollowOptions say where a Follower starts and what it reports.
type FollowOptions struct {
	// FromStart reads the content the file has when following starts. By
	// default following starts at the end of the file, or at the start of
	// its last line when that line is not finished yet (and not longer than
	// 64 KiB). A file that appears later is always read from its start.
	FromStart bool
	// Grace is how long a rotated-away file is still read after it last
	// grew; 0 means DefaultGrace.
	Grace time.Duration
	// Event, when set, is told what happens to the file, in order. It is
	// called from Follow and from Read, on their goroutine, without any
	// lock of the Follower held, so it may take its time (write to a
	// terminal that blocks, say) without holding up Close.
	Event func(FollowEvent)
}

// FollowEventKind says what happened to a followed file.
type FollowEventKind int

const (
	// FollowMissing: the file, or its directory, does not exist; the
	// Follower waits for it.
	FollowMissing FollowEventKind = iota + 1
	// FollowFailed: the file cannot be read, Err says why (permission
	// denied, a directory or a pipe took its name). It is tried again on
	// every tick; nothing is read until it can be.
	FollowFailed
	// FollowFound: after FollowMissing or FollowFailed, the file is read.
	FollowFound
	// FollowRotated: a new file took the name. The old one is read to its
	// end, and for Grace after it last grew; then the new one from its
	// start.
	FollowRotated
	// FollowTruncated: the file was truncated or rewritten, and is read
	// again from its start. Copy names the file the bytes not yet read were
	// taken from, if one was found; otherwise they were lost.
	FollowTruncated
	// FollowSkipped: so many new files took the name while the output was
	// blocked that some of them were not read.
	FollowSkipped
)

// FollowEvent is something that happened to a followed file.
type FollowEvent struct {
	Path string // as given to Follow
	Kind FollowEventKind
	Err  error  // FollowMissing, FollowFailed, FollowSkipped: why
	Copy string // FollowTruncated: where the unread bytes were found
	// Offset is how far the file had been read: for FollowRotated, the old
	// file's offset when the new one took the name; for FollowTruncated,
	// the offset at which the truncation was noticed. 0 otherwise.
	Offset int64
}

// Name is a short name for what happened, for machines (jmlog's JSON
// diagnostics): "missing", "permission" (a FollowFailed for lack of
// permission), "failed", "recovered" (FollowFound), "rotated",
// "truncated" or "skipped".
func (e FollowEvent) Name() string {
	switch e.Kind {
	case FollowMissing:
		return "missing"
	case FollowFailed:
		if errors.Is(e.Err, fs.ErrPermission) {
			return "permission"
		}
		return "failed"
	case FollowFound:
		return "recovered"
	case FollowRotated:
		return "rotated"
	case FollowTruncated:
		return "truncated"
	case FollowSkipped:
		return "skipped"
	}
	return "unknown"
}

// Problem reports whether e should make the run's exit status show an
// input error.
func (e FollowEvent) Problem() bool {
	return e.Kind == FollowFailed || e.Kind == FollowSkipped
}

// String says what happened, for people: "PATH: what".
func (e FollowEvent) String() string {
	s := e.Path + ": "
	switch e.Kind {
	case FollowMissing:
		return s + "does not exist yet; waiting for it"
	case FollowFailed:
		return s + e.Err.Error() + "; trying again every second"
	case FollowFound:
		return s + "can be read now; following it"
	case FollowRotated:
		return s + "replaced by a new file; following the new one"
	case FollowTruncated:
		if e.Copy != "" {
			return s + "truncated; reading it from its start (the part not read yet was read from " + e.Copy + ")"
		}
		return s + "truncated; reading it from its start (lines written just before may be lost)"
	case FollowSkipped:
		return s + e.Err.Error()
	}
	return s + "?"
}

// errNotRegular is why a path that is not a regular file cannot be
// followed.
var errNotRegular = errors.New("is not a regular file; to follow a pipe or device, pipe it into jmlog's standard input")

func notRegular(st os.FileInfo) error {
	if st.IsDir() {
		return syscall.EISDIR
	}
	return errNotRegular
}

// Follower follows one file by name and is the io.Reader of its Source.
// Read returns only whole lines: it blocks until at least one line is
// complete (or a line longer than the buffer given to Read fills it), and
// returns io.EOF only after Close. Lines of each file are read once and in
// order; across rotations, the lines of an old file come before those of
// the new one, except that lines a writer adds to the old file during Grace
// may come after the first lines of the new one.
//
// Lines are never mixed: once part of a line longer than the buffer has
// been handed over, Read hands over only the rest of that line, from the
// same file, until the line ends; other files (a newer one under the name,
// or older ones still read during Grace) wait.
//
// The only byte a Follower adds is a '\n' that ends a line that can no
// longer be finished: the last line of a file that ends without one, when
// the file can no longer grow (it was rotated away and stayed unchanged
// for Grace, or it is the copy a copytruncate made); and a line handed
// over in part when its file is truncated and no copy holds its rest (the
// rest is lost; the '\n' keeps the next line from being glued to it).
// Every other byte is the file's.
//
// Read must not be called from two goroutines at once; Close may be called
// from any goroutine, at any time.
type Follower struct {
	path string // as given
	abs  string // absolute and clean: the hub's key
	hub  *Hub
	opt  FollowOptions

	kick      chan struct{} // 1-buffered: something may have changed
	done      chan struct{} // closed by Close
	closeOnce sync.Once
	timer     *time.Timer // Read's, for oldPoll

	// Files opened by the hub on inotify create events, oldest first.
	qmu     sync.Mutex
	queue   []*gen
	qclosed bool
	skipped int

	mu     sync.Mutex
	closed bool
	cur    *gen   // the file read now; nil while there is none
	old    []*gen // rotated away, read until quiet for Grace
	next   []*gen // newer files that took the name, oldest first
	mid    *gen   // the file whose line was handed over in part, if any
	state  FollowEventKind
	errMsg string
	events []FollowEvent // recorded under mu, reported after it

	relink bool   // a new file was opened under the name: the hub resolves a link again
	target string // the watched target of a symbolic link (see Hub); guarded by the hub's mu

	steps atomic.Int64 // looks at the file, for tests
}

// gen is one file generation: one open file that had the name.
type gen struct {
	f     *os.File
	name  string      // for a copy: its name
	id    os.FileInfo // identity, from fstat when opened
	off   int64       // bytes handed to Read
	size  int64       // size at the last look
	since time.Time   // rotated away: when it last grew
	done  bool        // it cannot grow: its partial last line is handed over at once
	head  [fpLen]byte // the file's first headN bytes
	headN int
	tail  [fpLen]byte // the tailN bytes just before off
	tailN int
}

// Follow starts following path, woken by h. It never fails: a file that
// does not exist yet, or cannot be read, is reported with opt.Event and
// waited for. Call Close when done.
func (h *Hub) Follow(path string, opt FollowOptions) *Follower {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	if opt.Grace <= 0 {
		opt.Grace = DefaultGrace
	}
	f := &Follower{path: path, abs: abs, hub: h, opt: opt, kick: make(chan struct{}, 1), done: make(chan struct{})}
	// Watch first, then open, so that nothing in between goes unnoticed.
	h.subscribe(f)
	f.mu.Lock()
	g, err := openGen(abs)
	if err != nil {
		f.problem(err)
	} else {
		if !opt.FromStart {
			g.off = startOffset(g)
			g.fingerprint()
		}
		f.cur = g
	}
	evs := f.takeEvents()
	f.mu.Unlock()
	f.report(evs)
	h.retarget(f)
	return f
}

// Read reads whole lines of the file into p; see Follower.
func (f *Follower) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		f.mu.Lock()
		if f.closed {
			f.mu.Unlock()
			return 0, io.EOF
		}
		n, wait := f.step(p)
		evs := f.takeEvents()
		relink := f.relink
		f.relink = false
		f.mu.Unlock()
		f.report(evs)
		if relink {
			f.hub.retarget(f)
		}
		if n > 0 {
			return n, nil
		}
		if !f.sleep(wait) {
			return 0, io.EOF
		}
	}
}

// Close stops following: a Read that waits returns io.EOF at once, and so
// does every later one. Close releases the files and the watch, and always
// returns nil.
func (f *Follower) Close() error {
	f.closeOnce.Do(func() {
		close(f.done)
		f.hub.unsubscribe(f)
		f.qmu.Lock()
		f.qclosed = true
		for _, g := range f.queue {
			g.f.Close()
		}
		f.queue = nil
		f.qmu.Unlock()
		f.mu.Lock()
		f.closed = true
		for _, g := range f.all() {
			g.f.Close()
		}
		f.cur, f.old, f.next = nil, nil, nil
		f.mu.Unlock()
	})
	return nil
}

// wake tells a waiting Read to look at the file. It never blocks.
func (f *Follower) wake() {
	select {
	case f.kick <- struct{}{}:
	default:
	}
}

// sleep waits for a wake-up, or d when d > 0; it returns false when the
// Follower was closed.
func (f *Follower) sleep(d time.Duration) bool {
	var tc <-chan time.Time
	if d > 0 {
		if f.timer == nil {
			f.timer = time.NewTimer(d)
		} else {
			f.timer.Reset(d)
		}
		tc = f.timer.C
	}
	defer func() {
		if d > 0 {
			f.timer.Stop()
		}
	}()
	select {
	case <-f.kick:
		return true
	case <-tc:
		return true
	case <-f.done:
		return false
	}
}

// created is called by the hub when a file was created under the name (or
// renamed to it). It opens the file at once, so that it is read even if it
// is renamed away again before Read gets to it.
//
// It holds qmu from before the open until the file is queued, so that Read
// takes the file (collect) before it can be done with it: a file it opened
// itself (look), read, saw rotated away and closed after Grace, it would
// otherwise take as new, and read again from its start. That happened when
// the hub's goroutine was held up between the open and the queueing while
// the file was renamed and Grace passed (TestFollowGoroutines, 1 run in
// about 200, with a Grace of 10 ms: "rotation 59" read again after
// "rotation 81").
func (f *Follower) created() {
	f.qmu.Lock()
	defer f.qmu.Unlock()
	if f.qclosed {
		return
	}
	g, err := openGen(f.abs)
	if err != nil {
		return // Read's look reports it
	}
	switch {
	case f.qclosed:
	case len(f.queue) > 0 && os.SameFile(f.queue[len(f.queue)-1].id, g.id):
	case len(f.queue) >= maxQueued:
		f.skipped++
	default:
		f.queue = append(f.queue, g)
		return
	}
	g.f.Close()
}

// step looks at the file once and reads what is new into p. It returns the
// number of bytes read, and when it read none, how long to wait at most
// before looking again (0: until woken). The caller holds f.mu.
func (f *Follower) step(p []byte) (int, time.Duration) {
	f.steps.Add(1)
	f.collect()
	f.look()
	now := time.Now()
	if f.mid != nil {
		return f.stepMid(p, now)
	}
	for {
		if f.cur == nil && len(f.next) > 0 {
			f.cur, f.next = f.next[0], f.next[1:]
			f.found()
		}
		if f.cur != nil {
			f.checkTruncated(f.cur) // may add a copy to old
		}
		// Rotated-away files first: their lines are older.
		if n, g := f.readOld(p, now); n > 0 {
			return f.handed(g, p, n), 0
		}
		if f.cur == nil {
			break
		}
		if n := f.cur.read(p, false); n > 0 {
			return f.handed(f.cur, p, n), 0
		}
		if len(f.next) == 0 {
			break
		}
		f.rotated(now)
	}
	if len(f.old) > 0 {
		return 0, oldPoll
	}
	return 0, 0
}

// rotated moves cur, read to its end, to the rotated-away files: a newer
// file has the name.
func (f *Follower) rotated(now time.Time) {
	f.cur.since = now
	f.old = append(f.old, f.cur)
	f.event(FollowEvent{Kind: FollowRotated, Offset: f.cur.off})
	f.cur = nil
}

// handed notes that p[:n] was read from g, and returns n: when it ends
// inside a line, only g is read until that line ends (see stepMid).
func (f *Follower) handed(g *gen, p []byte, n int) int {
	f.mid = nil
	if p[n-1] != '\n' {
		f.mid = g
	}
	return n
}

// stepMid is step while part of a line has been handed over: it reads the
// rest of that line from the file it came from, and nothing else. When the
// line can no longer be finished, it ends it with a '\n': its file was
// truncated and no copy holds the rest, or it was rotated away and stayed
// unchanged for Grace (or is a finished copy, or too many files were
// rotated away).
func (f *Follower) stepMid(p []byte, now time.Time) (int, time.Duration) {
	g := f.mid
	if g == f.cur {
		if cut, c := f.checkTruncated(g); cut {
			if c == nil {
				f.mid = nil
				p[0] = '\n'
				return 1, 0
			}
			g, f.mid = c, c // the copy goes on from where g was
		}
	}
	if n := g.read(p, false); n > 0 {
		g.since = now
		return f.handed(g, p, n), 0
	}
	if g == f.cur {
		if len(f.next) == 0 {
			return 0, 0 // the writer has not finished the line yet
		}
		f.rotated(now)
		return 0, oldPoll
	}
	if st, err := g.f.Stat(); err == nil && st.Size() != g.size {
		g.size, g.since = st.Size(), now
	}
	if !g.done && now.Sub(g.since) < f.opt.Grace && len(f.old) <= maxOld {
		return 0, oldPoll
	}
	n := g.read(p, true)
	if n == 0 {
		p[0], n = '\n', 1
	}
	return f.handed(g, p, n), 0
}

// collect takes the files the hub opened into next.
func (f *Follower) collect() {
	f.qmu.Lock()
	q, skipped := f.queue, f.skipped
	f.queue, f.skipped = nil, 0
	f.qmu.Unlock()
	for _, g := range q {
		if f.known(g.id) {
			g.f.Close()
			continue
		}
		f.next = append(f.next, g)
		f.relink = true
	}
	if skipped > 0 {
		f.event(FollowEvent{Kind: FollowSkipped, Err: errors.New("replaced too often while the output was blocked: some files were not read")})
	}
}

// look compares what the name stands for with the files open, and opens a
// new file that took the name.
func (f *Follower) look() {
	st, err := os.Stat(f.abs)
	switch {
	case err != nil:
		// Renamed or deleted: the open file is still read, and a new
		// one is taken when it appears.
		if f.cur == nil && len(f.next) == 0 {
			f.problem(err)
		}
		return
	case !st.Mode().IsRegular():
		f.problem(notRegular(st))
		return
	case f.known(st):
		f.found()
		return
	}
	g, err := openGen(f.abs)
	if err != nil {
		f.problem(err)
		return
	}
	if f.known(g.id) {
		g.f.Close()
		f.found()
		return
	}
	f.next = append(f.next, g)
	f.relink = true
}

// known reports whether st is one of the open files.
func (f *Follower) known(st os.FileInfo) bool {
	for _, g := range f.all() {
		if os.SameFile(g.id, st) {
			return true
		}
	}
	return false
}

func (f *Follower) all() []*gen {
	var gs []*gen
	if f.cur != nil {
		gs = append(gs, f.cur)
	}
	gs = append(gs, f.old...)
	return append(gs, f.next...)
}

// problem reports err once, until it changes or the file is read again.
func (f *Follower) problem(err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	kind := FollowFailed
	if errors.Is(err, fs.ErrNotExist) {
		kind = FollowMissing
	}
	if f.state == kind && f.errMsg == err.Error() {
		return
	}
	f.state, f.errMsg = kind, err.Error()
	f.event(FollowEvent{Kind: kind, Err: err})
}

// found ends a reported problem.
func (f *Follower) found() {
	if f.state != 0 {
		f.state, f.errMsg = 0, ""
		f.event(FollowEvent{Kind: FollowFound})
	}
}

// event records e, to be reported once the lock is released. The caller
// holds f.mu.
func (f *Follower) event(e FollowEvent) {
	if f.opt.Event != nil {
		e.Path = f.path
		f.events = append(f.events, e)
	}
}

// takeEvents returns the events recorded so far. The caller holds f.mu.
func (f *Follower) takeEvents() []FollowEvent {
	evs := f.events
	f.events = nil
	return evs
}

// report tells opt.Event about evs. The caller does not hold f.mu.
func (f *Follower) report(evs []FollowEvent) {
	for _, e := range evs {
		f.opt.Event(e)
	}
}

// readOld reads the rotated-away files, oldest first, and closes those
// that have been quiet for Grace, after handing over their partial last
// line. It returns the number of bytes read into p, and the file they
// came from.
func (f *Follower) readOld(p []byte, now time.Time) (int, *gen) {
	for i := 0; i < len(f.old); {
		g := f.old[i]
		if n := g.read(p, false); n > 0 {
			g.since = now
			return n, g
		}
		if st, err := g.f.Stat(); err == nil && st.Size() != g.size {
			g.size, g.since = st.Size(), now
		}
		if g.done || now.Sub(g.since) >= f.opt.Grace || (i == 0 && len(f.old) > maxOld) {
			if n := g.read(p, true); n > 0 {
				return n, g
			}
			g.f.Close()
			f.old = slices.Delete(f.old, i, i+1)
			continue
		}
		i++
	}
	return 0, nil
}

// read reads whole lines of g from its offset into p, or, when they fill
// p, part of a line longer than p. With final set, a last line without a
// '\n' is handed over too, ended with one. It returns the number of bytes
// in p.
func (g *gen) read(p []byte, final bool) int {
	n, _ := g.f.ReadAt(p, g.off)
	if n <= 0 {
		return 0
	}
	data := p[:n]
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		g.deliver(data[:i+1])
		return i + 1
	}
	if n == len(p) {
		g.deliver(data) // part of a line longer than p
		return n
	}
	if !final {
		return 0 // the line is not finished yet
	}
	g.deliver(data)
	p[n] = '\n'
	return n + 1
}

// deliver moves the offset past b, and keeps the fingerprints.
func (g *gen) deliver(b []byte) {
	if g.off < fpLen {
		g.headN = int(g.off) + copy(g.head[g.off:], b)
	}
	if len(b) >= fpLen {
		copy(g.tail[:], b[len(b)-fpLen:])
		g.tailN = fpLen
	} else {
		keep := min(g.tailN, fpLen-len(b))
		copy(g.tail[:], g.tail[g.tailN-keep:g.tailN])
		copy(g.tail[keep:], b)
		g.tailN = keep + len(b)
	}
	g.off += int64(len(b))
}

// fingerprint reads the fingerprints of g at its offset from the file.
func (g *gen) fingerprint() {
	g.headN = int(min(g.off, fpLen))
	g.f.ReadAt(g.head[:g.headN], 0)
	g.tailN = int(min(g.off, fpLen))
	g.f.ReadAt(g.tail[:g.tailN], g.off-int64(g.tailN))
}

// same reports whether g's file still holds the bytes of the fingerprints.
func (g *gen) same() bool {
	var b [fpLen]byte
	if n, _ := g.f.ReadAt(b[:g.headN], 0); n != g.headN || !bytes.Equal(b[:n], g.head[:g.headN]) {
		return false
	}
	n, _ := g.f.ReadAt(b[:g.tailN], g.off-int64(g.tailN))
	return n == g.tailN && bytes.Equal(b[:n], g.tail[:g.tailN])
}

// checkTruncated notices that g was truncated or rewritten, and starts it
// again from its start. It reports whether it did, and the copy that holds
// the bytes not read yet, if one was found (it is in old then).
func (f *Follower) checkTruncated(g *gen) (bool, *gen) {
	st, err := g.f.Stat()
	if err != nil {
		return false, nil
	}
	// The fingerprints are compared every time: a rewrite to the same size
	// within one clock tick of the file system leaves size and mtime as
	// they were.
	g.size = st.Size()
	if st.Size() >= g.off && (g.off == 0 || g.same()) {
		return false, nil
	}
	e := FollowEvent{Kind: FollowTruncated, Offset: g.off}
	c := f.findCopy(g)
	if c != nil {
		f.old = append(f.old, c)
		e.Copy = c.name
	}
	g.off, g.headN, g.tailN = 0, 0, 0
	f.event(e)
	return true, c
}

// findCopy looks for the copy that a copytruncate made of g before
// truncating it: a file in the same directory whose name starts with the
// file's name (app.log.1, app.log-20250101; for a symbolic link, those of
// its target), at least as long as what
// was read of g, and holding the same bytes at g's head and just before
// g's offset. It returns the copy as a finished generation to be read from
// g's offset, so that the lines written before the truncate but not read
// yet are not lost. Lines written between the copy and the truncate are in
// neither file; no reader can get them back.
func (f *Follower) findCopy(g *gen) *gen {
	if g.off == 0 || g.tailN == 0 {
		return nil
	}
	// The copy is made beside the file itself, which a symbolic link
	// (current -> app-2026-12-02.log) names from elsewhere.
	path, err := filepath.EvalSymlinks(f.abs)
	if err != nil {
		path = f.abs
	}
	dir, base := filepath.Split(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	type cand struct {
		name string
		mod  time.Time
	}
	var cs []cand
	for _, e := range ents {
		name := e.Name()
		if name == base || !strings.HasPrefix(name, base) || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() < g.off || os.SameFile(info, g.id) {
			continue
		}
		cs = append(cs, cand{name, info.ModTime()})
	}
	slices.SortFunc(cs, func(a, b cand) int { return b.mod.Compare(a.mod) })
	for _, c := range cs[:min(len(cs), 8)] {
		cg, err := openGen(filepath.Join(dir, c.name))
		if err != nil {
			continue
		}
		cg.name, cg.off, cg.done = c.name, g.off, true
		cg.head, cg.headN, cg.tail, cg.tailN = g.head, g.headN, g.tail, g.tailN
		if cg.same() {
			return cg
		}
		cg.f.Close()
	}
	return nil
}

// openGen opens path if it is a regular file. It does not wait for a
// writer when path is a named pipe.
func openGen(path string) (*gen, error) {
	fh, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = notRegular(st)
	}
	if err != nil {
		fh.Close()
		return nil, err
	}
	return &gen{f: fh, id: st, size: st.Size()}, nil
}

// startOffset is where following starts in a file that exists at the
// start: its end, or the start of its last line when that line is not
// finished (and starts within the last startScan bytes).
func startOffset(g *gen) int64 {
	size := g.size
	if size == 0 {
		return 0
	}
	n := min(size, startScan)
	buf := make([]byte, n)
	if m, _ := g.f.ReadAt(buf, size-n); int64(m) != n {
		return size
	}
	if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
		return size - n + int64(i) + 1
	}
	if n == size {
		return 0
	}
	return size
}
