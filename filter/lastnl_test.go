package filter

import (
	"bytes"
	"math/rand"
	"testing"
)

// lastNLPaths runs fn with each of lastNL's paths: AVX2 (when the CPU has
// it) and eight bytes at a time.
func lastNLPaths(fn func(path string)) {
	defer func(on bool) { useAVX2 = on }(useAVX2)
	if useAVX2 {
		fn("avx2")
	}
	useAVX2 = false
	fn("swar")
}

// TestLastNL: lastNL against bytes.LastIndexByte, on both paths, every
// position of one or two '\n' in slices of every length up to 72 (the
// AVX2 path's blocks of 32 and its overlapping first block), with bytes
// that make a borrow in the word trick (0x0b, 0x8a, 0x00, 0xff) around
// them, and random slices.
func TestLastNL(t *testing.T) {
	lastNLPaths(func(path string) {
		t.Run(path, testLastNL)
	})
}

func testLastNL(t *testing.T) {
	fill := []byte{'a', 0x0b, 0x09, 0x8a, 0x00, 0xff, 0x0a ^ 0x80}
	for n := 0; n <= 72; n++ {
		for _, f := range fill {
			p := bytes.Repeat([]byte{f}, n)
			if got, want := lastNL(p), bytes.LastIndexByte(p, '\n'); got != want {
				t.Fatalf("n %d fill %#x: %d, want %d", n, f, got, want)
			}
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					q := append([]byte(nil), p...)
					q[i], q[j] = '\n', '\n'
					if got, want := lastNL(q), bytes.LastIndexByte(q, '\n'); got != want {
						t.Fatalf("n %d fill %#x newlines at %d,%d: %d, want %d", n, f, i, j, got, want)
					}
				}
			}
		}
	}
	r := rand.New(rand.NewSource(1))
	for k := 0; k < 10000; k++ {
		p := make([]byte, r.Intn(300))
		for i := range p {
			p[i] = byte(r.Intn(16)) // '\n' often, and its neighbours
		}
		if got, want := lastNL(p), bytes.LastIndexByte(p, '\n'); got != want {
			t.Fatalf("%q: %d, want %d", p, got, want)
		}
	}
}

// FuzzLastNL compares lastNL, on both paths, with bytes.LastIndexByte.
func FuzzLastNL(f *testing.F) {
	f.Add([]byte("a\nb"))
	f.Add(bytes.Repeat([]byte("0123456789\n"), 9))
	f.Fuzz(func(t *testing.T, p []byte) {
		want := bytes.LastIndexByte(p, '\n')
		lastNLPaths(func(path string) {
			if got := lastNL(p); got != want {
				t.Fatalf("%s: lastNL(%q) = %d, want %d", path, p, got, want)
			}
		})
	})
}

func BenchmarkLastNL(b *testing.B) {
	p := bytes.Repeat([]byte("x"), 1<<16)
	b.SetBytes(int64(len(p)))
	b.Run("lastNL", func(b *testing.B) {
		for b.Loop() {
			lastNL(p)
		}
	})
	b.Run("swar", func(b *testing.B) {
		for b.Loop() {
			lastNLSWAR(p)
		}
	})
	b.Run("bytes", func(b *testing.B) {
		for b.Loop() {
			bytes.LastIndexByte(p, '\n')
		}
	})
}
