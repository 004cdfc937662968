package input

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/klauspost/compress/gzip"
)

// TestStoppablePipe: Stop ends a Read of a pipe that waits, and no byte
// written to the pipe is taken without being returned.
func TestStoppablePipe(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	r, stop, release := Stoppable(pr)
	defer release()
	if _, err := pw.Write([]byte("first\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	n, err := r.Read(buf)
	if err != nil || string(buf[:n]) != "first\n" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	got := make(chan error, 1)
	go func() {
		_, err := r.Read(buf)
		got <- err
	}()
	stop()
	select {
	case err := <-got:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("stopped Read: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not end a Read that waits")
	}
	// What is written after the stop is still in the pipe for the next
	// reader: nothing was taken.
	pw.Write([]byte("after\n"))
	release()
	n, err = pr.Read(buf)
	if err != nil || string(buf[:n]) != "after\n" {
		t.Errorf("the pipe lost bytes: %q, %v", buf[:n], err)
	}
}

// TestStoppablePump: the goroutine reader used for terminals returns what
// it reads, and Stop ends a Read that waits.
func TestStoppablePump(t *testing.T) {
	pr, pw := io.Pipe()
	p := &pump{r: pr, stop: make(chan struct{}), res: make(chan readResult, 1), buf: make([]byte, 4)}
	go pw.Write([]byte("abcdef"))
	var got []byte
	buf := make([]byte, 3)
	for len(got) < 6 {
		n, err := p.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != "abcdef" {
		t.Fatalf("got %q", got)
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.Read(buf)
		done <- err
	}()
	p.halt()
	select {
	case err := <-done:
		if err != ErrStopped {
			t.Errorf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("halt did not end a Read that waits")
	}
	pw.Close()
}

// TestRunStopsPipe: a Filter reading a pipe that stays open ends when its
// context is cancelled, and hands over everything it read, the last
// unterminated line included (issue 9, defect 2).
func TestRunStopsPipe(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	src, release := Open("-", pr)
	defer release()
	var lines []string
	k := sinkFunc(func(p []byte) { lines = append(lines, string(p)) })
	f := filter.New(filter.Config{Sink: k})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx, src) }()
	pw.Write([]byte("one 871300\ntwo\nthree, not ended"))
	deadline := time.Now().Add(5 * time.Second)
	for f.Counts().Snapshot().Lines < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the lines were not read")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not end when its context was cancelled")
	}
	if s := f.Counts().Snapshot(); s.Lines != 3 || s.Total() != 1 {
		t.Errorf("%d lines, %d codes; want 3 and 1", s.Lines, s.Total())
	}
	var all string
	for _, l := range lines {
		all += l
	}
	if all != "two\nthree, not ended" {
		t.Errorf("passed %q", all)
	}
}

// sinkFunc is a Sink that gives every untouched span to fn.
type sinkFunc func(p []byte)

func (sinkFunc) Begin(*filter.Source) error               { return nil }
func (s sinkFunc) Pass(_ *filter.Source, p []byte) error  { s(p); return nil }
func (sinkFunc) Chunk(*filter.Source, []byte, bool) error { return nil }
func (sinkFunc) Line(*filter.Line) error                  { return nil }
func (sinkFunc) End(*filter.Source) error                 { return nil }
func (sinkFunc) Flush(release func(error)) error          { release(nil); return nil }

// A Source is Regular only for a regular file read as it is: not for a
// pipe, compressed bytes, a UTF-16 byte-order mark or an encoding to
// decode; and the check leaves the file's offset where it was.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) *os.File {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	plain := []byte("12-02 13:00:00.000 E JMessage: code=871300\n")
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(plain)
	w.Close()
	gbk, err := ParseEncoding("gbk")
	if err != nil {
		t.Fatal(err)
	}
	none, _ := ParseEncoding("none")
	utf16 := append([]byte{0xff, 0xfe}, "1\x002\x00\n\x00"...)
	for _, c := range []struct {
		name string
		r    func() io.Reader
		enc  Encoding
		want bool
	}{
		{"plain", func() io.Reader { return write("plain.log", plain) }, Encoding{}, true},
		{"plain none", func() io.Reader { return write("none.log", plain) }, none, true},
		{"gzip", func() io.Reader { return write("x.log.gz", gz.Bytes()) }, Encoding{}, false},
		{"gbk", func() io.Reader { return write("gbk.log", plain) }, gbk, false},
		{"utf-16 mark", func() io.Reader { return write("u16.log", utf16) }, Encoding{}, false},
		{"utf-16 mark, none", func() io.Reader { return write("u16n.log", utf16) }, none, true},
		{"utf-8 mark", func() io.Reader { return write("u8.log", append([]byte("\xef\xbb\xbf"), plain...)) }, Encoding{}, true},
		{"reader", func() io.Reader { return bytes.NewReader(plain) }, Encoding{}, false},
		{"pipe", func() io.Reader {
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { pr.Close(); pw.Close() })
			return pr
		}, Encoding{}, false},
	} {
		r := c.r()
		src, release := OpenEncoded("x", r, c.enc)
		if src.Regular != c.want {
			t.Errorf("%s: Regular %v, want %v", c.name, src.Regular, c.want)
		}
		if f, ok := r.(*os.File); ok && c.want {
			if off, _ := f.Seek(0, io.SeekCurrent); off != 0 {
				t.Errorf("%s: offset %d after Open, want 0", c.name, off)
			}
			want, _ := os.ReadFile(f.Name())
			if src.Size != int64(len(want)) {
				t.Errorf("%s: Size %d, want %d", c.name, src.Size, len(want))
			}
			got, err := io.ReadAll(src.R)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: read %q, %v; want %q", c.name, got, err, want)
			}
		}
		release()
	}
}

// A regular file opened at an offset (standard input redirected from a
// file that was partly read) is Regular, its Size is what is left, and it
// reads from the offset on.
func TestOpenRegularAtOffset(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.log")
	all := []byte("first line\n12-02 13:00:00.000 E JMessage: code=871300\n")
	if err := os.WriteFile(p, all, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenPath(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(11, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	src, release := OpenEncoded("-", f, Encoding{})
	defer release()
	if !src.Regular || src.Size != int64(len(all)-11) {
		t.Fatalf("Regular %v, Size %d; want true, %d", src.Regular, src.Size, len(all)-11)
	}
	if got, err := io.ReadAll(src.R); err != nil || !bytes.Equal(got, all[11:]) {
		t.Errorf("read %q, %v; want %q", got, err, all[11:])
	}
}

// OpenPath opens as os.Open does: a file to read, a directory (which the
// caller then refuses), and errors that name the path and match fs's.
func TestOpenPath(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.log")
	if err := os.WriteFile(p, []byte("a 871300\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := OpenPath(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err != nil || string(b) != "a 871300\n" || f.Name() != p {
		t.Errorf("read %q, %v, name %q", b, err, f.Name())
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Error("OpenPath's file is writable")
	}
	f.Close()
	d, err := OpenPath(dir)
	if err != nil {
		t.Fatalf("a directory: %v", err)
	}
	if st, err := d.Stat(); err != nil || !st.IsDir() {
		t.Errorf("a directory: Stat %v, %v", st, err)
	}
	d.Close()
	missing := filepath.Join(dir, "missing.log")
	_, err = OpenPath(missing)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != missing || !strings.Contains(err.Error(), missing) {
		t.Errorf("a missing file: %v", err)
	}
}

// countingReader counts the bytes read through it, as the progress bar's
// reader does.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// A regular file read through a counter (the progress bar on a terminal)
// is still Regular, when OpenFile is told the file; the counter sees every
// byte.
func TestOpenFileCounted(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.log")
	want := []byte("12-02 13:00:00.000 E JMessage: code=871300\n")
	if err := os.WriteFile(p, want, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := &countingReader{r: f}
	src, release := OpenFile("x", f, c, Encoding{})
	defer release()
	if !src.Regular {
		t.Error("a regular file read through a counter is not Regular")
	}
	got, err := io.ReadAll(src.R)
	if err != nil || !bytes.Equal(got, want) || c.n != len(want) {
		t.Errorf("read %q, %v, counted %d; want %q, %d", got, err, c.n, want, len(want))
	}
	if src, release := OpenEncoded("x", c, Encoding{}); src.Regular {
		release()
		t.Error("OpenEncoded of a reader that is not a file gives Regular")
	} else {
		release()
	}
}
