package input

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/printer/printertest"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zst(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, s)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// skippable is a zstd skippable frame (magic 0x184D2A53) holding p.
func skippable(p string) []byte {
	b := []byte{0x53, 0x2a, 0x4d, 0x18, byte(len(p)), 0, 0, 0}
	return append(b, p...)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// readAll reads all of Decompress(r), returning what was read and the error
// that ended it (nil at EOF).
// readers are the ways a reader may hand over its bytes.
var readers = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"whole", func(r io.Reader) io.Reader { return r }},
	{"onebyte", iotest.OneByteReader},
	{"half", iotest.HalfReader},
	{"dataerr", iotest.DataErrReader},
}

func readAll(r io.Reader) ([]byte, error) {
	d := Decompress(r)
	defer d.Close()
	return io.ReadAll(d)
}

func TestDecompressPlain(t *testing.T) {
	// Plain input comes through byte for byte, whatever its first bytes:
	// look-alikes of the magic numbers included.
	ins := []string{
		"", "a", "\x1f", "\x1f\x8a rest\n", "\x1fx", "(", "(\xb5/", "(\xb5/\xfc more", "P", "P*M", "P*M\x17 text",
		"W/JIM: 871300\n", "\x8b\x1f", "plain log line 871300\nsecond\n",
	}
	for _, in := range ins {
		for _, rd := range readers {
			got, err := readAll(rd.wrap(strings.NewReader(in)))
			if err != nil || string(got) != in {
				t.Errorf("%s %q: got %q, %v", rd.name, in, got, err)
			}
		}
	}
}

func TestDecompressFormats(t *testing.T) {
	text := strings.Repeat("11-25 18:35:01.020  4321  4401 E JIM : onFailed 871300\n", 300)
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"gzip", gz(t, text), text},
		{"gzip members", cat(gz(t, "one 871300\n"), gz(t, ""), gz(t, "two\n")), "one 871300\ntwo\n"},
		{"gzip empty", gz(t, ""), ""},
		{"zstd", zst(t, text), text},
		{"zstd frames", cat(zst(t, "one\n"), zst(t, "two 871104\n")), "one\ntwo 871104\n"},
		{"zstd skippable first", cat(skippable("meta"), zst(t, "after\n")), "after\n"},
	}
	for _, c := range cases {
		for _, rd := range readers {
			got, err := readAll(rd.wrap(bytes.NewReader(c.in)))
			if err != nil || string(got) != c.want {
				t.Errorf("%s %s: got %d bytes, %v", c.name, rd.name, len(got), err)
			}
		}
	}
}

func TestDecompressErrors(t *testing.T) {
	first := strings.Repeat("line 871300 one\n", 50) // 800 bytes
	good := gz(t, first)
	body := gz(t, first+strings.Repeat("more lines 871104 after the first\n", 2000))
	corrupt := bytes.Clone(body)
	for i := len(corrupt) / 2; i < len(corrupt)/2+16; i++ {
		corrupt[i] ^= 0xff
	}
	zgood := zst(t, first)
	cases := []struct {
		name, format, what string
		in                 []byte
		wantOut            string // a prefix of what must be read before the error
		wantIn             int64  // -1: do not check
		err                error  // errors.Is the DecompressError's Err
	}{
		{"gzip magic only", "gzip", "truncated", []byte{0x1f, 0x8b}, "", 2, io.ErrUnexpectedEOF},
		{"gzip header cut", "gzip", "truncated", good[:6], "", 6, io.ErrUnexpectedEOF},
		{"gzip cut in the data", "gzip", "truncated", body[:len(body)/3], "", -1, io.ErrUnexpectedEOF},
		{"gzip cut in the trailer", "gzip", "truncated", good[:len(good)-3], first, -1, io.ErrUnexpectedEOF},
		{"gzip second member cut", "gzip", "truncated", cat(good, good[:20]), first, -1, io.ErrUnexpectedEOF},
		{"gzip corrupt", "gzip", "corrupt", corrupt, first, -1, nil},
		{"gzip trailing garbage", "gzip", "corrupt", cat(good, []byte("not gzip\n")), first, int64(len(good)), ErrTrailingGarbage},
		{"gzip trailing byte", "gzip", "corrupt", cat(good, []byte{0x1f}), first, int64(len(good)), ErrTrailingGarbage},
		{"gzip bad checksum", "gzip", "corrupt", cat(good[:len(good)-8], []byte{1, 2, 3, 4}, good[len(good)-4:]), first, -1, gzip.ErrChecksum},
		{"zstd cut", "zstd", "truncated", zgood[:len(zgood)-5], "", -1, io.ErrUnexpectedEOF},
		{"zstd second frame cut", "zstd", "truncated", cat(zgood, zgood[:len(zgood)/2]), first, -1, io.ErrUnexpectedEOF},
	}
	for _, c := range cases {
		got, err := readAll(iotest.HalfReader(bytes.NewReader(c.in)))
		var de *DecompressError
		if !errors.As(err, &de) {
			t.Errorf("%s: err %v, want a DecompressError", c.name, err)
			continue
		}
		if de.Format != c.format || de.Out != int64(len(got)) || (c.wantIn >= 0 && de.In != c.wantIn) ||
			(c.err != nil && !errors.Is(err, c.err)) || !strings.HasPrefix(de.Error(), c.what+" "+c.format+" data after ") {
			t.Errorf("%s: %+v (%v), read %d bytes", c.name, de, de, len(got))
		}
		if !strings.HasPrefix(string(got), c.wantOut) {
			t.Errorf("%s: read %q, want it to start with %q", c.name, got, c.wantOut)
		}
	}
}

func TestDecompressWindowLimit(t *testing.T) {
	// A frame header that asks for a 1 GiB window (Window_Descriptor
	// exponent 20: 1 << 30) is refused before any memory is taken.
	frame := []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3, 0, 0, 0, 0, 0, 0}
	_, err := readAll(bytes.NewReader(frame))
	var de *DecompressError
	if !errors.As(err, &de) || !errors.Is(err, zstd.ErrWindowSizeExceeded) || !strings.HasPrefix(err.Error(), "unsupported (window over 128 MiB) zstd data") {
		t.Errorf("err %v", err)
	}
}

func TestDecompressSourceError(t *testing.T) {
	// A failure to read the input is not a decompression error: it comes
	// through as it is, after what was decompressed.
	boom := errors.New("input/output error")
	good := gz(t, "ok 871300\n")
	for _, in := range [][]byte{good, zst(t, "ok 871300\n"), []byte("ok 871300\n")} {
		got, err := readAll(io.MultiReader(bytes.NewReader(in), iotest.ErrReader(boom)))
		var de *DecompressError
		if err != boom || errors.As(err, &de) || string(got) != "ok 871300\n" {
			t.Errorf("%q: got %q, %v", in[:2], got, err)
		}
	}
}

func TestDecompressLive(t *testing.T) {
	// Plain input from a pipe: a line comes through as soon as it is
	// written, though fewer bytes than a magic number's are there.
	for _, line := range []string{"a\n", "W/JIM: 871300\n", "(x\n"} {
		pr, pw := io.Pipe()
		go io.WriteString(pw, line) // and nothing more
		d := Decompress(pr)
		got := make([]byte, 0, 64)
		done := make(chan error, 1)
		go func() {
			for len(got) < len(line) {
				n, err := d.Read(got[len(got):cap(got)])
				got = got[:len(got)+n]
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		select {
		case err := <-done:
			if err != nil || string(got) != line {
				t.Errorf("%q: got %q, %v", line, got, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: not read while the writer waits", line)
		}
		pw.Close()
	}
}

func TestFilterCountsBeforeCorruption(t *testing.T) {
	// Through a Filter: the lines before the bad spot are annotated and
	// counted, the error says how many lines were read.
	in := strings.Repeat("ok 871300\n", 100) + "last 871104 without newline"
	data := gz(t, in)
	data = data[:len(data)-3] // cut in the trailer: all the text decompresses
	var out bytes.Buffer
	o := printer.NewOut(&out)
	f := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{}), BufSize: 64})
	err := f.Run(context.Background(), &filter.Source{Name: "x.gz", R: Decompress(iotest.OneByteReader(bytes.NewReader(data)))})
	o.Close()
	var re *filter.ReadError
	var de *DecompressError
	if !errors.As(err, &re) || !errors.As(err, &de) || re.Lines != 101 || !strings.Contains(de.Describe(re.Lines), "(101 lines, ") {
		t.Fatalf("err %v", err)
	}
	if !bytes.Equal(printertest.Strip(out.Bytes()), []byte(in)) {
		t.Errorf("output is not the input annotated")
	}
	if s := f.Counts().Snapshot(); s.Lines != 101 || s.Total() != 101 {
		t.Errorf("%d lines, %d codes", s.Lines, s.Total())
	}
}
