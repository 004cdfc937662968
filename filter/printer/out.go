package printer

import (
	"errors"
	"io"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// Out gathers output and writes it in large blocks, on its own goroutine.
//
// Small pieces (annotations, prefixes) are copied into an internal buffer.
// Large ones are kept by reference (Ref) and written straight from the
// caller's memory with writev(2) when the destination is a file or pipe:
// the bytes of untouched lines are never copied in user space.
//
// Flush hands what was gathered to the writer goroutine and returns at
// once, so that finding codes in the next block overlaps with writing this
// one. At most two batches wait for the writer; a slow reader of the output
// slows Flush down instead of making memory grow. The first write error is
// sticky: every later call returns it.
type Out struct {
	w     io.Writer
	rc    syscall.RawConn // set when w is an *os.File
	cur   *batch
	queue chan *batch // to the writer
	spare chan *batch // back from the writer
	idle  sync.WaitGroup

	mu      sync.Mutex
	err     error
	midLine bool // the last byte written was not '\n'
}

// batch is one unit of work for the writer.
type batch struct {
	vec     [][]byte
	arena   []byte
	release func(error) // called once vec has been written (or dropped after an error), with the first write error
}

const (
	arenaMax = 256 << 10 // copied bytes that make a batch go out early
	refMin   = 512       // pieces shorter than this are copied, not referenced
	iovMax   = 1024      // IOV_MAX on Linux
)

// NewOut returns an Out writing to w, and starts its writer goroutine. Call
// Close when done.
func NewOut(w io.Writer) *Out {
	o := &Out{w: w, queue: make(chan *batch, 2), spare: make(chan *batch, 3)}
	if f, ok := w.(*os.File); ok {
		if rc, err := f.SyscallConn(); err == nil {
			o.rc = rc
		}
	}
	o.cur = &batch{}
	go o.writer()
	return o
}

// Err returns the first write error, if any.
func (o *Out) Err() error {
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
	b, n := o.arena(len(p))
	b.arena = append(b.arena, p...)
	o.push(b.arena[n:len(b.arena):len(b.arena)])
	return len(p), nil
}

// WriteString is Write for a string.
func (o *Out) WriteString(s string) (int, error) {
	b, n := o.arena(len(s))
	b.arena = append(b.arena, s...)
	o.push(b.arena[n:len(b.arena):len(b.arena)])
	return len(s), nil
}

// arena returns the batch to copy k more bytes into, and where they go in
// its arena. A batch whose copied bytes would pass arenaMax goes to the
// writer first. When append then grows the arena, pieces already in vec
// keep pointing into the old array, which stays alive as long as they do.
func (o *Out) arena(k int) (*batch, int) {
	n := len(o.cur.arena)
	if n > 0 && n+k > cap(o.cur.arena) && n+k > arenaMax {
		o.send(nil)
		n = 0
	}
	return o.cur, n
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
	if n := len(b.vec); n > 0 {
		last := b.vec[n-1]
		if cap(last) > len(last) && &last[:len(last)+1][len(last)] == &p[0] {
			b.vec[n-1] = last[:len(last)+len(p)]
			return
		}
	}
	b.vec = append(b.vec, p)
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
	if len(b.vec) == 0 && release == nil {
		return
	}
	b.release = release
	o.idle.Add(1)
	o.queue <- b
	select {
	case o.cur = <-o.spare:
	default:
		o.cur = &batch{}
	}
}

// writer writes batches in order until the queue is closed.
func (o *Out) writer() {
	for b := range o.queue {
		if err := o.Err(); err == nil && len(b.vec) > 0 {
			last := b.vec[len(b.vec)-1]
			midLine := last[len(last)-1] != '\n'
			err = o.write(b.vec)
			o.mu.Lock()
			if err != nil {
				o.err = err
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
		if cap(b.arena) > 2*arenaMax {
			b.arena = nil // after a burst of annotations, do not keep it all
		}
		select {
		case o.spare <- b:
		default:
		}
		o.idle.Done()
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

// writev writes vec with as few writev(2) calls as the kernel allows.
func (o *Out) writev(vec [][]byte) error {
	var werr error
	err := o.rc.Write(func(fd uintptr) bool {
		for len(vec) > 0 {
			n, err := unix.Writev(int(fd), vec)
			if err == unix.EINTR {
				continue
			}
			if err == unix.EAGAIN {
				return false // wait until fd is writable, then call again
			}
			if err != nil {
				werr = &os.PathError{Op: "write", Path: "output", Err: err}
				return true
			}
			if n == 0 {
				werr = io.ErrShortWrite
				return true
			}
			for n > 0 {
				if n >= len(vec[0]) {
					n -= len(vec[0])
					vec = vec[1:]
				} else {
					vec[0] = vec[0][n:]
					n = 0
				}
			}
		}
		return true
	})
	if werr != nil {
		return werr
	}
	return err
}

// IsBrokenPipe reports whether err comes from writing to a pipe whose
// reader has gone, which ends jmlog quietly.
func IsBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}

// PipeSize is the pipe buffer size jmlog asks Linux for on a pipe it reads
// or writes: 1 MiB, the default limit for unprivileged processes
// (/proc/sys/fs/pipe-max-size). A larger pipe means fewer wake-ups of the
// processes on either side.
const PipeSize = 1 << 20

// GrowPipe enlarges the kernel buffer of f to PipeSize when f is a pipe. It
// does nothing for other files, and ignores failure: the pipe then works
// as before, only with more wake-ups.
func GrowPipe(f *os.File) {
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		return
	}
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) {
			unix.FcntlInt(fd, unix.F_SETPIPE_SZ, PipeSize)
		})
	}
}
