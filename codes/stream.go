package codes

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// A large TSV or JSON file is read twice through a window instead of
// whole (see loadStream): first to check it as readBounded does and count
// its rows, then to parse it, copying the text that rows keep into shared
// blocks. So the file is never held whole beside the rows' text, and a
// TSV table does not keep its codes, separators and comments. A window
// holds at least the line or JSON element being read: a line longer than
// 1 MiB (a JSON table on one line) makes it the whole file, so such a file
// costs what it did when it was read whole.

// streamMin is the size from which a TSV or JSON file is read through a
// window, and streamWindow the window's starting size.
const streamMin = 1 << 20

var streamWindow = 64 << 10 // a variable for tests

// window is a sliding window over a reader: buf holds the input from some
// offset on.
type window struct {
	r    io.Reader
	buf  []byte
	eof  bool
	read int // bytes read in all
	size int // of the input, or 0 if not known
}

// fill reads until buf is full or the input ends; it grows a full buf to
// twice its size first when grow is set, or beyond 1 MiB to hold the
// whole input.
func (w *window) fill(name string, grow bool) error {
	if grow && len(w.buf) == cap(w.buf) {
		n := 2 * cap(w.buf)
		if n > 1<<20 {
			n = max(n, w.size+1) // a long line: the whole file, at once
		}
		b := make([]byte, len(w.buf), n)
		copy(b, w.buf)
		w.buf = b
	}
	for len(w.buf) < cap(w.buf) && !w.eof {
		n, err := w.r.Read(w.buf[len(w.buf):cap(w.buf)])
		w.buf, w.read = w.buf[:len(w.buf)+n], w.read+n
		if w.read > MaxFileSize {
			return &LoadError{Path: name, Err: fmt.Errorf("%w: the input has more than the %d MiB a table may have; check that this is the code table",
				ErrTooLarge, MaxFileSize>>20)}
		}
		if err == io.EOF {
			w.eof = true
		} else if err != nil {
			return &LoadError{Path: name, Err: err}
		}
	}
	return nil
}

// drop drops the first n bytes of buf. The bytes after them move to the
// front: nothing may refer to buf's bytes across a drop.
func (w *window) drop(n int) { w.buf = w.buf[:copy(w.buf, w.buf[n:])] }

// loadStream reads the TSV or JSON file path, of size bytes, through a
// window. The rows are those parseRows gives, and so are the errors.
func loadStream(path string, file *os.File, size int, f Format) (*rowSet, error) {
	count := byte('\n')
	if f == JSON {
		count = '{'
	}
	w := &window{r: file, buf: make([]byte, 0, streamWindow), size: size}
	n, err := checkStream(path, w, f, count)
	if err != nil {
		return nil, err
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return nil, &LoadError{Path: path, Err: osError(err)}
	}
	*w = window{r: file, buf: w.buf[:0], size: size} // the same buffer: one window in all
	for len(w.buf) < len(bom) && !w.eof {
		if err := w.fill(path, true); err != nil {
			return nil, err
		}
	}
	if bytes.HasPrefix(w.buf, []byte(bom)) {
		w.drop(len(bom))
	}
	rs := &rowSet{name: path, st: newStoreBuilder(min(n+1, MaxRows+1)), text: &textArena{}}
	if f == JSON {
		err = parseJSONStream(rs, w)
	} else {
		err = parseTSVStream(rs, w)
	}
	if err != nil {
		return nil, err
	}
	return rs, nil
}

// checkStream checks the input of w as readBounded does, and returns how
// many times the byte count occurs in it.
func checkStream(name string, w *window, f Format, count byte) (int, error) {
	c := textChecker{name: name, lineBound: f != JSON, line: 1}
	n, counted := 0, 0
	for {
		if err := w.fill(name, true); err != nil {
			return 0, err
		}
		n += bytes.Count(w.buf[counted:], []byte{count})
		if err := c.feed(w.buf, w.eof); err != nil {
			return 0, err
		}
		if w.eof {
			return n, nil
		}
		k := c.start // the checker is done with the lines before it
		w.drop(k)
		c.start, c.scanned, c.noLF = 0, c.scanned-k, c.noLF-k
		counted = len(w.buf)
	}
}

// parseTSVStream reads the TSV rows of w, as parseTSV does.
func parseTSVStream(rs *rowSet, w *window) error {
	p := recordParser{rs: rs, sep: tsvSep}
	var cells []string
	line := 1
	for {
		text := ownedString(w.buf)
		used := 0
		for {
			i := strings.IndexByte(text[used:], '\n')
			if i < 0 && !(w.eof && used < len(text)) {
				break
			}
			l := text[used:]
			if i >= 0 {
				l = l[:i]
				used += i + 1
			} else {
				used = len(text)
			}
			if err := p.tsvLine(l, line, &cells); err != nil {
				return err
			}
			line++
		}
		if w.eof {
			return nil
		}
		w.drop(used)
		if err := w.fill(rs.name, used == 0); err != nil {
			return err
		}
	}
}

// openStream reads the TSV or JSON file path through a window when it is
// a regular file of at least streamMin bytes (and at most MaxFileSize);
// ok is false, and nothing read, when it is not.
func openStream(path string, f Format) (rs *rowSet, ok bool, err error) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() < streamMin || st.Size() > MaxFileSize {
		return nil, false, nil
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, false, nil
	}
	defer file.Close()
	if st, err = file.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, false, nil
	}
	rs, err = loadStream(path, file, int(st.Size()), f)
	return rs, true, err
}
