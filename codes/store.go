package codes

import (
	"encoding/binary"
	"slices"
	"sync/atomic"
	"unsafe"
)

// A large TSV or JSON file, read through a window (see loadStream), whose
// rows are plain (no Extra fields, no language, no platform: the usual
// code, message, instruction table) is held as a store: columns instead of
// an Entry a row, about 14 bytes a row beyond its text instead of 56.
//
//   - Text: each row's line, message and instruction are a record in text
//     blocks of blockSize bytes (a longer record has a block of its own),
//     in file order: uvarint(line - the line of the block's first record),
//     as lines do not decrease in file order; uvarint(len(message)),
//     uvarint(len(instruction)), message, instruction. A row's place is its
//     block<<blockBits + its offset.
//   - rows: code<<32 | place, sorted by code, one row a code (of a file's
//     rows with the same code the last wins, as in build).
//   - dir: a directory of the sorted codes, 4 bytes for every 4 to 8 codes:
//     dir[b] is the first row whose code is at least lo + b<<shift.
//   - groups: the rows' Entries, made groupSize at a time by the first
//     lookup of one of them, and kept, so that Lookup hands out *Entry as it
//     does for other tables; a table looked up for a few hundred codes
//     makes a few hundred groups.
//
// A store is immutable but for groups, which are set once each
// (atomically: lookups may race to make a group; one wins, and all use
// its Entries).
type store struct {
	rows   []uint64
	blocks [][]byte
	first  []int32 // the line of each block's first record
	info   *rowInfo
	lo, hi uint32 // the first and last code
	shift  uint8
	dir    []uint32
	groups []atomic.Pointer[[groupSize]Entry]
}

const (
	blockBits = 16
	blockSize = 1 << blockBits
	groupBits = 3
	groupSize = 1 << groupBits
	// maxHeader is the most bytes a record's header takes: three
	// uvarints of at most 32 bits.
	maxHeader = 3 * 5
)

// storeBuilder collects the rows of a file in file order.
type storeBuilder struct {
	rows   []uint64 // code<<32 | place
	blocks [][]byte
	first  []int32
}

// newStoreBuilder returns a builder with room for n rows.
func newStoreBuilder(n int) *storeBuilder {
	return &storeBuilder{rows: make([]uint64, 0, n)}
}

func (b *storeBuilder) len() int { return len(b.rows) }

// add appends a row read at line, which is not before the line of the
// row before, copying its text.
func (b *storeBuilder) add(code uint32, msg, instr string, line int) {
	size := maxHeader + len(msg) + len(instr)
	k := len(b.blocks) - 1
	if k < 0 || cap(b.blocks[k])-len(b.blocks[k]) < size {
		b.blocks = append(b.blocks, make([]byte, 0, max(blockSize, size)))
		b.first = append(b.first, int32(line))
		k++
	}
	blk := b.blocks[k]
	place := uint64(k)<<blockBits | uint64(len(blk))
	blk = binary.AppendUvarint(blk, uint64(line-int(b.first[k])))
	blk = binary.AppendUvarint(blk, uint64(len(msg)))
	blk = binary.AppendUvarint(blk, uint64(len(instr)))
	blk = append(blk, msg...)
	b.blocks[k] = append(blk, instr...)
	b.rows = append(b.rows, uint64(code)<<32|place)
}

// truncate drops the rows from the n-th on, and their text.
func (b *storeBuilder) truncate(n int) {
	if n >= len(b.rows) {
		return
	}
	p := uint32(b.rows[n])
	k, off := int(p>>blockBits), int(p&(blockSize-1))
	b.blocks[k] = b.blocks[k][:off]
	if off == 0 {
		k-- // the block that row n started goes too
	}
	clear(b.blocks[k+1:])
	b.blocks, b.first = b.blocks[:k+1], b.first[:k+1]
	b.rows = b.rows[:n]
}

// decode returns the row r (code<<32 | place) as an Entry, its text in
// blocks.
func decode(r uint64, blocks [][]byte, first []int32, info *rowInfo) Entry {
	p := uint32(r)
	k := p >> blockBits
	blk := blocks[k][p&(blockSize-1):]
	d, n := binary.Uvarint(blk)
	lm, n1 := binary.Uvarint(blk[n:])
	li, n2 := binary.Uvarint(blk[n+n1:])
	blk = blk[n+n1+n2:]
	return Entry{Code: uint32(r >> 32), line: first[k] + int32(d), Message: blockString(blk[:lm]), Instruction: blockString(blk[lm : lm+li]), info: info}
}

// blockString returns b as a string without copying it: b is in a block that is
// not written any more.
func blockString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// entries returns the rows as Entries, in file order, with their text in
// the builder's blocks. The builder must not be used afterwards.
func (b *storeBuilder) entries(info *rowInfo) []Entry {
	es := make([]Entry, len(b.rows), cap(b.rows))
	for i, r := range b.rows {
		es[i] = decode(r, b.blocks, b.first, info)
	}
	return es
}

// store returns the store of the rows, taking them over; of the rows of a
// code, the last in file order is kept. The builder must not be used
// afterwards.
func (b *storeBuilder) store(info *rowInfo) *store {
	rows := b.rows
	b.rows = nil
	// A place grows in file order, so that rows sort by code and then
	// file order.
	if !slices.IsSorted(rows) {
		slices.Sort(rows)
	}
	w := 0
	for i, r := range rows {
		if i+1 < len(rows) && rows[i+1]>>32 == r>>32 {
			continue // not the last row of its code
		}
		rows[w] = r
		w++
	}
	rows = rows[:w]
	if cap(rows)-w > w/16 {
		rows = slices.Clone(rows) // many duplicates: let the rest go
	}
	s := &store{rows: rows, blocks: b.blocks, first: b.first, info: info}
	s.index()
	s.groups = make([]atomic.Pointer[[groupSize]Entry], (len(rows)+groupSize-1)/groupSize)
	return s
}

// index makes the directory of s.rows.
func (s *store) index() {
	n := len(s.rows)
	if n == 0 {
		return
	}
	s.lo, s.hi = uint32(s.rows[0]>>32), uint32(s.rows[n-1]>>32)
	for (s.hi-s.lo)>>s.shift >= uint32(max(n/4, 1)) {
		s.shift++
	}
	nb := int((s.hi-s.lo)>>s.shift) + 1
	s.dir = make([]uint32, nb+1)
	i := 0
	for b := range s.dir {
		for i < n && int((uint32(s.rows[i]>>32)-s.lo)>>s.shift) < b {
			i++
		}
		s.dir[b] = uint32(i)
	}
}

func (s *store) len() int { return len(s.rows) }

func (s *store) code(i int) uint32 { return uint32(s.rows[i] >> 32) }

// find returns the row of code, or -1.
func (s *store) find(code uint32) int {
	if code < s.lo || code > s.hi || len(s.rows) == 0 {
		return -1
	}
	b := (code - s.lo) >> s.shift
	i, j := int(s.dir[b]), int(s.dir[b+1])
	if j-i > 16 {
		k, ok := slices.BinarySearchFunc(s.rows[i:j], code, func(r uint64, c uint32) int { return int(int64(r>>32) - int64(c)) })
		if !ok {
			return -1
		}
		return i + k
	}
	for ; i < j; i++ {
		if c := uint32(s.rows[i] >> 32); c >= code {
			if c == code {
				return i
			}
			break
		}
	}
	return -1
}

// row returns row i as an Entry that is not kept: a copy.
func (s *store) row(i int) Entry { return decode(s.rows[i], s.blocks, s.first, s.info) }

// group returns the Entries of group k, making them if no one has.
func (s *store) group(k int) *[groupSize]Entry {
	g := &s.groups[k]
	if es := g.Load(); es != nil {
		return es
	}
	es := new([groupSize]Entry)
	for i := k * groupSize; i < min((k+1)*groupSize, len(s.rows)); i++ {
		es[i-k*groupSize] = s.row(i)
	}
	if !g.CompareAndSwap(nil, es) {
		return g.Load()
	}
	return es
}

// entry returns the kept Entry of row i.
func (s *store) entry(i int) *Entry { return &s.group(i >> groupBits)[i&(groupSize-1)] }

// entries returns the kept Entry of row i as a slice of one.
func (s *store) entries(i int) []Entry {
	j := i & (groupSize - 1)
	return s.group(i >> groupBits)[j : j+1 : j+1]
}
