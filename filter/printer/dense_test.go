package printer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/printer/printertest"
)

// denseLog returns about size bytes of logcat lines of 70 to 100 bytes,
// every one with a code (known ones, now and then an unknown one, and now
// and then two codes), as in bench/gen -coderate 1.
func denseLog(size int) []byte {
	known := []int{871101, 871104, 871201, 871300, 871303, 871305, 871310, 871402, 871504}
	var b []byte
	for i := 0; len(b) < size; i++ {
		code := known[i%len(known)]
		if i%11 == 0 {
			code = 871999
		}
		b = fmt.Appendf(b, "11-25 18:%02d:%02d.%03d %5d %5d W JMessage: request error (%d) uid=%d",
			i/60%60, i%60, i%1000, 8000+i%97, 8000+i%89, code, 7000000+i%1000)
		if i%7 == 0 {
			b = fmt.Appendf(b, " then %d", known[(i+3)%len(known)])
		}
		b = append(b, '\n')
	}
	return b
}

// denseLines is what the Filter gives the text printer for denseLog: a
// filter.Line per line, with its notes looked up in the embedded table.
func denseLines(data []byte) []filter.Line {
	tab := codes.Embedded()
	src := &filter.Source{Name: "dense.log"}
	var lines []filter.Line
	for n := int64(1); len(data) > 0; n++ {
		i := bytes.IndexByte(data, '\n')
		l := filter.Line{Source: src, Num: n, Text: data[:i], Term: data[i : i+1]}
		for _, w := range bytes.Fields(l.Text) {
			w = bytes.Trim(w, "()")
			if c, ok := codes.ParseCode(w); ok && len(w) == 6 && bytes.HasPrefix(w, []byte("871")) {
				e, _ := tab.Lookup(c)
				l.Notes = append(l.Notes, filter.Note{Code: c, Count: 1, Entry: e})
			}
		}
		lines = append(lines, l)
		data = data[i+1:]
	}
	return lines
}

// devNull opens /dev/null: Out writes to it with writev(2), as to a file
// or pipe, and the kernel does no copying.
func devNull(tb testing.TB) *os.File {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// TestDenseText: on dense lines the text printer gives what the Filter
// gives it (checked by Strip against the input), and allocates nothing
// once warm.
func TestDenseText(t *testing.T) {
	data := denseLog(256 << 10)
	out, f := text(t, data, filter.Config{}, printer.TextOptions{}, func(r io.Reader) io.Reader { return r })
	if !bytes.Equal(printertest.Strip(out), data) {
		t.Fatal("strip(out) != in")
	}
	lines := denseLines(data)
	if got := f.Counts().Snapshot().MatchedLines; got != int64(len(lines)) {
		t.Fatalf("the Filter counted %d lines with codes, denseLines made %d", got, len(lines))
	}

	var buf bytes.Buffer
	o := printer.NewOut(&buf)
	tp := printer.NewText(o, printer.TextOptions{})
	tp.Begin(lines[0].Source)
	for i := range lines {
		tp.Line(&lines[i])
	}
	tp.Flush(nil)
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), out) {
		t.Fatalf("printing denseLines differs from the Filter's output at byte %d", diffAt(buf.Bytes(), out))
	}

	o = printer.NewOut(devNull(t))
	tp = printer.NewText(o, printer.TextOptions{})
	block := func() {
		for i := range lines {
			tp.Line(&lines[i])
		}
		tp.Flush(nil)
		o.Wait()
	}
	block()
	if n := testing.AllocsPerRun(10, block); n != 0 {
		t.Errorf("%v allocations per block of %d lines", n, len(lines))
	}
	o.Close()
}

func diffAt(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// BenchmarkOutDense is Out alone on what the text printer writes for dense
// lines: per line, a copy of the line (shorter than the reference
// threshold), the marker, the code and the note, the terminator; one
// Flush per 1 MiB of input; to /dev/null through writev(2).
func BenchmarkOutDense(b *testing.B) {
	lines := denseLines(denseLog(1 << 20))
	o := printer.NewOut(devNull(b))
	note := []byte(" Have not logged in. (Initiator of api call has not logged in)")
	release := func(error) {}
	var n int64
	for _, l := range lines {
		n += int64(len(l.Text) + len(l.Term))
	}
	block := func() {
		for _, l := range lines {
			o.Ref(l.Text)
			o.WriteString(printer.Marker)
			o.WriteString("871300")
			o.Write(note)
			o.Write(l.Term)
		}
		o.Flush(release)
	}
	for range 8 {
		block() // every batch gets its arena
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		block()
	}
	if err := o.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTextDense is the text printer on a 1 MiB block in which every
// line has a code, to /dev/null: the dense path of issue 15, without the
// Filter.
func BenchmarkTextDense(b *testing.B) {
	data := denseLog(1 << 20)
	lines := denseLines(data)
	o := printer.NewOut(devNull(b))
	tp := printer.NewText(o, printer.TextOptions{})
	tp.Begin(lines[0].Source)
	release := func(error) {}
	block := func() {
		for i := range lines {
			tp.Line(&lines[i])
		}
		tp.Flush(release)
	}
	for range 8 {
		block() // every batch gets its arena
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		block()
	}
	if err := o.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFilterTextDense is the whole default path on 32 MB in which
// every line has a code, to /dev/null. Its allocations are the Filter's
// and Out's buffers, made once per run of 32 MB.
func BenchmarkFilterTextDense(b *testing.B) {
	data := denseLog(32 << 20)
	null := devNull(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		o := printer.NewOut(null)
		f := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{})})
		if err := f.Run(context.Background(), &filter.Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
		if err := o.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
