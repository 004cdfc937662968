package parse

import (
	"fmt"
	"math/rand"
	"testing"
)

// logcat returns about size bytes of synthetic `adb logcat -v threadtime`
// lines: many numbers, "871" inside longer ones, and a code in about 0.7%
// of the lines.
func logcat(size int) []byte {
	r := rand.New(rand.NewSource(1))
	tags := []string{"ActivityManager", "chromium", "JIM", "OkHttp", "System.err"}
	var b []byte
	for i := 0; len(b) < size; i++ {
		b = fmt.Appendf(b, "11-25 18:%02d:%02d.%03d %5d %5d %c %-8s: ", i/60%60, i%60, i%1000,
			r.Intn(30000), r.Intn(30000), "VDIWE"[i%5], tags[r.Intn(len(tags))])
		if r.Intn(1000) < 7 {
			b = fmt.Appendf(b, "login failed code=%d desc=Have not logged in.\n", 871300+r.Intn(10))
		} else {
			b = fmt.Appendf(b, "req id=%d took %dms addr 0x7f%06x uid 1871%05d seq %d871%d\n",
				r.Intn(1e9), r.Intn(999), r.Intn(1<<24), r.Intn(99999), r.Intn(999), r.Intn(99))
		}
	}
	return b
}

func benchScanner(b *testing.B, s *Scanner) {
	data := logcat(8 << 20)
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
	data := logcat(1 << 20)
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
