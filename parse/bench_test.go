package parse

import (
	"math/rand"
	"runtime"
	"slices"
	"testing"
	"time"

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

// BenchmarkScannerTable is the Scanner with a 352-row multi-platform table
// (multiPlatformCodes): codes of 1 to 7 digits besides 871xxx.
func BenchmarkScannerTable(b *testing.B) { benchScanner(b, NewScanner(multiPlatformCodes())) }

// BenchmarkScannerTableRatio times the 352-row table and the embedded
// table (871xxx only) on the same 1 MiB blocks, one right after the other,
// each first every other time, in the thread's CPU time, and reports the
// median of the per-block ratios ("table/871"): a figure that other
// processes on a busy machine disturb much less than two benchmarks.
func BenchmarkScannerTableRatio(b *testing.B) {
	data := synth.Logcat(8 << 20)
	table, embedded := NewScanner(multiPlatformCodes()), NewScanner(nil)
	dst := make([]Hit, 0, 1<<12)
	var ratios []float64
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for off := 0; off < len(data); off += 1 << 20 {
			block := data[off:min(off+1<<20, len(data))]
			run := [2]*Scanner{table, embedded}
			if i%2 == 1 {
				run[0], run[1] = run[1], run[0]
			}
			var t [2]time.Duration
			for k := range run {
				t0 := threadTime()
				dst = run[k].Find(block, dst[:0])
				t[k] = threadTime() - t0
			}
			if i%2 == 1 {
				t[0], t[1] = t[1], t[0]
			}
			ratios = append(ratios, float64(t[0])/float64(t[1]))
		}
	}
	b.StopTimer()
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "table/871")
}

// BenchmarkScannerSWAR is BenchmarkScanner and BenchmarkScannerTable on
// the portable SWAR loops, as on other architectures or with -tags purego.
func BenchmarkScannerSWAR(b *testing.B) {
	defer func(on bool) { useAVX2 = on }(useAVX2)
	useAVX2 = false
	b.Run("embedded", func(b *testing.B) { benchScanner(b, NewScanner(nil)) })
	b.Run("table", func(b *testing.B) { benchScanner(b, NewScanner(multiPlatformCodes())) })
}

// BenchmarkScannerBigTable is the Scanner with 100,000 random 7-digit
// codes (a 1.1 MB bitmap) besides 871xxx.
func BenchmarkScannerBigTable(b *testing.B) {
	benchScanner(b, NewScanner(randomTable(rand.New(rand.NewSource(7)), 100000, 7)))
}
