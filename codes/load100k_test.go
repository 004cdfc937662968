package codes_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

// BenchmarkLoad100k loads a 100,000-row table of 7-digit codes (TSV and
// JSON, as bench/bigtable writes them: about 30-byte messages and 60-byte
// instructions) and merges it with the embedded table, as jmlog --codes
// does, and looks a code up, which builds the merged table's index. It reports the live heap that the merged table holds, and the most
// the heap held while loading, in bytes a row: go test -run - -bench
// Load100k -benchtime 3x ./codes.
func BenchmarkLoad100k(b *testing.B) {
	for _, f := range []codes.Format{codes.TSV, codes.JSON} {
		b.Run(f.String(), func(b *testing.B) {
			const n = 100_000
			path := filepath.Join(b.TempDir(), "big."+f.String())
			var buf bytes.Buffer
			r := uint64(1)
			words := []string{"the", "user", "message", "is", "not", "invalid", "server", "request", "failed", "参数", "错误", "用户"}
			text := func(lo, hi int) string {
				var s strings.Builder
				r = r*6364136223846793005 + 1442695040888963407
				want := lo + int(r>>33)%(hi-lo+1)
				for s.Len() < want {
					r = r*6364136223846793005 + 1442695040888963407
					s.WriteString(words[int(r>>33)%len(words)] + " ")
				}
				return s.String()
			}
			if f == codes.JSON {
				buf.WriteString("[\n")
			} else {
				buf.WriteString("code\tmessage\tinstruction\n")
			}
			for i := range n {
				code := 1000000 + (i*7919)%n*89 // distinct, 7 digits, not sorted
				if f == codes.JSON {
					sep := ",\n"
					if i == n-1 {
						sep = "\n]\n"
					}
					fmt.Fprintf(&buf, "{\"code\": %d, \"message\": %q, \"instruction\": %q}%s", code, text(8, 46), text(16, 96), sep)
				} else {
					fmt.Fprintf(&buf, "%d\t%s\t%s\n", code, text(8, 46), text(16, 96))
				}
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			var live, peak uint64
			for b.Loop() {
				b.StopTimer()
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				b.StartTimer()
				t, err := codes.Load(path)
				if err != nil {
					b.Fatal(err)
				}
				m := codes.MergeLang("en", codes.Embedded(), t)
				m.Lookup(871300) // the first lookup builds the index
				b.StopTimer()
				runtime.ReadMemStats(&after)
				// TotalAlloc bounds the heap's growth over the load: what
				// would be live with no collection during it.
				peak = after.TotalAlloc - before.TotalAlloc
				t = nil
				runtime.GC()
				runtime.ReadMemStats(&after)
				live = after.HeapAlloc - before.HeapAlloc
				if m.Len() != n+codes.Embedded().Len() {
					b.Fatalf("%d rows", m.Len())
				}
				runtime.KeepAlive(m)
				b.StartTimer()
			}
			b.ReportMetric(float64(live)/n, "live-B/row")
			b.ReportMetric(float64(peak)/n, "alloc-B/row")
			b.ReportMetric(float64(buf.Len())/n, "file-B/row")
		})
	}
}
