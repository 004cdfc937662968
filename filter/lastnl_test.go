package filter

import (
	"bytes"
	"math/rand"
	"testing"
)

// TestLastNL: lastNL against bytes.LastIndexByte, every position of a
// '\n' in slices of every length up to 40, with bytes that make a borrow
// in the word trick (0x0b, 0x8a, 0x00, 0xff) around it, and random slices.
func TestLastNL(t *testing.T) {
	fill := []byte{'a', 0x0b, 0x09, 0x8a, 0x00, 0xff, 0x0a ^ 0x80}
	for n := 0; n <= 40; n++ {
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
		p := make([]byte, r.Intn(200))
		for i := range p {
			p[i] = byte(r.Intn(16)) // '\n' often, and its neighbours
		}
		if got, want := lastNL(p), bytes.LastIndexByte(p, '\n'); got != want {
			t.Fatalf("%q: %d, want %d", p, got, want)
		}
	}
}

func BenchmarkLastNL(b *testing.B) {
	p := bytes.Repeat([]byte("x"), 1<<16)
	b.SetBytes(int64(len(p)))
	b.Run("lastNL", func(b *testing.B) {
		for b.Loop() {
			lastNL(p)
		}
	})
	b.Run("bytes", func(b *testing.B) {
		for b.Loop() {
			bytes.LastIndexByte(p, '\n')
		}
	})
}
