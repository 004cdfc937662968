package printer_test

import (
	"bytes"
	"context"
	"io"
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
