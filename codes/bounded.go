package codes

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"unicode/utf8"
)

// The bounds of reading a table. Load and Parse stop with a *LoadError
// wrapping ErrTooLarge at the first bound passed, having read at most
// MaxFileSize+1 bytes; they never read a file whole without a bound, so a
// device such as /dev/zero or a huge file fails fast in bounded memory.
const (
	// MaxFileSize is the largest table file, in bytes: 128 MiB. Real
	// tables are far smaller: the vendor's largest error-code page is 24 KB
	// and all its pages together hold 352 codes in about 100 KB. The bound
	// is set so that MaxRows rows fit in the most verbose format, JSON
	// (about 90 bytes a row with short texts), while reading stays bounded:
	// a file is read once into one buffer, which TSV rows keep as their
	// text and the other formats drop after parsing, or, when it is a
	// regular TSV or JSON file of 1 MiB or more, twice through a window
	// (see loadStream). A regular file larger than this fails before it is
	// read.
	MaxFileSize = 128 << 20

	// MaxLineLen is the longest line of a TSV, CSV or page file, in bytes
	// without the line end: 64 KiB. The vendor's longest cell is under
	// 1 KiB. JSON has no line bound, as JSON tables are often written on
	// one line; MaxFileSize bounds them.
	MaxLineLen = 64 << 10

	// MaxRows is the most rows a table file may hold: 1<<20 (1,048,576).
	// Each row costs about 56 bytes beyond its text, or 14 in a large
	// file's store (see Table), so the rows of a table at the bound take
	// about 60 MB, or 15 MB, beyond their text.
	MaxRows = 1 << 20
)

// readChunk is the most the bounded reader asks for at a time, so that a
// binary file fails after its first chunk is read.
const readChunk = 1 << 20

// openBounded reads the file path within the bounds, for format f.
func openBounded(path string, f Format) ([]byte, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: osError(err)}
	}
	defer file.Close()
	size := -1
	if st, err := file.Stat(); err == nil && st.Mode().IsRegular() {
		if st.Size() > MaxFileSize {
			return nil, &LoadError{Path: path, Err: fmt.Errorf("%w: the file has %d bytes, more than the %d MiB a table may have; check that this is the code table",
				ErrTooLarge, st.Size(), MaxFileSize>>20)}
		}
		size = int(st.Size())
	}
	return readBounded(path, file, f, size)
}

// osError strips the *fs.PathError of err: LoadError names the path.
func osError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readBounded reads r to its end, checking the text as it arrives (see
// textChecker), and returns what it read. size is the expected size, or -1
// when it is not known; the buffer is allocated for it at once, but filled
// readChunk bytes at a time. Reading stops at the first error: at most
// MaxFileSize+1 bytes are read.
func readBounded(name string, r io.Reader, f Format, size int) ([]byte, error) {
	c := textChecker{name: name, lineBound: f != JSON, line: 1}
	buf := make([]byte, 0, min(max(size+1, 512), MaxFileSize+1))
	for {
		if len(buf) == cap(buf) {
			if len(buf) > MaxFileSize {
				return nil, &LoadError{Path: name, Err: fmt.Errorf("%w: the input has more than the %d MiB a table may have; check that this is the code table",
					ErrTooLarge, MaxFileSize>>20)}
			}
			grown := make([]byte, len(buf), min(max(2*cap(buf), 64<<10), MaxFileSize+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):min(cap(buf), len(buf)+readChunk)])
		buf = buf[:len(buf)+n]
		if cerr := c.feed(buf, err == io.EOF); cerr != nil {
			return nil, cerr
		}
		if err == io.EOF {
			if cap(buf)-len(buf) > len(buf)/8+4096 {
				// TSV rows keep the buffer: do not keep a grown
				// buffer's slack with them.
				buf = bytes.Clone(buf)
			}
			return buf, nil
		}
		if err != nil {
			return nil, &LoadError{Path: name, Err: err}
		}
	}
}

// textChecker checks text as it is read, line by line: no NUL byte, not
// mostly control characters or invalid UTF-8, valid UTF-8, and lines no
// longer than MaxLineLen when lineBound is set.
type textChecker struct {
	name      string
	lineBound bool
	start     int // offset of the current line's start
	scanned   int // offset up to which the input has been searched for NUL
	noLF      int // offset up to which the current line has no LF
	line      int // 1-based number of the current line
}

// feed checks the new bytes of data (all of data after what earlier calls
// saw). At eof, the last line is checked even without a line end.
func (c *textChecker) feed(data []byte, eof bool) error {
	if c.line == 1 && len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
		return encodingError(c.name, data)
	}
	// A NUL ends reading at once, before its line is complete, so that
	// /dev/zero fails on the first read; the lines before it are checked
	// first, so the first bad line is the one reported.
	end, nul := len(data), -1
	if i := bytes.IndexByte(data[c.scanned:], 0); i >= 0 {
		end, nul = c.scanned+i, c.scanned+i
	}
	c.scanned = end
	for {
		from := max(c.start, c.noLF)
		i := bytes.IndexByte(data[from:end], '\n')
		if i < 0 {
			c.noLF = end
			break
		}
		if err := c.checkLine(data[c.start : from+i]); err != nil {
			return err
		}
		c.start = from + i + 1
		c.line++
	}
	if nul >= 0 {
		return c.binary(c.line, "it holds NUL bytes")
	}
	if c.lineBound && len(data)-c.start > MaxLineLen+1 { // +1: a CR before the LF
		return &LoadError{Path: c.name, Line: c.line, Err: fmt.Errorf("%w: the line is longer than %d KiB; a table's lines are far shorter: check that this is the code table",
			ErrTooLarge, MaxLineLen>>10)}
	}
	if eof && c.start < len(data) {
		return c.checkLine(data[c.start:])
	}
	return nil
}

// checkLine checks one complete line (without its LF) for binary data,
// its length and its encoding.
func (c *textChecker) checkLine(text []byte) error {
	if c.lineBound && len(bytes.TrimSuffix(text, []byte("\r"))) > MaxLineLen {
		return &LoadError{Path: c.name, Line: c.line, Err: fmt.Errorf("%w: the line is longer than %d KiB (%d bytes); a table's lines are far shorter: check that this is the code table",
			ErrTooLarge, MaxLineLen>>10, len(text))}
	}
	valid := utf8.Valid(text)
	if bad := nonText(text, valid); len(text) >= 16 && 4*bad > len(text) {
		return c.binary(c.line, strconv.Itoa(100*bad/len(text))+"% of it is control characters or invalid UTF-8")
	}
	if !valid {
		err := encodingError(c.name, text).(*LoadError)
		err.Line = c.line
		return err
	}
	return nil
}

func (c *textChecker) binary(line int, what string) error {
	return &LoadError{Path: c.name, Line: line, Err: fmt.Errorf("%w: %s; this is not a text file (an image, an archive, a device?): pass a .tsv, .csv, .json or .md table saved as UTF-8",
		ErrBinary, what)}
}

// nonText counts the bytes of text that are control characters other than
// TAB, CR, FF and ESC, or parts of invalid UTF-8 sequences (only looked for
// when valid is false).
func nonText(text []byte, valid bool) int {
	n := 0
	if valid {
		// Every byte is ASCII or part of a valid sequence (0x80 and
		// up, never a control byte): look at eight bytes at a time, and
		// one by one only in words with a byte below 0x20 or a DEL (the
		// byte loop was a sixth of loading a 100,000-row file).
		for ; len(text) >= 8; text = text[8:] {
			if controlWord(binary.LittleEndian.Uint64(text)) {
				n += badBytes(text[:8])
			}
		}
		return n + badBytes(text)
	}
	for len(text) > 0 {
		b := text[0]
		if b < utf8.RuneSelf {
			n += badBytes(text[:1])
			text = text[1:]
			continue
		}
		r, size := utf8.DecodeRune(text)
		if r == utf8.RuneError && size == 1 {
			n++
		}
		text = text[size:]
	}
	return n
}

// badBytes counts the control bytes of p other than TAB, CR, FF and ESC,
// and DELs.
func badBytes(p []byte) int {
	n := 0
	for _, b := range p {
		if b < 0x20 && b != '\t' && b != '\r' && b != '\f' && b != 0x1b || b == 0x7f {
			n++
		}
	}
	return n
}

// controlWord reports whether a byte of x is below 0x20 or is 0x7f (DEL).
// Both tests are exact for "any byte": (x - 0x20 in each byte) &^ x has a
// byte's high bit set for the lowest byte below 0x20, if any, and the
// same on x ^ 0x7f.. for a zero byte.
func controlWord(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	del := x ^ 0x7f*ones
	return (x-0x20*ones)&^x&highs != 0 || (del-ones)&^del&highs != 0
}
