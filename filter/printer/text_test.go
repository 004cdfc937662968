package printer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/printer/printertest"
	"github.com/jmlog/jmlog/parse"
)

func TestTextRoundTrip(t *testing.T) {
	in := []byte("plain\n\x00\xff\xfe bytes 871300\r\nno newline at the end 871104\r")
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		out, _ := text(t, in, filter.Config{BufSize: size}, printer.TextOptions{}, wrap)
		if !bytes.Equal(printertest.Strip(out), in) {
			t.Fatalf("strip(out) != in\nout: %q", out)
		}
		want := "plain\n\x00\xff\xfe bytes 871300" + printer.Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\r\n" +
			"no newline at the end 871104\r" + printer.Marker + "871104 Server internal error. (Server internal error)"
		if string(out) != want {
			t.Errorf("out:\n%q\nwant:\n%q", out, want)
		}
	})
}

func TestTextPropertyRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	tab := codes.Embedded()
	regex, err := parse.NewRegexFinder([]string{`(\d+)`})
	if err != nil {
		t.Fatal(err)
	}
	cfgs := []filter.Config{
		{},
		{Pre: parse.NewScanner([]uint32{7130001, 12})},
		{Line: regex},
	}
	opts := []printer.TextOptions{{}, {Matched: false, Prefix: true}}
	for i := 0; i < 300; i++ {
		in := randomInput(r, 2000)
		for ci, cfg := range cfgs {
			cfg.Table = tab
			for _, size := range bufSizes[:3] {
				out, _ := text(t, in, filter.Config{Table: cfg.Table, Pre: cfg.Pre, Line: cfg.Line, BufSize: size}, opts[0], iotest.HalfReader)
				if !bytes.Equal(printertest.Strip(out), in) {
					t.Fatalf("config %d size %d: strip(out) != in\nin:  %q\nout: %q", ci, size, in, out)
				}
			}
		}
	}
}

// TestLongLine: a line many times the buffer size, with codes at its
// start, across the places the buffer is cut, and at its end, comes out
// byte-exact.
func TestLongLine(t *testing.T) {
	var b []byte
	b = append(b, "871300 "...)
	for len(b) < 10000 {
		b = append(b, "word 12345 "...)
	}
	b = append(b, "871104 "...)
	b = append(b, bytes.Repeat([]byte("z"), 500)...)
	b = append(b, " 871310\r\nnext 871300\n"...)
	for _, size := range []int{64, 93, 4096} {
		out, _ := text(t, b, filter.Config{BufSize: size}, printer.TextOptions{}, iotest.OneByteReader)
		if !bytes.Equal(printertest.Strip(out), b) {
			t.Errorf("size %d: long line not byte-exact", size)
		}
	}
}

func TestMatched(t *testing.T) {
	in := []byte("a\nb 871300\nc\n" + strings.Repeat("q", 300) + " 871104 end\nlast")
	out, _ := text(t, in, filter.Config{BufSize: 64}, printer.TextOptions{Matched: true}, iotest.OneByteReader)
	want := "b 871300" + printer.Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\n"
	if !strings.HasPrefix(string(out), want) {
		t.Fatalf("out %q", out)
	}
	rest := string(out[len(want):])
	if !strings.Contains(rest, " 871104 end"+printer.Marker+"871104 Server internal error. (Server internal error) | ") ||
		!strings.HasSuffix(rest, " bytes of this line before its first code not shown\n") {
		t.Errorf("long matched line: %q", rest)
	}
}

func TestPrefix(t *testing.T) {
	in := []byte("one\ntwo 871300\nthree")
	out, _ := text(t, in, filter.Config{BufSize: 64}, printer.TextOptions{Prefix: true}, iotest.OneByteReader)
	want := "t.log:one\nt.log:two 871300" + printer.Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\nt.log:three"
	if string(out) != want {
		t.Errorf("out %q\nwant %q", out, want)
	}
}

func TestColor(t *testing.T) {
	out, _ := text(t, []byte("x 871300 871999\n"), filter.Config{}, printer.TextOptions{Color: true}, iotest.OneByteReader)
	want := "x 871300 871999\t\x1b[2m[jmlog]\x1b[0m \x1b[1;31m871300\x1b[0m Have not logged in. \x1b[2m(Initiator of api call has not logged in)\x1b[0m | \x1b[1;33m871999\x1b[0m unknown code (not in the code table)\n"
	if string(out) != want {
		t.Errorf("out %q\nwant %q", out, want)
	}
}

func TestManyCodesBounded(t *testing.T) {
	var b strings.Builder
	for c := 871100; c < 871140; c++ {
		fmt.Fprintf(&b, "%d %d ", c, c)
	}
	out, f := text(t, []byte(b.String()+"\n"), filter.Config{}, printer.TextOptions{}, iotest.OneByteReader)
	if !strings.HasSuffix(string(out), " | +48 more\n") {
		t.Errorf("out %q", out[len(out)-100:])
	}
	if got := f.Counts().Snapshot().Total(); got != 80 {
		t.Errorf("counted %d codes, want 80", got)
	}
}

// TestReadErrorText: what was read before a read error is written, as if
// the input ended there.
func TestReadErrorText(t *testing.T) {
	in := "ok 871300\npartial 871104"
	var out bytes.Buffer
	o := printer.NewOut(&out)
	f := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{})})
	err := f.Run(context.Background(), &filter.Source{Name: "x", R: io.MultiReader(strings.NewReader(in), iotest.ErrReader(io.ErrUnexpectedEOF))})
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
	o.Close()
	if !bytes.Equal(printertest.Strip(out.Bytes()), []byte(in)) {
		t.Errorf("out %q", out.Bytes())
	}
}

func TestFollowKeepsLinesWhole(t *testing.T) {
	const n = 3
	var srcs []*filter.Source
	var writers []*io.PipeWriter
	want := make(map[string][]string)
	for i := range n {
		r, w := io.Pipe()
		name := fmt.Sprintf("s%d", i)
		srcs = append(srcs, &filter.Source{Name: name, R: r})
		writers = append(writers, w)
	}
	for i, w := range writers {
		name := srcs[i].Name
		var lines []string
		for j := range 200 {
			l := fmt.Sprintf("%s line %d code 871300", name, j)
			if j%50 == 7 {
				l += " " + strings.Repeat("long ", 60) + "871104" // longer than the buffer
			}
			lines = append(lines, l)
		}
		want[name] = lines
		go func() {
			for _, l := range lines {
				// Write in two pieces, so lines arrive split across reads.
				io.WriteString(w, l[:len(l)/2])
				io.WriteString(w, l[len(l)/2:]+"\n")
			}
			w.Close()
		}()
	}
	var out bytes.Buffer
	o := printer.NewOut(&out)
	f := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{Prefix: true})})
	var ended []string
	err := f.Follow(context.Background(), srcs, 64, func(s *filter.Source, err error) {
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		ended = append(ended, s.Name)
	})
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	if len(ended) != n {
		t.Errorf("ended: %v", ended)
	}
	got := make(map[string][]string)
	for _, l := range strings.Split(strings.TrimSuffix(string(printertest.Strip(out.Bytes())), "\n"), "\n") {
		name, rest, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("line without prefix: %q", l)
		}
		got[name] = append(got[name], rest)
	}
	// Each output line is one input line of one source, or a piece of a
	// line longer than twice the buffer that Follow broke because another
	// source had lines (see Filter.Follow): the pieces, in order, make the
	// line.
	for name, lines := range want {
		pieces := got[name]
		for j, l := range lines {
			rest := l
			for k := 0; ; k++ {
				if len(pieces) == 0 {
					t.Fatalf("%s line %d: output ends; want %q", name, j, rest)
				}
				p := pieces[0]
				pieces = pieces[1:]
				if p == rest {
					break
				}
				if !strings.HasPrefix(rest, p) || len(l) <= 2*64 || p == "" {
					t.Fatalf("%s line %d, piece %d:\n got %q\nwant %q", name, j, k, p, rest)
				}
				rest = rest[len(p):]
			}
		}
		if len(pieces) > 0 {
			t.Fatalf("%s: %d more lines: %q", name, len(pieces), pieces)
		}
	}
	s := f.Counts().Snapshot()
	if s.Lines != 3*200 || s.MatchedLines != 3*200 || s.Total() != 3*200+3*4 {
		t.Errorf("counts: %d lines, %d matched, %d codes", s.Lines, s.MatchedLines, s.Total())
	}
}

// TestBigLineText: a line longer than a window but shorter than the buffer
// comes out byte-exact, and whole with --matched.
func TestBigLineText(t *testing.T) {
	const window = 64 << 10
	var b []byte
	b = append(b, "start 871300 "...)
	for len(b) < window-3 {
		b = append(b, 'x')
	}
	b = append(b, " 871104 "...)
	for len(b) < 3*window {
		b = append(b, "12345 871 "...)
	}
	b = append(b, "end 871310\r\nnext line 871300\nbig and plain "...)
	b = append(b, bytes.Repeat([]byte("y"), 2*window)...)
	b = append(b, '\n')
	for _, wrap := range readers {
		out, _ := text(t, b, filter.Config{}, printer.TextOptions{}, wrap.wrap)
		if !bytes.Equal(printertest.Strip(out), b) {
			t.Errorf("%s: not byte-exact", wrap.name)
		}
		out, _ = text(t, b, filter.Config{}, printer.TextOptions{Matched: true}, wrap.wrap)
		if got := bytes.Count(out, []byte("\n")); got != 2 || !bytes.HasPrefix(out, []byte("start 871300 ")) {
			t.Errorf("%s: --matched printed %d lines starting %q", wrap.name, got, out[:min(20, len(out))])
		}
	}
}

// vtState runs a minimal ECMA-48 parser over b and reports whether it ends
// in the ground state (not inside an escape sequence or control string).
func vtState(b []byte) bool {
	const (
		ground = iota
		esc
		csi
		str // a control string, ended by BEL (OSC) or ESC \
		strEsc
	)
	st := ground
	for _, c := range b {
		if c == 0x18 || c == 0x1a { // CAN, SUB: abort
			st = ground
			continue
		}
		switch st {
		case ground:
			if c == 0x1b {
				st = esc
			}
		case esc:
			switch {
			case c == '[':
				st = csi
			case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
				st = str
			case c >= 0x20 && c <= 0x2f:
				// intermediate: stay
			case c == 0x1b:
			default:
				st = ground
			}
		case csi:
			if c >= 0x40 && c <= 0x7e {
				st = ground
			} else if c == 0x1b {
				st = esc
			}
		case str:
			if c == 0x07 {
				st = ground
			} else if c == 0x1b {
				st = strEsc
			}
		case strEsc:
			if c == '\\' {
				st = ground
			} else {
				st = esc
			}
		}
	}
	return st == ground
}

// TestColorNeverInsideEscape: with colour, jmlog's own sequences never land
// inside an escape sequence of the input, however the line ends.
func TestColorNeverInsideEscape(t *testing.T) {
	ends := []string{"", "\x1b", "\x1b[", "\x1b[31", "\x1b[31;1", "\x1b[31m", "\x1b]0;title", "\x1b]0;title\x07",
		"\x1bP1$r", "\x1b_app", "\x1b(", "\x1b(B", "\x1b[?25", "\x1b\\", "\x1b[31m871300\x1b[0", "x\x1b"}
	for _, end := range ends {
		in := "E JIM: code 871300 " + end
		out, _ := text(t, []byte(in+"\n"), filter.Config{}, printer.TextOptions{Color: true}, iotest.OneByteReader)
		at := bytes.Index(out, []byte("\t\x1b[2m[jmlog]"))
		if at < 0 || !bytes.HasPrefix(out, []byte(in)) {
			t.Fatalf("%q: out %q", end, out)
		}
		if !vtState(out[:at]) {
			t.Errorf("%q: the annotation starts inside an escape sequence: %q", end, out)
		}
		if !vtState(out) {
			t.Errorf("%q: the output ends inside an escape sequence: %q", end, out)
		}
		if wantCAN := !vtState([]byte(in)); wantCAN != bytes.Contains(out[len(in):at], []byte{0x18}) {
			t.Errorf("%q: CAN written: %v, needed: %v", end, !wantCAN, wantCAN)
		}
	}
}

// failWriter fails every write.
type failWriter struct{}

var errDisk = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }

// TestRunReportsFinalWriteError: when every write of a source's last block
// fails, Run returns the error for that source, not on the next one (issue
// 9, defect 4).
func TestRunReportsFinalWriteError(t *testing.T) {
	for _, in := range []string{"one block 871300\nplain\n", "no code at all\n", "unterminated 871300"} {
		o := printer.NewOut(failWriter{})
		f := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{})})
		err := f.Run(context.Background(), &filter.Source{Name: "x", R: strings.NewReader(in)})
		if !errors.Is(err, errDisk) {
			t.Errorf("%q: Run = %v, want the write error", in, err)
		}
		var re *filter.ReadError
		if errors.As(err, &re) {
			t.Errorf("%q: a write error reported as a read error: %v", in, err)
		}
		o.Close()
	}
}
