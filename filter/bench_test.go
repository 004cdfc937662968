package filter

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/jmlog/jmlog/internal/synth"
	"github.com/jmlog/jmlog/parse"
)

// BenchmarkFilterCount is -c: no output.
func BenchmarkFilterCount(b *testing.B) { benchCount(b, false) }

// BenchmarkFilterCountRegular is -c on a regular file (a reader over
// memory here): with two CPUs a helper finds half of each block ahead.
func BenchmarkFilterCountRegular(b *testing.B) { benchCount(b, true) }

func benchCount(b *testing.B, regular bool) {
	data := synth.Logcat(32 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := New(Config{})
		if err := f.Run(context.Background(), &Source{Name: "x", R: bytes.NewReader(data), Regular: regular}); err != nil {
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

// BenchmarkFilterJSONPath is -j error.code on server logs, counting only:
// the Scanner picks the candidate lines, the JSONFinder reads the path in
// those.
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
		f := New(Config{Pre: parse.NewScanner(nil), Line: jf})
		if err := f.Run(context.Background(), &Source{Name: "x", R: bytes.NewReader(data)}); err != nil {
			b.Fatal(err)
		}
	}
}

// denseLogcat returns about size bytes of threadtime lines of 70 to 100
// bytes that all carry a code, as bench/gen -coderate 1 writes them:
// several lines per second of log time, now and then two codes or an
// unknown one.
func denseLogcat(size int) []byte {
	known := []int{871101, 871104, 871201, 871300, 871303, 871305, 871310, 871402, 871504}
	var b []byte
	for i := 0; len(b) < size; i++ {
		code := known[i%len(known)]
		if i%11 == 0 {
			code = 871999
		}
		s := i / 7
		b = fmt.Appendf(b, "11-25 %02d:%02d:%02d.%03d %5d %5d W JMessage: request error (%d) uid=%d",
			s/3600%24, s/60%60, s%60, i*37%1000, 8000+i%97, 8000+i%89, code, 7000000+i%1000)
		if i%7 == 0 {
			b = fmt.Appendf(b, " then %d", known[(i+3)%len(known)])
		}
		b = append(b, '\n')
	}
	return b
}

// BenchmarkFilterCountDense is -c on 32 MB in which every line has a code:
// finding, counting and reading the log time of every line.
func BenchmarkFilterCountDense(b *testing.B) {
	data := denseLogcat(32 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f := New(Config{})
		if err := f.Run(context.Background(), &Source{Name: "x", R: bytes.NewReader(data), ModTime: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilterCountRegex871 is -c -e '871\d{3}' on the synthetic
// logcat: a block finder without RE2, and a hit in about a third of the
// lines, most of them unknown codes (the digits of pids, times, uids), so
// the cost is counting hits, not finding them.
func BenchmarkFilterCountRegex871(b *testing.B) {
	data := synth.Logcat(32 << 20)
	rf, err := parse.NewRegexFinder([]string{`871\d{3}`})
	if err != nil {
		b.Fatal(err)
	}
	pre := rf.Block()
	if pre == nil {
		b.Fatal("871\\d{3} has no block finder")
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f := New(Config{Pre: pre})
		if err := f.Run(context.Background(), &Source{Name: "x", R: bytes.NewReader(data), Regular: true}); err != nil {
			b.Fatal(err)
		}
	}
}
