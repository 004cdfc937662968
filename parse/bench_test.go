package parse

import (
	"testing"

	"github.com/jmlog/jmlog/internal/synth"
)

func benchScanner(b *testing.B, s *Scanner) {
	data := synth.Logcat(8 << 20)
	dst := make([]Hit, 0, 1<<12)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for off := 0; off < len(data); off += 1 << 20 {
			dst = s.Find(data[off:min(off+1<<20, len(data))], dst[:0])
		}
	}
}

// BenchmarkScanner is the default finder on 1 MiB blocks.
func BenchmarkScanner(b *testing.B) { benchScanner(b, NewScanner(nil)) }

// BenchmarkScannerExtra is the general path, with a 7-digit extra code.
func BenchmarkScannerExtra(b *testing.B) { benchScanner(b, NewScanner([]uint32{7130001, 899070})) }

func BenchmarkRegexFinder(b *testing.B) {
	f, err := NewRegexFinder([]string{`code=(\d+)`})
	if err != nil {
		b.Fatal(err)
	}
	data := synth.Logcat(1 << 20)
	lines := splitLines(data)
	dst := make([]Hit, 0, 16)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			dst = f.Find(l, dst[:0])
		}
	}
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '\n' {
			i++
		}
		out = append(out, b[:i])
		if i < len(b) {
			i++
		}
		b = b[i:]
	}
	return out
}
