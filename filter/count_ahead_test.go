package filter

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"runtime"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jmlog/jmlog/parse"
	"github.com/jmlog/jmlog/parse/logtime"
)

// countInput is about size bytes of log in one of several shapes, each
// with codes on many lines, and with what makes the helper leave a window
// to the Filter (count_ahead.go) now and then, or throughout.
func countInput(shape string, seed int64, size int) []byte {
	r := rand.New(rand.NewSource(seed))
	var b []byte
	sec, nextHuge := 0, 500<<10
	for len(b) < size {
		if r.Intn(50) == 0 {
			sec += r.Intn(5000) // gaps, so the timeline grows
		}
		sec++
		ts := fmt.Sprintf("12-02 %02d:%02d:%02d.%03d", sec/3600%24, sec/60%60, sec%60, r.Intn(1000))
		code := 871000 + r.Intn(1000)
		rare := r.Intn(1000)       // the lines that make a window the Filter's
		huge := len(b) >= nextHuge // every 700 KiB or so
		switch n := r.Intn(100); {
		case shape == "cri":
			part := "F"
			if n < 30 {
				part = "P"
			}
			b = fmt.Appendf(b, "2026-12-02T10:%02d:%02d.1Z stdout %s x %d y 8713", sec/60%60, sec%60, part, code)
		case huge:
			// Longer than the smaller buffer, with codes only at its start.
			nextHuge = len(b) + 700<<10
			b = fmt.Appendf(b, "%s  871 871 I Tag: 871104 %s", ts, bytes.Repeat([]byte("x"), 300<<10+r.Intn(200<<10)))
		case shape == "long" && rare < 2:
			b = fmt.Appendf(b, "[ %s  1871: 1871 E/JMessage ]\nsend failed code=%d\n", ts, code)
		case shape == "untimed" && rare < 1:
			b = fmt.Appendf(b, "\tat cn.jiguang.Foo(Foo.java:%d) code %d", code%1000, code)
		case shape == "untimed" && rare < 2:
			// a blank line
		case shape == "extra" && rare < 2:
			b = fmt.Appendf(b, "%s  1871  1871 E Tag: code 1234567 and %d", ts, code)
		case n < 60 && (shape != "sparse" || n < 3):
			b = fmt.Appendf(b, "%s  1871  1871 E JMessage: failed %d, %d and 18713001 pid 871%03d", ts, code, code+r.Intn(2), r.Intn(1000))
		case n < 62 && shape != "sparse":
			b = fmt.Appendf(b, "%s  871 871 I Tag: %s", ts, bytes.Repeat([]byte("871300 "), 1+r.Intn(20000)))
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

// The ways TestCountAhead runs the Filter: every window through window's
// general way (no countOwn, no helper); without the helper; with the
// helper racing the Filter; with the helper done with each block before
// the Filter starts it (Filter.joinAhead).
const (
	general = iota
	noAhead
	racing
	helperFirst
)

// TestCountAhead: with -c (Discard), counting ahead on the helper and
// counting lean on the Filter (count_ahead.go) give the Counts, to the
// last number, that window's general way gives, reading the same bytes
// from a reader that is no regular file; and windows are counted so where
// the log lets them be, and not where it does not.
func TestCountAhead(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	reg, err := parse.NewRegexFinder([]string{`871\d{3}`})
	if err != nil {
		t.Fatal(err)
	}
	mod := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		shape string
		cfg   func() Config
		ahead bool // some windows are counted ahead
	}{
		{"logcat", func() Config { return Config{} }, true},
		{"sparse", func() Config { return Config{Pre: reg} }, true},
		{"logcat", func() Config { return Config{Pre: reg} }, true},
		{"untimed", func() Config { return Config{Pre: reg} }, true},
		{"long", func() Config { return Config{Pre: reg} }, true},
		{"extra", func() Config { return Config{Pre: parse.NewScanner([]uint32{1234567})} }, true},
		{"logcat", func() Config { return Config{Pre: reg, By: []By{ByTag}} }, false},
		{"cri", func() Config { return Config{Pre: reg} }, false},
	} {
		for seed := int64(1); seed <= 2; seed++ {
			in := countInput(tc.shape, seed, 3<<20)
			for _, size := range []int{DefaultBufSize, 300 << 10} {
				name := fmt.Sprintf("%s/%d/by%d/%d/%T", tc.shape, seed, len(tc.cfg().By), size, tc.cfg().Pre)
				t.Run(name, func(t *testing.T) {
					run := func(src *Source, mode int) (Summary, int64, int64) {
						c := tc.cfg()
						c.BufSize = size
						f := New(c)
						f.noAhead = mode == noAhead || mode == general
						f.noLean = mode == general
						f.joinAhead = mode == helperFirst
						if err := f.Run(context.Background(), src); err != nil {
							t.Fatal(err)
						}
						return f.Counts().Snapshot(), f.tallied, f.lean
					}
					want, _, _ := run(&Source{Name: "x", R: iotest.HalfReader(bytes.NewReader(in)), ModTime: mod}, general)
					if want.Total() == 0 {
						t.Fatal("no codes counted")
					}
					if _, _, lean := run(&Source{Name: "x", R: bytes.NewReader(in), ModTime: mod}, noAhead); tc.ahead != (lean > 0) {
						t.Fatalf("%d windows counted lean; want some: %v", lean, tc.ahead)
					}
					for _, mode := range []int{general, noAhead, racing, helperFirst} {
						ahead := mode == racing || mode == helperFirst
						got, tallied, _ := run(&Source{Name: "x", R: bytes.NewReader(in), Regular: true, ModTime: mod}, mode)
						if !reflect.DeepEqual(got, want) {
							t.Fatalf("mode %d (%d windows counted ahead): counts differ from the reader's:\n%+v\n%+v", mode, tallied, got, want)
						}
						// Racing, the Filter may get to every window first.
						if mode == helperFirst && tc.ahead != (tallied > 0) || !tc.ahead && tallied > 0 {
							t.Fatalf("mode %d: %d windows counted ahead; want some: %v", mode, tallied, tc.ahead)
						}
						if !ahead && tallied != 0 {
							t.Fatalf("%d windows counted ahead without finding ahead", tallied)
						}
					}
				})
			}
		}
	}
}

// TestCountWindow: found.count counts a window as window would, or says
// it cannot, leaving what was counted before as it was.
func TestCountWindow(t *testing.T) {
	ref := logtime.NewRef(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))
	reg, err := parse.NewRegexFinder([]string{`\d{6,7}`})
	if err != nil {
		t.Fatal(err)
	}
	const (
		a = "12-02 13:00:01.000  1 1 E T: x 871300 and 871104\n"
		b = "12-02 13:00:02.500  1 1 I T: nothing\r\n"
		c = "12-02 13:00:03.000  1 1 E T: 871999\r\n"
	)
	ns := func(line string) int64 {
		v, ok := logtime.Parse([]byte(line), ref)
		if !ok {
			t.Fatalf("no time in %q", line)
		}
		return v
	}
	for _, tc := range []struct {
		name, data string
		ok         bool
		lines      int64
		lns        []countLine
		codes      []uint32
	}{
		{"timed", a + b + c + b, true, 4,
			[]countLine{{0, ns(a)}, {2, ns(c)}}, []uint32{871300, 871104, 871999}},
		{"no codes", b + b, true, 2, nil, nil},
		{"no time", a + "at Foo 871300\n" + c, false, 0, nil, nil},
		{"long header", a + "[ 12-02 13:00:04.000  1: 1 E/T871300 ]\n", false, 0, nil, nil},
		{"not a JMessage code", a + "12-02 13:00:05.000  1 1 E T: 1234567\n", false, 0, nil, nil},
		{"no line feed at the end", a + c[:len(c)-2], false, 0, nil, nil},
		{"empty", "", false, 0, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fd := &found{}
			fd.recs = append(fd.recs, countHit{ln: 7, code: 1}) // an earlier window's
			fd.lns = append(fd.lns, countLine{rel: 9})
			var memo logtime.Memo
			var cw countedWin
			data := []byte(tc.data)
			ok := fd.count(&cw, data, reg.Find(data, nil), &memo, ref)
			if ok != tc.ok {
				t.Fatalf("count = %v, want %v", ok, tc.ok)
			}
			if !ok {
				if len(fd.recs) != 1 || len(fd.lns) != 1 {
					t.Fatalf("left %d codes and %d lines; want the earlier window's 1 and 1", len(fd.recs), len(fd.lns))
				}
				return
			}
			if cw.lines != tc.lines || len(cw.lns) != len(tc.lns) || len(tc.lns) > 0 && !reflect.DeepEqual(cw.lns, tc.lns) {
				t.Fatalf("lines %d, lines with codes %+v; want %d, %+v", cw.lines, cw.lns, tc.lines, tc.lns)
			}
			var got []uint32
			for _, h := range cw.recs {
				got = append(got, h.code)
				if int(h.ln) >= len(cw.lns) {
					t.Fatalf("code %d on line %d of %d", h.code, h.ln, len(cw.lns))
				}
			}
			if !reflect.DeepEqual(got, tc.codes) {
				t.Fatalf("codes %v, want %v", got, tc.codes)
			}
			if n := len(cw.lns); n > 0 {
				last := bytes.LastIndex(data, []byte("871999"))
				if want := last + bytes.IndexByte(data[last:], '\n') + 1; cw.end != want {
					t.Fatalf("end %d, want %d", cw.end, want)
				}
			}
		})
	}
}

// FuzzCountLean: for any log, with -c, the Counts of the lean way (count
// and countedWindow, on the Filter) are those of window's general way. The
// fuzzer's bytes pick lines from a set of shapes (timed or not, -v long
// headers, CRLF, codes of every kind, CRI pieces, blank lines) and their
// codes; small buffers make lines longer than the buffer.
func FuzzCountLean(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"), false)
	f.Add([]byte("\x07\x07\x07\x00\x00\x11\x22\x33"), true)
	f.Add([]byte("\x09\x01\x09\x02\x00"), false)
	reg, err := parse.NewRegexFinder([]string{`871\d{3}`})
	if err != nil {
		f.Fatal(err)
	}
	mod := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte, useReg bool) {
		var in []byte
		for i, c := range b {
			code := 871000 + int(c)*7%1000
			ts := fmt.Sprintf("12-02 13:%02d:%02d.%03d", i/60%60, int(c)%60, i%1000)
			switch c % 12 {
			case 0:
				in = fmt.Appendf(in, "%s  1 1 E T: code %d\n", ts, code)
			case 1:
				in = fmt.Appendf(in, "%s  1 1 E T: %d and %d\r\n", ts, code, code+1)
			case 2:
				in = fmt.Appendf(in, "\tat Foo %d\n", code) // no time
			case 3:
				in = append(in, '\n')
			case 4:
				in = fmt.Appendf(in, "[ %s  1: 1 E/T%d ]\n", ts, code)
			case 5:
				in = fmt.Appendf(in, "%s  1 1 I T: nothing 8712 pid\n", ts)
			case 6:
				in = fmt.Appendf(in, "%s  1 1 E T: 1234567 %d\n", ts, code) // not 871xxx
			case 7:
				in = fmt.Appendf(in, "%s  1 1 E T: %s\n", ts, bytes.Repeat([]byte("871300 "), int(c)%40*40))
			case 8:
				in = fmt.Appendf(in, "2026-12-02T10:00:%02d.1Z stdout P x 8713\n", int(c)%60) // a CRI piece
			case 9:
				in = fmt.Appendf(in, "%s  1 1 E T: %d", ts, code) // maybe the last, without a line feed
				if i < len(b)-1 {
					in = append(in, '\n')
				}
			default:
				in = fmt.Appendf(in, "2026-12-02T13:00:%02d.5Z level=error code=%d\n", int(c)%60, code)
			}
		}
		run := func(lean bool) Summary {
			c := Config{BufSize: 256 << (len(b) % 5)} // 256 B to 4 KiB: long lines too
			if useReg {
				c.Pre = reg
			}
			fl := New(c)
			fl.noAhead, fl.noLean = true, !lean
			if err := fl.Run(context.Background(), &Source{Name: "x", R: bytes.NewReader(in), ModTime: mod}); err != nil {
				t.Fatal(err)
			}
			return fl.Counts().Snapshot()
		}
		if got, want := run(true), run(false); !reflect.DeepEqual(got, want) {
			t.Fatalf("lean counts differ from window's:\n%+v\n%+v", got, want)
		}
	})
}
