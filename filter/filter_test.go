package filter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
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
	// *ReadError; whether a reader goroutine reads or Run itself
	// (runInline).
	in := "ok 871300\npartial 871104"
	for _, inline := range []bool{false, true} {
		k := &kitchen{}
		f := New(Config{Sink: k})
		f.inline = inline
		src := &Source{Name: "x", R: io.MultiReader(strings.NewReader(in), iotest.ErrReader(io.ErrUnexpectedEOF)), Regular: inline}
		err := f.Run(context.Background(), src)
		var re *ReadError
		if !errors.As(err, &re) || re.Err != io.ErrUnexpectedEOF || re.Source != src || re.Lines != 2 {
			t.Fatalf("inline %v: err = %#v", inline, err)
		}
		if want := "begin:x\nline:x:1:\"ok 871300\":\"\\n\": 871300*1/known\nline:x:2:\"partial 871104\":\"\": 871104*1/known\nend:x\n"; k.b.String() != want {
			t.Errorf("inline %v: events:\n%s\nwant:\n%s", inline, k.b.String(), want)
		}
		if s := f.Counts().Snapshot(); s.Lines != 2 || s.Total() != 2 {
			t.Errorf("inline %v: lines %d codes %d", inline, s.Lines, s.Total())
		}
	}
}

// TestReadsInline: Run reads a source itself only when it is a regular
// file that fits in one buffer.
func TestReadsInline(t *testing.T) {
	f := New(Config{BufSize: 4096})
	for _, c := range []struct {
		src  Source
		want bool
	}{
		{Source{Regular: true, Size: 1}, true},
		{Source{Regular: true, Size: 4095}, true},
		{Source{Regular: true, Size: 4096}, false}, // its last line may need a second buffer
		{Source{Regular: true, Size: 1 << 30}, false},
		{Source{Regular: true}, false}, // size not known
		{Source{Size: 100}, false},     // not a regular file: its reads may wait
	} {
		if got := f.readsInline(&c.src); got != c.want {
			t.Errorf("Regular %v, Size %d: readsInline = %v, want %v", c.src.Regular, c.src.Size, got, c.want)
		}
	}
}

// TestRunInlineCancelled: a regular file whose Run is cancelled before it
// reads is read by neither path, and both return the context's error with
// the same Sink events.
func TestRunInlineCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var events []string
	for _, inline := range []bool{false, true} {
		k := &kitchen{}
		f := New(Config{Sink: k})
		f.inline = inline
		err := f.Run(ctx, &Source{Name: "x", R: strings.NewReader("a 871300\n"), Regular: true})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("inline %v: Run = %v, want the context's error", inline, err)
		}
		if s := f.Counts().Snapshot(); s.Lines != 0 {
			t.Errorf("inline %v: %d lines read after the cancel", inline, s.Lines)
		}
		events = append(events, k.b.String())
	}
	if events[0] != events[1] {
		t.Errorf("events differ: reader %q, inline %q", events[0], events[1])
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

// failingSink fails its Line call number failAt (from 1), and releases
// buffers later, from another goroutine, as a writer would.
type failingSink struct {
	Discard
	lines, failAt int
}

var errSink = errors.New("sink: write failed")

func (s *failingSink) Line(*Line) error {
	if s.lines++; s.lines == s.failAt {
		return errSink
	}
	return nil
}

func (s *failingSink) Flush(release func(error)) error {
	go release(nil)
	return nil
}

// manyLines is n lines, every third with a code.
func manyLines(n int) []byte {
	var b []byte
	for i := range n {
		if i%3 == 0 {
			b = fmt.Appendf(b, "line %d code 871300\n", i)
		} else {
			b = fmt.Appendf(b, "line %d plain\n", i)
		}
	}
	return b
}

// TestSinkErrorThenRunAgain: after a Sink error in the middle of a source,
// every buffer comes back, so a second Run on the same Filter works; and
// the counts never show more lines with codes than lines (issue 9, defects
// 3 and 4).
func TestSinkErrorThenRunAgain(t *testing.T) {
	in := manyLines(200000) // several blocks of 64 bytes to 1 MiB
	for _, size := range []int{64, 4096, DefaultBufSize} {
		for _, failAt := range []int{3, 500} {
			for _, inline := range []bool{false, true} {
				sinkErrorThenRunAgain(t, in, size, failAt, inline)
			}
		}
	}
}

// sinkErrorThenRunAgain runs in through a Sink that fails at its Line
// call failAt, then again through a Sink that does not fail; with inline,
// as a regular file that Run reads itself (runInline).
func sinkErrorThenRunAgain(t *testing.T, in []byte, size, failAt int, inline bool) {
	s := &failingSink{failAt: failAt}
	f := New(Config{Sink: s, BufSize: size})
	f.inline = inline
	err := f.Run(context.Background(), &Source{Name: "a", R: bytes.NewReader(in), Regular: inline})
	if err != errSink {
		t.Fatalf("size %d, fail at %d: first Run = %v, want the Sink's error", size, failAt, err)
	}
	// The Sink gives the buffers back from another goroutine: every one
	// of them, soon.
	for deadline := time.Now().Add(10 * time.Second); len(f.free) < cap(f.free); {
		if time.Now().After(deadline) {
			t.Fatalf("size %d, fail at %d, inline %v: %d of %d buffers back after the Sink error", size, failAt, inline, len(f.free), cap(f.free))
		}
		time.Sleep(time.Millisecond)
	}
	sum := f.Counts().Snapshot()
	if sum.Lines < sum.MatchedLines || sum.MatchedLines < int64(failAt) || sum.Lines < 1 {
		t.Errorf("size %d: after the error, %d lines and %d with codes", size, sum.Lines, sum.MatchedLines)
	}
	s.failAt = -1
	done := make(chan error, 1)
	go func() {
		done <- f.Run(context.Background(), &Source{Name: "b", R: bytes.NewReader(in), Regular: inline})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("size %d: second Run = %v", size, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("size %d: a second Run after a Sink error did not end: buffers were lost", size)
	}
	if got := f.Counts().Snapshot().Lines - sum.Lines; got != 200000 {
		t.Errorf("size %d: the second Run counted %d lines, want 200000", size, got)
	}
}

// stallingReader returns data, then blocks until Stop is called; what it
// returned is all that is ever taken from it.
type stallingReader struct {
	data    []byte
	left    atomic.Int64 // bytes not read yet
	stopped chan struct{}
	once    sync.Once
}

func (r *stallingReader) Read(p []byte) (int, error) {
	if len(r.data) > 0 {
		n := copy(p, r.data)
		r.data = r.data[n:]
		r.left.Store(int64(len(r.data)))
		return n, nil
	}
	<-r.stopped
	return 0, errors.New("stopped")
}

func (r *stallingReader) stop() { r.once.Do(func() { close(r.stopped) }) }

// TestRunCancel: a cancelled Run stops the Read that waits, hands every
// byte already read to the Sink (a last unterminated line included), counts
// it, and returns the context's error (issue 9, defect 2).
func TestRunCancel(t *testing.T) {
	in := string(manyLines(5000)) + "unterminated 871104"
	for _, size := range []int{64, 4096, DefaultBufSize} {
		r := &stallingReader{data: []byte(in), stopped: make(chan struct{})}
		r.left.Store(int64(len(in)))
		k := &kitchen{}
		f := New(Config{Sink: k, BufSize: size})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- f.Run(ctx, &Source{Name: "-", R: r, Stop: r.stop}) }()
		deadline := time.Now().Add(10 * time.Second)
		for r.left.Load() > 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond) // until the reader has taken everything
		}
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("size %d: Run = %v", size, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("size %d: Run did not stop when cancelled", size)
		}
		sum := f.Counts().Snapshot()
		if sum.Lines != 5001 || sum.MatchedLines != 1667+1 {
			t.Errorf("size %d: %d lines, %d with codes; want 5001 and 1668", size, sum.Lines, sum.MatchedLines)
		}
		if ev := k.b.String(); !strings.Contains(ev, `:"unterminated 871104":"": 871104*1/known`) || !strings.HasSuffix(ev, "end:(standard input)\n") {
			t.Errorf("size %d: the last line did not go to the Sink: %q", size, ev[max(0, len(ev)-200):])
		}
	}
}

// swapSink swaps the Tables' Finding for next at the Flush after the first
// Chunk, in the middle of a long line, and records which table each code
// of each line was annotated from.
type swapSink struct {
	kitchen
	tables  *Tables
	next    Finding
	chunked bool
	swapped bool
	rows    map[*codes.Entry]string // entry -> "A" or "B"
	lines   []string                // per line: the tables of its codes
}

func (s *swapSink) Chunk(*Source, []byte, bool) error {
	s.chunked = true
	return nil
}

func (s *swapSink) Line(l *Line) error {
	var from []string
	for _, n := range l.Notes {
		from = append(from, s.rows[n.Entry])
	}
	s.lines = append(s.lines, strings.Join(from, ""))
	return nil
}

func (s *swapSink) Flush(release func(error)) error {
	if s.chunked && !s.swapped {
		s.tables.Store(s.next)
		s.swapped = true
	}
	release(nil)
	return nil
}

// TestTablesSwap: a Finding stored while the Filter runs is taken at a
// block boundary, and every line is annotated from exactly one table, a
// line longer than the buffer included (issue 14, hot reload).
func TestTablesSwap(t *testing.T) {
	a, err := codes.Parse("a.tsv", strings.NewReader("871300\tfrom A\t\n871104\tfrom A\t\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	b, err := codes.Parse("b.tsv", strings.NewReader("871300\tfrom B\t\n871104\tfrom B\t\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	rows := make(map[*codes.Entry]string)
	for tab, name := range map[*codes.Table]string{a: "A", b: "B"} {
		for _, c := range []uint32{871300, 871104} {
			e, _ := tab.Lookup(c)
			rows[e] = name
		}
	}
	long := "871300 " + strings.Repeat("x", 300) + " 871104\n" // longer than the buffer: chunked
	in := strings.Repeat("871300 871104\n", 3) + long + strings.Repeat("871104 871300\n", 3)
	tables := NewTables(Finding{Table: a})
	s := &swapSink{tables: tables, next: Finding{Table: b}, rows: rows}
	f := New(Config{Tables: tables, Sink: s, BufSize: 64})
	if err := f.Run(context.Background(), &Source{Name: "x", R: iotest.OneByteReader(strings.NewReader(in))}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(s.lines, " ")
	if got != "AA AA AA AA BB BB BB" {
		t.Fatalf("tables per line: %q; want A up to the long line, whose table was swapped half-way, and B after", got)
	}
	for _, l := range s.lines {
		if l != "AA" && l != "BB" {
			t.Errorf("a line annotated from two tables: %q in %q", l, got)
		}
	}
}

// TestBigLineWholeForLineBound: a block finder that depends on line ends
// (an -e expression run without RE2) sees a line longer than a window but
// shorter than the buffer whole, so a match across a window's cut is found,
// as the line finder always found it.
func TestBigLineWholeForLineBound(t *testing.T) {
	rf, err := parse.NewRegexFinder([]string{`code=(\d+)`})
	if err != nil {
		t.Fatal(err)
	}
	if rf.Block() == nil {
		t.Fatal("code=(\\d+) should run without RE2")
	}
	line := strings.Repeat("x", window-6) + "code=871300 " + strings.Repeat("y", 1000) + "\n"
	if at := strings.Index(line, "="); at != window-2 || cut([]byte(line[:window])) != at {
		t.Fatalf("the test line does not put a window cut before '=' (at %d)", at)
	}
	for _, cfg := range []Config{{Pre: rf.Block()}, {Line: rf}, {Pre: rf.Prefilter(), Line: rf}} {
		k := &kitchen{}
		cfg.Sink = k
		f := New(cfg)
		if err := f.Run(context.Background(), &Source{Name: "-", R: strings.NewReader(line)}); err != nil {
			t.Fatal(err)
		}
		if got := f.Counts().Snapshot().Total(); got != 1 {
			t.Errorf("%T: %d codes, want 1", cfg.Pre, got)
		}
	}
}

// jsonSpans records Line.JSON for every line, asking twice (the second
// answer must be the first).
type jsonSpans struct {
	Discard
	got []string
}

func (j *jsonSpans) Line(l *Line) error {
	s, e := l.JSON()
	if s2, e2 := l.JSON(); s2 != s || e2 != e {
		return fmt.Errorf("line %d: JSON() gave %d,%d then %d,%d", l.Num, s, e, s2, e2)
	}
	j.got = append(j.got, fmt.Sprintf("%d:%d,%d", l.Num, s, e))
	return nil
}

// TestLineJSON: Line.JSON, worked out when a Sink asks, finds the object of
// each line with codes, and none in the line after one (the Filter reuses
// its Line), nor in a line whose start went to Chunk.
func TestLineJSON(t *testing.T) {
	long := strings.Repeat("x", 100) + ` {"code":871300}` // its last piece holds a whole object
	in := `I x: {"code":871300}` + "\n" +                 // 1: object
		"plain 871301 text\n" + // 2: none, after a line with one
		`{"code":871302} ` + "\r\n" + // 3: object, trailing space and CRLF
		`{"code":871303` + "\n" + // 4: not valid JSON
		"no code {}\n" + // 5: no code, no Line
		long + "\n" // 6: longer than the buffer: Continued
	want := []string{"1:5,20", "2:-1,-1", "3:0,15", "4:-1,-1", "6:-1,-1"}
	for _, size := range []int{64, 4096} {
		j := &jsonSpans{}
		f := New(Config{Sink: j, BufSize: size})
		if err := f.Run(context.Background(), &Source{Name: "x", R: strings.NewReader(in)}); err != nil {
			t.Fatal(err)
		}
		if size == 4096 {
			want[4] = fmt.Sprintf("6:101,%d", len(long))
		}
		if fmt.Sprint(j.got) != fmt.Sprint(want) {
			t.Errorf("buffer %d: got %v, want %v", size, j.got, want)
		}
	}
}

// flushSink records the order of End and Flush calls.
type flushSink struct {
	Discard
	calls []string
}

func (s *flushSink) End(*Source) error { s.calls = append(s.calls, "end"); return nil }
func (s *flushSink) Flush(release func(error)) error {
	s.calls = append(s.calls, "flush")
	release(nil)
	return nil
}

// TestRunInlineOneFlush: a small file that ends with a line feed is
// handed to the Sink as one block, which ends the source: End, then a
// single Flush, which the Sink may write at once (printer.Out.EndSource).
// Without the line feed, the last line is a block of its own.
func TestRunInlineOneFlush(t *testing.T) {
	for _, c := range []struct {
		in    string
		want  string
		lines int64
	}{
		{"a 871300\nb\n", "end flush", 2},
		{"a 871300\nb", "flush end flush", 2},
		{"", "end flush", 0},
	} {
		s := &flushSink{}
		f := New(Config{Sink: s})
		f.inline = true
		if err := f.Run(context.Background(), &Source{Name: "x", R: strings.NewReader(c.in), Regular: true}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(s.calls, " "); got != c.want {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
		if n := f.Counts().Snapshot().Lines; n != c.lines {
			t.Errorf("%q: %d lines, want %d", c.in, n, c.lines)
		}
	}
}

// FuzzRunInline: whatever the bytes and the buffer size, Run reading a
// regular file itself (runInline) hands the Sink what the reader goroutine
// hands it for the same bytes read in short pieces, counts the same, and
// returns the same error: lines longer than the buffer, CRLF split across
// reads, a last line without a line feed, an empty input.
func FuzzRunInline(f *testing.F) {
	f.Add([]byte("a 871300\nb\r\nc 871104"), uint16(0))
	f.Add([]byte("12-02 13:00:00.000  1 1 E T: code 871300\r\n\r\n"), uint16(3))
	f.Add(append(bytes.Repeat([]byte("871300 "), 40), '\n'), uint16(1))
	f.Add([]byte(""), uint16(100))
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, in []byte, size uint16) {
		run := func(src *Source, inline bool) (string, Summary, error) {
			k := &kitchen{}
			fl := New(Config{Sink: k, BufSize: minBufSize + int(size)%4096, Now: func() time.Time { return now }})
			fl.inline = inline
			err := fl.Run(context.Background(), src)
			return coalesce(k.b.String()), fl.Counts().Snapshot(), err
		}
		want, wantSum, wantErr := run(&Source{Name: "x", R: iotest.HalfReader(bytes.NewReader(in))}, false)
		got, gotSum, err := run(&Source{Name: "x", R: bytes.NewReader(in), Regular: true}, true)
		if err != wantErr {
			t.Fatalf("Run = %v, the reader's %v", err, wantErr)
		}
		if got != want {
			t.Fatalf("Sink events differ from the reader's:\n%s\nwant:\n%s", got, want)
		}
		if !reflect.DeepEqual(gotSum, wantSum) {
			t.Fatalf("counts differ from the reader's:\n%+v\n%+v", gotSum, wantSum)
		}
	})
}
