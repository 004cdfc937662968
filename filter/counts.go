package filter

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jmlog/jmlog/codes"
)

// Counts holds what Filters have seen: lines, lines with codes, and every
// code with its count, where it was first and last seen, the log time of
// its lines, its timeline and its breakdowns (see By). Filters add to it
// after every window of lines of a block (see Filter.lines) and at the end
// of each block; readers such as a signal handler or a metrics endpoint
// take Snapshots at any time. Counts is safe for concurrent use,
// and its lock is only ever held to copy numbers: never across a Sink call
// or a write, so a Snapshot never waits for the output. The zero Counts is
// ready to use.
//
// Memory is bounded whatever the input: a timeline is tlSlots numbers for
// each of at most maxTimelines codes, and breakdowns keep at most
// maxGroups groups per code and breakdown (maxAllGroups in all); the
// occurrences in further groups are summed up as one "other" group.
type Counts struct {
	mu      sync.Mutex
	lines   int64
	matched int64
	codes   map[uint32]*codeTally
	jm      []*codeTally // codes[871000+k] at k, the JMessage codes: add's lookups without the map
	tl      timeline
	groups  int  // groups kept, all codes and breakdowns
	by      []By // the breakdowns counted, in the order the Filters gave them
	key     []byte
}

// maxGroups is how many groups of one breakdown are kept per code, and
// maxAllGroups how many in all.
const (
	maxGroups    = 1000
	maxAllGroups = 100_000
)

// codeTally is one code's running count. Where it was seen is kept as the
// source and line, and only made into text by Snapshot, so that counting
// does not allocate.
type codeTally struct {
	count        int64
	entry        *codes.Entry
	src          *Source
	line         int64
	lastSrc      *Source
	lastLine     int64
	minNS, maxNS int64
	timed        bool
	slots        []int64 // the timeline; nil until the code's first time, or when too many codes have one
	by           [numBy]*groupCounts
}

// groupCounts is one code's counts in one breakdown.
type groupCounts struct {
	m     map[string]*int64 // by group; noGroup for lines without the field
	other int64             // occurrences in groups beyond the ones kept
	last  []byte            // the group counted last, and its count: lines
	lastN *int64            // in a row often share a tag, a pid, a file
}

// noGroup is the key of the lines that lack a breakdown's field. Fields
// never hold a NUL.
const noGroup = "\x00"

// CodeCount is one code's tally in a Summary.
type CodeCount struct {
	Code  uint32
	Count int64
	// First and Last are where the code was first and last seen, as
	// "NAME:LINE", in the order the Filters read the input.
	First, Last string
	// FirstTime and LastTime are the earliest and the latest log time of
	// the code's lines, in UTC; zero when none had a time (see
	// Filter.Run for how lines get a time).
	FirstTime, LastTime time.Time
	// Entry is the code's table row; nil for an unknown code.
	Entry *codes.Entry
	// Timeline counts the code's occurrences per bucket of the Summary's
	// Timeline (Buckets numbers); nil when it has none: no time, or more
	// than maxTimelines codes had a time before it.
	Timeline []int64
	// By holds the code's groups for each breakdown of Summary.By, in the
	// same order, by count (highest first), then by value (None and Other
	// after the values of the same count).
	By [][]Group
}

// Group is the count of one value of a breakdown's field.
type Group struct {
	Value string
	Count int64
	// None marks the occurrences on lines without the field (a tag
	// breakdown of lines that are not logcat lines); Value is "".
	None bool
	// Other sums up the occurrences in groups beyond the ones kept
	// (maxGroups per code and breakdown); Value is "".
	Other bool
}

// Summary is a consistent copy of Counts: the numbers as they were at the
// end of one window of lines or block.
type Summary struct {
	Lines        int64
	MatchedLines int64
	// Codes are the known codes, by count (highest first), then by code.
	Codes []CodeCount
	// Unknown are the codes not in the table, in the same order.
	Unknown []CodeCount
	// Timeline is the geometry of every CodeCount's Timeline.
	Timeline Timeline
	// By lists the breakdowns counted.
	By []By
}

// Snapshot returns a copy of the counts as of the end of the last block
// any Filter finished, or of a window of lines in a block with many codes
// (see windowDone): always at a line end. It never waits for a Filter or
// for the output.
func (c *Counts) Snapshot() Summary {
	c.mu.Lock()
	s := Summary{Lines: c.lines, MatchedLines: c.matched, By: slices.Clone(c.by)}
	disp, k := c.tl.display()
	s.Timeline = disp
	for code, t := range c.codes {
		cc := c.codeCount(code, t)
		if t.slots != nil {
			cc.Timeline = c.tl.merged(t.slots, k, disp.Buckets)
		}
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
		for i := range l {
			for _, g := range l[i].By {
				slices.SortFunc(g, compareGroups)
			}
		}
	}
	return s
}

// compareGroups orders groups by count, highest first, then the groups
// of values by value, then None, then Other.
func compareGroups(a, b Group) int {
	rank := func(g Group) int {
		switch {
		case g.Other:
			return 2
		case g.None:
			return 1
		}
		return 0
	}
	return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Value, b.Value))
}

// codeCount copies t, but for its timeline.
func (c *Counts) codeCount(code uint32, t *codeTally) CodeCount {
	cc := CodeCount{Code: code, Count: t.count, Entry: t.entry,
		First: t.src.Label() + ":" + strconv.FormatInt(t.line, 10),
		Last:  t.lastSrc.Label() + ":" + strconv.FormatInt(t.lastLine, 10)}
	if t.timed {
		cc.FirstTime, cc.LastTime = time.Unix(0, t.minNS).UTC(), time.Unix(0, t.maxNS).UTC()
	}
	for _, by := range c.by {
		g := t.by[by]
		var groups []Group
		if g != nil {
			groups = make([]Group, 0, len(g.m)+1)
			for v, n := range g.m {
				groups = append(groups, Group{Value: v, Count: *n})
				if v == noGroup {
					groups[len(groups)-1] = Group{Count: *n, None: true}
				}
			}
			if g.other > 0 {
				groups = append(groups, Group{Count: g.other, Other: true})
			}
		}
		cc.By = append(cc.By, groups)
	}
	return cc
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
	for _, by := range d.by {
		if !slices.Contains(c.by, by) {
			c.by = append(c.by, by)
		}
	}
	d.ptrs = d.ptrs[:0]
	for i := range d.codes {
		dc := &d.codes[i]
		t := c.tally(dc.code)
		if t == nil {
			t = &codeTally{entry: dc.entry, src: d.src, line: dc.line}
			c.codes[dc.code] = t
			if k := dc.code - jmFirst; k < jmCodes {
				c.jm[k] = t
			}
		}
		if dc.entry != nil {
			t.entry = dc.entry // the row of the table in force (a reloaded table, see Tables)
		}
		t.count += dc.count
		t.lastSrc, t.lastLine = d.src, dc.last
		d.ptrs = append(d.ptrs, t)
	}
	for _, h := range d.hits {
		t, li := d.ptrs[h.code], &d.infos[h.info]
		if li.timed {
			c.addTime(t, li.ns, h.n)
		}
		for _, by := range d.by {
			key := d.key(li, by, c.key[:0])
			c.key = key[:0]
			c.group(t, by, key, h.n)
		}
	}
	for i := range d.codes {
		if dc := &d.codes[i]; dc.timed {
			t := d.ptrs[i]
			t.minNS, t.maxNS = min(t.minNS, dc.minNS), max(t.maxNS, dc.maxNS)
		}
	}
}

// addWindow adds a window counted lean (count_ahead.go) from src: its
// lines, its lines with codes, numbered from first, and their codes, all
// JMessage codes, whose rows rows looks up in tab. The Counts come out as
// add's would from a tally of the same window: the timeline sums the same
// occurrences per bucket whatever their order, and the earliest and latest
// times and the first and last places are kept the same way. It costs
// about half as much per code as a tally and add (callgrind).
func (c *Counts) addWindow(src *Source, cw *countedWin, first int64, rows *jmRows, tab *codes.Table) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines += cw.lines
	c.matched += int64(len(cw.lns))
	if len(cw.recs) > 0 && c.codes == nil {
		c.codes = make(map[uint32]*codeTally)
	}
	for _, h := range cw.recs {
		l := &cw.lns[h.ln]
		num := first + int64(l.rel)
		e, _ := rows.lookup(tab, h.code)
		t := c.tally(h.code)
		if t == nil {
			t = &codeTally{entry: e, src: src, line: num}
			c.codes[h.code] = t
			c.jm[h.code-jmFirst] = t
		}
		if e != nil {
			t.entry = e
		}
		t.count++
		t.lastSrc, t.lastLine = src, num
		c.addTime(t, l.ns, 1)
		t.minNS, t.maxNS = min(t.minNS, l.ns), max(t.maxNS, l.ns)
	}
}

// tally returns code's tally, or nil. With a code on most lines, the
// map's lookups were 2% of jmlog -c -e '871\d{3}' (perf).
func (c *Counts) tally(code uint32) *codeTally {
	if k := code - jmFirst; k < jmCodes {
		if c.jm == nil {
			c.jm = make([]*codeTally, jmCodes)
		}
		return c.jm[k]
	}
	return c.codes[code]
}

// addTime counts n occurrences of t at log time ns in the timeline. The
// earliest and latest times come from the tally's codes (a hit may stand
// for lines of one second).
func (c *Counts) addTime(t *codeTally, ns, n int64) {
	if !t.timed {
		t.timed, t.minNS, t.maxNS = true, ns, ns
		if c.tl.codes < maxTimelines {
			c.tl.codes++
			t.slots = make([]int64, tlSlots)
		}
	}
	c.tl.add(c.codes, t.slots, ns, n)
}

// group counts n occurrences of t in the group key of breakdown by.
func (c *Counts) group(t *codeTally, by By, key []byte, n int64) {
	g := t.by[by]
	if g == nil {
		g = &groupCounts{m: make(map[string]*int64)}
		t.by[by] = g
	}
	if g.lastN != nil && bytes.Equal(g.last, key) {
		*g.lastN += n
		return
	}
	if p := g.m[string(key)]; p != nil {
		*p += n // no allocation: the lookup does not copy key
		g.last, g.lastN = append(g.last[:0], key...), p
		return
	}
	if len(g.m) >= maxGroups || c.groups >= maxAllGroups {
		g.other += n
		return
	}
	c.groups++
	p := &n
	g.m[string(key)] = p
	g.last, g.lastN = append(g.last[:0], key...), p
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
// once the Filter has seen a block with as many distinct codes and
// occurrences.
type tally struct {
	lines, matched int64
	src            *Source // the block's source
	codes          []blockCode
	index          map[uint32]int // code -> position in codes, for codes outside jm
	jm             []int32        // code-871000 -> position in codes + 1, or 0: the JMessage codes
	hits           []hit          // the occurrences of each code in each line
	infos          []lineInfo     // what the lines with codes say
	arena          []byte         // the fields of infos
	by             []By           // the breakdowns to count
	ptrs           []*codeTally   // Counts.add's: codes[i]'s tally
}

// blockCode is one code's count in a block, where the block first and
// last had it, its last hit, and the earliest and latest time of its
// lines, if any had one.
type blockCode struct {
	code         uint32
	count        int64
	entry        *codes.Entry
	line, last   int64
	lastHit      int32 // index in tally.hits
	timed        bool
	minNS, maxNS int64
}

// hit is the n occurrences of a code in a line: the index of the code in
// tally.codes and of the line in tally.infos. A line with a million codes
// is one hit per distinct code, so a tally's memory is bounded by the
// lines with codes of a block and their distinct codes. Without
// breakdowns, a hit stands for the code's occurrences in the lines of one
// second of log time (or in lines without a time) in a row, the line of
// the first one's: the timeline, the only use of a hit's line then, counts
// by whole seconds.
type hit struct {
	code, info int32
	n          int64
}

func (t *tally) add(code uint32, e *codes.Entry, line int64, info int32) {
	var i int
	var ok bool
	if k := code - jmFirst; k < jmCodes {
		if t.jm == nil {
			t.jm = make([]int32, jmCodes)
		}
		i, ok = int(t.jm[k])-1, t.jm[k] != 0
		if !ok {
			i = len(t.codes)
			t.jm[k] = int32(i + 1)
		}
	} else if i, ok = t.index[code]; !ok {
		if t.index == nil {
			t.index = make(map[uint32]int)
		}
		i = len(t.codes)
		t.index[code] = i
	}
	if !ok {
		t.codes = append(t.codes, blockCode{code: code, entry: e, line: line})
	}
	c := &t.codes[i]
	c.count++
	c.last = line
	li := &t.infos[info]
	if li.timed {
		if !c.timed {
			c.timed, c.minNS, c.maxNS = true, li.ns, li.ns
		}
		c.minNS, c.maxNS = min(c.minNS, li.ns), max(c.maxNS, li.ns)
	}
	if ok {
		if h := &t.hits[c.lastHit]; h.info == info || len(t.by) == 0 && sameSecond(&t.infos[h.info], li) {
			h.n++
			return
		}
	}
	c.lastHit = int32(len(t.hits))
	t.hits = append(t.hits, hit{code: int32(i), info: info, n: 1})
}

// sameSecond reports whether a and b have no time, or times of the same
// second.
func sameSecond(a, b *lineInfo) bool {
	if a.timed != b.timed {
		return false
	}
	if !a.timed {
		return true
	}
	if d := a.ns - b.ns; d >= int64(time.Second) || d <= -int64(time.Second) {
		return false
	}
	return floorDiv(a.ns, int64(time.Second)) == floorDiv(b.ns, int64(time.Second))
}

// The JMessage codes, 871000 to 871999, which a tally indexes without a
// map.
const (
	jmFirst = 871000
	jmCodes = 1000
)

// jmRows remembers the table's answers for the JMessage codes, so that a
// code seen again costs an array load rather than a Lookup: with a code on
// every line, Lookup was 5.6% of jmlog -c's instructions (callgrind). The
// Filter resets it whenever its table changes (use).
type jmRows struct {
	rows []jmRow // by code - jmFirst; nil until the first lookup
}

type jmRow struct {
	e    *codes.Entry
	seen bool // looked up: e is the row, or nil for a code not in the table
}

func (r *jmRows) reset() { clear(r.rows) }

// lookup is tab.Lookup(code), remembered for the JMessage codes.
func (r *jmRows) lookup(tab *codes.Table, code uint32) (*codes.Entry, bool) {
	k := code - jmFirst
	if k >= jmCodes {
		return tab.Lookup(code)
	}
	if r.rows == nil {
		r.rows = make([]jmRow, jmCodes)
	}
	row := &r.rows[k]
	if !row.seen {
		row.e, _ = tab.Lookup(code)
		row.seen = true
	}
	return row.e, row.e != nil
}

func (t *tally) reset() {
	t.lines, t.matched = 0, 0
	for _, c := range t.codes {
		if k := c.code - jmFirst; k < jmCodes {
			t.jm[k] = 0
		}
	}
	t.codes = t.codes[:0]
	t.hits = t.hits[:0]
	t.infos = t.infos[:0]
	t.arena = t.arena[:0]
	clear(t.index)
}
