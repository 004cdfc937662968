package filter

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
)

// kitchen renders every Sink call as a line of text, so that tests can
// expect strings.
type kitchen struct{ b strings.Builder }

func (k *kitchen) Begin(s *Source) error      { fmt.Fprintf(&k.b, "begin:%s\n", s.Label()); return nil }
func (k *kitchen) End(s *Source) error        { fmt.Fprintf(&k.b, "end:%s\n", s.Label()); return nil }
func (k *kitchen) Flush(release func()) error { release(); return nil }
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

var readers = []struct {
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
	for _, r := range readers {
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
		if err := f.Run(&Source{Name: "-", R: wrap(strings.NewReader(in))}); err != nil {
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

// text runs the text printer over in.
func text(t testing.TB, in []byte, cfg Config, opt TextOptions, wrap func(io.Reader) io.Reader) ([]byte, *Filter) {
	return runSink(t, in, cfg, func(o *Out) Sink { return NewText(o, opt) }, wrap)
}

// runSink runs a Filter with the Sink that sink makes over in, and returns
// what the Sink wrote.
func runSink(t testing.TB, in []byte, cfg Config, sink func(*Out) Sink, wrap func(io.Reader) io.Reader) ([]byte, *Filter) {
	var out bytes.Buffer
	o := NewOut(&out)
	defer o.Close()
	cfg.Sink = sink(o)
	f := New(cfg)
	if err := f.Run(&Source{Name: "t.log", R: wrap(bytes.NewReader(in))}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), f
}

func TestTextRoundTrip(t *testing.T) {
	in := []byte("plain\n\x00\xff\xfe bytes 871300\r\nno newline at the end 871104\r")
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		out, _ := text(t, in, Config{BufSize: size}, TextOptions{}, wrap)
		if !bytes.Equal(Strip(out), in) {
			t.Fatalf("strip(out) != in\nout: %q", out)
		}
		want := "plain\n\x00\xff\xfe bytes 871300" + Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\r\n" +
			"no newline at the end 871104\r" + Marker + "871104 Server internal error. (Server internal error)"
		if string(out) != want {
			t.Errorf("out:\n%q\nwant:\n%q", out, want)
		}
	})
}

// randomInput makes inputs that stress the scanner: digit runs, codes,
// CR/LF mixes, NULs, invalid UTF-8 and now and then a long line.
func randomInput(r *rand.Rand, max int) []byte {
	pieces := []string{"871300", "871999", "871", "8713001", "a871300", "871300_", "\r\n", "\n", "\r",
		"\x00", "\xff", "会报", " ", "x", "0", "12", "7130001", "\t", "{\"code\":871104}", "\x1b[31m", "\x1b", "\x1b]0;t\x07"}
	var b []byte
	n := r.Intn(max)
	for len(b) < n {
		if r.Intn(50) == 0 {
			b = append(b, bytes.Repeat([]byte{'y'}, r.Intn(300))...)
		}
		b = append(b, pieces[r.Intn(len(pieces))]...)
	}
	return b
}

func TestTextPropertyRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	tab := codes.Embedded()
	regex, err := parse.NewRegexFinder([]string{`(\d+)`})
	if err != nil {
		t.Fatal(err)
	}
	cfgs := []Config{
		{},
		{Pre: parse.NewScanner([]uint32{7130001, 12})},
		{Line: regex},
	}
	opts := []TextOptions{{}, {Matched: false, Prefix: true}}
	for i := 0; i < 300; i++ {
		in := randomInput(r, 2000)
		for ci, cfg := range cfgs {
			cfg.Table = tab
			for _, size := range bufSizes[:3] {
				out, _ := text(t, in, Config{Table: cfg.Table, Pre: cfg.Pre, Line: cfg.Line, BufSize: size}, opts[0], iotest.HalfReader)
				if !bytes.Equal(Strip(out), in) {
					t.Fatalf("config %d size %d: strip(out) != in\nin:  %q\nout: %q", ci, size, in, out)
				}
			}
		}
	}
}

func TestLongLine(t *testing.T) {
	// A line many times the buffer size, with codes at its start, across
	// the places the buffer is cut, and at its end.
	var b []byte
	b = append(b, "871300 "...)
	for len(b) < 10000 {
		b = append(b, "word 12345 "...)
	}
	b = append(b, "871104 "...)
	b = append(b, bytes.Repeat([]byte("z"), 500)...)
	b = append(b, " 871310\r\nnext 871300\n"...)
	for _, size := range []int{64, 93, 4096} {
		k := &kitchen{}
		f := New(Config{Sink: k, BufSize: size})
		if err := f.Run(&Source{Name: "-", R: bytes.NewReader(b)}); err != nil {
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
		out, _ := text(t, b, Config{BufSize: size}, TextOptions{}, iotest.OneByteReader)
		if !bytes.Equal(Strip(out), b) {
			t.Errorf("size %d: long line not byte-exact", size)
		}
	}
}

func TestMatched(t *testing.T) {
	in := []byte("a\nb 871300\nc\n" + strings.Repeat("q", 300) + " 871104 end\nlast")
	out, _ := text(t, in, Config{BufSize: 64}, TextOptions{Matched: true}, iotest.OneByteReader)
	want := "b 871300" + Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\n"
	if !strings.HasPrefix(string(out), want) {
		t.Fatalf("out %q", out)
	}
	rest := string(out[len(want):])
	if !strings.Contains(rest, " 871104 end"+Marker+"871104 Server internal error. (Server internal error) | ") ||
		!strings.HasSuffix(rest, " bytes of this line before its first code not shown\n") {
		t.Errorf("long matched line: %q", rest)
	}
}

func TestPrefix(t *testing.T) {
	in := []byte("one\ntwo 871300\nthree")
	out, _ := text(t, in, Config{BufSize: 64}, TextOptions{Prefix: true}, iotest.OneByteReader)
	want := "t.log:one\nt.log:two 871300" + Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\nt.log:three"
	if string(out) != want {
		t.Errorf("out %q\nwant %q", out, want)
	}
}

func TestColor(t *testing.T) {
	out, _ := text(t, []byte("x 871300 871999\n"), Config{}, TextOptions{Color: true}, iotest.OneByteReader)
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
	out, f := text(t, []byte(b.String()+"\n"), Config{}, TextOptions{}, iotest.OneByteReader)
	if !strings.HasSuffix(string(out), " | +48 more\n") {
		t.Errorf("out %q", out[len(out)-100:])
	}
	if got := f.Counts().Snapshot().Total(); got != 80 {
		t.Errorf("counted %d codes, want 80", got)
	}
}

func TestReadError(t *testing.T) {
	// A reader that fails after some data: what was read is still handled,
	// as if the input ended there, and the error is returned.
	in := "ok 871300\npartial 871104"
	var out bytes.Buffer
	f := New(Config{Sink: NewText(NewOut(&out), TextOptions{})})
	err := f.Run(&Source{Name: "x", R: io.MultiReader(strings.NewReader(in), iotest.ErrReader(io.ErrUnexpectedEOF))})
	if err != io.ErrUnexpectedEOF {
		t.Fatalf("err = %v", err)
	}
	if !bytes.Equal(Strip(out.Bytes()), []byte(in)) {
		t.Errorf("out %q", out.Bytes())
	}
	if s := f.Counts().Snapshot(); s.Lines != 2 || s.Total() != 2 {
		t.Errorf("lines %d codes %d", s.Lines, s.Total())
	}
}

func TestNoProgress(t *testing.T) {
	f := New(Config{})
	if err := f.Run(&Source{Name: "x", R: zeroReader{}}); err != ErrNoProgress {
		t.Fatalf("err = %v", err)
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestCleanAnnotationText(t *testing.T) {
	if got := Clean("a\tb\nc\x1b[31m\u0085d\xff"); got != "a b c [31m d\xff" {
		t.Errorf("Clean = %q", got)
	}
}

func TestFollowKeepsLinesWhole(t *testing.T) {
	const n = 3
	var srcs []*Source
	var writers []*io.PipeWriter
	want := make(map[string][]string)
	for i := range n {
		r, w := io.Pipe()
		name := fmt.Sprintf("s%d", i)
		srcs = append(srcs, &Source{Name: name, R: r})
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
	o := NewOut(&out)
	f := New(Config{Sink: NewText(o, TextOptions{Prefix: true})})
	var ended []string
	err := f.Follow(srcs, 64, func(s *Source, err error) {
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
	for _, l := range strings.Split(strings.TrimSuffix(string(Strip(out.Bytes())), "\n"), "\n") {
		name, rest, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("line without prefix: %q", l)
		}
		got[name] = append(got[name], rest)
	}
	for name, lines := range want {
		if len(got[name]) != len(lines) {
			t.Fatalf("%s: %d lines, want %d", name, len(got[name]), len(lines))
		}
		for j := range lines {
			if got[name][j] != lines[j] {
				t.Fatalf("%s line %d:\n got %q\nwant %q", name, j, got[name][j], lines[j])
			}
		}
	}
	s := f.Counts().Snapshot()
	if s.Lines != 3*200 || s.MatchedLines != 3*200 || s.Total() != 3*200+3*4 {
		t.Errorf("counts: %d lines, %d matched, %d codes", s.Lines, s.MatchedLines, s.Total())
	}
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
	for _, wrap := range readers {
		k := &kitchen{}
		f := New(Config{Sink: k})
		if err := f.Run(&Source{Name: "-", R: wrap.wrap(bytes.NewReader(b))}); err != nil {
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
		out, _ := text(t, b, Config{}, TextOptions{}, wrap.wrap)
		if !bytes.Equal(Strip(out), b) {
			t.Errorf("%s: not byte-exact", wrap.name)
		}
		out, _ = text(t, b, Config{}, TextOptions{Matched: true}, wrap.wrap)
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
		out, _ := text(t, []byte(in+"\n"), Config{}, TextOptions{Color: true}, iotest.OneByteReader)
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
