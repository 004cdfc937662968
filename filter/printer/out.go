package printer

import (
	"io"
	"os"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/jmlog/jmlog/filter"
)

// Out gathers output and writes it in large blocks, on its own goroutine.
//
// Small pieces (annotations, prefixes, short lines) are copied into an
// internal buffer, the arena, where consecutive copies form one span: when
// every line carries a code, a writev(2) carries spans of up to arenaMax
// (128 KB), not a thousand pieces of tens of bytes. Large pieces are kept by
// reference (Ref) and written straight from the caller's memory with
// writev(2) when the destination is a file or pipe: the bytes of untouched
// lines are never copied in user space. Writing allocates nothing: the
// iovec array is Out's own, reused for every call. writev(2) is used on
// Linux, FreeBSD and NetBSD (out_writev.go); elsewhere, and for writers
// other than an *os.File, the pieces go to w.Write one by one.
//
// Flush hands what was gathered to the writer goroutine and returns at
// once, so that finding codes in the next block overlaps with writing this
// one, when most of it is referenced: the untouched spans of logs with
// codes here and there. A batch that is mostly copies (annotations, -o
// json records, every line of a dense log) is written on the goroutine
// that made it, once the writer has written the batches before it: the
// kernel then copies the arena to a pipe from the cache of the core that
// has just written it. Handed to the writer, the copy ran on the other
// core, and every cache line of the arena went there and back before it
// could be written again: that cost more than the overlap gained (on the
// 200 MB corpus with a code on every line, `jmlog F | cat` took 1.33 times
// as long, and -o json 1.27 times; the user CPU time was 1.6 times that of
// writing to /dev/null, where the kernel reads nothing). Out has four batches: the one being gathered, and the others with
// the writer (being written or waiting) or back from it; sending one waits
// while the writer has all the others. So a slow reader of the output
// slows Flush down instead of making memory grow, and once their arenas
// have grown nothing more is allocated. The first write error is sticky:
// every later call returns it.
type Out struct {
	w     io.Writer
	rc    syscall.RawConn // set when w is an *os.File and writev(2) is used
	cur   *batch
	queue chan *batch // to the writer
	spare chan *batch // back from the writer, written
	idle  sync.WaitGroup

	// ending: the next Flush ends a source (EndSource).
	ending bool

	failed  atomic.Bool // err is set: Err's test without the lock, once per line
	mu      sync.Mutex
	err     error
	midLine bool // the last byte written was not '\n'

	// For a Fork's Out (newMemOut), which keeps everything in memory: the
	// arenas it took from pool, and whether it had to make one of its own
	// since the last reset (over).
	mem    bool
	pool   *arenaPool
	arenas [][]byte
	over   bool

	writevState // the writer's, for writev(2) (empty where it is not used)
}

// batch is one unit of work for the writer.
type batch struct {
	vec     [][]byte
	arena   []byte
	release func(error) // called once vec has been written (or dropped after an error), with the first write error
	// open is set when arena[span:] holds bytes copied since the last
	// piece of vec: they become one piece when something else is added
	// (seal), so that a run of copies is a single span of the arena.
	open bool
	span int
	// copied and refd are the bytes of vec from the arena and by
	// reference (see send).
	copied, refd int
}

// seal adds the open span of the arena to vec as a piece, cut at its
// length (cap == len), so that push never joins a reference to it.
func (b *batch) seal() {
	if b.open {
		b.open = false
		if n := len(b.arena); n > b.span {
			b.vec = append(b.vec, b.arena[b.span:n:n])
			b.copied += n - b.span
		}
	}
}

const (
	batches  = 4         // the batches of an Out
	arenaMin = 4 << 10   // the first arena of a batch
	arenaMax = 128 << 10 // copied bytes that make a batch go out early
	refMin   = 512       // pieces shorter than this are copied, not referenced
	iovMax   = 1024      // IOV_MAX on Linux, FreeBSD and NetBSD
)

// NewOut returns an Out writing to w, and starts its writer goroutine. Call
// Close when done.
func NewOut(w io.Writer) *Out {
	o := &Out{w: w, queue: make(chan *batch, batches), spare: make(chan *batch, batches-1)}
	for range batches - 1 {
		o.spare <- &batch{}
	}
	if f, ok := w.(*os.File); ok {
		o.useWritev(f)
	}
	o.cur = &batch{}
	go o.writer()
	return o
}

// Err returns the first write error, if any.
func (o *Out) Err() error {
	if !o.failed.Load() {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// AtLineStart reports whether the bytes written so far end with '\n' (or
// none were written): what is written next starts a line. Call it after
// Close or Wait to know about everything flushed.
func (o *Out) AtLineStart() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return !o.midLine
}

// Write copies p into the Out.
func (o *Out) Write(p []byte) (int, error) {
	o.put(append(o.grab(len(p)), p...))
	return len(p), nil
}

// WriteString is Write for a string.
func (o *Out) WriteString(s string) (int, error) {
	o.put(append(o.grab(len(s)), s...))
	return len(s), nil
}

// grab returns the arena, with room for k more bytes, to append them to in
// place; put hands it back. Appending more than k is correct, only slower:
// when append moves the arena to a larger array, the open span moves with
// it, and the pieces already in vec keep the old array alive.
func (o *Out) grab(k int) []byte {
	b := o.cur
	if len(b.arena)+k > cap(b.arena) {
		b = o.room(k)
	}
	if !b.open {
		b.open, b.span = true, len(b.arena)
	}
	return b.arena
}

// put hands back the arena that grab returned, with bytes appended.
func (o *Out) put(a []byte) { o.cur.arena = a }

// room returns the batch to copy k more bytes into, with room for them in
// its arena, when the current arena has none. A batch whose arena is full
// at arenaMax goes to the writer first. A batch starts with an arena of
// arenaMin bytes, enough for the annotations of typical logs and for small
// outputs; when that is full it gets one of arenaMax at once. The old
// array is not copied: the pieces of vec keep it alive until written. Once
// each batch has its arenaMax arena, copying allocates nothing.
func (o *Out) room(k int) *batch {
	if o.mem {
		return o.memRoom(k)
	}
	b := o.cur
	if len(b.arena) > 0 && cap(b.arena) >= arenaMax {
		o.send(nil)
		if b = o.cur; k <= cap(b.arena) {
			return b
		}
	}
	b.seal()
	c := arenaMin
	if cap(b.arena) > 0 || k > c {
		c = max(arenaMax, k)
	}
	b.arena = make([]byte, 0, c)
	return b
}

// Ref adds p by reference. p must stay valid and unchanged until the
// release function of the next Flush is called.
func (o *Out) Ref(p []byte) {
	if len(p) < refMin {
		o.Write(p)
		return
	}
	o.push(p)
}

// push appends p to the batch, joining it to the last piece when p
// continues it in memory, as consecutive spans of one read buffer do.
func (o *Out) push(p []byte) {
	if len(p) == 0 {
		return
	}
	b := o.cur
	b.seal()
	if n := len(b.vec); n > 0 {
		last := b.vec[n-1]
		if cap(last) > len(last) && &last[:len(last)+1][len(last)] == &p[0] {
			b.vec[n-1] = last[:len(last)+len(p)]
			b.refd += len(p)
			return
		}
	}
	b.vec = append(b.vec, p)
	b.refd += len(p)
}

// Flush hands everything gathered to the writer and returns the first
// write error so far. release, if not nil, is called from the writer
// goroutine once the gathered bytes have been written, or dropped after an
// error, with the first write error so far (nil if none); after that the
// caller may reuse the memory it passed to Ref.
func (o *Out) Flush(release func(error)) error {
	o.send(release)
	return o.Err()
}

// EndSource says that the next Flush ends a source, whose caller waits
// until it is written (filter.Run does, so that the source's output is
// out before it returns): it is written on the caller's goroutine, for
// there is nothing to overlap it with. Handed to the writer, it cost two
// hand-overs between goroutines a file: jmlog FILES over 1,012 files of
// up to 20 KB took 1.14 times as long (bench/files.sh; 83.3 against 73.0
// ms, with runInline's one block a small file).
func (o *Out) EndSource() { o.ending = true }

// Close waits until everything flushed has been written, stops the writer,
// and returns the first write error.
func (o *Out) Close() error {
	o.Wait()
	close(o.queue)
	return o.Err()
}

// Wait waits until everything flushed so far has been written.
func (o *Out) Wait() {
	o.idle.Wait()
}

func (o *Out) send(release func(error)) {
	b := o.cur
	b.seal()
	if len(b.vec) == 0 && release == nil {
		return
	}
	b.release = release
	ending := o.ending
	o.ending = false
	if b.copied >= b.refd || ending {
		// Mostly copies, or a source's end: written here, in order (see
		// Out and EndSource).
		o.idle.Wait()
		o.idle.Add(1)
		o.write1(b)
		return
	}
	o.idle.Add(1)
	o.queue <- b      // never blocks: the queue has room for every batch
	o.cur = <-o.spare // waits while the writer has all the others
}

// writer writes batches in order until the queue is closed.
func (o *Out) writer() {
	for b := range o.queue {
		o.write1(b)
		o.spare <- b // never blocks: the writer has at most batches-1
	}
}

// write1 writes batch b, unless an earlier write failed, calls its
// release, and empties it for reuse.
func (o *Out) write1(b *batch) {
	defer o.idle.Done()
	if err := o.Err(); err == nil && len(b.vec) > 0 {
		last := b.vec[len(b.vec)-1]
		midLine := last[len(last)-1] != '\n'
		err = o.write(b.vec)
		o.mu.Lock()
		if err != nil {
			o.err = err
			o.failed.Store(true)
		} else {
			o.midLine = midLine
		}
		o.mu.Unlock()
	}
	if b.release != nil {
		b.release(o.Err())
	}
	clear(b.vec)
	b.vec, b.arena, b.release = b.vec[:0], b.arena[:0], nil
	b.copied, b.refd = 0, 0
	if cap(b.arena) > 2*arenaMax {
		b.arena = nil // after a burst of annotations, do not keep it all
	}
}

func (o *Out) write(vec [][]byte) error {
	if o.rc == nil {
		for _, p := range vec {
			if _, err := o.w.Write(p); err != nil {
				return err
			}
		}
		return nil
	}
	for len(vec) > 0 {
		n := min(len(vec), iovMax)
		if err := o.writev(vec[:n]); err != nil {
			return err
		}
		vec = vec[n:]
	}
	return nil
}

// newMemOut returns an Out that writes nothing: it keeps what it is given
// in arenas from pool, for a Fork (see filter.Forker), which takes the
// pieces with cut and gives the arenas back with reset. It has no writer
// goroutine; Flush, Close and Wait must not be called.
func newMemOut(pool *arenaPool) *Out { return &Out{cur: &batch{}, mem: true, pool: pool} }

// arenaPool holds the arenas of the Forks of one Sink: at most max of
// arenaMax bytes, made as they are first needed, so that what the Forks
// render ahead takes bounded memory. An Out that finds none left makes one
// of its own, and is over: what it cuts then is dropped (see Out.over).
//
// The arenas are made arenaChunk at a time, in one block of huge pages
// where the system has them (filter.HugeBuffers). Made one by one in
// ordinary pages, they took 780 of the 2,375 page faults of -o json on the
// 200 MB logcat corpus: 11 ms on a VM where a fault costs 14.5 µs.
type arenaPool struct {
	c    chan []byte
	made atomic.Int32
	mu   sync.Mutex
	next [][]byte // arenas made and not yet handed out
}

// arenaChunk arenas of arenaMax bytes fill a 2 MiB huge page.
const arenaChunk = 16

func newArenaPool(max int) *arenaPool { return &arenaPool{c: make(chan []byte, max)} }

// get returns an arena of the pool, and false when there is none left.
func (p *arenaPool) get() ([]byte, bool) {
	select {
	case a := <-p.c:
		return a, true
	default:
	}
	if int(p.made.Add(1)) <= cap(p.c) {
		return p.newArena(), true
	}
	p.made.Add(-1)
	return nil, false
}

// newArena returns a new arena, from the chunk made last or a new one of
// up to arenaChunk.
func (p *arenaPool) newArena() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.next) == 0 {
		p.next = filter.HugeBuffers(min(arenaChunk, cap(p.c)), arenaMax)
	}
	a := p.next[0][:0]
	p.next[0], p.next = nil, p.next[1:]
	return a
}

// empty reports whether the pool has no arena left to give.
func (p *arenaPool) empty() bool { return len(p.c) == 0 && int(p.made.Load()) >= cap(p.c) }

// memRoom is room for a newMemOut: an arena of the pool, or, when it has
// none left or k is larger than an arena, one of the Out's own, which
// makes it over. The pieces cut so far stay as they are.
func (o *Out) memRoom(k int) *batch {
	b := o.cur
	b.seal()
	var a []byte
	ok := k <= arenaMax
	if ok {
		a, ok = o.pool.get()
	}
	if ok {
		o.arenas = append(o.arenas, a)
	} else {
		a, o.over = make([]byte, 0, max(arenaMax, k)), true
	}
	b.arena = a
	return b
}

// cut appends to dst the pieces gathered since the last cut. They stay valid
// until reset.
func (o *Out) cut(dst [][]byte) [][]byte {
	b := o.cur
	b.seal()
	dst = append(dst, b.vec...)
	clear(b.vec)
	b.vec, b.copied, b.refd = b.vec[:0], 0, 0
	return dst
}

// reset drops what was cut, gives the arenas back to the pool, and clears
// over. Every arena is given back whole: a piece that append moved out of
// one to a larger array leaves it behind, not smaller.
func (o *Out) reset() {
	b := o.cur
	clear(b.vec)
	b.vec, b.copied, b.refd, b.open, b.arena = b.vec[:0], 0, 0, false, nil
	for i, a := range o.arenas {
		o.pool.c <- a[:0] // never blocks: the pool made at most cap of them
		o.arenas[i] = nil
	}
	o.arenas, o.over = o.arenas[:0], false
}
