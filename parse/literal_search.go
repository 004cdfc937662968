package parse

import (
	"bytes"
	"cmp"
	"math/bits"
	"slices"
)

// litSearch finds one literal, whose ASCII letters may match in either
// case, in a haystack.
//
// With AVX2 (on amd64) it tests three of the literal's bytes (the rarest,
// see rarity) at once, 32 places at a time, with tripleAVX2: on synthetic
// logcat that is 3 to 5 times the speed of the alternatives below, even
// for a literal with a byte that is absent. Without AVX2, or for a literal
// of one byte, it starts with bytes.IndexByte on the literal's rarest byte
// and checks each place it finds; when that byte turns out to be common in
// the haystack (more than one false place per 16 bytes), or when every
// byte of the literal is a digit or a space, it tests two bytes at once
// with SWAR like find871. A dsp's search may also test, with AVX2, up to
// three bytes after the literal that its matches hold (withRanges), once
// most places of the literal turn out not to be matches (miss).
type litSearch struct {
	lit  []byte // lower case where folded
	mask []byte // 0x20 where folded, else 0
	rare int    // the offset IndexByte looks for; -1 to go straight to the vector search
	// SWAR: the offsets of the pair, i <= j, their bytes and masks in every byte
	i, j   int
	pi, pj uint64
	mi, mj uint64
	// AVX2
	vec    tripleVec
	maxOff int       // the largest of vec.off
	exact  bool      // vec tests every byte of the literal
	rng    *rangeVec // bytes after the literal that a cursor with rng tests too; or nil
	rs     []byteRange
	rngOff int // the largest of vec.off and rng.off
}

// tripleVec is what tripleAVX2 compares: three bytes of the literal, at
// offsets off, each ORed with mask first (0x20 for a letter in either
// case), repeated 32 times.
type tripleVec struct {
	want [3][32]byte
	mask [3][32]byte
	off  [3]int
}

// rangeVec is what tripleRangeAVX2 compares besides a tripleVec: three
// bytes at offsets off, each in the range lo to lo+span, repeated 32
// times. A dsp sets it for bytes that every match holds after the literal
// (see withRanges), which the places found need not have: a place without
// them is left out, which pays where the literal is common and its matches
// are not (871 in longer numbers, for 871\d{3}).
type rangeVec struct {
	lo   [3][32]byte
	span [3][32]byte
	off  [3]int
}

// byteRange is a place after the literal that tripleRangeAVX2 tests: the
// byte at the literal's place plus off is in [lo, hi].
type byteRange struct {
	off    int
	lo, hi byte
}

// withRanges makes the AVX2 search leave out the places without the bytes
// rs (one to three of them; a place of the literal where one is not in
// its range must not be one the caller wants).
func (s *litSearch) withRanges(rs []byteRange) {
	if len(rs) == 0 {
		return
	}
	r := &rangeVec{}
	s.rngOff = s.maxOff
	for t := range 3 {
		b := rs[min(t, len(rs)-1)]
		r.off[t] = b.off
		s.rngOff = max(s.rngOff, b.off)
		for x := range 32 {
			r.lo[t][x], r.span[t][x] = b.lo, b.hi-b.lo
		}
	}
	s.rng, s.rs = r, rs
}

// inRanges reports whether the bytes after the place p are in their
// ranges (see withRanges).
func (s *litSearch) inRanges(hay []byte, p int) bool {
	for _, r := range s.rs {
		if p+r.off >= len(hay) || hay[p+r.off] < r.lo || hay[p+r.off] > r.hi {
			return false
		}
	}
	return true
}

// miss tells the search that the caller found no match at the place p it
// returned. Where such places are more than about one in 256 bytes, the
// AVX2 search starts to test the bytes after the literal (rng): each
// place costs more than a hundred instructions, the tests about half an
// instruction a byte, a cost where the literal is rare (code=), a gain
// where it is common and mostly not followed by those bytes (871 in
// longer numbers, for 871\d{3}).
func (s *litSearch) miss(c *cursor, p int) {
	if s.rng != nil && !c.rng {
		if c.misses++; c.misses > 8+(p-c.from0)>>8 {
			c.rng = true
		}
	}
}

// triple runs the AVX2 search: tripleAVX2, or tripleRangeAVX2 with rng.
func (s *litSearch) triple(p []byte, lim int, pos *[64]int32, rng bool) (n, off int) {
	if rng && s.rng != nil {
		return tripleRangeAVX2(p, lim, &s.vec, s.rng, pos)
	}
	return tripleAVX2(p, lim, &s.vec, pos)
}

// Search modes of a cursor.
const (
	modeRare = iota
	modePair
	modeVec
)

// cursor is the state of one search through one haystack. Its zero value
// is not ready: see litSearch.start.
type cursor struct {
	mode  int
	from0 int // where the search began
	fails int // places of the rare byte that were not the literal
	done  int // every candidate before done has been generated
	// modePair: candidates base+k for each bit k of cand.
	base int
	cand uint32
	// modeVec: candidates base+pos[k:n].
	pos  [64]int32
	k, n int
	// modeVec: misses counts the places that the caller found no match
	// at (see miss); rng is set once they are common, and the search
	// then tests the bytes after the literal too (litSearch.rng).
	misses int
	rng    bool
}

func newLitSearch(lit, mask []byte) *litSearch {
	s := &litSearch{lit: lit, mask: mask, rare: -1}
	// The offsets from the rarest byte to the commonest.
	offs := make([]int, len(lit))
	for k := range offs {
		offs[k] = k
	}
	slices.SortStableFunc(offs, func(a, b int) int { return cmp.Compare(rarity(lit[b]), rarity(lit[a])) })
	for _, k := range offs {
		if mask[k] == 0 && rarity(lit[k]) > 1 {
			s.rare = k // not a digit nor a space: IndexByte would stop too often
			break
		}
	}
	s.i, s.j = min(offs[0], offs[min(1, len(offs)-1)]), max(offs[0], offs[min(1, len(offs)-1)])
	s.pi, s.pj = uint64(lit[s.i])*lsb, uint64(lit[s.j])*lsb
	s.mi, s.mj = uint64(mask[s.i])*lsb, uint64(mask[s.j])*lsb
	for t := range 3 {
		k := offs[min(t, len(offs)-1)]
		s.vec.off[t] = k
		s.maxOff = max(s.maxOff, k)
		for x := range 32 {
			s.vec.want[t][x], s.vec.mask[t][x] = lit[k], mask[k]
		}
	}
	s.exact = len(lit) <= 3
	return s
}

// start readies c for a search that begins at from.
func (s *litSearch) start(c *cursor, from int) {
	c.mode, c.from0, c.fails, c.done, c.cand, c.k, c.n = modeRare, from, 0, from, 0, 0, 0
	c.misses, c.rng = 0, false
	if s.rare < 0 || useAVX2 && len(s.lit) > 1 {
		c.mode = s.vecMode()
	}
}

// vecMode is the mode for a search of several bytes at once.
func (s *litSearch) vecMode() int {
	if useAVX2 {
		return modeVec
	}
	return modePair
}

// absent reports whether hay cannot hold the literal: a quick test before
// the search of a short haystack, such as a line. With AVX2 it looks for
// three of the literal's bytes at once in the whole of hay, else for its
// rarest byte.
func (s *litSearch) absent(hay []byte) bool {
	maxOff := s.maxOff
	if s.rng != nil {
		maxOff = s.rngOff
	}
	if lim := len(hay) - maxOff - 32; useAVX2 && lim >= 0 && lim < 256 {
		var pos [64]int32
		n, _ := s.triple(hay, lim, &pos, true)
		return n == 0
	}
	return s.rare >= 0 && bytes.IndexByte(hay, s.lit[s.rare]) < 0
}

// at reports whether the literal is at hay[p:].
func (s *litSearch) at(hay []byte, p int) bool {
	if p < 0 || len(hay)-p < len(s.lit) {
		return false
	}
	h := hay[p : p+len(s.lit)]
	for k, c := range s.lit {
		if h[k]|s.mask[k] != c {
			return false
		}
	}
	return true
}

// next returns the first place p >= from of the literal in hay, or -1.
// Successive calls must not decrease from.
func (s *litSearch) next(hay []byte, from int, c *cursor) int {
	if c.mode == modeRare {
		if p := s.nextRare(hay, from, c); p != -2 {
			return p
		}
	}
	if c.mode == modeVec {
		return s.nextVec(hay, from, c)
	}
	return s.nextPair(hay, from, c)
}

// nextRare is next with IndexByte. It returns -2 when it has switched the
// cursor to another mode.
func (s *litSearch) nextRare(hay []byte, from int, c *cursor) int {
	b := max(from, c.done)
	last := len(hay) - len(s.lit) // the last place the literal can start
	r, x := s.rare, s.lit[s.rare]
	for b <= last {
		k := bytes.IndexByte(hay[b+r:last+r+1], x)
		if k < 0 {
			break
		}
		p := b + k
		if s.at(hay, p) {
			c.done = p + 1
			return p
		}
		b = p + 1
		if c.fails++; c.fails > 8+(b-c.from0)>>4 {
			c.mode, c.done = s.vecMode(), b
			return -2
		}
	}
	c.done = len(hay)
	return -1
}

func (s *litSearch) nextPair(hay []byte, from int, c *cursor) int {
	for {
		for c.cand != 0 {
			p := c.base + bits.TrailingZeros32(c.cand)
			c.cand &= c.cand - 1
			if p >= from && s.at(hay, p) {
				return p
			}
		}
		b := max(from, c.done)
		if b+s.j+32 > len(hay) {
			// The last places, as in nextVec.
			b2 := len(hay) - s.j - 32
			if b2 < 0 || b >= len(hay) {
				break
			}
			c.base, c.cand, c.done = b2, s.pair32(hay[b2:])>>(b-b2)<<(b-b2), len(hay)
			continue
		}
		c.base, c.cand, c.done = b, s.pair32(hay[b:]), b+32
	}
	// The tail, a byte at a time.
	for p := max(from, c.done); p+len(s.lit) <= len(hay); p++ {
		if s.at(hay, p) {
			c.done = p + 1
			return p
		}
	}
	c.done = len(hay)
	return -1
}

// pair32 returns the positions p in [0, 32) where h[p+i] and h[p+j] are the
// literal's, as bits. h holds at least j+32 bytes.
func (s *litSearch) pair32(h []byte) uint32 {
	a, b := h[s.i:s.i+32], h[s.j:s.j+32]
	t0 := (le64(a[0:8]) | s.mi ^ s.pi) | (le64(b[0:8]) | s.mj ^ s.pj)
	t1 := (le64(a[8:16]) | s.mi ^ s.pi) | (le64(b[8:16]) | s.mj ^ s.pj)
	t2 := (le64(a[16:24]) | s.mi ^ s.pi) | (le64(b[16:24]) | s.mj ^ s.pj)
	t3 := (le64(a[24:32]) | s.mi ^ s.pi) | (le64(b[24:32]) | s.mj ^ s.pj)
	if ((t0-lsb)&^t0|(t1-lsb)&^t1|(t2-lsb)&^t2|(t3-lsb)&^t3)&msb == 0 {
		return 0
	}
	return pack(zeroBytes(t0)) | pack(zeroBytes(t1))<<8 | pack(zeroBytes(t2))<<16 | pack(zeroBytes(t3))<<24
}

// nextVec is next with tripleAVX2, or with tripleRangeAVX2 once c.rng is
// set.
func (s *litSearch) nextVec(hay []byte, from int, c *cursor) int {
	maxOff := s.maxOff
	if c.rng {
		maxOff = s.rngOff
	}
	for {
		for c.k < c.n {
			p := c.base + int(c.pos[c.k])
			c.k++
			if p >= from && (s.exact || s.at(hay, p)) {
				return p
			}
		}
		b := max(from, c.done)
		if b > len(hay)-len(s.lit) {
			c.done = len(hay)
			return -1
		}
		lim := len(hay) - b - maxOff - 32
		if lim < 0 {
			// Fewer than 32 places left: one block that ends at the end
			// of hay, less the places before b, which are done.
			b2 := len(hay) - maxOff - 32
			if b2 < 0 {
				break
			}
			c.n, _ = s.triple(hay[b2:], 0, &c.pos, c.rng)
			c.base, c.k, c.done = b2, 0, len(hay)
			for c.k < c.n && b2+int(c.pos[c.k]) < b {
				c.k++
			}
			continue
		}
		n, end := s.triple(hay[b:], lim, &c.pos, c.rng)
		c.base, c.k, c.n, c.done = b, 0, n, b+end
	}
	for p := max(from, c.done); p+len(s.lit) <= len(hay); p++ {
		if s.at(hay, p) && (!c.rng || s.inRanges(hay, p)) {
			c.done = p + 1
			return p
		}
	}
	c.done = len(hay)
	return -1
}
