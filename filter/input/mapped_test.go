package input

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/jmlog/jmlog/filter"
)

// copySink puts the input back together from what a Filter hands it, and
// can run a hook at each Flush.
type copySink struct {
	out     bytes.Buffer
	lines   int
	onFlush func()
}

func (s *copySink) Begin(*filter.Source) error { return nil }
func (s *copySink) End(*filter.Source) error   { return nil }
func (s *copySink) Pass(_ *filter.Source, p []byte) error {
	s.out.Write(p)
	return nil
}
func (s *copySink) Chunk(_ *filter.Source, p []byte, _ bool) error {
	s.out.Write(p)
	return nil
}
func (s *copySink) Line(l *filter.Line) error {
	s.lines++
	s.out.Write(l.Text)
	s.out.Write(l.Term)
	return nil
}
func (s *copySink) Flush(release func(error)) error {
	if s.onFlush != nil {
		s.onFlush()
	}
	release(nil)
	return nil
}

// mappedInput is about size bytes of log lines with codes, a line longer
// than the 1 MiB buffer, CRLF ends, and no end on the last line.
func mappedInput(size int) []byte {
	var b []byte
	for i := 0; len(b) < size; i++ {
		switch {
		case i == 5000:
			b = append(b, bytes.Repeat([]byte("871300 x "), 300_000)...)
			b = append(b, '\n')
		case i%7 == 0:
			b = fmt.Appendf(b, "12-02 13:00:%02d.000  8712  8712 E JMessage: failed code=8713%02d\r\n", i%60, i%40)
		default:
			b = fmt.Appendf(b, "12-02 13:00:%02d.000  8712  8712 I Tag: line %d took 871ms\n", i%60, i)
		}
	}
	return append(b, "last 871104"...)
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runSource(t *testing.T, src *filter.Source, sink *copySink) (filter.Summary, error) {
	t.Helper()
	f := filter.New(filter.Config{Sink: sink})
	err := f.Run(context.Background(), src)
	return f.Counts().Snapshot(), err
}

// TestOpenMapped: a regular file is mapped, and the Filter hands on and
// counts exactly what it does when the file is read; from standard input
// redirected from a file, the mapping starts at the file's offset, and
// release leaves the offset at the end, as reading would.
func TestOpenMapped(t *testing.T) {
	in := mappedInput(5 << 20)
	p := writeFile(t, "big.log", in)
	for _, skip := range []int64{0, 12345} {
		t.Run(fmt.Sprint("offset ", skip), func(t *testing.T) {
			fh, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			if _, err := fh.Seek(skip, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			src, release := OpenMapped("big.log", fh, Encoding{})
			if src.Data == nil {
				t.Fatal("a 5 MiB regular file was not mapped")
			}
			var drops []int
			prog := src.Progress
			src.Progress = func(read, done int) {
				if len(drops) == 0 || done > drops[len(drops)-1] {
					drops = append(drops, done)
				}
				prog(read, done)
			}
			var got copySink
			sum, err := runSource(t, src, &got)
			release()
			// The pages behind the blocks written are dropped as Run
			// goes, so memory does not grow with the file.
			if len(drops) < 2 || drops[len(drops)-1] < len(src.Data)-4*filter.DefaultBufSize {
				t.Errorf("done in Progress calls: %v; want them to follow the blocks to near the end, %d", drops, len(src.Data))
			}
			for i := 1; i < len(drops); i++ {
				if drops[i] <= drops[i-1] {
					t.Fatalf("done in Progress calls not increasing: %v", drops)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.out.Bytes(), in[skip:]) {
				t.Fatalf("mapped: the Sink got %d bytes that differ from the file's %d", got.out.Len(), len(in)-int(skip))
			}
			if off, _ := fh.Seek(0, io.SeekCurrent); off != int64(len(in)) {
				t.Errorf("offset after release: %d; want %d, the end", off, len(in))
			}
			var want copySink
			wantSum, err := runSource(t, &filter.Source{Name: "big.log", R: bytes.NewReader(in[skip:])}, &want)
			if err != nil {
				t.Fatal(err)
			}
			if got.lines != want.lines || sum.Lines != wantSum.Lines || sum.MatchedLines != wantSum.MatchedLines || sum.Total() != wantSum.Total() {
				t.Fatalf("mapped: %d lines with codes, %+v; read: %d, %+v", got.lines, sum, want.lines, wantSum)
			}
			if sum.MatchedLines == 0 {
				t.Fatal("no line with codes: the input is wrong")
			}
		})
	}
}

// TestOpenMappedNot: what is not read as it is, or is small, is opened as
// before and not mapped.
func TestOpenMappedNot(t *testing.T) {
	big := mappedInput(2 << 20)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(big)
	zw.Close()
	gzBig := append(gz.Bytes(), bytes.Repeat([]byte{0}, 2<<20)...) // big enough to map
	utf16 := append([]byte{0xff, 0xfe}, bytes.Repeat([]byte("a\x00\n\x00"), 1<<19)...)
	utf8 := append([]byte{0xef, 0xbb, 0xbf}, big...)
	win1252, err := ParseEncoding("windows-1252")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		data   []byte
		enc    Encoding
		mapped bool
	}{
		{"small", []byte("871300\n"), Encoding{}, false},
		{"gzip", gzBig, Encoding{}, false},
		{"utf16 mark", utf16, Encoding{}, false},
		{"utf8 mark", utf8, Encoding{}, true}, // read as it is, mark and all
		{"encoding given", big, win1252, false},
		{"plain", big, Encoding{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fh, err := os.Open(writeFile(t, "f", c.data))
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			src, release := OpenMapped("f", fh, c.enc)
			defer release()
			if got := src.Data != nil; got != c.mapped {
				t.Fatalf("mapped: %v; want %v", got, c.mapped)
			}
		})
	}
}

// TestMappedTruncated: a mapped file that is truncated while it is read
// ends the source with filter.ErrTruncated, not the program with SIGBUS,
// and Run's goroutines end.
func TestMappedTruncated(t *testing.T) {
	in := mappedInput(24 << 20)
	for _, at := range []int{1, 3} {
		t.Run(fmt.Sprint("flush ", at), func(t *testing.T) {
			p := writeFile(t, "trunc.log", in)
			fh, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			before := runtime.NumGoroutine()
			src, release := OpenMapped("trunc.log", fh, Encoding{})
			if src.Data == nil {
				t.Fatal("not mapped")
			}
			flushes := 0
			sink := &copySink{onFlush: func() {
				if flushes++; flushes == at {
					if err := os.Truncate(p, 100<<10); err != nil {
						t.Error(err)
					}
				}
			}}
			_, err = runSource(t, src, sink)
			release()
			var re *filter.ReadError
			if !errors.As(err, &re) || !errors.Is(err, filter.ErrTruncated) {
				t.Fatalf("Run: %v; want a ReadError with ErrTruncated", err)
			}
			if !bytes.HasPrefix(in, sink.out.Bytes()) {
				t.Fatal("what the Sink got is not a prefix of the file")
			}
			deadline := time.Now().Add(5 * time.Second)
			for runtime.NumGoroutine() > before {
				if time.Now().After(deadline) {
					t.Fatalf("%d goroutines left running, %d before", runtime.NumGoroutine(), before)
				}
				runtime.Gosched()
				time.Sleep(time.Millisecond)
			}
		})
	}
}
