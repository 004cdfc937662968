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
// returns the bytes and a release that unmaps them; ok is false when f is
// not mapped.
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
	return data, func() { unix.Munmap(m) }, true
}

// OpenMapped is OpenEncoded for a source that is read once to its end (not
// followed): a regular file is mapped into memory when it can be (see
// mapFile), and its Source carries the bytes as Data, which the Filter hands
// on without copying them; anything else is opened as OpenEncoded does.
func OpenMapped(name string, r io.Reader, enc Encoding) (*filter.Source, func()) {
	if f, ok := r.(*os.File); ok {
		if data, release, ok := mapFile(f, enc); ok {
			return &filter.Source{Name: name, R: f, Data: data, Progress: progress(f, data)}, release
		}
	}
	return OpenEncoded(name, r, enc)
}

// progress returns a Source.Progress for data, the rest of f mapped from
// f's offset. It moves f's offset past what was read, as reading it would
// (standard input redirected from a file shares its offset with the
// shell), and drops the pages of what is done from the process's memory
// (madvise MADV_DONTNEED), which leaves them in the page cache, so that a
// long file does not grow the resident set; a later read of them maps them
// again.
func progress(f *os.File, data []byte) func(read, done int) {
	base, _ := f.Seek(0, io.SeekCurrent)
	page := os.Getpagesize()
	// data may start inside a page (a file offset): count from the page.
	lead := int(uintptr(unsafe.Pointer(unsafe.SliceData(data))) % uintptr(page))
	full := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(data)), -lead)), lead+len(data))
	seen, dropped := 0, 0 // bytes of data read; bytes of full dropped
	return func(read, done int) {
		if read > seen {
			seen = read
			f.Seek(base+int64(read), io.SeekStart)
		}
		if end := (lead + done) / page * page; end > dropped { // whole pages only
			unix.Madvise(full[dropped:end], unix.MADV_DONTNEED)
			dropped = end
		}
	}
}
