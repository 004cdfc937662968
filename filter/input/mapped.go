package input

import (
	"bytes"
	"io"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/jmlog/jmlog/filter"
)

// minMap is the smallest file that OpenFile maps into memory: below it,
// reading costs less than setting up a mapping.
const minMap = 1 << 20

// mapFile maps the rest of f, from its offset, into memory when f is a
// regular file of at least minMap bytes that is read as it is: not gzip or
// zstd, and, with the auto encoding, without a UTF-16 byte-order mark. It
// returns the bytes and a release that unmaps them and moves f's offset
// past them, as reading them would; ok is false when f is not mapped.
func mapFile(f *os.File, enc Encoding) (data []byte, release func(), ok bool) {
	if enc.dec != nil || enc.noSniff || enc.name != "" {
		return nil, nil, false
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, nil, false
	}
	off, err := f.Seek(0, io.SeekCurrent)
	if err != nil || st.Size()-off < minMap || int64(int(st.Size())) != st.Size() {
		return nil, nil, false
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	data = m[off:]
	head := data[:4]
	if format(head) != "" || bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) {
		unix.Munmap(m)
		return nil, nil, false
	}
	unix.Madvise(data, unix.MADV_SEQUENTIAL)
	return data, func() {
		unix.Munmap(m)
		f.Seek(st.Size(), io.SeekStart)
	}, true
}

// OpenMapped is OpenEncoded for a source that is read once to its end (not
// followed): a regular file is mapped into memory when it can be (see
// mapFile), and its Source carries the bytes as Data, which the Filter hands
// on without copying them; anything else is opened as OpenEncoded does.
func OpenMapped(name string, r io.Reader, enc Encoding) (*filter.Source, func()) {
	if f, ok := r.(*os.File); ok {
		if data, release, ok := mapFile(f, enc); ok {
			return &filter.Source{Name: name, R: f, Data: data, Release: dropper(data)}, release
		}
	}
	return OpenEncoded(name, r, enc)
}

// dropper returns a Source.Release for data, a shared mapping of a file:
// it drops the pages before n from the process's memory (madvise
// MADV_DONTNEED), which leaves them in the page cache, so that a long file
// does not grow the resident set; a later read of them maps them again.
func dropper(data []byte) func(n int) {
	page := os.Getpagesize()
	// data may start inside a page (a file offset): count from the page.
	lead := int(uintptr(unsafe.Pointer(unsafe.SliceData(data))) % uintptr(page))
	dropped := 0 // pages of data's first page on, dropped so far
	return func(n int) {
		end := (lead + n) / page * page // whole pages only
		if end <= dropped {
			return
		}
		start := dropped
		dropped = end
		full := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(data)), -lead)), lead+len(data))
		unix.Madvise(full[start:end], unix.MADV_DONTNEED)
	}
}
