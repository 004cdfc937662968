package parse

import (
	"testing"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/internal/synth"
)

func benchFinder(b *testing.B, f Finder) {
	data := synth.Logcat(8 << 20)
	dst := make([]Hit, 0, 1<<12)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for off := 0; off < len(data); off += 1 << 20 {
			dst = f.Find(data[off:min(off+1<<20, len(data))], dst[:0])
		}
	}
}

func embeddedCodes() []uint32 {
	var cs []uint32
	for _, e := range codes.Embedded().Entries() {
		cs = append(cs, e.Code)
	}
	return cs
}

// restCodes are short codes as the JPush pages have them: client codes
// (6001-6022) and REST business codes (1000-1030), and HTTP statuses.
func restCodes() []uint32 {
	cs := []uint32{200, 400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504}
	for c := uint32(6001); c <= 6022; c++ {
		cs = append(cs, c)
	}
	for c := uint32(1000); c <= 1030; c++ {
		cs = append(cs, c)
	}
	return cs
}

// BenchmarkTextFinderEmbedded is what jmlog uses with the embedded table:
// it must be the 871xxx fast path (compare BenchmarkScanner).
func BenchmarkTextFinderEmbedded(b *testing.B) { benchFinder(b, NewTextFinder(embeddedCodes())) }

// BenchmarkTextFinderShort is the text finder with the JPush short codes
// loaded: the Scanner's fast path and the Anchored finder.
func BenchmarkTextFinderShort(b *testing.B) {
	benchFinder(b, NewTextFinder(append(embeddedCodes(), restCodes()...)))
}

// BenchmarkScannerShort is the boundary rule for every length, as before
// the anchored shapes: the Scanner's general path, skipping by 3 digits.
func BenchmarkScannerShort(b *testing.B) {
	benchFinder(b, NewScanner(append(embeddedCodes(), restCodes()...)))
}

// BenchmarkAnchored is the Anchored finder alone.
func BenchmarkAnchored(b *testing.B) { benchFinder(b, NewAnchored(restCodes())) }
