package parse

import (
	"bytes"
	"regexp"
	"runtime"
	"testing"

	"github.com/jmlog/jmlog/internal/synth"
)

// The regex benchmarks run on 8 MiB of synthetic logcat in windows of
// whole lines of at most 64 KiB, as the filter hands them to its finders.
// Besides the time, each reports the codes found, and the CPU time of its
// thread per op (on Linux), which other processes on the machine disturb
// less than the time.

var regexBenchCases = []struct {
	name  string
	exprs []string
}{
	{"code", []string{`code=(\d+)`}},
	{"871", []string{`871\d{3}`}},
	{"boundary", []string{`(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`}},
	{"ten", tenExprs},
	{"ten-sh", tenShExprs},
}

// tenShExprs are the ten patterns of bench/regex.sh.
var tenShExprs = []string{`code=(\d+)`, `code = (\d+)`, `errorCode=(\d+)`, `responseCode=(\d+)`, `status (\d{6})`,
	`onFailed (\d+)`, `error (\d{6})`, `desc=(\d+)`, `Code=(\d+)`, `"code":(\d+)`}

func benchWindows() [][]byte {
	data := synth.Logcat(8 << 20)
	var windows [][]byte
	for len(data) > 0 {
		n := len(data)
		if n > 64<<10 {
			n = bytes.LastIndexByte(data[:64<<10], '\n') + 1
		}
		windows = append(windows, data[:n])
		data = data[n:]
	}
	return windows
}

// benchRun runs op, which returns the codes it found, b.N times.
func benchRun(b *testing.B, op func() int) {
	b.SetBytes(8 << 20)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	n := op()
	b.ResetTimer()
	t0 := threadCPU()
	for i := 0; i < b.N; i++ {
		op()
	}
	if t := threadCPU(); t > 0 {
		b.ReportMetric(float64(t-t0)/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(n), "codes")
}

// BenchmarkRegexDefault is the default finder on the same windows: the
// baseline of the regex benchmarks.
func BenchmarkRegexDefault(b *testing.B) {
	windows := benchWindows()
	s := NewScanner(nil)
	dst := make([]Hit, 0, 1<<12)
	benchRun(b, func() (n int) {
		for _, w := range windows {
			dst = s.Find(w, dst[:0])
			n += len(dst)
		}
		return n
	})
}

// BenchmarkRegexPrefiltered is what the filter does with a RegexFinder:
// the prefilter on each window, then Find on each line it picked (the
// driver is filter.window's loop).
func BenchmarkRegexPrefiltered(b *testing.B) {
	for _, c := range regexBenchCases {
		b.Run(c.name, func(b *testing.B) {
			f, err := NewRegexFinder(c.exprs)
			if err != nil {
				b.Fatal(err)
			}
			pre := f.Prefilter()
			if pre == nil {
				b.Fatal("no prefilter")
			}
			windows := benchWindows()
			hits := make([]Hit, 0, 1<<12)
			lhits := make([]Hit, 0, 16)
			benchRun(b, func() (n int) {
				for _, w := range windows {
					hits = pre.Find(w, hits[:0])
					next, h := 0, 0
					for next < len(w) && h < len(hits) {
						ls := next + bytes.LastIndexByte(w[next:hits[h].Start], '\n') + 1
						le := bytes.IndexByte(w[ls:], '\n')
						if le < 0 {
							le, next = len(w), len(w)
						} else {
							le += ls
							next = le + 1
						}
						for h < len(hits) && hits[h].Start < le {
							h++
						}
						text := w[ls:le]
						if le < len(w) && len(text) > 0 && text[len(text)-1] == '\r' {
							text = text[:len(text)-1]
						}
						lhits = f.Find(text, lhits[:0])
						n += len(lhits)
					}
				}
				return n
			})
		})
	}
}

// BenchmarkRegexPrefilterOnly is the prefilter alone. Where its literals
// are found in one pass (regexPrefilter.multi), the case "-each" is the
// same with a pass for each.
func BenchmarkRegexPrefilterOnly(b *testing.B) {
	for _, c := range regexBenchCases {
		b.Run(c.name, func(b *testing.B) { benchPrefilterOnly(b, c.exprs, false) })
		if f, err := NewRegexFinder(c.exprs); err == nil && f.pre != nil && f.pre.multi != nil {
			b.Run(c.name+"-each", func(b *testing.B) { benchPrefilterOnly(b, c.exprs, true) })
		}
	}
}

func benchPrefilterOnly(b *testing.B, exprs []string, each bool) {
	f, err := NewRegexFinder(exprs)
	if err != nil {
		b.Fatal(err)
	}
	if each {
		f.pre.multi = nil
	}
	pre := f.Prefilter()
	windows := benchWindows()
	hits := make([]Hit, 0, 1<<12)
	benchRun(b, func() (n int) {
		for _, w := range windows {
			hits = pre.Find(w, hits[:0])
			n += len(hits) // lines, not codes
		}
		return n
	})
}

// BenchmarkRegexBlock is the Block finder on each window, in place of the
// prefilter and Find. Where the expressions' literals are found in one
// pass (multiDSP), the case "-each" is the same with a pass for each.
func BenchmarkRegexBlock(b *testing.B) {
	for _, c := range regexBenchCases {
		b.Run(c.name, func(b *testing.B) { benchBlock(b, c.exprs, false) })
		if f, err := NewRegexFinder(c.exprs); err == nil && f.multi != nil {
			b.Run(c.name+"-each", func(b *testing.B) { benchBlock(b, c.exprs, true) })
		}
	}
}

func benchBlock(b *testing.B, exprs []string, each bool) {
	f, err := NewRegexFinder(exprs)
	if err != nil {
		b.Fatal(err)
	}
	if each {
		f.multi = nil
	}
	bf := f.Block()
	if bf == nil {
		b.Fatal("no block finder")
	}
	windows := benchWindows()
	dst := make([]Hit, 0, 1<<12)
	benchRun(b, func() (n int) {
		for _, w := range windows {
			dst = bf.Find(w, dst[:0])
			n += len(dst)
		}
		return n
	})
}

// BenchmarkRegexEveryLine is Find on every line, without the prefilter.
func BenchmarkRegexEveryLine(b *testing.B) {
	for _, c := range regexBenchCases {
		b.Run(c.name, func(b *testing.B) {
			f, err := NewRegexFinder(c.exprs)
			if err != nil {
				b.Fatal(err)
			}
			benchLines(b, func(l []byte, dst []Hit) []Hit { return f.Find(l, dst) })
		})
	}
}

// BenchmarkRegexRE2 is the finder as it was: every expression with RE2 on
// every line.
func BenchmarkRegexRE2(b *testing.B) {
	for _, c := range regexBenchCases {
		b.Run(c.name, func(b *testing.B) {
			var res []*regexp.Regexp
			for _, x := range c.exprs {
				res = append(res, regexp.MustCompile(x))
			}
			benchLines(b, func(l []byte, dst []Hit) []Hit { return append(dst, refFind(res, l)...) })
		})
	}
}

func benchLines(b *testing.B, find func([]byte, []Hit) []Hit) {
	var lines [][]byte
	for _, w := range benchWindows() {
		texts, _, _ := blockLines(w)
		lines = append(lines, texts...)
	}
	dst := make([]Hit, 0, 16)
	benchRun(b, func() (n int) {
		for _, l := range lines {
			dst = find(l, dst[:0])
			n += len(dst)
		}
		return n
	})
}
