package filter

import (
	"errors"
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// Out gathers output and writes it in large blocks.
//
// Small pieces (annotations, prefixes) are copied into an internal buffer.
// Large ones are kept by reference (Ref) and written straight from the
// caller's memory, with one writev(2) per Flush when the destination is a
// file or pipe: the bytes of untouched lines are never copied in user
// space. The first write error is sticky: every later call returns it.
type Out struct {
	w     io.Writer
	rc    syscall.RawConn // set when w is an *os.File
	vec   [][]byte        // what Flush writes, in order
	arena []byte          // backing store of the copied pieces
	err   error
}

const (
	outArena = 64 << 10 // bytes copied before a Flush is forced
	refMin   = 512      // pieces shorter than this are copied, not referenced
	iovMax   = 1024     // IOV_MAX on Linux
)

// NewOut returns an Out writing to w.
func NewOut(w io.Writer) *Out {
	o := &Out{w: w, arena: make([]byte, 0, outArena)}
	if f, ok := w.(*os.File); ok {
		if rc, err := f.SyscallConn(); err == nil {
			o.rc = rc
		}
	}
	return o
}

// Write copies p into the Out. It never fails before a Flush has failed.
func (o *Out) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	if len(o.arena)+len(p) > cap(o.arena) {
		if len(p) >= refMin {
			// Too large to copy now; the caller's p is not promised to
			// live until Flush, so write it out.
			o.Flush()
			if o.err == nil {
				_, o.err = o.w.Write(p)
			}
			return len(p), o.err
		}
		if o.Flush() != nil {
			return 0, o.err
		}
	}
	n := len(o.arena)
	o.arena = append(o.arena, p...)
	o.push(o.arena[n:len(o.arena):len(o.arena)])
	return len(p), nil
}

// WriteString is Write for a string.
func (o *Out) WriteString(s string) (int, error) {
	if len(o.arena)+len(s) > cap(o.arena) && o.Flush() != nil {
		return 0, o.err
	}
	if len(s) > cap(o.arena) {
		return o.Write([]byte(s))
	}
	n := len(o.arena)
	o.arena = append(o.arena, s...)
	o.push(o.arena[n:len(o.arena):len(o.arena)])
	return len(s), nil
}

// Ref adds p by reference. p must stay valid and unchanged until the next
// Flush returns.
func (o *Out) Ref(p []byte) {
	if len(p) < refMin {
		o.Write(p)
		return
	}
	if o.err == nil {
		o.push(p)
	}
}

// push appends p to vec, joining it to the last piece when p continues it
// in memory, as consecutive spans of one read buffer do.
func (o *Out) push(p []byte) {
	if len(p) == 0 {
		return
	}
	if n := len(o.vec); n > 0 {
		last := o.vec[n-1]
		if cap(last) > len(last) && &last[:len(last)+1][len(last)] == &p[0] {
			o.vec[n-1] = last[:len(last)+len(p)]
			return
		}
	}
	o.vec = append(o.vec, p)
	if len(o.vec) >= iovMax {
		o.Flush()
	}
}

// Buffered returns the number of bytes waiting for Flush.
func (o *Out) Buffered() int {
	n := 0
	for _, p := range o.vec {
		n += len(p)
	}
	return n
}

// Flush writes out everything gathered.
func (o *Out) Flush() error {
	if o.err != nil {
		return o.err
	}
	if len(o.vec) > 0 {
		if o.rc != nil {
			o.err = o.writev()
		} else {
			for _, p := range o.vec {
				if _, o.err = o.w.Write(p); o.err != nil {
					break
				}
			}
		}
	}
	clear(o.vec)
	o.vec = o.vec[:0]
	o.arena = o.arena[:0]
	return o.err
}

// writev writes vec with as few writev(2) calls as the kernel allows.
func (o *Out) writev() error {
	vec := o.vec
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
