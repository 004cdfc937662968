package filter

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"testing"

	"github.com/jmlog/jmlog/internal/synth"
	"github.com/jmlog/jmlog/parse"
)

// BenchmarkFilterText is the whole default path: block scanner, finder,
// annotator and text printer, writing to io.Discard.
func BenchmarkFilterText(b *testing.B) {
	data := synth.Logcat(32 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := New(Config{Sink: NewText(NewOut(io.Discard), TextOptions{})})
		if err := f.Run(&Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilterCount is -c: no output.
func BenchmarkFilterCount(b *testing.B) {
	data := synth.Logcat(32 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := New(Config{})
		if err := f.Run(&Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// compressed returns data compressed with gzip and with zstd, at their
// default levels.
func compressed(b *testing.B, data []byte) map[string][]byte {
	return map[string][]byte{"gzip": gz(b, string(data)), "zstd": zst(b, string(data))}
}

// BenchmarkDecompress is decompression alone, through Decompress: the
// bound for BenchmarkFilterCompressed.
func BenchmarkDecompress(b *testing.B) {
	data := synth.Logcat(32 << 20)
	for _, format := range []string{"gzip", "zstd"} {
		in := compressed(b, data)[format]
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				d := Decompress(bytes.NewReader(in))
				if _, err := io.Copy(io.Discard, d); err != nil {
					b.Fatal(err)
				}
				d.Close()
			}
		})
	}
}

// BenchmarkFilterCompressed is -c and the text printer on compressed input:
// decompression overlaps with finding codes, so it should take little more
// than BenchmarkDecompress.
func BenchmarkFilterCompressed(b *testing.B) {
	data := synth.Logcat(32 << 20)
	for _, format := range []string{"gzip", "zstd"} {
		in := compressed(b, data)[format]
		for _, sink := range []string{"count", "text"} {
			b.Run(format+"/"+sink, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for i := 0; i < b.N; i++ {
					var s Sink
					if sink == "text" {
						s = NewText(NewOut(io.Discard), TextOptions{})
					}
					d := Decompress(bytes.NewReader(in))
					if err := New(Config{Sink: s}).Run(&Source{Name: "x", R: d}); err != nil {
						b.Fatal(err)
					}
					d.Close()
				}
			})
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
		f := New(Config{Sink: NewGitHub(NewOut(io.Discard), "error")})
		if err := f.Run(&Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// ndjson returns about size bytes of synthetic server log objects: "871"
// in many numbers and messages, an 871xxx uid in some lines, and a code at
// error.code in about 1% of them.
func ndjson(size int) []byte {
	r := rand.New(rand.NewSource(1))
	var b []byte
	for i := 0; len(b) < size; i++ {
		b = fmt.Appendf(b, `{"ts":"2026-11-25T18:%02d:%02d.%03dZ","level":"info","svc":"im-gateway","uid":%d,"msg":"request done in 871ms seq=%d871","req":{"id":"%08x-a711-4b67-a810-68d12fe33c93","ms":%d}`,
			i/60%60, i%60, i%1000, 871000+r.Intn(1000)*(i%7/6)+r.Intn(1e7)*(1-i%7/6), r.Intn(999), r.Uint32(), r.Intn(2000))
		switch n := r.Intn(100); {
		case n == 0:
			b = fmt.Appendf(b, `,"error":{"code":%d,"desc":"not logged in"}}`+"\n", 871300+r.Intn(10))
		case n < 40:
			b = append(b, `,"error":null}`+"\n"...)
		default:
			b = append(b, "}\n"...)
		}
	}
	return b
}

// BenchmarkFilterJSONPath is -j error.code on server logs: the Scanner
// picks the candidate lines, the JSONFinder reads the path in those.
func BenchmarkFilterJSONPath(b *testing.B) {
	data := ndjson(32 << 20)
	jf, err := parse.NewJSONFinder([]string{"error.code"}, parse.NewScanner(nil))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := New(Config{Pre: parse.NewScanner(nil), Line: jf, Sink: NewText(NewOut(io.Discard), TextOptions{})})
		if err := f.Run(&Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
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
		f := New(Config{Sink: NewJSONLines(NewOut(io.Discard), JSONOptions{})})
		if err := f.Run(&Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}
