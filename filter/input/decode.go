package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// Encoding says how the bytes of an input are read as text (-E/--encoding),
// with ripgrep's meaning. The zero Encoding is "auto".
//
//   - auto: an input that starts with a UTF-16 byte-order mark (FF FE or
//     FE FF) is decoded from UTF-16 to UTF-8, the mark dropped; any other
//     input, one that starts with a UTF-8 mark included, is read as it is.
//   - none: every input is read as it is, marks included.
//   - a WHATWG label (utf-16le, gb18030, shift_jis, windows-1252, ...):
//     every input is decoded from that encoding to UTF-8, except that a
//     byte-order mark at its start wins, as the WHATWG decode algorithm
//     says: FF FE or FE FF decode as UTF-16 and EF BB BF reads the input as
//     it is. The labels of UTF-8 read the input as it is too: jmlog never
//     rewrites UTF-8, invalid bytes included.
type Encoding struct {
	name    string                       // the canonical name; "" for auto and none
	dec     func() transform.Transformer // nil: the input is read as it is
	noSniff bool                         // none: no byte-order mark is looked for
}

// ParseEncoding returns the Encoding of label: "auto", "none", or a WHATWG
// encoding label (https://encoding.spec.whatwg.org/#names-and-labels),
// case-insensitive. The "replacement" encoding, which decodes anything to
// one U+FFFD, is refused.
func ParseEncoding(label string) (Encoding, error) {
	l := strings.ToLower(strings.TrimSpace(label))
	switch l {
	case "auto":
		return Encoding{}, nil
	case "none":
		return Encoding{noSniff: true}, nil
	}
	enc, err := htmlindex.Get(l)
	if err != nil {
		return Encoding{}, fmt.Errorf("%q is not an encoding: use auto, none, or a WHATWG label such as utf-16le, utf-16be, gb18030, shift_jis or windows-1252", label)
	}
	name, _ := htmlindex.Name(enc)
	switch {
	case enc == encoding.Replacement:
		return Encoding{}, fmt.Errorf("%q names the WHATWG replacement encoding, which decodes any input to a single U+FFFD: use a real encoding", label)
	case name == "utf-8":
		return Encoding{name: name}, nil
	case name == "utf-16le":
		return Encoding{name: name, dec: utf16LE}, nil
	case name == "utf-16be":
		return Encoding{name: name, dec: utf16BE}, nil
	}
	return Encoding{name: name, dec: func() transform.Transformer { return enc.NewDecoder() }}, nil
}

// String returns "auto", "none" or the encoding's canonical WHATWG name.
func (e Encoding) String() string {
	switch {
	case e.noSniff:
		return "none"
	case e.name == "":
		return "auto"
	}
	return e.name
}

// The byte-order marks Decode looks for.
var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// Decode returns a reader of r's bytes as e says to read them (see
// Encoding): UTF-8, decoded on the fly when r is in another encoding, or
// r's bytes as they are. Bytes that are not valid in the encoding become
// U+FFFD, as the WHATWG decoders make them.
//
// Nothing is read before the first Read, and that Read waits only for the
// bytes that tell a byte-order mark: input whose first byte cannot start
// one is told at once, so a line written to a pipe is never held back.
// After that, a Read returns as soon as it has decoded anything. Input
// read as it is goes through without copying; decoded input is read in
// blocks of decodeBufSize and decoded straight into the caller's buffer.
// Read errors of r are returned after the bytes decoded before them.
func Decode(r io.Reader, e Encoding) io.Reader {
	if e.noSniff {
		if e.dec == nil {
			return r
		}
		return newDecoder(r, e.dec())
	}
	return &sniffer{r: r, dec: e.dec}
}

func utf16LE() transform.Transformer { return utf16Decoder{} }
func utf16BE() transform.Transformer { return utf16Decoder{big: true} }

// sniffer looks for a byte-order mark on its first Read and then reads
// through the reader that the mark, or its encoding, asks for.
type sniffer struct {
	r   io.Reader
	dec func() transform.Transformer // without a mark; nil: as it is
	in  io.Reader                    // set by the first Read
}

func (s *sniffer) Read(p []byte) (int, error) {
	if s.in == nil {
		s.start()
	}
	return s.in.Read(p)
}

// start reads the first bytes, up to 3 while they could start a mark, and
// sets s.in.
func (s *sniffer) start() {
	var head [3]byte
	n, err := 0, error(nil)
	for n < len(head) {
		var m int
		m, err = s.r.Read(head[n:])
		n += m
		if err != nil || m > 0 && !couldStartBOM(head[:n]) {
			break
		}
	}
	var rest io.Reader = s.r
	if err == io.EOF {
		rest = eofReader{}
	} else if err != nil {
		rest = errReader{err}
	}
	h := head[:n]
	dec := s.dec
	switch {
	case bytes.HasPrefix(h, bomUTF16LE):
		h, dec = h[2:], utf16LE
	case bytes.HasPrefix(h, bomUTF16BE):
		h, dec = h[2:], utf16BE
	case bytes.HasPrefix(h, bomUTF8):
		dec = nil
	}
	in := io.MultiReader(bytes.NewReader(h), rest)
	if dec == nil {
		s.in = in
		return
	}
	s.in = newDecoder(in, dec())
}

// couldStartBOM reports whether p, which is not empty, is the start of a
// byte-order mark and not yet a whole one.
func couldStartBOM(p []byte) bool {
	if bytes.HasPrefix(p, bomUTF16LE) || bytes.HasPrefix(p, bomUTF16BE) {
		return false
	}
	return bytes.HasPrefix(bomUTF8, p) || bytes.HasPrefix(bomUTF16LE, p) || bytes.HasPrefix(bomUTF16BE, p)
}

// decodeBufSize is how much encoded input a decoder reads at once.
const decodeBufSize = 64 << 10

// decoder decodes r with a transform.Transformer straight into the
// caller's buffer. Unlike transform.Reader, which hands out at most 4 KiB
// per Read, it fills as much of the caller's buffer as the input read so
// far allows, so that the Filter gets large blocks.
type decoder struct {
	r       io.Reader
	t       transform.Transformer
	src     []byte
	s0, s1  int    // src[s0:s1] is read and not yet decoded
	err     error  // r's error, returned once src is decoded
	small   []byte // decoded bytes that did not fit a small caller buffer
	smallAt int
	scratch [16]byte
}

func newDecoder(r io.Reader, t transform.Transformer) *decoder {
	return &decoder{r: r, t: t, src: make([]byte, decodeBufSize)}
}

func (d *decoder) Read(p []byte) (int, error) {
	if d.smallAt < len(d.small) {
		n := copy(p, d.small[d.smallAt:])
		d.smallAt += n
		return n, nil
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if d.s0 < d.s1 || d.err != nil {
			n, err := d.decode(p)
			if n > 0 || err != nil {
				return n, err
			}
		}
		if d.s0 > 0 {
			d.s1 = copy(d.src, d.src[d.s0:d.s1])
			d.s0 = 0
		}
		n, err := d.r.Read(d.src[d.s1:])
		if n < 0 || n > len(d.src)-d.s1 {
			n, err = 0, errors.New("input: the reader returned an impossible count")
		}
		d.s1 += n
		d.err = err
	}
}

// decode decodes what src holds into p. It returns 0, nil when it needs
// more input.
func (d *decoder) decode(p []byte) (int, error) {
	atEOF := d.err != nil
	nDst, nSrc, err := d.t.Transform(p, d.src[d.s0:d.s1], atEOF)
	d.s0 += nSrc
	if err == transform.ErrShortDst && nDst == 0 {
		// p cannot hold the next character: decode into scratch.
		nDst, nSrc, err = d.t.Transform(d.scratch[:], d.src[d.s0:d.s1], atEOF)
		d.s0 += nSrc
		d.small, d.smallAt = d.scratch[:nDst], copy(p, d.scratch[:nDst])
		return d.smallAt, nil
	}
	switch {
	case nDst > 0:
		return nDst, nil
	case err == nil && atEOF && d.s0 == d.s1:
		return 0, d.err
	case err == nil || err == transform.ErrShortSrc:
		if atEOF {
			// The transformer keeps nothing back at EOF; this is a
			// safeguard against looping on input it refuses.
			d.s0 = d.s1
			return 0, d.err
		}
		return 0, nil
	}
	return 0, err
}
