package filter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// kitchen renders every Sink call as a line of text, so that tests can
// expect strings.
type kitchen struct{ b strings.Builder }

func (k *kitchen) Begin(s *Source) error           { fmt.Fprintf(&k.b, "begin:%s\n", s.Label()); return nil }
func (k *kitchen) End(s *Source) error             { fmt.Fprintf(&k.b, "end:%s\n", s.Label()); return nil }
func (k *kitchen) Flush(release func(error)) error { release(nil); return nil }
func (k *kitchen) Pass(s *Source, p []byte) error {
	fmt.Fprintf(&k.b, "pass:%q\n", p)
	return nil
}
func (k *kitchen) Chunk(s *Source, p []byte, seen bool) error {
	fmt.Fprintf(&k.b, "chunk:%v:%q\n", seen, p)
	return nil
}
func (k *kitchen) Line(l *Line) error {
	fmt.Fprintf(&k.b, "line:%s:%d:%q:%q:", l.Source.Label(), l.Num, l.Text, l.Term)
	for _, n := range l.Notes {
		known := "known"
		if n.Entry == nil {
			known = "unknown"
		}
		fmt.Fprintf(&k.b, " %d*%d/%s", n.Code, n.Count, known)
	}
	if l.Omitted > 0 {
		fmt.Fprintf(&k.b, " +%d", l.Omitted)
	}
	if l.Continued {
		fmt.Fprint(&k.b, " continued")
	}
	k.b.WriteString("\n")
	return nil
}

// coalesce joins consecutive pass events, whose split depends on reads.
func coalesce(s string) string {
	var out []string
	var pass []byte
	flush := func() {
		if pass != nil {
			out = append(out, fmt.Sprintf("pass:%q", pass))
			pass = nil
		}
	}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		if q, ok := strings.CutPrefix(l, "pass:"); ok {
			var p string
			fmt.Sscanf(q, "%q", &p)
			pass = append(pass, p...)
			continue
		}
		flush()
		out = append(out, l)
	}
	flush()
	return strings.Join(out, "\n") + "\n"
}

var testReaders = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"whole", func(r io.Reader) io.Reader { return r }},
	{"onebyte", iotest.OneByteReader},
	{"half", iotest.HalfReader},
	{"dataerr", iotest.DataErrReader},
}

var bufSizes = []int{64, 93, 4096, DefaultBufSize}

// forEach runs fn for every reader crossed with every buffer size.
func forEach(t *testing.T, fn func(t *testing.T, wrap func(io.Reader) io.Reader, size int)) {
	for _, r := range testReaders {
		for _, n := range bufSizes {
			t.Run(fmt.Sprintf("%s/%d", r.name, n), func(t *testing.T) { fn(t, r.wrap, n) })
		}
	}
}

func TestSinkEvents(t *testing.T) {
	in := "plain\n" +
		"a 871300 b\r\n" +
		"871999 x 871300 871300\n" +
		"\n" +
		"code 0 and 000000 and 871\n" +
		"last 871504"
	want := "begin:(standard input)\n" +
		"pass:\"plain\\n\"\n" +
		"line:(standard input):2:\"a 871300 b\":\"\\r\\n\": 871300*1/known\n" +
		"line:(standard input):3:\"871999 x 871300 871300\":\"\\n\": 871999*1/unknown 871300*2/known\n" +
		"pass:\"\\ncode 0 and 000000 and 871\\n\"\n" +
		"line:(standard input):6:\"last 871504\":\"\": 871504*1/known\n" +
		"end:(standard input)\n"
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		k := &kitchen{}
		f := New(Config{Sink: k, BufSize: size})
		if err := f.Run(context.Background(), &Source{Name: "-", R: wrap(strings.NewReader(in))}); err != nil {
			t.Fatal(err)
		}
		if got := coalesce(k.b.String()); got != want {
			t.Errorf("events:\n%s\nwant:\n%s", got, want)
		}
		s := f.Counts().Snapshot()
		if s.Lines != 6 || s.MatchedLines != 3 || s.Total() != 5 {
			t.Errorf("counts: %d lines, %d matched, %d codes", s.Lines, s.MatchedLines, s.Total())
		}
		if len(s.Codes) != 2 || s.Codes[0].Code != 871300 || s.Codes[0].Count != 3 || s.Codes[0].First != "(standard input):2" {
			t.Errorf("codes: %+v", s.Codes)
		}
		if len(s.Unknown) != 1 || s.Unknown[0].Code != 871999 || s.Unknown[0].First != "(standard input):3" {
			t.Errorf("unknown: %+v", s.Unknown)
		}
	})
}

func TestLongLine(t *testing.T) {
	// A line many times the buffer size, with codes at its start, across
	// the places the buffer is cut, and at its end.
	b := longLineInput()
	for _, size := range []int{64, 93, 4096} {
		k := &kitchen{}
		f := New(Config{Sink: k, BufSize: size})
		if err := f.Run(context.Background(), &Source{Name: "-", R: bytes.NewReader(b)}); err != nil {
			t.Fatal(err)
		}
		ev := k.b.String()
		if !strings.Contains(ev, ": 871300*1/known 871104*1/known 871310*1/known continued\n") {
			t.Errorf("size %d: long line codes not reported:\n%s", size, ev[max(0, len(ev)-400):])
		}
		s := f.Counts().Snapshot()
		if s.Lines != 2 || s.MatchedLines != 2 || s.Total() != 4 {
			t.Errorf("size %d: %d lines, %d matched, %d codes", size, s.Lines, s.MatchedLines, s.Total())
		}
	}
}

// longLineInput is a line many times the small buffer sizes, then a short
// one.
func longLineInput() []byte {
	var b []byte
	b = append(b, "871300 "...)
	for len(b) < 10000 {
		b = append(b, "word 12345 "...)
	}
	b = append(b, "871104 "...)
	b = append(b, bytes.Repeat([]byte("z"), 500)...)
	return append(b, " 871310\r\nnext 871300\n"...)
}

// TestBigLine: a line longer than a window (64 KiB) but shorter than the
// buffer is handled whole: codes anywhere in it are found, including
// across window boundaries, and it goes to the Sink as one Line.
func TestBigLine(t *testing.T) {
	var b []byte
	b = append(b, "start 871300 "...)
	for len(b) < window-3 {
		b = append(b, 'x')
	}
	b = append(b, " 871104 "...) // across the first window boundary
	for len(b) < 3*window {
		b = append(b, "12345 871 "...)
	}
	b = append(b, "end 871310\r\nnext line 871300\nbig and plain "...)
	b = append(b, bytes.Repeat([]byte("y"), 2*window)...)
	b = append(b, '\n')
	for _, wrap := range testReaders {
		k := &kitchen{}
		f := New(Config{Sink: k})
		if err := f.Run(context.Background(), &Source{Name: "-", R: wrap.wrap(bytes.NewReader(b))}); err != nil {
			t.Fatal(err)
		}
		ev := coalesce(k.b.String())
		if !strings.Contains(ev, `:"\r\n": 871300*1/known 871104*1/known 871310*1/known`+"\n") {
			t.Errorf("%s: big line codes not reported whole", wrap.name)
		}
		if strings.Contains(ev, "continued") || strings.Contains(ev, "chunk:") {
			t.Errorf("%s: a line shorter than the buffer was cut", wrap.name)
		}
		if s := f.Counts().Snapshot(); s.Lines != 3 || s.MatchedLines != 2 || s.Total() != 4 {
			t.Errorf("%s: %d lines, %d matched, %d codes", wrap.name, s.Lines, s.MatchedLines, s.Total())
		}
	}
}

func TestReadError(t *testing.T) {
	// A reader that fails after some data: what was read is still handled,
	// as if the input ended there, and the error is returned as a
	// *ReadError.
	in := "ok 871300\npartial 871104"
	k := &kitchen{}
	f := New(Config{Sink: k})
	src := &Source{Name: "x", R: io.MultiReader(strings.NewReader(in), iotest.ErrReader(io.ErrUnexpectedEOF))}
	err := f.Run(context.Background(), src)
	var re *ReadError
	if !errors.As(err, &re) || re.Err != io.ErrUnexpectedEOF || re.Source != src || re.Lines != 2 {
		t.Fatalf("err = %#v", err)
	}
	if want := "begin:x\nline:x:1:\"ok 871300\":\"\\n\": 871300*1/known\nline:x:2:\"partial 871104\":\"\": 871104*1/known\nend:x\n"; k.b.String() != want {
		t.Errorf("events:\n%s\nwant:\n%s", k.b.String(), want)
	}
	if s := f.Counts().Snapshot(); s.Lines != 2 || s.Total() != 2 {
		t.Errorf("lines %d codes %d", s.Lines, s.Total())
	}
}

func TestNoProgress(t *testing.T) {
	f := New(Config{})
	err := f.Run(context.Background(), &Source{Name: "x", R: zeroReader{}})
	if !errors.Is(err, ErrNoProgress) {
		t.Fatalf("err = %v", err)
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }
