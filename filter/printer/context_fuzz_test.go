package printer_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/printer/printertest"
	"github.com/jmlog/jmlog/parse/logcat"
)

// numbers records the numbers of the lines with codes.
type numbers struct {
	filter.Discard
	m map[int]bool
}

func (n *numbers) Line(l *filter.Line) error { n.m[int(l.Num)] = true; return nil }

// splitLines splits in after each "\n".
func splitLines(in []byte) [][]byte {
	var lines [][]byte
	for len(in) > 0 {
		i := bytes.IndexByte(in, '\n')
		if i < 0 {
			i = len(in) - 1
		}
		lines = append(lines, in[:i+1])
		in = in[i+1:]
	}
	return lines
}

// naiveContext is grep -B before -A after, line by line, with jmlog's
// rule for logcat -v long entries: a group whose first line is a message
// line of an entry whose header it does not hold starts with that header.
func naiveContext(lines [][]byte, matched map[int]bool, before, after int, sep bool) []byte {
	n := len(lines)
	printed := make([]bool, n+2)
	for m := range matched {
		for i := max(1, m-before); i <= min(n, m+after); i++ {
			printed[i] = true
		}
	}
	var out []byte
	any := false
	for i := 1; i <= n; i++ {
		if !printed[i] {
			continue
		}
		if !printed[i-1] {
			if any && sep {
				out = append(out, "--\n"...)
			}
			if h := naiveHeader(lines, i); h > 0 {
				out = append(out, lines[h-1]...)
			}
		}
		out = append(out, lines[i-1]...)
		any = true
	}
	return out
}

// naiveHeader is the number of the header line of the -v long entry that
// line s is a message line of, or 0.
func naiveHeader(lines [][]byte, s int) int {
	if naiveKind(lines[s-1]) != 0 {
		return 0
	}
	for k := s - 1; k >= 1; k-- {
		switch naiveKind(lines[k-1]) {
		case 1:
			return k
		case 2:
			return 0
		}
	}
	return 0
}

// naiveKind: 0 a message line, 1 a -v long header, 2 anything that ends an
// entry (an empty line, a marker, a logcat line of another format).
func naiveKind(line []byte) int {
	text := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	l, ok := logcat.Parse(text)
	switch {
	case len(text) == 0:
		return 2
	case ok && l.Format == logcat.LongHeader && len(text) <= 512:
		return 1
	case ok && l.Format != logcat.LongHeader:
		return 2
	}
	return 0
}

// FuzzContext: --matched with -B/-A prints, annotations aside, what a
// line-by-line grep -B/-A prints, with the -v long header rule.
func FuzzContext(f *testing.F) {
	for _, c := range contextCases {
		f.Add([]byte(c.in), uint8(c.ctx.Before), uint8(c.ctx.After))
	}
	f.Add([]byte("[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\r\nx\r\ny 871300\r\n\r\n--------- beginning of main\r\nz 871104"), uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, in []byte, b, a uint8) {
		before, after := int(b%5), int(a%5)
		lines := splitLines(in)
		if len(lines) > 60 || len(in) > 8000 || bytes.Contains(in, []byte("jmlog")) {
			t.Skip() // look-backs and the buffer are bounded; inputs that look like annotations do not strip back
		}
		nums := &numbers{m: map[int]bool{}}
		f := filter.New(filter.Config{Sink: nums, BufSize: 8192})
		if err := f.Run(context.Background(), &filter.Source{Name: "-", R: bytes.NewReader(in)}); err != nil {
			t.Fatal(err)
		}
		sep := before > 0 || after > 0
		ctx := printer.Context{Before: before, After: after}
		if sep {
			ctx.Separator = []byte("--")
		}
		var out bytes.Buffer
		o := printer.NewOut(&out)
		tf := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{Matched: true, Context: ctx}), BufSize: 8192})
		if err := tf.Run(context.Background(), &filter.Source{Name: "-", R: bytes.NewReader(in)}); err != nil {
			t.Fatal(err)
		}
		o.Close()
		got := printertest.Strip(out.Bytes())
		if want := naiveContext(lines, nums.m, before, after, sep); !bytes.Equal(got, want) {
			t.Fatalf("-B %d -A %d on %q:\n got %q\nwant %q", before, after, in, got, want)
		}
	})
}
