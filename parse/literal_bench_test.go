package parse

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/jmlog/jmlog/internal/synth"
)

// The regex benchmarks run on 8 MiB of synthetic logcat in windows of
// whole lines of at most 64 KiB, as the filter hands them to its finders.

var regexBenchCases = []struct {
	name  string
	exprs []string
}{
	{"code", []string{`code=(\d+)`}},
	{"871", []string{`871\d{3}`}},
	{"boundary", []string{`(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`}},
	{"ten", tenExprs},
}

func benchWindows() (windows [][]byte, size int) {
	data := synth.Logcat(8 << 20)
	for len(data) > 0 {
		n := len(data)
		if n > 64<<10 {
			n = bytes.LastIndexByte(data[:64<<10], '\n') + 1
		}
		windows = append(windows, data[:n])
		data = data[n:]
	}
	return windows, 8 << 20
}

// BenchmarkRegexDefault is the default finder on the same windows: the
// baseline of the regex benchmarks.
func BenchmarkRegexDefault(b *testing.B) {
	windows, size := benchWindows()
	s := NewScanner(nil)
	dst := make([]Hit, 0, 1<<12)
	b.SetBytes(int64(size))
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		n = 0
		for _, w := range windows {
			dst = s.Find(w, dst[:0])
			n += len(dst)
		}
	}
	b.ReportMetric(float64(n), "codes")
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
			windows, size := benchWindows()
			hits := make([]Hit, 0, 1<<12)
			lhits := make([]Hit, 0, 16)
			b.SetBytes(int64(size))
			b.ResetTimer()
			n, lines := 0, 0
			for i := 0; i < b.N; i++ {
				n, lines = 0, 0
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
						lines++
					}
				}
			}
			b.ReportMetric(float64(n), "codes")
			b.ReportMetric(float64(lines), "lines")
		})
	}
}

// BenchmarkRegexBlock is the Block finder on each window, in place of the
// prefilter and Find.
func BenchmarkRegexBlock(b *testing.B) {
	for _, c := range regexBenchCases {
		b.Run(c.name, func(b *testing.B) {
			f, err := NewRegexFinder(c.exprs)
			if err != nil {
				b.Fatal(err)
			}
			bf := f.Block()
			if bf == nil {
				b.Fatal("no block finder")
			}
			windows, size := benchWindows()
			dst := make([]Hit, 0, 1<<12)
			b.SetBytes(int64(size))
			b.ResetTimer()
			n := 0
			for i := 0; i < b.N; i++ {
				n = 0
				for _, w := range windows {
					dst = bf.Find(w, dst[:0])
					n += len(dst)
				}
			}
			b.ReportMetric(float64(n), "codes")
		})
	}
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
	windows, size := benchWindows()
	var lines [][]byte
	for _, w := range windows {
		texts, _, _ := blockLines(w)
		lines = append(lines, texts...)
	}
	dst := make([]Hit, 0, 16)
	b.SetBytes(int64(size))
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		n = 0
		for _, l := range lines {
			dst = find(l, dst[:0])
			n += len(dst)
		}
	}
	b.ReportMetric(float64(n), "codes")
}
