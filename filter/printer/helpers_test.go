package printer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"testing"
	"testing/iotest"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
)

var readers = []struct {
	name string
	wrap func(io.Reader) io.Reader
}{
	{"whole", func(r io.Reader) io.Reader { return r }},
	{"onebyte", iotest.OneByteReader},
	{"half", iotest.HalfReader},
	{"dataerr", iotest.DataErrReader},
}

var bufSizes = []int{64, 93, 4096, filter.DefaultBufSize}

// forEach runs fn for every reader crossed with every buffer size.
func forEach(t *testing.T, fn func(t *testing.T, wrap func(io.Reader) io.Reader, size int)) {
	for _, r := range readers {
		for _, n := range bufSizes {
			t.Run(fmt.Sprintf("%s/%d", r.name, n), func(t *testing.T) { fn(t, r.wrap, n) })
		}
	}
}

// text runs the text printer over in.
func text(t testing.TB, in []byte, cfg filter.Config, opt printer.TextOptions, wrap func(io.Reader) io.Reader) ([]byte, *filter.Filter) {
	return runSink(t, in, cfg, func(o *printer.Out) filter.Sink { return printer.NewText(o, opt) }, wrap)
}

// runSink runs a Filter with the Sink that sink makes over in, and returns
// what the Sink wrote.
func runSink(t testing.TB, in []byte, cfg filter.Config, sink func(*printer.Out) filter.Sink, wrap func(io.Reader) io.Reader) ([]byte, *filter.Filter) {
	var out bytes.Buffer
	o := printer.NewOut(&out)
	defer o.Close()
	cfg.Sink = sink(o)
	f := filter.New(cfg)
	if err := f.Run(context.Background(), &filter.Source{Name: "t.log", R: wrap(bytes.NewReader(in))}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), f
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
