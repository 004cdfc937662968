//go:build linux || freebsd || netbsd

// writev(2) by a direct system call, where Go itself makes system calls
// directly and x/sys/unix has Iovec and SYS_WRITEV. darwin and openbsd
// have both in x/sys/unix too, but there Go goes through libc and a raw
// system call number is no supported interface (OpenBSD 7.5 took syscall(2)
// out of libc): they use w.Write (out_plain.go).

package printer

import (
	"io"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// writevState is what the writer goroutine of an Out keeps for writev(2).
type writevState struct {
	iov       *[iovMax]unix.Iovec
	pending   []unix.Iovec // of iov, not written yet
	werr      error        // writeSome's error
	writeSome func(fd uintptr) bool
}

// useWritev makes o write to f with writev(2), when f has a file
// descriptor.
func (o *Out) useWritev(f *os.File) {
	if rc, err := f.SyscallConn(); err == nil {
		o.rc, o.iov = rc, new([iovMax]unix.Iovec)
		o.writeSome = o.writeIovec
	}
}

// writev writes vec (at most iovMax pieces) with as few writev(2) calls as
// the kernel allows. It makes the system call itself, with the iovec array
// of o, because unix.Writev allocates a new one for every call.
func (o *Out) writev(vec [][]byte) error {
	iov := o.iov[:0]
	for _, p := range vec {
		if len(p) > 0 {
			v := unix.Iovec{Base: &p[0]}
			v.SetLen(len(p))
			iov = append(iov, v)
		}
	}
	o.pending, o.werr = iov, nil
	err := o.rc.Write(o.writeSome)
	clear(iov) // do not keep the pieces alive
	o.pending = nil
	if o.werr != nil {
		return o.werr
	}
	return err
}

// writeIovec is the function writev gives RawConn.Write (as o.writeSome,
// made once in NewOut, so that writev allocates no closure): it writes
// o.pending, and sets o.werr on an error.
func (o *Out) writeIovec(fd uintptr) bool {
	for len(o.pending) > 0 {
		iov := o.pending
		r, _, e := unix.Syscall(unix.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iov[0])), uintptr(len(iov)))
		switch {
		case e == unix.EINTR:
			continue
		case e == unix.EAGAIN:
			return false // wait until fd is writable, then call again
		case e != 0:
			o.werr = &os.PathError{Op: "write", Path: "output", Err: e}
			return true
		case r == 0:
			o.werr = io.ErrShortWrite
			return true
		}
		o.pending = advance(iov, int(r))
	}
	return true
}

// advance drops the first n bytes written from iov.
func advance(iov []unix.Iovec, n int) []unix.Iovec {
	for n > 0 {
		if l := int(iov[0].Len); n >= l {
			n -= l
			iov = iov[1:]
		} else {
			iov[0].Base = (*byte)(unsafe.Add(unsafe.Pointer(iov[0].Base), n))
			iov[0].SetLen(l - n)
			n = 0
		}
	}
	return iov
}
