package input

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/jmlog/jmlog/filter"
)

// ErrStopped is what a Read returns once a Source's Stop was called.
var ErrStopped = errors.New("input: reading was stopped")

// Open returns the Source of r, named name ("-" for standard input): its
// bytes decompressed when they are gzip or zstd (see Decompress), with a
// Stop that ends a Read that waits for input when r is a pipe, a socket or
// a terminal (see Stoppable). UTF-16 input with a byte-order mark is
// decoded to UTF-8 (the auto Encoding; see OpenEncoded). Call the returned
// function when done; it does not close r.
func Open(name string, r io.Reader) (*filter.Source, func()) {
	return OpenEncoded(name, r, Encoding{})
}

// OpenEncoded is Open with the Encoding enc (-E): the decompressed bytes are
// read as enc says (see Decode).
func OpenEncoded(name string, r io.Reader, enc Encoding) (*filter.Source, func()) {
	f, _ := r.(*os.File)
	return OpenFile(name, f, r, enc)
}

// OpenFile is OpenEncoded for r, which reads f's bytes from its current
// offset as they are, maybe through a counter (a progress bar): f says
// whether the source is a regular file read as it is (see
// filter.Source.Regular). f is nil when r reads no file.
func OpenFile(name string, f *os.File, r io.Reader, enc Encoding) (*filter.Source, func()) {
	if f != nil {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			if off, err := f.Seek(0, io.SeekCurrent); err == nil {
				return OpenFileAt(name, f, st, off, r, enc)
			}
		}
	}
	return open(name, r, enc)
}

// OpenFileAt is OpenFile for a file whose Stat st and offset off the
// caller knows (a file it has just opened: offset 0), which saves an
// fstat(2) and an lseek(2) a file where jmlog reads many.
//
// A regular file read as it is is read through r alone: Decompress and
// Decode would pass every byte through, and the first bytes they look at
// were read already (asIs), nor does a Read of it wait (Stoppable).
func OpenFileAt(name string, f *os.File, st fs.FileInfo, off int64, r io.Reader, enc Encoding) (*filter.Source, func()) {
	if st.Mode().IsRegular() && asIs(f, off, enc) {
		return &filter.Source{Name: name, R: r, Stop: func() {}, Regular: true, Size: st.Size() - off}, func() {}
	}
	return open(name, r, enc)
}

// open is the Source of r that is not a regular file read as it is.
func open(name string, r io.Reader, enc Encoding) (*filter.Source, func()) {
	sr, stop, release := Stoppable(r)
	d := Decompress(sr)
	return &filter.Source{Name: name, R: Decode(d, enc), Stop: stop}, func() { d.Close(); release() }
}

// asIs reports whether f, a regular file, holds bytes from offset off on
// that are read as they are: not gzip or zstd, and not decoded (enc, or a
// UTF-16 byte-order mark). Reading it never waits for a writer and costs
// only the copy, so the Filter may share the finding between both cores
// (filter.Source.Regular). It reads the first bytes with pread, so the
// offset does not move.
func asIs(f *os.File, off int64, enc Encoding) bool {
	if enc.dec != nil {
		return false
	}
	var head [4]byte
	if n, _ := f.ReadAt(head[:], off); n < len(head) {
		return false // too short to matter
	}
	if format(head[:]) != "" {
		return false
	}
	return enc.noSniff || !bytes.HasPrefix(head[:], bomUTF16LE) && !bytes.HasPrefix(head[:], bomUTF16BE)
}

// Stoppable returns a reader of r's bytes and a stop function that makes a
// Read that waits, and every later one, return ErrStopped at once, without
// taking any byte from r that is not returned. Call release when done; it
// does not close r.
//
//   - A pipe or a socket is read through the runtime's poller (its file
//     description is made non-blocking, and blocking again by release), so
//     stop sets a read deadline and nothing is lost. That needs fcntl(2):
//     on Windows a pipe is read as anything else below.
//   - A terminal is read by a goroutine; after stop, a line typed later is
//     not read by anyone.
//   - Anything else (a regular file, a device, a reader in memory) never
//     waits for long: reads of it are not stopped, and stop does nothing.
func Stoppable(r io.Reader) (io.Reader, func(), func()) {
	f, ok := r.(*os.File)
	if !ok {
		return r, func() {}, func() {}
	}
	st, err := f.Stat()
	if err != nil {
		return r, func() {}, func() {}
	}
	switch m := st.Mode(); {
	case m&(os.ModeNamedPipe|os.ModeSocket) != 0:
		if pf, release, ok := pollable(f); ok {
			return pf, func() { pf.SetReadDeadline(time.Unix(1, 0)) }, release
		}
	case m&os.ModeCharDevice != 0 && isatty.IsTerminal(f.Fd()):
		p := &pump{r: f, stop: make(chan struct{}), res: make(chan readResult, 1), buf: make([]byte, 64<<10)}
		return p, p.halt, func() {}
	}
	return r, func() {}, func() {}
}

// pump reads a terminal on a goroutine of its own, so that a Read that
// waits can be abandoned.
type pump struct {
	r       io.Reader
	stop    chan struct{}
	once    sync.Once
	res     chan readResult
	buf     []byte
	rest    []byte // read and not yet returned
	err     error  // to return after rest
	pending bool   // the goroutine is reading into buf
}

type readResult struct {
	n   int
	err error
}

func (p *pump) halt() { p.once.Do(func() { close(p.stop) }) }

func (p *pump) Read(b []byte) (int, error) {
	if len(p.rest) > 0 {
		n := copy(b, p.rest)
		p.rest = p.rest[n:]
		return n, nil
	}
	if p.err != nil {
		return 0, p.err
	}
	select {
	case <-p.stop:
		return 0, ErrStopped
	default:
	}
	if !p.pending {
		p.pending = true
		go func() {
			n, err := p.r.Read(p.buf)
			p.res <- readResult{n, err}
		}()
	}
	select {
	case r := <-p.res:
		p.pending = false
		n := copy(b, p.buf[:r.n])
		p.rest, p.err = p.buf[n:r.n], r.err
		if len(p.rest) == 0 {
			p.err = nil
			return n, r.err
		}
		return n, nil
	case <-p.stop:
		return 0, ErrStopped
	}
}
