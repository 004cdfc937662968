package parse

import (
	"bytes"
	"math/bits"
)

// litSearch finds one literal, whose ASCII letters may match in either
// case, in a haystack.
//
// It starts with bytes.IndexByte on the literal's rarest byte (see rarity)
// and checks each place it finds; when that byte turns out to be common in
// the haystack (more than one false place per 16 bytes), or when every
// byte of the literal is common, it tests two of the literal's bytes at
// once, 32 positions at a time, with SWAR like find871; and on amd64 with
// AVX2 it hands a literal that holds "871" to scan871AVX2.
type litSearch struct {
	lit     []byte // lower case where folded
	mask    []byte // 0x20 where folded, else 0
	rare    int    // the offset IndexByte looks for; -1 to go straight to the pair
	i, j    int    // the offsets of the pair, i <= j
	pi      uint64 // lit[i] in every byte
	pj      uint64
	mi      uint64 // mask[i] in every byte
	mj      uint64
	at871   int  // the offset of an unfolded "871" for scan871AVX2, or -1
	only871 bool // the literal is "871"
}

// Search modes of a cursor.
const (
	modeRare = iota
	modePair
	modeAVX
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
	// modeAVX: places of "871" base+pos[k:n].
	pos  [64]int32
	k, n int
}

func newLitSearch(lit, mask []byte) *litSearch {
	s := &litSearch{lit: lit, mask: mask, rare: -1, at871: -1}
	best := 0.0
	for k, c := range lit {
		if mask[k] == 0 && rarity(c) > best {
			s.rare, best = k, rarity(c)
		}
	}
	if best < 1.5 {
		s.rare = -1 // digits, lower case, spaces: IndexByte stops too often
	}
	// The pair: the two rarest bytes, the first if there is only one.
	s.i, s.j = 0, 0
	r1, r2 := -1.0, -1.0
	for k, c := range lit {
		v := rarity(c)
		switch {
		case v > r1:
			s.j, r2 = s.i, r1
			s.i, r1 = k, v
		case v > r2:
			s.j, r2 = k, v
		}
	}
	if r2 < 0 {
		s.j = s.i
	}
	if s.i > s.j {
		s.i, s.j = s.j, s.i
	}
	s.pi, s.pj = uint64(lit[s.i])*lsb, uint64(lit[s.j])*lsb
	s.mi, s.mj = uint64(mask[s.i])*lsb, uint64(mask[s.j])*lsb
	if k := bytes.Index(lit, []byte("871")); k >= 0 && mask[k]|mask[k+1]|mask[k+2] == 0 {
		s.at871 = k
		s.only871 = len(lit) == 3
	}
	return s
}

// start readies c for a search that begins at from.
func (s *litSearch) start(c *cursor, from int) {
	c.mode, c.from0, c.fails, c.done, c.cand, c.k, c.n = modeRare, from, 0, from, 0, 0, 0
	switch {
	case s.at871 >= 0 && useAVX2:
		c.mode = modeAVX
	case s.rare < 0:
		c.mode = modePair
	}
}

// absent reports whether hay cannot hold the literal because it lacks its
// rarest byte: a quick test before a search of a short haystack.
func (s *litSearch) absent(hay []byte) bool {
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
	switch c.mode {
	case modeRare:
		if p := s.nextRare(hay, from, c); p != -2 {
			return p
		}
		return s.nextPair(hay, from, c)
	case modePair:
		return s.nextPair(hay, from, c)
	}
	return s.nextAVX(hay, from, c)
}

// nextRare is next with IndexByte. It returns -2 when it has switched the
// cursor to modePair.
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
			c.mode, c.done = modePair, b
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
			break
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

// nextAVX is next with scan871AVX2, for a literal with "871" at at871.
func (s *litSearch) nextAVX(hay []byte, from int, c *cursor) int {
	off := s.at871
	for {
		for c.k < c.n {
			p := c.base + int(c.pos[c.k]) - off
			c.k++
			if p >= from && (s.only871 || s.at(hay, p)) {
				return p
			}
		}
		b := max(from+off, c.done)
		if b+34 > len(hay) {
			break
		}
		n, end := scan871AVX2(hay[b:], &c.pos)
		c.base, c.k, c.n, c.done = b, 0, n, b+end
	}
	for q := max(from+off, c.done); q+3 <= len(hay); q++ {
		if hay[q] == '8' && hay[q+1] == '7' && hay[q+2] == '1' && q-off >= from && s.at(hay, q-off) {
			c.done = q + 1
			return q - off
		}
	}
	c.done = len(hay)
	return -1
}
