package parse

import (
	"bytes"
	"math/rand"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/jmlog/jmlog/internal/synth"
)

func benchScanner(b *testing.B, s *Scanner) { benchData(b, s, synth.Logcat(8<<20)) }

// benchData runs s on data in 1 MiB blocks. Besides the wall time it
// reports the thread's CPU time per op (cpu-ns/op), which other processes
// on a busy machine disturb much less.
func benchData(b *testing.B, s *Scanner, data []byte) {
	dst := make([]Hit, 0, 1<<16)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	t0 := threadTime()
	for i := 0; i < b.N; i++ {
		for off := 0; off < len(data); off += 1 << 20 {
			dst = s.Find(data[off:min(off+1<<20, len(data))], dst[:0])
		}
	}
	b.ReportMetric(float64(threadTime()-t0)/float64(b.N), "cpu-ns/op")
}

// colourLogcat is synth.Logcat as `adb logcat -v color` shows it: every
// line in a 256-colour SGR sequence by priority, and each code=VALUE in
// red, so that the letter m touches the codes (afterCSI runs for each).
func colourLogcat(size int) []byte {
	colour := map[byte]string{'V': "250", 'D': "75", 'I': "40", 'W': "166", 'E': "196"}
	var out []byte
	for _, line := range bytes.SplitAfter(synth.Logcat(size), []byte("\n")) {
		if len(line) < 33 {
			continue
		}
		line = bytes.Replace(line, []byte("code="), []byte("code=\x1b[31m"), 1)
		out = append(out, "\x1b[38;5;"+colour[line[31]]+"m"...)
		out = append(out, line[:len(line)-1]...)
		out = append(out, "\x1b[0m\n"...)
	}
	return out
}

// BenchmarkScannerColour is BenchmarkScanner and BenchmarkScannerTable on
// coloured lines (colourLogcat).
func BenchmarkScannerColour(b *testing.B) {
	data := colourLogcat(8 << 20)
	b.Run("embedded", func(b *testing.B) { benchData(b, NewScanner(nil), data) })
	b.Run("table", func(b *testing.B) { benchData(b, NewScanner(multiPlatformCodes()), data) })
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

// BenchmarkScannerCSICost measures what the control-sequence rule costs
// the embedded table's search: per 1 MiB block, find871 and
// find871NoCSI (find871 as it was before the rule) run one after the
// other, each first every other time, in the thread's CPU time; it
// reports the median of the per-block ratios ("after/before").
func BenchmarkScannerCSICost(b *testing.B) {
	for _, in := range []struct {
		name string
		data []byte
	}{{"plain", synth.Logcat(8 << 20)}, {"colour", colourLogcat(8 << 20)}} {
		b.Run(in.name, func(b *testing.B) {
			dst := make([]Hit, 0, 1<<16)
			var ratios []float64
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.SetBytes(int64(len(in.data)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for off := 0; off < len(in.data); off += 1 << 20 {
					block := in.data[off:min(off+1<<20, len(in.data))]
					var t [2]time.Duration // after, before
					for k := range 2 {
						after := (k+i)%2 == 0
						t0 := threadTime()
						if after {
							dst = find871(block, dst[:0])
						} else {
							dst = find871NoCSI(block, dst[:0])
						}
						if after {
							t[0] = threadTime() - t0
						} else {
							t[1] = threadTime() - t0
						}
					}
					ratios = append(ratios, float64(t[0])/float64(t[1]))
				}
			}
			b.StopTimer()
			slices.Sort(ratios)
			b.ReportMetric(ratios[len(ratios)/2], "after/before")
		})
	}
}

// find871NoCSI is find871 as it was before a control sequence counted as
// a boundary (commit 37d4c51), for BenchmarkScannerCSICost.
func find871NoCSI(hay []byte, dst []Hit) []Hit {
	i := 0
	if useAVX2 && int64(len(hay)) < 1<<31 {
		var pos [64]int32
		for {
			n, off := scan871AVX2(hay[i:], &pos)
			for _, p := range pos[:n] {
				dst = checkAtNoCSI(hay, i+int(p), dst)
			}
			i += off
			if n <= 32 {
				break
			}
		}
	}
	for ; i+2 < len(hay); i++ {
		if hay[i] == '8' && hay[i+1] == '7' && hay[i+2] == '1' {
			dst = checkAtNoCSI(hay, i, dst)
		}
	}
	return dst
}

// checkAtNoCSI is checkAt before the control-sequence rule.
func checkAtNoCSI(hay []byte, p int, dst []Hit) []Hit {
	if p >= 1 && p+7 <= len(hay) {
		w := le64(hay[p-1 : p+7])
		const want = 0x0080808000000000
		bad := digitBytes(w)&want ^ want | uint64(wordByte[byte(w)]) | uint64(wordByte[w>>56])
		if bad == 0 {
			code := 871000 + uint32(byte(w>>32)-'0')*100 + uint32(byte(w>>40)-'0')*10 + uint32(byte(w>>48)-'0')
			dst = append(dst, Hit{Start: p, End: p + 6, Code: code})
		}
		return dst
	}
	e := p + 6
	if e <= len(hay) && digit[hay[p+3]] && digit[hay[p+4]] && digit[hay[p+5]] &&
		(e == len(hay) || !word[hay[e]]) && (p == 0 || !word[hay[p-1]]) {
		code := 871000 + uint32(hay[p+3]-'0')*100 + uint32(hay[p+4]-'0')*10 + uint32(hay[p+5]-'0')
		dst = append(dst, Hit{Start: p, End: e, Code: code})
	}
	return dst
}
