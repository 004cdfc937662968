package printer_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/internal/synth"
)

// BenchmarkFilterText is the whole default path: block scanner, finder,
// annotator and text printer, writing to io.Discard.
func BenchmarkFilterText(b *testing.B) {
	data := synth.Logcat(32 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := filter.New(filter.Config{Sink: printer.NewText(printer.NewOut(io.Discard), printer.TextOptions{})})
		if err := f.Run(context.Background(), &filter.Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilterGitHub is -o github: a workflow command per code, nothing
// for other lines.
func BenchmarkFilterGitHub(b *testing.B) {
	data := synth.Logcat(32 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := filter.New(filter.Config{Sink: printer.NewGitHub(printer.NewOut(io.Discard), printer.LevelError)})
		if err := f.Run(context.Background(), &filter.Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilterJSONLines is -o json on logcat lines.
func BenchmarkFilterJSONLines(b *testing.B) {
	data := synth.Logcat(32 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := filter.New(filter.Config{Sink: printer.NewJSONLines(printer.NewOut(io.Discard), printer.JSONOptions{})})
		if err := f.Run(context.Background(), &filter.Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONPass is the JSON-lines printer alone: logcat lines without
// codes handed to Pass a block at a time, as the Filter hands them, into
// an Out writing to io.Discard. JMLOG_BENCH_CORPUS names a corpus file to
// use instead of synth.Logcat (its first 32 MB), e.g. one of bench/gen's.
func BenchmarkJSONPass(b *testing.B) {
	var data []byte
	if name := os.Getenv("JMLOG_BENCH_CORPUS"); name == "" {
		data = synth.Logcat(32 << 20)
	} else {
		d, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		data = d[:bytes.LastIndexByte(d[:min(len(d), 32<<20)], '\n')+1]
	}
	const block = 1 << 20
	src := &filter.Source{Name: "x"}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	out := printer.NewOut(io.Discard)
	j := printer.NewJSONLines(out, printer.JSONOptions{})
	if err := j.Begin(src); err != nil {
		b.Fatal(err)
	}
	pass := func() {
		for p := data; len(p) > 0; {
			n := block
			if n < len(p) {
				n = bytes.LastIndexByte(p[:n], '\n') + 1
			} else {
				n = len(p)
			}
			if err := j.Pass(src, p[:n]); err != nil {
				b.Fatal(err)
			}
			p = p[n:]
			if err := j.Flush(nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	pass() // the Out's arenas grow once
	out.Wait()
	b.ResetTimer()
	for b.Loop() {
		pass()
	}
	out.Wait()
	b.StopTimer()
	if err := j.End(src); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
