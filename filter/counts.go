package filter

import (
	"cmp"
	"slices"
	"strconv"
	"sync"

	"github.com/jmlog/jmlog/codes"
)

// Counts holds what Filters have seen: lines, lines with codes, and every
// code with its count and first sighting. Filters add to it at the end of
// each block; readers such as a signal handler or a metrics endpoint take
// Snapshots at any time. Counts is safe for concurrent use, and its lock is
// only ever held to copy numbers: never across a Sink call or a write, so a
// Snapshot never waits for the output. The zero Counts is ready to use.
type Counts struct {
	mu      sync.Mutex
	lines   int64
	matched int64
	codes   map[uint32]*codeTally
}

// codeTally is one code's running count. Where it was first seen is kept as
// the source and line, and only made into text by Snapshot, so that
// counting never allocates.
type codeTally struct {
	count int64
	entry *codes.Entry
	src   *Source
	line  int64
}

// CodeCount is one code's tally in a Summary.
type CodeCount struct {
	Code  uint32
	Count int64
	// First is where the code was first seen, as "NAME:LINE".
	First string
	// Entry is the code's table row; nil for an unknown code.
	Entry *codes.Entry
}

// Summary is a consistent copy of Counts: the numbers as they were at the
// end of one block.
type Summary struct {
	Lines        int64
	MatchedLines int64
	// Codes are the known codes, by count (highest first), then by code.
	Codes []CodeCount
	// Unknown are the codes not in the table, in the same order.
	Unknown []CodeCount
}

// Snapshot returns a copy of the counts as of the end of the last block any
// Filter finished. It never waits for a Filter or for the output.
func (c *Counts) Snapshot() Summary {
	c.mu.Lock()
	s := Summary{Lines: c.lines, MatchedLines: c.matched}
	for code, t := range c.codes {
		cc := CodeCount{Code: code, Count: t.count, Entry: t.entry,
			First: t.src.Label() + ":" + strconv.FormatInt(t.line, 10)}
		if t.entry != nil {
			s.Codes = append(s.Codes, cc)
		} else {
			s.Unknown = append(s.Unknown, cc)
		}
	}
	c.mu.Unlock()
	for _, l := range [][]CodeCount{s.Codes, s.Unknown} {
		slices.SortFunc(l, func(a, b CodeCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Code, b.Code))
		})
	}
	return s
}

// add adds the tally of one block.
func (c *Counts) add(d *tally) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines += d.lines
	c.matched += d.matched
	if len(d.codes) > 0 && c.codes == nil {
		c.codes = make(map[uint32]*codeTally)
	}
	for i := range d.codes {
		dc := &d.codes[i]
		t := c.codes[dc.code]
		if t == nil {
			t = &codeTally{entry: dc.entry, src: dc.src, line: dc.line}
			c.codes[dc.code] = t
		}
		if dc.entry != nil {
			t.entry = dc.entry // the row of the table in force (a reloaded table, see Tables)
		}
		t.count += dc.count
	}
}

// Total is the number of codes seen, known and unknown.
func (s Summary) Total() int64 {
	var n int64
	for _, l := range [][]CodeCount{s.Codes, s.Unknown} {
		for _, c := range l {
			n += c.Count
		}
	}
	return n
}

// tally is what a Filter counts during one block, before it adds it to its
// Counts. It is reused from block to block, so counting does not allocate
// once the Filter has seen a block with as many distinct codes.
type tally struct {
	lines, matched int64
	codes          []blockCode
	index          map[uint32]int // code -> position in codes
}

// blockCode is one code's count in a block, and where the block first had
// it.
type blockCode struct {
	code  uint32
	count int64
	entry *codes.Entry
	src   *Source
	line  int64
}

func (t *tally) add(code uint32, e *codes.Entry, src *Source, line int64) {
	if i, ok := t.index[code]; ok {
		t.codes[i].count++
		return
	}
	if t.index == nil {
		t.index = make(map[uint32]int)
	}
	t.index[code] = len(t.codes)
	t.codes = append(t.codes, blockCode{code: code, count: 1, entry: e, src: src, line: line})
}

func (t *tally) reset() {
	t.lines, t.matched = 0, 0
	t.codes = t.codes[:0]
	clear(t.index)
}
