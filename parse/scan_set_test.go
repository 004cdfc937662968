package parse

import (
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"testing"
)

// randomTable returns n distinct codes of the given lengths, without 0.
func randomTable(r *rand.Rand, n int, lens ...int) []uint32 {
	seen := map[uint32]bool{}
	var out []uint32
	for len(out) < n {
		l := lens[r.Intn(len(lens))]
		c := uint32(pow10[l-1]) + uint32(r.Int63n(int64(9*pow10[l-1])))
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

func TestCodeSetMembership(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	tables := map[string][]uint32{
		"multi-platform":     multiPlatformCodes(),
		"100k 7-digit":       randomTable(r, 100000, 7),
		"9-digit, far apart": randomTable(r, 50, 9),
		"every length":       randomTable(r, 500, 1, 2, 3, 4, 5, 6, 7, 8, 9),
		"one code":           {42},
	}
	for name, codes := range tables {
		t.Run(name, func(t *testing.T) {
			s := newCodeSet(codes)
			in := setOf(codes)
			for c := uint32(871000); c <= 871999; c++ {
				in[c] = true
			}
			check := func(v uint32) {
				n := len(strconv.Itoa(int(v)))
				if v == 0 || n > MaxDigits {
					return
				}
				if got, want := s.contains(n, v), in[v] && v != 0; got != want {
					t.Fatalf("contains(%d, %d) = %v, want %v", n, v, got, want)
				}
			}
			for _, c := range codes {
				check(c)
				check(c + 1)
				check(c - 1)
			}
			for i := 0; i < 100000; i++ {
				l := 1 + r.Intn(MaxDigits)
				check(uint32(pow10[l-1]) + uint32(r.Int63n(int64(9*pow10[l-1]))))
			}
		})
	}
}

func TestCodeSetLayout(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	s := newCodeSet(randomTable(r, 100000, 7))
	if b := s.buckets[7]; len(b.lows) != 100000 || len(b.offs) < 9000000/256 || len(s.bitmap[7].bits) != 1 || s.sorted[7] != nil || s.slow != 1<<7 {
		t.Errorf("100,000 7-digit codes: %d bitmap words, %d and %d in buckets, %d sorted; want buckets", len(s.bitmap[7].bits), len(b.offs), len(b.lows), len(s.sorted[7]))
	}
	if s := newCodeSet(randomTable(r, 1000, 4)); len(s.bitmap[4].bits) != 9000/64+1 || s.slow != 0 {
		t.Errorf("1,000 4-digit codes: %d bitmap words, slow %b; want a bitmap", len(s.bitmap[4].bits), s.slow)
	}
	s = newCodeSet(randomTable(r, 50, 9))
	if s.sorted[9] == nil || len(s.bitmap[9].bits) != 1 {
		t.Errorf("50 9-digit codes: %d bitmap words, %d sorted; want a sorted slice", len(s.bitmap[9].bits), len(s.sorted[9]))
	}
	if s := newCodeSet([]uint32{0, 871300, 1234567890}); s != nil {
		t.Errorf("no extra code: got a code set")
	}
}

// TestCodeSetDuplicates checks that duplicates do not change the layout:
// two 7-digit codes far apart, repeated until they would fill a bitmap,
// are a sorted slice of two, as they are without the repeats; and that
// newCodeSet leaves its argument as it was.
func TestCodeSetDuplicates(t *testing.T) {
	var codes []uint32
	for i := 0; i < 20000; i++ {
		codes = append(codes, 3000000, 1000000, 12, 12)
	}
	var dense []uint32 // 5,000 8-digit codes over 4,000,000: buckets
	for _, c := range randomTable(rand.New(rand.NewSource(8)), 5000, 7) {
		dense = append(dense, 20000000+(c-1000000)*4/9)
	}
	dense = slices.Compact(slices.Sorted(slices.Values(dense)))
	for range 3 {
		codes = append(codes, dense...) // buckets, with duplicates
	}
	orig := slices.Clone(codes)
	s := newCodeSet(codes)
	if !slices.Equal(codes, orig) {
		t.Fatal("newCodeSet changed its argument")
	}
	if !slices.Equal(s.sorted[7], []uint32{1000000, 3000000}) || len(s.bitmap[7].bits) != 1 || s.buckets[7].offs != nil {
		t.Errorf("7 digits: sorted %v, %d bitmap words, %d buckets; want a sorted slice of two", s.sorted[7], len(s.bitmap[7].bits), len(s.buckets[7].offs))
	}
	if s.sorted[2] != nil || !s.contains(2, 12) || s.contains(2, 13) {
		t.Errorf("2 digits: sorted %v; want a bitmap holding 12 only", s.sorted[2])
	}
	for _, c := range []uint32{1000000, 3000000} {
		if !s.contains(7, c) || s.contains(7, c+1) {
			t.Errorf("contains(7, %d) or of %d is wrong", c, c+1)
		}
	}
	if len(s.buckets[8].lows) != len(dense) || s.sorted[8] != nil {
		t.Errorf("8 digits: %d in buckets, want %d", len(s.buckets[8].lows), len(dense))
	}
	in := setOf(dense)
	for c := uint32(19000000); c < 25000000; c += 97 {
		for _, v := range []uint32{c, dense[int(c)%len(dense)]} {
			if s.contains(8, v) != in[v] {
				t.Fatalf("contains(8, %d) = %v", v, !in[v])
			}
		}
	}
}

// TestCodeSetAllocs checks that the set of 100,000 7-digit codes costs
// little more than its buckets (380 KB): no copies of the codes (the
// rest is the Anchored finder and the small bitmaps).
func TestCodeSetAllocs(t *testing.T) {
	codes := randomTable(rand.New(rand.NewSource(5)), 100000, 7)
	var f Finder
	allocs := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			f = NewTextFinder(codes)
		}
	})
	if got, set := allocs.AllocedBytesPerOp(), int64(9000000/64+4*9000000/256+100000); got > set+set/4 {
		t.Errorf("NewTextFinder of 100,000 7-digit codes allocates %d bytes, want at most %d (the buckets and 1/4)", got, set+set/4)
	}
	_ = f
}

// TestPrefixFilters checks that the prefix filters never drop a code: for
// every first digit and the classes of the next two bytes, when a code of
// the table (or 871xxx) may start so, pre and vec both let it through;
// and pre lets through nothing else.
func TestPrefixFilters(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	tables := [][]uint32{multiPlatformCodes(), {7130001, 899070}, randomTable(r, 300, 1, 2, 3, 4, 5, 6, 7, 8, 9)}
	for i := 0; i < 200; i++ {
		tables = append(tables, randomTable(r, 1+r.Intn(40), 1+r.Intn(9), 1+r.Intn(9), 1+r.Intn(9)))
	}
	for _, codes := range tables {
		s := newCodeSet(codes)
		for d := 1; d <= 9; d++ {
			for x := 0; x <= classEnd; x++ {
				for y := 0; y <= classEnd; y++ {
					want := false
					for _, c := range append(slices.Clone(codes), 871000) {
						want = want || startsLike(c, d, x, y)
					}
					pre := s.pre[d][x]&(1<<y) != 0
					vec := s.vec[d]&s.vec[32+x]&s.vec[64+y] != 0 &&
						s.vec[16+d]&s.vec[48+x]&s.vec[80+y] != 0
					if pre != want || (want && !vec) {
						t.Fatalf("table %v: prefix %d,%d,%d: pre %v, vec %v, want %v", codes, d, x, y, pre, vec, want)
					}
				}
			}
		}
	}
}

// startsLike reports whether code c, written out, starts with digit d,
// then a byte of class x, then one of class y (see codeSet.pre).
func startsLike(c uint32, d, x, y int) bool {
	s := strconv.Itoa(int(c))
	class := func(i int) int {
		if i < len(s) {
			return int(s[i] - '0')
		}
		return classEnd
	}
	if c == 0 || len(s) > MaxDigits || class(0) != d || class(1) != x {
		return false
	}
	return len(s) == 1 || class(2) == y // after a 1-digit code, anything
}

func TestParse8(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for i := 0; i < 100000; i++ {
		n := 1 + r.Intn(7)
		b := make([]byte, 8)
		for j := range b {
			b[j] = byte(r.Intn(256))
		}
		for j := 0; j < n; j++ {
			b[j] = '0' + byte(r.Intn(10))
		}
		want, _ := strconv.Atoi(string(b[:n]))
		if got := parse8(le64(b), n); got != uint32(want) {
			t.Fatalf("parse8(%q, %d) = %d, want %d", b, n, got, want)
		}
	}
}

// BenchmarkCodeSet looks up 7-digit values (a tenth of them codes) in a
// table of 100,000 random 7-digit codes, kept as a bitmap, in buckets (as
// the Scanner keeps them), as a sorted slice and as a Go map.
func BenchmarkCodeSet(b *testing.B) {
	r := rand.New(rand.NewSource(6))
	codes := randomTable(r, 100000, 7)
	queries := make([]uint32, 1<<16)
	for i := range queries {
		if i%10 == 0 {
			queries[i] = codes[r.Intn(len(codes))]
		} else {
			queries[i] = 1000000 + uint32(r.Intn(9000000))
		}
	}
	s := newCodeSet(codes)
	bm := bitmap{lo: 1000000, bits: make([]uint64, 9000000/64+1)}
	for _, c := range codes {
		bm.bits[(c-bm.lo)/64] |= 1 << ((c - bm.lo) % 64)
	}
	sorted := slices.Sorted(slices.Values(codes))
	m := make(map[uint32]struct{}, len(codes))
	for _, c := range codes {
		m[c] = struct{}{}
	}
	lookups := map[string]func(uint32) bool{
		"bitmap":  func(v uint32) bool { return bm.has(v) != 0 },
		"buckets": func(v uint32) bool { return s.buckets[7].has(v) },
		"sorted":  func(v uint32) bool { _, ok := slices.BinarySearch(sorted, v); return ok },
		"map":     func(v uint32) bool { _, ok := m[v]; return ok },
	}
	for _, name := range []string{"bitmap", "buckets", "sorted", "map"} {
		has := lookups[name]
		b.Run(name, func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				if has(queries[i&(len(queries)-1)]) {
					n++
				}
			}
			if b.N >= len(queries) && n < b.N/20 {
				b.Fatal(fmt.Sprintf("%d hits in %d lookups", n, b.N))
			}
		})
	}
}
