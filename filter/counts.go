package filter

import (
	"sort"
	"strconv"
	"sync"

	"github.com/jmlog/jmlog/codes"
)

// Counts holds what the Filter has seen: lines, lines with codes, and every
// code with its count and first sighting. It is shared between the Filter,
// which updates it, and readers such as a signal handler or a metrics
// endpoint, which take Snapshots while the Filter runs. Counts is safe for
// concurrent use; the zero Counts is ready to use.
type Counts struct {
	mu      sync.Mutex
	lines   int64
	matched int64
	codes   map[uint32]*CodeCount
	held    bool
}

// CodeCount is one code's tally.
type CodeCount struct {
	Code  uint32
	Count int64
	// First is where the code was first seen, as "NAME:LINE".
	First string
	// Entry is the code's table row; nil for an unknown code.
	Entry *codes.Entry
}

// Summary is a consistent copy of Counts.
type Summary struct {
	Lines        int64
	MatchedLines int64
	// Codes are the known codes, by count (highest first), then by code.
	Codes []CodeCount
	// Unknown are the codes not in the table, in the same order.
	Unknown []CodeCount
}

// lock and unlock bracket the Filter's work on one block, so that a Snapshot
// always matches output that has been written in full.
func (c *Counts) lock()   { c.mu.Lock() }
func (c *Counts) unlock() { c.mu.Unlock() }

// add counts one code seen in src at line num. The caller holds the lock.
func (c *Counts) add(code uint32, e *codes.Entry, src *Source, num int64) {
	cc := c.codes[code]
	if cc == nil {
		if c.codes == nil {
			c.codes = make(map[uint32]*CodeCount)
		}
		cc = &CodeCount{Code: code, Entry: e, First: src.Label() + ":" + strconv.FormatInt(num, 10)}
		c.codes[code] = cc
	}
	cc.Count++
}

// Snapshot returns a copy of the counts. It waits for the block the Filter
// is working on, if any, to be written.
func (c *Counts) Snapshot() Summary {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.snapshot()
}

// Hold waits for the block the Filter is working on, if any, to be written,
// stops every Filter that uses c from starting another block, and returns
// the final counts. It is for ending the program from another goroutine (on
// SIGINT or SIGTERM): the output and the Summary then agree. Hold never
// returns to the caller's Filter; it is meant to be followed by os.Exit.
func (c *Counts) Hold() Summary {
	c.mu.Lock()
	c.held = true
	return c.snapshot()
}

func (c *Counts) snapshot() Summary {
	s := Summary{Lines: c.lines, MatchedLines: c.matched}
	for _, cc := range c.codes {
		if cc.Entry != nil {
			s.Codes = append(s.Codes, *cc)
		} else {
			s.Unknown = append(s.Unknown, *cc)
		}
	}
	for _, l := range [][]CodeCount{s.Codes, s.Unknown} {
		sort.Slice(l, func(i, j int) bool {
			if l[i].Count != l[j].Count {
				return l[i].Count > l[j].Count
			}
			return l[i].Code < l[j].Code
		})
	}
	return s
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
