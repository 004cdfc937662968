package parse

import (
	"bytes"
	"iter"
	"math/bits"
	"slices"
)

// codeSet is the table of a Scanner with extra codes: which lengths occur,
// the exact membership of each length, and the prefix filter used by the
// digit-run search. It is read-only once built.
type codeSet struct {
	lens uint16 // bit n is set when a candidate may have n digits (6 always)
	// bitmap[n], buckets[n] and sorted[n] hold the codes of n digits,
	// 871000-871999 included: one of them, the others empty. bitmap[n]
	// is never nil; slow has bit n set when the codes are in buckets[n]
	// or sorted[n] (see bitmapMin).
	bitmap  [MaxDigits + 1]bitmap
	buckets [MaxDigits + 1]buckets
	sorted  [MaxDigits + 1][]uint32
	slow    uint16
	// pre[d][x] has bit y set when a candidate may start with digit d
	// followed by bytes of classes x and y, where a byte's class is its
	// digit (0-9) or classEnd for a non-digit or the end of hay: the exact
	// three-byte prefix filter of the SWAR search.
	pre [10][11]uint16
	// vec is a looser form of pre for the vector search (scanRunsAVX2):
	// three 16-byte lookup tables for VPSHUFB, each repeated for the two
	// 128-bit lanes, that map the class of the first, second and third
	// byte to the set of buckets (bits) it may belong to; a position is a
	// candidate when the three sets meet. See buildVec.
	vec [96]byte
	// runs is the length filter of the vector search.
	runs runFilter
}

// runFilter tells scanRunsAVX2 which run lengths no code has. Bit i of
// G_k is set when the k bytes from i are digits; three steps G &= G>>a
// take G_1 (the digits) to G_k when the shift amounts a, the low three
// bytes of kmin or kmax, add up to k-1 and none is larger than the length
// G covers so far. The search drops the runs of G_{max+1} when long is all
// ones, and keeps only those of G_min and of keep (the last positions of
// a 64-byte block, whose runs may go on into the next) when kmin is not 0.
type runFilter struct{ kmin, kmax, keep, long uint64 }

// newRunFilter returns the filter of runs of minLen to maxLen digits, or
// of more: it looks at most 8 digits far.
func newRunFilter(minLen, maxLen int) runFilter {
	var f runFilter
	if m := min(minLen, 8); m > 1 {
		f.kmin, f.keep = steps(m), ^uint64(0)<<(65-m)
	}
	if maxLen < 8 {
		f.kmax, f.long = steps(maxLen+1), ^uint64(0)
	}
	return f
}

// steps returns the shift amounts that take G_1 to G_k (1 <= k <= 8).
func steps(k int) uint64 {
	a1 := min(1, k-1)
	a2 := min(2, k-1-a1)
	a3 := k - 1 - a1 - a2
	return uint64(a1) | uint64(a2)<<8 | uint64(a3)<<16
}

// classEnd is the class of a byte that is not a digit; see codeSet.pre.
const classEnd = 10

// bitmap is a set of codes as bits over [lo, lo+64*len(bits)).
type bitmap struct {
	lo   uint32
	bits []uint64
}

// has returns 1 when v is in b, else 0, without a branch: a value outside
// the bitmap reads its first word and is masked out.
func (b *bitmap) has(v uint32) uint64 {
	d := v - b.lo // wraps around below lo
	i, in := d/64, uint64(1)
	if i >= uint32(len(b.bits)) { // compiled to conditional moves
		i, in = 0, 0
	}
	return b.bits[i] >> (d % 64) & in
}

// The codes of one length are kept in a bitmap over their range when it
// takes at most bitmapMin bytes (it then fits in a core's L2 cache), else
// in buckets when they take at most bitmapRatio times the bytes of a
// sorted slice, else in the sorted slice. 100,000 random 7-digit codes
// take 380 KB of buckets instead of a 1.1 MB bitmap or a 400 KB slice
// (BenchmarkCodeSet compares them). The slice is for the few codes far
// apart that buckets would hold at great cost, such as 9-digit ones; the
// prefix and length filters let few runs reach it.
const (
	bitmapMin   = 64 << 10
	bitmapRatio = 8
)

// buckets is a set of codes over [lo, lo+256*(len(offs)-1)): the codes
// from lo+256*i on are in bucket i, which holds their low bytes,
// lows[offs[i]:offs[i+1]], in increasing order. Bit j of some, one per 8
// codes, is set when one of lo+8*j to lo+8*j+7 is in the set: most values
// that are not codes are turned away there, in a bitmap an eighth of the
// size of one of every code.
type buckets struct {
	lo   uint32
	some []uint64
	offs []uint32
	lows []byte
}

// bucketsOf returns empty buckets for k codes (duplicates included) over
// [lo, hi], with offs counting nothing yet.
func bucketsOf(lo, hi uint32, k int) buckets {
	return buckets{lo: lo, some: make([]uint64, (hi-lo)/512+1), offs: make([]uint32, (hi-lo)/256+2), lows: make([]byte, k)}
}

// size is the bytes of buckets of k codes over [lo, hi].
func bucketSize(lo, hi uint32, k int) int { return 8*int((hi-lo)/512+1) + 4*int((hi-lo)/256+2) + k }

func (b *buckets) has(v uint32) bool {
	d := v - b.lo
	j := d / 8
	if j/64 >= uint32(len(b.some)) || b.some[j/64]>>(j%64)&1 == 0 {
		return false
	}
	i := d / 256
	bk := b.lows[b.offs[i]:b.offs[i+1]]
	if len(bk) > 16 {
		return bytes.IndexByte(bk, byte(d)) >= 0
	}
	for _, x := range bk { // most buckets hold a few codes: no call
		if x == byte(d) {
			return true
		}
	}
	return false
}

// count counts code c into offs (offs[i+1] counts bucket i).
func (b *buckets) count(c uint32) { b.offs[(c-b.lo)/256+1]++ }

// place puts c in its bucket, once count has counted every code and
// offs[i] has been made the start of bucket i: offs[i] is then the next
// free place in bucket i, and after the last code the end of it.
func (b *buckets) place(c uint32) {
	d := c - b.lo
	b.lows[b.offs[d/256]] = byte(d)
	b.offs[d/256]++
	b.some[d/512] |= 1 << (d / 8 % 64)
}

// settle sorts each bucket and drops duplicates, once every code is
// placed (offs[i] the end of bucket i); it returns how many codes are
// left.
func (b *buckets) settle() int {
	w, from := uint32(0), uint32(0)
	for i := len(b.offs) - 1; i > 0; i-- {
		b.offs[i] = b.offs[i-1] // the ends, one place up
	}
	b.offs[0] = 0
	for i := 0; i+1 < len(b.offs); i++ {
		bk := b.lows[from:b.offs[i+1]]
		from = b.offs[i+1]
		slices.Sort(bk)
		bk = slices.Compact(bk)
		b.offs[i] = w
		w += uint32(copy(b.lows[w:], bk))
	}
	b.offs[len(b.offs)-1] = w
	b.lows = b.lows[:w:w]
	return int(w)
}

// lenStats are the count (duplicates included), the smallest and the
// largest code of each length.
type lenStats struct {
	n      [MaxDigits + 1]int
	lo, hi [MaxDigits + 1]uint32
}

func (st *lenStats) add(n int, c uint32) {
	if st.n[n] == 0 || c < st.lo[n] {
		st.lo[n] = c
	}
	st.hi[n] = max(st.hi[n], c)
	st.n[n]++
}

// useBitmap reports whether the codes over [lo, hi] go in a bitmap.
func useBitmap(lo, hi uint32) bool { return (int((hi-lo)/64)+1)*8 <= bitmapMin }

// useBuckets reports whether k distinct codes over [lo, hi] that do not go
// in a bitmap go in buckets.
func useBuckets(lo, hi uint32, k int) bool { return bucketSize(lo, hi, k) <= bitmapRatio*4*k }

// extraLen returns the length of c when it is an extra code above floor,
// else 0 (0, 871xxx and codes of more than MaxDigits digits are not).
func extraLen(c, floor uint32) int {
	n := digits(c)
	if c <= floor || n > MaxDigits || (n == 6 && c/1000 == 871) {
		return 0
	}
	return n
}

// contains reports whether v, a value of n digits, is 871xxx or an extra
// code.
func (s *codeSet) contains(n int, v uint32) bool {
	if s.bitmap[n].has(v) != 0 || len(s.buckets[n].offs) > 0 && s.buckets[n].has(v) {
		return true
	}
	_, ok := slices.BinarySearch(s.sorted[n], v)
	return ok
}

// newCodeSet returns the set of the given codes, or nil when none is an
// extra code (0, 871xxx and codes of more than MaxDigits digits are not).
// It does not modify extra, and allocates little beside the set: the
// lengths are counted first, then the codes go straight into their
// bitmap, buckets or sorted slice.
func newCodeSet(extra []uint32) *codeSet { return newCodeSetAbove(slices.Values(extra), 0) }

// newCodeSetAbove is newCodeSet of the codes of extra above floor; it
// ranges over extra three times at most.
func newCodeSetAbove(extra iter.Seq[uint32], floor uint32) *codeSet {
	var st lenStats
	for c := range extra {
		if n := extraLen(c, floor); n > 0 {
			st.add(n, c)
		}
	}
	if st.n == [MaxDigits + 1]int{} {
		return nil
	}
	s := &codeSet{lens: 1 << 6}
	st.add(6, 871000)
	st.add(6, 871999)
	st.n[6] += 1000 - 2
	s.addPrefix(871, 3)
	for n, k := range st.n {
		s.bitmap[n] = bitmap{bits: make([]uint64, 1)} // empty
		switch lo, hi := st.lo[n], st.hi[n]; {
		case k == 0:
			continue
		case useBitmap(lo, hi):
			s.bitmap[n] = bitmap{lo: lo, bits: make([]uint64, int((hi-lo)/64)+1)}
		case useBuckets(lo, hi, k):
			s.buckets[n] = bucketsOf(lo, hi, k)
			s.slow |= 1 << n
		default:
			s.sorted[n] = make([]uint32, 0, k)
			s.slow |= 1 << n
		}
		s.lens |= 1 << n
	}
	each := func(put func(n int, c uint32)) {
		for c := uint32(871000); c <= 871999; c++ {
			put(6, c)
		}
		for c := range extra {
			if n := extraLen(c, floor); n > 0 {
				put(n, c)
			}
		}
	}
	each(func(n int, c uint32) {
		s.addPrefix(c, n)
		switch {
		case s.sorted[n] != nil:
			s.sorted[n] = append(s.sorted[n], c)
		case len(s.buckets[n].offs) > 0:
			s.buckets[n].count(c)
		default:
			d := c - s.bitmap[n].lo
			s.bitmap[n].bits[d/64] |= 1 << (d % 64)
		}
	})
	if s.slow != 0 {
		for n := range s.buckets {
			b := &s.buckets[n]
			for i := 1; i < len(b.offs); i++ {
				b.offs[i] += b.offs[i-1] // offs[i] the start of bucket i
			}
		}
		each(func(n int, c uint32) {
			if len(s.buckets[n].offs) > 0 {
				s.buckets[n].place(c)
			}
		})
	}
	for n := range s.sorted {
		s.settle(n)
	}
	s.buildVec()
	s.runs = newRunFilter(bits.TrailingZeros16(s.lens), bits.Len16(s.lens)-1)
	return s
}

// settle puts the codes of n digits in their final form: the sorted slice
// sorted and without duplicates, the buckets too, and buckets that
// duplicates made look denser than they are turned into a sorted slice.
func (s *codeSet) settle(n int) {
	if s.sorted[n] != nil {
		slices.Sort(s.sorted[n])
		s.sorted[n] = slices.Compact(s.sorted[n])
		return
	}
	b := &s.buckets[n]
	if len(b.offs) == 0 {
		return
	}
	k := b.settle()
	if useBuckets(b.lo, b.lo+256*uint32(len(b.offs)-2), k) { // the last bucket holds the largest code
		return
	}
	codes := make([]uint32, 0, k)
	for i := 0; i+1 < len(b.offs); i++ {
		for _, low := range b.lows[b.offs[i]:b.offs[i+1]] {
			codes = append(codes, b.lo+256*uint32(i)+uint32(low))
		}
	}
	s.sorted[n], s.buckets[n] = codes, buckets{}
}

var pow10 = [...]uint32{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000}

const allClasses = 1<<11 - 1

// addPrefix adds to pre the prefix of c, a code of n digits.
func (s *codeSet) addPrefix(c uint32, n int) {
	switch {
	case n == 1:
		s.pre[c][classEnd] = allClasses
	case n == 2:
		s.pre[c/10][c%10] |= 1 << classEnd
	default:
		p := pow10[n-3]
		s.pre[c/(100*p)][c/(10*p)%10] |= 1 << (c / p % 10)
	}
}

// bucket is a set of prefixes as the vector search sees them: any class
// of c0 followed by any of c1 and any of c2 (bit sets over classes).
type bucket struct{ c0, c1, c2 uint16 }

func (b bucket) size() int { return weight(b.c0) * weight(b.c1) * weight(b.c2) }

// weight is how often a set of classes may be expected after a digit, in
// units of one digit: in logs, runs of one or two digits (timestamps) are
// common, so a non-digit counts as several digits.
func weight(c uint16) int {
	return bits.OnesCount16(c&^(1<<classEnd)) + int(c>>classEnd&1)*endWeight
}

const endWeight = 12

func (b bucket) union(o bucket) bucket { return bucket{b.c0 | o.c0, b.c1 | o.c1, b.c2 | o.c2} }

// buildVec folds pre into the eight buckets of vec. It starts with one
// bucket per first digit for the codes of 1 digit, one per first digit
// for those of 2 digits, and one per first two digits for longer ones, and
// merges the two buckets whose union admits the most prefixes that neither
// did, until eight are left. Keeping the kinds apart is what makes the
// filter see lengths: a 2-digit run such as a timestamp's "10" does not
// match the bucket of the codes 1000-1014.
func (s *codeSet) buildVec() {
	var bs []bucket
	for d := 1; d <= 9; d++ {
		two := bucket{c0: 1 << d, c2: 1 << classEnd}
		for x, ys := range s.pre[d] {
			switch {
			case x == classEnd:
				if ys != 0 {
					bs = append(bs, bucket{1 << d, 1 << classEnd, allClasses})
				}
				continue
			case ys&(1<<classEnd) != 0:
				two.c1 |= 1 << x
			}
			if long := ys &^ (1 << classEnd); long != 0 {
				bs = append(bs, bucket{1 << d, 1 << x, long})
			}
		}
		if two.c1 != 0 {
			bs = append(bs, two)
		}
	}
	for len(bs) > 8 {
		a, b, best := 0, 0, -1
		for i := range bs {
			for j := i + 1; j < len(bs); j++ {
				cost := bs[i].union(bs[j]).size() - bs[i].size() - bs[j].size()
				if best < 0 || cost < best {
					a, b, best = i, j, cost
				}
			}
		}
		bs[a] = bs[a].union(bs[b])
		bs = slices.Delete(bs, b, b+1)
	}
	for i, b := range bs {
		for x := 0; x <= classEnd; x++ {
			for t, set := range [...]uint16{b.c0, b.c1, b.c2} {
				if set&(1<<x) != 0 {
					s.vec[32*t+x] |= 1 << i
					s.vec[32*t+16+x] |= 1 << i
				}
			}
		}
	}
}

// class is the class of hay[i] (see codeSet.pre).
func class(hay []byte, i int) int {
	if i < len(hay) && digit[hay[i]] {
		return int(hay[i] - '0')
	}
	return classEnd
}

// prefixOK is the exact three-byte prefix filter: whether a run of
// digits starting at hay[p] may be a candidate, judging by its first bytes.
func (s *codeSet) prefixOK(hay []byte, p int) bool {
	return s.pre[hay[p]-'0'][class(hay, p+1)]&(1<<class(hay, p+2)) != 0
}
