package printer_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
)

// splicing is a JSONLines that counts the windows it took from its Forks.
type splicing struct {
	*printer.JSONLines
	spliced, refused *atomic.Int64
}

func (s splicing) Splice(src *filter.Source, out [][]byte) (bool, error) {
	ok, err := s.JSONLines.Splice(src, out)
	if ok {
		s.spliced.Add(1)
	} else {
		s.refused.Add(1)
	}
	return ok, err
}

// jsonAhead runs -o json over in read as a regular file, so that the
// helper renders ahead, and returns the output and how many windows were
// spliced and refused.
func jsonAhead(t *testing.T, in []byte, size int, opt printer.JSONOptions) ([]byte, int64, int64) {
	var out bytes.Buffer
	o := printer.NewOut(&out)
	s := splicing{JSONLines: printer.NewJSONLines(o, opt), spliced: new(atomic.Int64), refused: new(atomic.Int64)}
	f := filter.New(filter.Config{Sink: s, BufSize: size})
	src := &filter.Source{Name: "t.log", R: bytes.NewReader(in), Regular: true, ModTime: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}
	if err := f.Run(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), s.spliced.Load(), s.refused.Load()
}

// logInput is about size bytes of the lines -o json treats each its own
// way: logcat lines of several formats with codes, -v long entries (some
// ended by empty lines, some longer than a window), markers, JSON object
// lines, invalid UTF-8, control bytes, CRLF, lines longer than a 300 KiB
// buffer, and no line feed at the end for even seeds.
func logInput(seed int64, size int) []byte {
	r := rand.New(rand.NewSource(seed))
	var b []byte
	for len(b) < size {
		ts := fmt.Sprintf("11-25 18:%02d:%02d.%03d", r.Intn(60), r.Intn(60), r.Intn(1000))
		switch k := r.Intn(400); {
		case k < 2:
			b = fmt.Appendf(b, "[ %s  4321: 4390 E/JIM ]\n", ts)
			for range r.Intn([]int{3, 3, 3, 3, 3, 3, 3, 3, 3, 3000}[r.Intn(10)]) {
				b = fmt.Appendf(b, "send failed code=8713%02d\n", r.Intn(40))
			}
			b = append(b, "\n\n"[:[]int{1, 1, 1, 1, 1, 1, 1, 1, 2, 0}[r.Intn(10)]]...)
			continue
		case k < 3:
			b = append(b, "--------- beginning of main"...)
		case k < 4:
			b = fmt.Appendf(b, `{"level":"error","code":8713%02d,"msg":"x"}`, r.Intn(40))
		case k < 5:
			b = fmt.Appendf(b, "%s  4321  4390 E JIM     : bad \xff\xfe \x01\x1f \"q\" \\ 会报 871300", ts)
		case k < 6 && r.Intn(10) == 0:
			b = fmt.Appendf(b, "%s  4321  4390 I JIM     : %s 871104", ts, bytes.Repeat([]byte("y"), 310<<10))
		case k < 8:
			b = fmt.Appendf(b, "E/JIM     ( 4321): failed 8713%02d", r.Intn(40))
		case k < 150:
			b = fmt.Appendf(b, "%s  4321  4390 E JIM     : failed code=8713%02d, 871%03d", ts, r.Intn(40), r.Intn(1000))
		default:
			b = fmt.Appendf(b, "%s  4321  4390 D JIM     : sync conversation seq=%d", ts, r.Intn(1e7))
		}
		if r.Intn(10) == 0 {
			b = append(b, '\r')
		}
		b = append(b, '\n')
	}
	if seed%2 == 0 {
		b = b[:len(b)-1]
	}
	return b
}

// TestJSONRenderAhead: -o json over a regular file, where the helper
// renders windows of records with a Fork (fork.go), writes the same bytes
// as over a reader that is not one; windows are spliced, and some refused
// where a -v long entry runs across them. With Matched there is no Fork.
func TestJSONRenderAhead(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var sample []byte
	for _, name := range []string{"long.log", "threadtime.log", "brief.log", "time.log"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "logcat", name))
		if err != nil {
			t.Fatal(err)
		}
		sample = append(sample, b...)
	}
	inputs := map[string][]byte{
		"blank lines across windows": blankAcross(),
		"random 1":                   logInput(1, 3<<20),
		"random 2":                   logInput(2, 3<<20),
		"testdata":                   bytes.Repeat(sample, (2<<20)/len(sample)+1),
	}
	for name, in := range inputs {
		for _, size := range []int{filter.DefaultBufSize, 300 << 10} {
			for _, matched := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%d/%v", name, size, matched), func(t *testing.T) {
					opt := printer.JSONOptions{Matched: matched}
					want := jsonLines(t, in, filter.Config{BufSize: size}, opt, iotest.HalfReader)
					got, spliced, refused := jsonAhead(t, in, size, opt)
					// Racing, the Filter may get to every window first
					// (unlikely, on a busy machine): try again.
					for try := 0; try < 5 && !matched && spliced == 0 && bytes.Equal(got, want); try++ {
						got, spliced, refused = jsonAhead(t, in, size, opt)
					}
					if !bytes.Equal(got, want) {
						t.Fatalf("output differs (%d windows spliced, %d refused) %s", spliced, refused, showDiff(got, want))
					}
					if matched != (spliced == 0) {
						t.Fatalf("%d windows spliced with Matched %v", spliced, matched)
					}
					checkRecords(t, got)
					t.Logf("%d windows spliced, %d refused", spliced, refused)
				})
			}
		}
	}
}

// blankAcross is a log whose first block's last two windows (at
// DefaultBufSize) are cut between the two empty lines that end a -v long
// entry: the first ends the entry, and the second, which starts the next
// window, belongs to it and has no record of its own. Every other line is
// 64 bytes long, so that the windows are 64 KiB each.
func blankAcross() []byte {
	line := func(i int) []byte {
		l := fmt.Appendf(nil, "11-25 18:35:01.123  4321  4390 E JIM     : failed 8713%02d #%d", i%40, i)
		return append(append(l, bytes.Repeat([]byte{' '}, 63-len(l))...), '\n')
	}
	var b []byte
	for i := 0; len(b) < 15<<16-1-127; i++ {
		b = append(b, line(i)...)
	}
	entry := []byte("[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nsend failed code=871300")
	entry = append(append(entry, bytes.Repeat([]byte{' '}, 126-len(entry))...), '\n')
	b = append(b, entry...)
	b = append(b, "\n\n"...) // the first at 15<<16-1, the end of the 15th window
	for i := 0; len(b) < 3<<20; i++ {
		b = append(b, line(i)...)
	}
	return b
}

// FuzzJSONRenderAhead: -o json over a regular file, where the helper
// renders windows ahead, writes what it writes over a reader that is not
// one, for logs of the line shapes the fuzzer picks, repeated to 600 KB
// (finding ahead needs blocks of four windows): -v long entries and the
// empty lines after them, markers, JSON lines, lines longer than the
// buffer, invalid UTF-8, CRLF.
func FuzzJSONRenderAhead(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"), uint8(0))
	f.Add([]byte("\x03\x04\x04\x05\x05\x00\x00"), uint8(1))
	f.Add([]byte("\x08\x02\x03\x05\x06\x00\x01"), uint8(2))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	f.Fuzz(func(t *testing.T, b []byte, size uint8) {
		if len(b) == 0 {
			return
		}
		var in []byte
		for i := 0; len(in) < 600<<10; i++ {
			c := b[i%len(b)]
			ts := fmt.Sprintf("11-25 18:%02d:%02d.%03d", i/60%60, int(c)%60, i%1000)
			switch c % 10 {
			case 0:
				in = fmt.Appendf(in, "%s  4321  4390 E JIM     : failed code=%d\n", ts, 871000+int(c)*7%1000)
			case 1:
				in = fmt.Appendf(in, "%s  4321  4390 D JIM     : nothing %d\r\n", ts, i)
			case 2:
				in = fmt.Appendf(in, "[ %s  4321: 4390 E/JIM ]\n", ts)
			case 3:
				in = fmt.Appendf(in, "send failed 8713%02d\n", int(c)%40)
			case 4:
				in = append(in, '\n')
			case 5:
				in = append(in, "--------- beginning of main\n"...)
			case 6:
				in = fmt.Appendf(in, `{"code":8713%02d,"m":"\xff"}`+"\n", int(c)%40)
			case 7:
				in = fmt.Appendf(in, "%s  4321  4390 I JIM     : %s 871104\n", ts, bytes.Repeat([]byte("y"), 70<<10+int(c)*100))
			case 8:
				in = fmt.Appendf(in, "E/JIM     ( 4321): \x01\"%d\" 会报 871300\n", i)
			default:
				in = fmt.Appendf(in, "%s  4321  4390 W JIM     : x 871%03d", ts, c)
				if i%3 > 0 {
					in = append(in, '\n')
				}
			}
		}
		bufSize := []int{filter.DefaultBufSize, 300 << 10, 400 << 10}[int(size)%3]
		want := jsonLines(t, in, filter.Config{BufSize: bufSize}, printer.JSONOptions{}, iotest.HalfReader)
		got, spliced, refused := jsonAhead(t, in, bufSize, printer.JSONOptions{})
		if !bytes.Equal(got, want) {
			t.Fatalf("output differs (%d windows spliced, %d refused) %s", spliced, refused, showDiff(got, want))
		}
	})
}

// showDiff shows where got and want first differ (diffAt).
func showDiff(got, want []byte) string {
	i := diffAt(got, want)
	return fmt.Sprintf("at byte %d:\ngot:  %q\nwant: %q", i, got[max(0, i-300):min(len(got), i+100)], want[max(0, i-300):min(len(want), i+100)])
}
