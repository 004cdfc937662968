package filter

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jmlog/jmlog/parse"
)

// aheadInput is about size bytes of lines: plain ones, ones with codes
// (known, unknown, and "871" in longer numbers), runs of lines packed with
// codes, lines longer than a window, and now and then one longer than a
// 1 MiB buffer, with LF and CRLF ends and no end on the last line.
func aheadInput(seed int64, size int) []byte {
	r := rand.New(rand.NewSource(seed))
	var b []byte
	for len(b) < size {
		switch n := r.Intn(1000); {
		case n < 5:
			b = append(b, strings.Repeat("871300 x 871999,", 1+r.Intn(20000))...)
		case n < 7:
			b = append(b, strings.Repeat("a", window+r.Intn(3*window))...)
			b = fmt.Appendf(b, " code=8713%02d", r.Intn(40))
		case n < 100:
			for range 1 + r.Intn(3000) {
				b = fmt.Appendf(b, "871%03d ", r.Intn(1000))
			}
		case n < 400:
			b = fmt.Appendf(b, "12-02 13:%02d:%02d.123  1871 1871 E JMessage: send failed code=8713%02d 18713001234", r.Intn(60), r.Intn(60), r.Intn(40))
		default:
			b = fmt.Appendf(b, "12-02 13:00:00.000  8712  8712 I Tag: pid 8712 took 871ms uid=%d", r.Intn(1e7))
		}
		b = endLine(b, r)
	}
	return b[:len(b)-1]
}

// endLine ends the line being made in b with CRLF one time in ten, else
// with LF: the line ends of the test logs here.
func endLine(b []byte, r *rand.Rand) []byte {
	if r.Intn(10) == 0 {
		b = append(b, '\r')
	}
	return append(b, '\n')
}

// TestFindAhead: Run over a regular file (Source.Regular), with the block
// finder run ahead on the helper goroutine and without, and read by a
// reader goroutine or by Run itself (runInline), hands the Sink exactly
// what it hands it when it reads the same bytes from a reader that is not
// one (and returns short reads), and counts the same, whatever the buffer
// size and the density of codes; and the hits found ahead are used.
func TestFindAhead(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // the helper finds only with two
	reg, err := parse.NewRegexFinder([]string{`code=(\d+)`, `871\d{3}`})
	if err != nil {
		t.Fatal(err)
	}
	re2, err := parse.NewRegexFinder([]string{`(?i)failed.*?(871\d\d\d)\b`, `code=(\d+)`, `(?i)pid (871\d\d\d)$`})
	if err != nil || re2.Block() != nil || re2.Prefilter() == nil {
		t.Fatal("want patterns that need RE2, with a prefilter", err)
	}
	finders := map[string]func() Config{
		"default": func() Config { return Config{} },
		"extra":   func() Config { return Config{Pre: parse.NewScanner([]uint32{12, 1234567})} },
		"regex":   func() Config { return Config{Pre: reg} },
		"re2":     func() Config { return Config{Pre: re2.Prefilter(), Line: re2} }, // the helper runs the line finder
	}
	for seed := int64(1); seed <= 2; seed++ {
		in := aheadInput(seed, 2<<20+int(seed)*12345)
		for name, cfg := range finders {
			for _, size := range []int{DefaultBufSize, 300 << 10} {
				t.Run(fmt.Sprintf("%d/%s/%d", seed, name, size), func(t *testing.T) {
					run := func(src *Source, ahead, inline bool) (string, Summary, int64) {
						k := &kitchen{}
						c := cfg()
						c.Sink, c.BufSize = k, size
						f := New(c)
						f.noAhead, f.inline = !ahead, inline
						if err := f.Run(context.Background(), src); err != nil {
							t.Fatal(err)
						}
						return coalesce(k.b.String()), f.Counts().Snapshot(), f.taken
					}
					want, wantSum, _ := run(&Source{Name: "x", R: iotest.HalfReader(bytes.NewReader(in))}, true, false)
					// Reading inline without the helper is TestReadError's and
					// TestSinkErrorThenRunAgain's; here, with it (a third of this
					// test's time under the race detector, in CI).
					for _, mode := range [][2]bool{{false, false}, {true, false}, {true, true}} {
						ahead, inline := mode[0], mode[1]
						got, gotSum, taken := run(&Source{Name: "x", R: bytes.NewReader(in), Regular: true}, ahead, inline)
						if got != want {
							t.Fatalf("ahead %v, inline %v: Sink events differ from the reader's (%d bytes against %d)", ahead, inline, len(got), len(want))
						}
						if !reflect.DeepEqual(gotSum, wantSum) {
							t.Fatalf("ahead %v, inline %v: counts differ from the reader's:\n%+v\n%+v", ahead, inline, gotSum, wantSum)
						}
						if ahead && taken == 0 {
							t.Fatalf("inline %v: no window used hits found ahead", inline)
						}
						if !ahead && taken != 0 {
							t.Fatalf("%d windows used hits found ahead without finding ahead", taken)
						}
					}
				})
			}
		}
	}
}

// TestFindAheadBounded: a block packed with codes keeps at most about
// maxAhead hits found ahead, in the windows at its end; window finds the
// rest itself.
func TestFindAheadBounded(t *testing.T) {
	in := bytes.Repeat([]byte("871300 871104\n"), 1<<20/14)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	st := &stream{free: make(chan []byte, 4)}
	f := New(Config{})
	fd := findAhead(st, &f.aheadPtr, in, in)
	defer st.stopHelper()
	fd.join()
	kept := 0
	done, left := 0, 0
	for i, w := range fd.wins {
		switch fd.state[i].Load() {
		case winDone:
			kept += len(w.hits)
			done++
		case winFree:
			left++
			if done > 0 {
				t.Fatalf("window %d left after one found ahead: the helper claims from the end", i)
			}
		default:
			t.Fatalf("window %d in state %d; want done or free", i, fd.state[i].Load())
		}
	}
	if kept > maxAhead+2*window {
		t.Fatalf("%d hits kept for one block; want about %d at most", kept, maxAhead)
	}
	if done == 0 || left == 0 {
		t.Fatalf("%d windows found ahead and %d left; want some of each", done, left)
	}
}
