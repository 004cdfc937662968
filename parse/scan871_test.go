package parse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestScan871AVX2 holds the AVX2 scan to its contract, which the finders'
// tests cannot see whole: a scan that let through more positions than it
// says would give the same hits, since checkAt tests them again. Every
// position i, below where it stopped, where hay[i:i+3] is "871",
// hay[i+3:i+6] are digits and hay[i+6] is not, and no other; it stops
// before a block only when pos might overflow or fewer than 38 bytes are
// left.
func TestScan871AVX2(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"871", "8", "7", "1", "0", "9", "a", " ", ":", "\n", "\xe4\xb8\xad", "871300", "8713", "871300 ", "8713001", "87130a", "/", "_"}
	for n := range 3000 {
		var hay []byte
		for len(hay) < n%300 {
			hay = append(hay, pieces[r.IntN(len(pieces))]...)
		}
		var want []int
		for i := 0; i+7 <= len(hay); i++ {
			if string(hay[i:i+3]) == "871" && digit[hay[i+3]] && digit[hay[i+4]] && digit[hay[i+5]] && !digit[hay[i+6]] {
				want = append(want, i)
			}
		}
		var got []int
		i := 0
		for {
			var pos [64]int32
			k, off := scan871AVX2(hay[i:], &pos)
			for _, p := range pos[:k] {
				got = append(got, i+int(p))
			}
			if k > 32 {
				i += off
				continue
			}
			if rest := len(hay) - (i + off); rest >= 38 {
				t.Fatalf("%q: stopped at %d with %d bytes left and %d positions", hay, i+off, rest, k)
			}
			i += off
			break
		}
		// Positions from where the scan stopped on are for the caller's
		// tail loop.
		want = slices.DeleteFunc(want, func(p int) bool { return p >= i })
		if !slices.Equal(got, want) {
			t.Fatalf("%q: positions %v, want %v", hay, got, want)
		}
	}
}
