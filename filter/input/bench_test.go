package input

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/synth"
)

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

// BenchmarkFilterCompressed is -c, and a Sink that touches every byte as a
// printer would, on compressed input:
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
					var s filter.Sink
					if sink == "text" {
						s = textSink{}
					}
					d := Decompress(bytes.NewReader(in))
					if err := filter.New(filter.Config{Sink: s}).Run(context.Background(), &filter.Source{Name: "x", R: d}); err != nil {
						b.Fatal(err)
					}
					d.Close()
				}
			})
		}
	}
}

// textSink reads every byte it is given, as the text printer's writer
// would.
type textSink struct{ filter.Discard }

var sum byte

func (textSink) Pass(_ *filter.Source, p []byte) error {
	for _, c := range p {
		sum += c
	}
	return nil
}

// BenchmarkDecode is decoding alone, through Decode, of the synthetic
// logcat (mostly ASCII) as UTF-16LE with a mark and as GB18030; and the
// pass-through of plain input, which must cost nothing. MB/s are of the
// decoded (UTF-8) output.
func BenchmarkDecode(b *testing.B) {
	data := synth.Logcat(32 << 20)
	le := append([]byte{0xff, 0xfe}, utf16Bytes(string(data), false)...)
	for _, c := range []struct {
		name, enc string
		in        []byte
	}{{"utf16le", "auto", le}, {"gb18030", "gb18030", data}, {"plain", "auto", data}} {
		e := mustEncoding(b, c.enc)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			buf := make([]byte, 1<<20)
			for i := 0; i < b.N; i++ {
				d := Decode(bytes.NewReader(c.in), e)
				for {
					_, err := d.Read(buf)
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
