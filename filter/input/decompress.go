package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// The magic numbers Decompress recognises.
var (
	gzipMagic = []byte{0x1f, 0x8b}             // RFC 1952: ID1 ID2
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd} // RFC 8878: 0xFD2FB528, little-endian
	// A zstd stream may start with a skippable frame instead, whose magic
	// is 0x184D2A50 to 0x184D2A5F: a byte 0x50 to 0x5F, then these.
	zstdSkippable = []byte{0x2a, 0x4d, 0x18}
)

// ZstdMaxWindow bounds the memory a zstd stream can make the decoder use:
// 128 MiB, the window of `zstd --long` (--long=27). A stream that needs more
// is refused with a DecompressError.
const ZstdMaxWindow = 128 << 20

// compressedBufSize is the size of the reads from compressed input. Plain
// input is never buffered: the Filter reads it straight into its own buffers.
const compressedBufSize = 256 << 10

// ErrTrailingGarbage is the error of gzip input with bytes after its last
// member that do not start another member. As with zcat, everything before
// them has been read.
var ErrTrailingGarbage = errors.New("gzip: trailing garbage after the last member")

// DecompressError reports compressed input that is corrupt or truncated.
// The bytes decompressed before the error have been delivered; the fields
// say how far the input got. The error does not name the input: the
// caller does, as for any read error.
type DecompressError struct {
	// Format is "gzip" or "zstd".
	Format string
	// In is the number of compressed bytes the decoder had taken when the
	// error was found: for gzip, the bad spot is the next byte, or within
	// the current header or trailer; the zstd decoder reads ahead, so the
	// bad spot is at or before it. Out is the number of bytes decompressed
	// before the error.
	In, Out int64
	Err     error
}

func (e *DecompressError) Error() string { return e.Describe(-1) }

// Describe is Error, and with lines >= 0 it also says how many lines were
// read before the error (filter.ReadError has the number).
func (e *DecompressError) Describe(lines int64) string {
	what := "corrupt"
	switch {
	case errors.Is(e.Err, io.ErrUnexpectedEOF):
		what = "truncated"
	case errors.Is(e.Err, zstd.ErrWindowSizeExceeded):
		what = fmt.Sprintf("unsupported (window over %d MiB)", ZstdMaxWindow>>20)
	}
	count := ""
	if lines >= 0 {
		count = fmt.Sprintf("%d lines, ", lines)
	}
	return fmt.Sprintf("%s %s data after %d compressed bytes (%s%d bytes decompressed): %v",
		what, e.Format, e.In, count, e.Out, e.Err)
}

func (e *DecompressError) Unwrap() error { return e.Err }

// Decompress returns a reader of r's bytes that decompresses them on the
// fly when they are gzip (one member, or several concatenated, read as zcat
// reads them) or zstd (one or more frames). The format is told by the first
// bytes, never by a name. Any other input is passed through unchanged,
// without buffering or copying.
//
// Nothing is read before the first Read, and that Read takes only the bytes
// needed to tell the format: input whose first byte cannot start a magic
// number is told at once, so a line written to a pipe is never held back.
//
// A decompression error is returned as a *DecompressError, after all the
// bytes decompressed before it, and is sticky. Read errors of r itself are
// returned as they are. Close releases the decoder; it does not close r.
func Decompress(r io.Reader) io.ReadCloser {
	return &decompressor{src: countReader{r: r}}
}

type decompressor struct {
	src    countReader
	br     *bufio.Reader // compressed input: src, read ahead
	r      io.Reader     // what Read reads; set by the first Read
	format string        // "" for plain input
	out    int64
	dec    *zstd.Decoder
	err    error // the sticky DecompressError
}

// countReader counts the bytes read through it and keeps r's error.
type countReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF {
		c.err = err
	}
	return n, err
}

func (d *decompressor) Read(p []byte) (int, error) {
	if d.r == nil {
		d.start()
	}
	if d.err != nil {
		return 0, d.err
	}
	n, err := d.r.Read(p)
	if d.format == "" {
		return n, err
	}
	d.out += int64(n)
	if err != nil && err != io.EOF && (d.src.err == nil || !errors.Is(err, d.src.err)) {
		d.err = &DecompressError{Format: d.format, In: d.src.n - int64(d.br.Buffered()), Out: d.out, Err: err}
		return n, d.err
	}
	return n, err
}

// start reads the first bytes, tells the format and sets d.r.
func (d *decompressor) start() {
	var head [4]byte
	n, err := 0, error(nil)
	for n < len(head) {
		var m int
		m, err = d.src.Read(head[n:])
		n += m
		if err != nil {
			break
		}
		if m > 0 && !couldStartMagic(head[:n]) {
			break
		}
	}
	var rest io.Reader = &d.src
	if err == io.EOF {
		rest = eofReader{}
	} else if err != nil {
		rest = errReader{err}
	}
	in := io.MultiReader(bytes.NewReader(head[:n]), rest)
	d.format = format(head[:n])
	if d.format == "" {
		d.r = in
		return
	}
	d.br = bufio.NewReaderSize(in, compressedBufSize)
	switch d.format {
	case "gzip":
		d.r = &gzipReader{br: d.br}
	case "zstd":
		dec, err := zstd.NewReader(nil, zstd.WithDecoderMaxWindow(ZstdMaxWindow))
		if err == nil {
			err = dec.Reset(d.br)
		}
		if err != nil {
			d.err = &DecompressError{Format: d.format, In: d.src.n - int64(d.br.Buffered()), Err: err}
		}
		d.dec, d.r = dec, dec
	}
}

// CompressedFormat returns "gzip" or "zstd" when the file at path starts
// with the magic number of that format, and "" for any other file, one
// that cannot be read included (the caller reports that when it reads it).
// Under -f it tells the files that cannot be followed as text.
func CompressedFormat(path string) string {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return "" // a FIFO would block the open
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var head [4]byte
	n, _ := io.ReadFull(f, head[:])
	return format(head[:n])
}

// format returns the format whose magic number head starts with, or "".
func format(head []byte) string {
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		return "gzip"
	case bytes.HasPrefix(head, zstdMagic),
		len(head) >= 4 && head[0]&0xf0 == 0x50 && bytes.Equal(head[1:4], zstdSkippable):
		return "zstd"
	}
	return ""
}

// couldStartMagic reports whether more bytes after p could make it start
// with a magic number.
func couldStartMagic(p []byte) bool {
	if format(p) != "" {
		return false
	}
	if bytes.HasPrefix(gzipMagic, p) || bytes.HasPrefix(zstdMagic, p) {
		return true
	}
	return len(p) < 4 && p[0]&0xf0 == 0x50 && bytes.HasPrefix(zstdSkippable, p[1:])
}

func (d *decompressor) Close() error {
	if d.dec != nil {
		d.dec.Close()
		d.dec = nil
	}
	return nil
}

// gzipReader reads gzip members one after the other, as zcat does, and
// tells bytes after the last member that are not another member
// (ErrTrailingGarbage) from a member cut short (io.ErrUnexpectedEOF). It
// reads each header on the Read that needs it, so that a bad header is
// reported like any other error. br is an io.ByteReader, so the decoder
// takes from it exactly the bytes of each member.
type gzipReader struct {
	br *bufio.Reader
	z  gzip.Reader
	in bool // within a member
}

func (g *gzipReader) Read(p []byte) (int, error) {
	for {
		if !g.in {
			if err := g.z.Reset(g.br); err != nil {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF // a magic number, then nothing
				}
				return 0, err
			}
			g.z.Multistream(false)
			g.in = true
		}
		n, err := g.z.Read(p)
		if err != io.EOF {
			return n, err
		}
		g.in = false
		next, perr := g.br.Peek(len(gzipMagic))
		switch {
		case len(next) == 0 && perr == io.EOF:
			return n, io.EOF
		case bytes.Equal(next, gzipMagic):
			if n > 0 {
				return n, nil
			}
		case perr != nil && perr != io.EOF:
			return n, perr
		default:
			return n, ErrTrailingGarbage
		}
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
