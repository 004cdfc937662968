package printer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/printer/printertest"
)

// contextCases: input, context, and the expected output with the
// annotations stripped.
var contextCases = []struct {
	name  string
	in    string
	ctx   printer.Context
	pre   bool
	want  string
	after string // what the output must end with (the annotation of the last line), when set
}{
	{name: "none", in: "a\nb 871300\nc\nd\ne 871104\nf\n", want: "b 871300\ne 871104\n"},
	{name: "B1", in: "a\nb 871300\nc\nd\ne 871104\nf\n", ctx: printer.Context{Before: 1, Separator: []byte("--")},
		want: "a\nb 871300\n--\nd\ne 871104\n"},
	{name: "A1", in: "a\nb 871300\nc\nd\ne 871104\nf\n", ctx: printer.Context{After: 1, Separator: []byte("--")},
		want: "b 871300\nc\n--\ne 871104\nf\n"},
	{name: "C1 adjacent groups merge", in: "a\nb 871300\nc\nd 871104\ne\n", ctx: printer.Context{Before: 1, After: 1, Separator: []byte("--")},
		want: "a\nb 871300\nc\nd 871104\ne\n"},
	{name: "C2 one line apart", in: "1\n2\n3 871300\n4\n5\n6\n7\n8 871104\n9\n", ctx: printer.Context{Before: 2, After: 2, Separator: []byte("--")},
		want: "1\n2\n3 871300\n4\n5\n6\n7\n8 871104\n9\n"},
	{name: "C2 two lines apart", in: "1\n2\n3 871300\n4\n5\n6\n7\n8\n9 871104\n", ctx: printer.Context{Before: 2, After: 2, Separator: []byte("--")},
		want: "1\n2\n3 871300\n4\n5\n--\n7\n8\n9 871104\n"},
	{name: "no separator", in: "a\nb 871300\nc\nd\ne 871104\nf\n", ctx: printer.Context{Before: 1}, want: "a\nb 871300\nd\ne 871104\n"},
	{name: "first line matches", in: "871300\nb\n", ctx: printer.Context{Before: 3, After: 3, Separator: []byte("--")}, want: "871300\nb\n"},
	{name: "last line without newline", in: "a\n871300\nz", ctx: printer.Context{After: 3, Separator: []byte("--")}, want: "871300\nz"},
	{name: "CRLF", in: "a\r\nb 871300\r\nc\r\n", ctx: printer.Context{Before: 1, After: 1, Separator: []byte("--")}, want: "a\r\nb 871300\r\nc\r\n"},
	{name: "prefix", in: "a\nb 871300\nc\nd\ne 871104\n", pre: true, ctx: printer.Context{Before: 1, After: 1, Separator: []byte("--")},
		want: "t.log-a\nt.log:b 871300\nt.log-c\nt.log-d\nt.log:e 871104\n"},
	// logcat -v long: the header travels with its message.
	{name: "long header", in: "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nlogin failed 871300\n\n[ 11-25 18:35:02.000  1: 2 I/X ]\nplain\n",
		want: "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nlogin failed 871300\n"},
	{name: "long header, deep", in: "[ 11-25 18:35:03.007  4321: 4433 W/System.err ]\njava.lang.Exception\n\tat a\n\tat b\nCaused by: 871104\n\n",
		ctx:  printer.Context{Before: 1, After: 1, Separator: []byte("--")},
		want: "[ 11-25 18:35:03.007  4321: 4433 W/System.err ]\n\tat b\nCaused by: 871104\n\n"},
	{name: "long header in the before context", in: "x\n[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nlogin failed 871300\n",
		ctx: printer.Context{Before: 2, Separator: []byte("--")}, want: "x\n[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nlogin failed 871300\n"},
	{name: "long entry ended", in: "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nmsg\n\nnot in the entry 871300\n", want: "not in the entry 871300\n"},
	{name: "long, two codes in one entry", in: "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\na 871300\nb 871104\nc\nd 871310\n",
		want: "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\na 871300\nb 871104\n[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nd 871310\n"},
	{name: "threadtime line ends the look", in: "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nmsg\n11-25 18:35:01.123  4321  4390 E JIM: x\nrest 871300\n", want: "rest 871300\n"},
}

func TestContext(t *testing.T) {
	for _, c := range contextCases {
		t.Run(c.name, func(t *testing.T) {
			forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
				opt := printer.TextOptions{Matched: true, Context: c.ctx, Prefix: c.pre}
				out, _ := text(t, []byte(c.in), filter.Config{BufSize: size}, opt, wrap)
				if got := string(printertest.Strip(out)); got != c.want {
					t.Errorf("out:\n%s\nwant:\n%s", got, c.want)
				}
			})
		})
	}
}

// TestContextLongLines: a line longer than the buffer is printed whole as
// after-context, never kept as before-context, and a long line with codes
// gets its before-context.
func TestContextLongLines(t *testing.T) {
	long := strings.Repeat("y", 300)
	in := "a\nb 871300\n" + long + "\nc\nd\n" + long + "\ne 871104\nf\ng " + long + " 871310\nh\n"
	ctx := printer.Context{Before: 1, After: 1, Separator: []byte("--")}
	for _, size := range []int{64, 93} {
		out, _ := text(t, []byte(in), filter.Config{BufSize: size}, printer.TextOptions{Matched: true, Context: ctx}, iotest.HalfReader)
		// The long line with a code is printed from the piece where its
		// code is, as --matched always does (the annotation says so).
		want := "a\nb 871300\n" + long + "\n--\ne 871104\nf\n"
		got := string(printertest.Strip(out))
		if !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "y 871310\nh\n") || !bytes.Contains(out, []byte("before its first code not shown")) {
			t.Errorf("size %d:\n%q\nwant\n%q...", size, got, want)
		}
	}
}

// TestContextBounded: -B keeps at most MaxBeforeBytes of lines.
func TestContextBounded(t *testing.T) {
	line := strings.Repeat("z", 1<<20-1) + "\n"
	in := strings.Repeat(line, 6) + "871300\n"
	out, _ := text(t, []byte(in), filter.Config{BufSize: 2 << 20}, printer.TextOptions{Matched: true, Context: printer.Context{Before: 10, Separator: []byte("--")}}, iotest.HalfReader)
	if got, want := bytes.Count(out, []byte("\n")), printer.MaxBeforeBytes>>20+1; got != want {
		t.Errorf("%d lines out, want %d", got, want)
	}
}

func TestContextColorSeparator(t *testing.T) {
	out, _ := text(t, []byte("871300\na\nb\n871300\n"), filter.Config{}, printer.TextOptions{Matched: true, Color: true, Context: printer.Context{Before: 1, Separator: []byte("--")}}, iotest.HalfReader)
	if !bytes.Contains(out, []byte("\n\x1b[36m--\x1b[0m\nb\n")) {
		t.Errorf("out %q", out)
	}
}

func TestJSONContext(t *testing.T) {
	in := "a\n{\"x\":1}\nb 871300\nc\nd\ne\n[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nmsg\n\nf 871104\ng\n"
	want := `{"x":1}` + "\n" + // as a line record, see below
		`{"line":"b 871300","jmlog":[{"code":871300,"message":"Have not logged in.","instruction":"Initiator of api call has not logged in"}]}` + "\n" +
		`{"line":"c","context":true}` + "\n" +
		`{"line":"[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nmsg","format":"long","timestamp":"11-25 18:35:01.123","pid":4321,"tid":4390,"level":"E","tag":"JIM","message":"msg","context":true}` + "\n" +
		`{"line":"f 871104","jmlog":[{"code":871104,"message":"Server internal error.","instruction":"Server internal error"}]}` + "\n" +
		`{"line":"g","context":true}` + "\n"
	want = `{"line":"{\"x\":1}","context":true}` + want[len(`{"x":1}`):]
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		if size < 4096 {
			return // the JSON printer's records do not depend on the buffer; long lines are tested elsewhere
		}
		out, _ := runSink(t, []byte(in), filter.Config{BufSize: size}, func(o *printer.Out) filter.Sink {
			return printer.NewJSONLines(o, printer.JSONOptions{Matched: true, Context: printer.Context{Before: 1, After: 1}})
		}, wrap)
		if string(out) != want {
			t.Errorf("out:\n%s\nwant:\n%s", out, want)
		}
	})
}

func TestCapture(t *testing.T) {
	in := "a\nb\nc 871300\nd\ne 871104 871300\nf\ng\nh\n" + strings.Repeat("x", 600) + " 871310\n"
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		var capt *printer.Capture
		runSink(t, []byte(in), filter.Config{BufSize: size}, func(o *printer.Out) filter.Sink {
			capt = printer.NewCapture(printer.NewText(o, printer.TextOptions{}), 2, 2)
			return capt
		}, wrap)
		var got []string
		for _, s := range capt.Shots() {
			var b strings.Builder
			fmt.Fprintf(&b, "%d@%s:%d:", s.Code, s.Source, s.Line)
			for _, l := range s.Lines {
				text := l.Text
				if len(text) > 20 {
					text = text[:3] + "..." + text[len(text)-3:]
				}
				fmt.Fprintf(&b, " %d=%s", l.Num, text)
				if l.Codes {
					b.WriteString("*")
				}
				if l.Cut {
					b.WriteString("/cut")
				}
			}
			got = append(got, b.String())
		}
		want := []string{
			"871300@t.log:3: 1=a 2=b 3=c 871300* 4=d 5=e 871104 871300*",
			"871104@t.log:5: 3=c 871300 4=d 5=e 871104 871300* 6=f 7=g",
		}
		long := "871310@t.log:9: 7=g 8=h 9=xxx...xxx*/cut"
		if size < 1024 {
			long = "871310@t.log:9: 9=xxx...310*/cut" // a line longer than the buffer: no context, its last part
		}
		want = append(want, long)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("shots:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// TestContextFollow: sources followed together, whose blocks interleave,
// keep their context apart: each source's lines in the output are its
// own context, in order.
func TestContextFollow(t *testing.T) {
	var ins [2]string
	for k, name := range []string{"a", "b"} {
		var b strings.Builder
		for i := 1; i <= 300; i++ {
			fmt.Fprintf(&b, "%s%d", name, i)
			if i%(7+k*4) == 0 {
				b.WriteString(" 871300")
			}
			b.WriteString("\n")
		}
		ins[k] = b.String()
	}
	var out bytes.Buffer
	o := printer.NewOut(&out)
	ctx := printer.Context{Before: 2, After: 1, Separator: []byte("--")}
	f := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{Matched: true, Prefix: true, Context: ctx})})
	var srcs []*filter.Source
	for k, name := range []string{"a.log", "b.log"} {
		r, w := io.Pipe()
		go func() {
			for _, l := range strings.SplitAfter(ins[k], "\n") {
				w.Write([]byte(l)) // one line per read: the blocks of the two interleave
			}
			w.Close()
		}()
		srcs = append(srcs, &filter.Source{Name: name, R: r})
	}
	if err := f.Follow(context.Background(), srcs, 4096, nil); err != nil {
		t.Fatal(err)
	}
	o.Close()
	got := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSuffix(string(printertest.Strip(out.Bytes())), "\n"), "\n") {
		if l == "--" {
			continue
		}
		name, line := l[:5], l[6:]
		got[name] = append(got[name], line)
	}
	for k, name := range []string{"a.log", "b.log"} {
		lines := splitLines([]byte(ins[k]))
		m := map[int]bool{}
		for i, l := range lines {
			if bytes.Contains(l, []byte("871300")) {
				m[i+1] = true
			}
		}
		want := strings.Split(strings.TrimSuffix(strings.ReplaceAll(string(naiveContext(lines, m, 2, 1, false)), "\n--", ""), "\n"), "\n")
		if strings.Join(got[name], "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", name, got[name], want)
		}
	}
}

// TestCaptureManyLines: the lines before a code's first line are found
// whatever came before them in the block: many lines with codes, spans
// and flushes.
func TestCaptureManyLines(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "l%d 871300\n", i)
		if i%5 == 0 {
			b.WriteString("plain\nplain2\n")
		}
	}
	b.WriteString("x 871104\n")
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		var capt *printer.Capture
		runSink(t, []byte(b.String()), filter.Config{BufSize: size}, func(o *printer.Out) filter.Sink {
			capt = printer.NewCapture(filter.Discard{}, 3, 1)
			return capt
		}, wrap)
		s := capt.Shots()[1]
		var got []string
		for _, l := range s.Lines {
			got = append(got, fmt.Sprintf("%d=%s", l.Num, l.Text))
		}
		if want := "54=l40 871300 55=plain 56=plain2 57=x 871104"; strings.Join(got, " ") != want {
			t.Errorf("%d: %s, want %s", s.Code, strings.Join(got, " "), want)
		}
	})
}
