package filter

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jmlog/jmlog/parse"
)

// entrySink is a Forker whose output for a line depends on the lines
// before it, as the JSON-lines printer's does for logcat -v long entries:
// a line that starts with '[' opens an entry, which takes in the lines
// after it until an empty line (which belongs to it) or a line that starts
// with a digit (which does not). Each line is written with its codes, its
// Entry, and whether an entry took it in. Like Out, it keeps what it is
// given by reference until Flush, and writes it then; its Forks give back
// what they rendered only at Reset, which poisons it.
type entrySink struct {
	out     bytes.Buffer
	pending [][]byte
	entry   bool
	fork    bool // a Fork: Cut hands out what it rendered
	cur     []byte
	held    [][]byte // a Fork's, since Reset

	failAt                             int64 // Splice fails at its failAt-th call (from 1), when set
	full, spliced, refused, cutDropped *atomic.Int64
	forks                              *atomic.Int64 // Forks whose pieces are held
	maxForks                           int64         // Full when that many hold pieces
}

func newEntrySink(maxForks int64) *entrySink {
	return &entrySink{full: new(atomic.Int64), spliced: new(atomic.Int64), refused: new(atomic.Int64),
		cutDropped: new(atomic.Int64), forks: new(atomic.Int64), maxForks: maxForks}
}

func (s *entrySink) line(text []byte, notes []Note, omitted int) {
	b := s.cur
	switch {
	case s.entry && len(text) == 0:
		s.entry = false
		b = append(b, "entry end\n"...)
		s.cur = b
		return
	case s.entry && (text[0] < '0' || text[0] > '9'):
		b = append(b, "  in entry: "...)
	case len(text) > 0 && text[0] == '[':
		s.entry = true
		b = append(b, "entry: "...)
	default:
		s.entry = false
		b = append(b, "line: "...)
	}
	b = append(b, text...)
	for _, n := range notes {
		b = fmt.Appendf(b, " {%d x%d %v}", n.Code, n.Count, n.Entry != nil)
	}
	if omitted > 0 {
		b = fmt.Appendf(b, " +%d", omitted)
	}
	s.cur = append(b, '\n')
}

func (s *entrySink) flushCur() {
	if len(s.cur) > 0 && !s.fork {
		s.pending = append(s.pending, s.cur)
		s.cur = nil
	}
}

func (s *entrySink) Begin(*Source) error { return nil }
func (s *entrySink) End(*Source) error   { s.flushCur(); return nil }
func (s *entrySink) Pass(_ *Source, p []byte) error {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.line(p, nil, 0)
			break
		}
		s.line(bytes.TrimSuffix(p[:i], []byte("\r")), nil, 0)
		p = p[i+1:]
	}
	s.flushCur()
	return nil
}
func (s *entrySink) Chunk(_ *Source, p []byte, _ bool) error {
	s.entry = false
	s.pending = append(s.pending, append([]byte("chunk: "), p...))
	return nil
}
func (s *entrySink) Line(l *Line) error {
	if l.Continued {
		s.entry = false
	}
	if s.fork && (l.Num != 0 || l.Continued) {
		panic("a Fork got a line number or a continued line")
	}
	s.line(l.Text, l.Notes, l.Omitted)
	s.flushCur()
	return nil
}
func (s *entrySink) Flush(release func(error)) error {
	for _, p := range s.pending {
		s.out.Write(p)
	}
	s.pending = s.pending[:0]
	release(nil)
	return nil
}

func (s *entrySink) Fork() Fork {
	return &entrySink{fork: true, full: s.full, spliced: s.spliced, refused: s.refused,
		cutDropped: s.cutDropped, forks: s.forks, maxForks: s.maxForks}
}

func (s *entrySink) Splice(_ *Source, out [][]byte) (bool, error) {
	if s.spliced.Load()+1 == s.failAt {
		return false, errSink
	}
	if s.entry {
		s.refused.Add(1)
		return false, nil
	}
	s.spliced.Add(1)
	s.pending = append(s.pending, out...)
	return true, nil
}

func (s *entrySink) Cut(dst [][]byte) ([][]byte, bool) {
	if len(s.held) == 0 {
		s.forks.Add(1)
	}
	p := s.cur
	s.cur = nil
	s.held = append(s.held, p)
	if s.entry {
		s.entry = false
		s.cutDropped.Add(1)
		return dst, false
	}
	return append(dst, p), true
}

func (s *entrySink) Full() bool {
	full := s.maxForks > 0 && s.forks.Load() >= s.maxForks
	if full {
		s.full.Add(1)
	}
	return full
}

func (s *entrySink) Reset() {
	if len(s.held) > 0 {
		s.forks.Add(-1)
	}
	for _, p := range s.held {
		for i := range p {
			p[i] = 'X' // what a later render would write over
		}
	}
	s.held, s.cur, s.entry = s.held[:0], nil, false
}

// entryInput is about size bytes of timed log lines with codes on many,
// and entries (see entrySink) of up to n lines now and then, some ended by
// an empty line, and lines with more codes than MaxNotes.
func entryInput(seed int64, size, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	var b []byte
	for len(b) < size {
		ts := fmt.Sprintf("12-02 13:%02d:%02d.%03d", r.Intn(60), r.Intn(60), r.Intn(1000))
		switch k := r.Intn(200); {
		case k == 0:
			b = fmt.Appendf(b, "[ %s  1871: 1871 E/JMessage ]\n", ts)
			for range r.Intn(n) {
				b = fmt.Appendf(b, "send failed code=8713%02d\n", r.Intn(40))
			}
			if r.Intn(2) == 0 {
				b = append(b, '\n')
			}
			continue
		case k < 3:
			b = fmt.Appendf(b, "%s  1871  1871 E JMessage: many:", ts) // more than MaxNotes
			for range 30 {
				b = fmt.Appendf(b, " 8713%02d", r.Intn(40))
			}
		case k < 100:
			b = fmt.Appendf(b, "%s  1871  1871 E JMessage: failed 8713%02d and 871%03d, 1234567", ts, r.Intn(40), r.Intn(1000))
		default:
			b = fmt.Appendf(b, "%s  1871  1871 I Tag: nothing here, uid=%d", ts, r.Intn(1e7))
		}
		b = endLine(b, r)
	}
	if seed%2 == 0 {
		b = b[:len(b)-1] // no line feed at the end
	}
	return b
}

// TestRenderAhead: with a Sink that is a Forker, the helper renders the
// windows it claims (render_ahead.go), and the Sink's output and the
// Counts are the same to the byte as without finding ahead, whether the
// helper races the Filter or is done with each block first, whether the
// Forks' memory runs out or not, and where entries run across windows
// (the Fork's Cut and the Sink's Splice refuse them). With a line finder,
// the helper runs it too. Nothing is spliced where the Filter's state
// could change a window: CRI.
func TestRenderAhead(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	mod := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	reg, err := parse.NewRegexFinder([]string{`871\d{3}`})
	if err != nil {
		t.Fatal(err)
	}
	// A pattern that needs RE2: its prefilter picks lines, and RE2 finds
	// their codes (the line finder), which the helper runs too.
	re2, err := parse.NewRegexFinder([]string{`(?i)failed.*?(871\d\d\d)\b`, `(?i)pid (871\d\d\d)$`})
	if err != nil || re2.Block() != nil {
		t.Fatal("want a pattern that needs RE2", err)
	}
	for _, tc := range []struct {
		name   string
		in     func(seed int64) []byte
		cfg    func() Config
		splice bool // some windows are spliced
		refuse bool // and some refused, by Cut and by Splice
	}{
		{"short entries", func(s int64) []byte { return entryInput(s, 2<<20, 5) }, func() Config { return Config{} }, true, false},
		{"long entries", func(s int64) []byte { return entryInput(s, 2<<20, 600) }, func() Config { return Config{} }, true, true},
		{"long lines", func(s int64) []byte { return countInput("sparse", s, 2<<20) }, func() Config { return Config{Pre: reg} }, true, false},
		{"untimed", func(s int64) []byte { return countInput("untimed", s, 2<<20) }, func() Config { return Config{} }, true, false},
		{"other codes", func(s int64) []byte { return countInput("extra", s, 2<<20) },
			func() Config { return Config{Pre: parse.NewScanner([]uint32{1234567})} }, true, false},
		{"cri", func(s int64) []byte { return countInput("cri", s, 2<<20) }, func() Config { return Config{} }, false, false},
		{"line finder", func(s int64) []byte { return entryInput(s, 2<<20, 5) }, func() Config { return Config{Pre: re2.Prefilter(), Line: re2} }, true, false},
		{"line finder, long lines", func(s int64) []byte { return countInput("sparse", s, 2<<20) },
			func() Config { return Config{Pre: re2.Prefilter(), Line: re2} }, true, false},
	} {
		for seed := int64(1); seed <= 2; seed++ {
			in := tc.in(seed)
			for _, size := range []int{DefaultBufSize, 300 << 10} {
				t.Run(fmt.Sprintf("%s/%d/%d", tc.name, seed, size), func(t *testing.T) {
					run := func(src *Source, noAhead, first bool, maxForks int64) (string, Summary, *entrySink, *Filter) {
						s := newEntrySink(maxForks)
						c := tc.cfg()
						c.Sink, c.BufSize = s, size
						f := New(c)
						f.noAhead, f.joinAhead = noAhead, first
						if err := f.Run(context.Background(), src); err != nil {
							t.Fatal(err)
						}
						return s.out.String(), f.Counts().Snapshot(), s, f
					}
					want, wantSum, _, _ := run(&Source{Name: "x", R: iotest.HalfReader(bytes.NewReader(in)), ModTime: mod}, true, false, 0)
					if wantSum.Total() == 0 {
						t.Fatal("no codes counted")
					}
					for _, m := range []struct {
						name     string
						first    bool
						maxForks int64
					}{{"racing", false, 0}, {"helper first", true, 0}, {"memory runs out", true, 1}} {
						got, sum, s, f := run(&Source{Name: "x", R: bytes.NewReader(in), Regular: true, ModTime: mod}, false, m.first, m.maxForks)
						if got != want {
							t.Fatalf("%s: output differs (%d windows spliced, %d refused, %d dropped by Cut):\n%s",
								m.name, s.spliced.Load(), s.refused.Load(), s.cutDropped.Load(), firstDiff(got, want))
						}
						if !reflect.DeepEqual(sum, wantSum) {
							t.Fatalf("%s: counts differ:\n%+v\n%+v", m.name, sum, wantSum)
						}
						if int64(f.spliced) != s.spliced.Load() {
							t.Fatalf("%s: the Filter counted %d windows spliced, the Sink %d", m.name, f.spliced, s.spliced.Load())
						}
						if !m.first {
							continue // racing, the Filter may get to every window first
						}
						if m.maxForks == 0 && tc.splice != (s.spliced.Load() > 0) || !tc.splice && s.spliced.Load() > 0 {
							t.Fatalf("%s: %d windows spliced; want some: %v", m.name, s.spliced.Load(), tc.splice)
						}
						if tc.refuse && m.maxForks == 0 && (s.refused.Load() == 0 || s.cutDropped.Load() == 0) {
							t.Fatalf("%s: %d windows refused by Splice, %d by Cut; want some of each", m.name, s.refused.Load(), s.cutDropped.Load())
						}
						if m.maxForks > 0 && tc.splice && s.full.Load() == 0 {
							t.Fatalf("%s: the helper never found the Forks full", m.name)
						}
					}
				})
			}
		}
	}
}

// firstDiff shows where got and want first differ.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("at byte %d:\ngot:  %q\nwant: %q", i, got[lo:min(len(got), i+200)], want[lo:min(len(want), i+200)])
}

// TestRenderAheadSinkError: when the Sink fails, Run stops with blocks read
// and rendered ahead that never reach the Sink; what was rendered for them
// goes back all the same (found.discard), so that the Filter renders ahead
// as much in its next Run.
func TestRenderAheadSinkError(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	in := entryInput(1, 6<<20, 5)
	s := newEntrySink(0)
	s.failAt = 20 // in the second block of six, of 16 windows each
	f := New(Config{Sink: s})
	f.joinAhead = true // every block is rendered ahead before the Filter gets it
	if err := f.Run(context.Background(), &Source{Name: "x", R: bytes.NewReader(in), Regular: true}); err != errSink {
		t.Fatalf("Run returned %v, want the Sink's error", err)
	}
	if s.spliced.Load() == 0 {
		t.Fatal("nothing was spliced before the error")
	}
	if n := s.forks.Load(); n != 0 {
		t.Fatalf("%d Forks still hold what they rendered after Run returned", n)
	}
}
