package parse

import (
	"math/bits"
	"slices"
)

// multiLit finds several literals in one pass, as ripgrep's Teddy does:
// each literal's first three bytes are its fingerprint, and it is put in
// one of 8 buckets. For each of the three positions, two tables of 16
// bytes give the buckets whose fingerprints have a byte with that low (and
// that high) nibble there; a place whose three bytes give a bucket in all
// six tables is a candidate, and the literals of the bucket are checked
// there. With AVX2, teddyAVX2 looks at 32 places at a time with VPSHUFB,
// which costs about two searches of one literal (tripleAVX2) for any
// number of literals. Places come out in order.
type multiLit struct {
	lits    []*litSearch // each of at least 3 bytes
	buckets [8][]int     // the literals of each bucket, in order
	vec     teddyVec
}

// teddyVec is what teddyAVX2 looks up: for each position k of the
// fingerprint, lo[k][n] (hi[k][n]) has bit b set when a literal of bucket b
// has a byte with low (high) nibble n at k. Each table of 16 is repeated
// for the two lanes of a 32-byte register.
type teddyVec struct {
	lo [3][32]byte
	hi [3][32]byte
}

// multiMinLen is the shortest literal that multiLit takes: the length of
// the fingerprint.
const multiMinLen = 3

// newMultiLit returns the search for lits, each of at least multiMinLen
// bytes, or nil when there are more than 64 (the buckets would be too
// full to pay).
func newMultiLit(lits []*litSearch) *multiLit {
	if len(lits) > 64 {
		return nil
	}
	m := &multiLit{lits: lits}
	// Literals whose fingerprints are the same share a bucket; each new
	// fingerprint takes an empty bucket while there is one, then the
	// bucket with the fewest literals.
	var prints [8][][2 * multiMinLen]byte
	for i, s := range lits {
		if len(s.lit) < multiMinLen {
			panic("parse: a literal shorter than multiMinLen")
		}
		var fp [2 * multiMinLen]byte
		copy(fp[:], s.lit[:multiMinLen])
		copy(fp[multiMinLen:], s.mask[:multiMinLen])
		b := -1
		for j := range prints {
			if slices.Contains(prints[j], fp) {
				b = j
				break
			}
		}
		if b < 0 {
			b = 0
			for j := range m.buckets {
				if len(m.buckets[j]) < len(m.buckets[b]) {
					b = j
				}
			}
			prints[b] = append(prints[b], fp)
		}
		m.buckets[b] = append(m.buckets[b], i)
		for k := range multiMinLen {
			c, bit := s.lit[k], byte(1)<<b
			m.add(k, c, bit)
			if s.mask[k] != 0 {
				m.add(k, c&^s.mask[k], bit)
			}
		}
	}
	return m
}

func (m *multiLit) add(k int, c, bit byte) {
	m.vec.lo[k][c&15] |= bit
	m.vec.lo[k][16+c&15] |= bit
	m.vec.hi[k][c>>4] |= bit
	m.vec.hi[k][16+c>>4] |= bit
}

// bucketsAt returns the buckets whose fingerprint is at hay[q:], as bits;
// hay holds at least q+3 bytes.
func (m *multiLit) bucketsAt(hay []byte, q int) byte {
	h := hay[q : q+multiMinLen]
	v := &m.vec
	return v.lo[0][h[0]&15] & v.hi[0][h[0]>>4] &
		v.lo[1][h[1]&15] & v.hi[1][h[1]>>4] &
		v.lo[2][h[2]&15] & v.hi[2][h[2]>>4]
}

// multiCursor is where a multiLit search of one haystack is.
type multiCursor struct {
	done int // every candidate before done has been generated
	base int // candidates base+pos[k:n]
	pos  [64]int32
	k, n int
	q    int  // the candidate whose literals are being checked
	bits byte // its buckets not yet checked
	lit  int  // the next literal of the lowest of bits to check
}

// next returns the next place p of a literal in hay, and the literal's
// index, or -1. Places come in order, and the literals at one place in
// the order of their buckets. c starts as a zero multiCursor; hay must
// be the same each call. It needs AVX2 for haystacks of 34 bytes or more.
func (m *multiLit) next(hay []byte, c *multiCursor) (p, lit int) {
	for {
		for c.bits != 0 {
			b := bits.TrailingZeros8(c.bits)
			bk := m.buckets[b]
			for c.lit < len(bk) {
				i := bk[c.lit]
				c.lit++
				if m.lits[i].at(hay, c.q) {
					return c.q, i
				}
			}
			c.bits &= c.bits - 1
			c.lit = 0
		}
		q, ok := m.candidate(hay, c)
		if !ok {
			return -1, -1
		}
		c.q, c.bits, c.lit = q, m.bucketsAt(hay, q), 0
	}
}

// candidate returns the next place of hay whose three bytes are a
// bucket's fingerprint (and maybe a few more places, which bucketsAt
// leaves out).
func (m *multiLit) candidate(hay []byte, c *multiCursor) (int, bool) {
	for {
		if c.k < c.n {
			c.k++
			return c.base + int(c.pos[c.k-1]), true
		}
		b := c.done
		last := len(hay) - multiMinLen // the last place a fingerprint fits
		if b > last {
			return 0, false
		}
		lim := last - b - 32 + 1 // the last block starts at lim: places lim to last
		if lim < 0 {
			// Fewer than 32 places left: one at a time.
			for ; b <= last; b++ {
				if m.bucketsAt(hay, b) != 0 {
					c.done = b + 1
					return b, true
				}
			}
			c.done = len(hay)
			return 0, false
		}
		n, end := teddyAVX2(hay[b:], lim, &m.vec, &c.pos)
		c.base, c.k, c.n, c.done = b, 0, n, b+end
	}
}

// multiDSP runs several dsps over a block with one multiLit search of
// their literals, in place of a search per dsp (see blockFinder.Find).
type multiDSP struct {
	search *multiLit
	dsps   []*dsp
	users  [][]int // for each literal, the dsps that start with it, in order
	in     []bool  // for each pattern of the RegexFinder, whether it is one of dsps
}

// maxMultiDSP is the most dsps a multiDSP runs.
const maxMultiDSP = 64

// newMultiDSP returns the multiDSP of the dsps of pats whose literals it
// can find (see multiLit) and that run over a block, or nil when there are
// fewer than two such literals, or too many dsps. A literal of digits
// alone is left to its own search, which leaves out the places where the
// bytes after it cannot match (litSearch.withRanges): in logs, the digits
// of a code are common inside other numbers.
func newMultiDSP(pats []pattern) *multiDSP {
	m := &multiDSP{in: make([]bool, len(pats))}
	var lits []*litSearch
	for i := range pats {
		d := pats[i].dsp
		if pats[i].never || d == nil || d.lit == nil || d.crlf || len(d.lit.lit) < multiMinLen || digitsOnly(d.lit.lit) {
			continue
		}
		k := slices.IndexFunc(lits, func(s *litSearch) bool {
			return string(s.lit) == string(d.lit.lit) && string(s.mask) == string(d.lit.mask)
		})
		if k < 0 {
			k = len(lits)
			lits = append(lits, d.lit)
			m.users = append(m.users, nil)
		}
		m.users[k] = append(m.users[k], len(m.dsps))
		m.dsps = append(m.dsps, d)
		m.in[i] = true
	}
	if len(lits) < 2 || len(m.dsps) > maxMultiDSP {
		return nil
	}
	if m.search = newMultiLit(lits); m.search == nil {
		return nil
	}
	return m
}

func digitsOnly(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// has reports whether the RegexFinder's pattern i is one of m's dsps.
func (m *multiDSP) has(i int) bool { return m.in[i] }

// find appends the codes of m's dsps in block, as each dsp's find does,
// in order of Start. It reports false, with some of them appended, when
// they did not come out in order: the places of the literals are in order,
// but a code may start further from its literal in one dsp than another.
func (m *multiDSP) find(block []byte, dst []Hit) ([]Hit, bool) {
	var st [maxMultiDSP]struct{ from, at int } // each dsp's last match's end, where it goes on
	var c multiCursor
	base := len(dst)
	for {
		p, li := m.search.next(block, &c)
		if p < 0 {
			return dst, true
		}
		for _, di := range m.users[li] {
			s := &st[di]
			if p < s.at {
				continue
			}
			_, e, g0, g1, ok := m.dsps[di].matchAt(block, s.from, p)
			if !ok {
				continue
			}
			n := len(dst)
			if dst = appendCode(block, g0, g1, dst); n > base && len(dst) > n && dst[n].Start < dst[n-1].Start {
				return dst, false
			}
			s.from, s.at = e, e
		}
	}
}
