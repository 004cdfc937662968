package filter

import (
	"math"
	"time"
)

// The timeline counts each code per bucket of log time. Its memory does not
// grow with the span of time: every code with a timeline has tlSlots fine
// buckets, and all codes share one geometry (the buckets' width and the
// time of slot 0). When a time falls outside the slots, the slots move, or
// the width steps up the ladder and the buckets are merged, so that the
// span of time seen so far always fits. Widths are in the ladder below,
// each a multiple of the one before, so merging is exact.
//
// A Summary shows the fine buckets merged again into about tlTarget
// buckets of a round width (see display).

// tlSlots is the number of fine buckets per code.
const tlSlots = 256

// tlTarget is about how many buckets a Summary's timeline has.
const tlTarget = 60

// maxTimelines is how many codes get a timeline (the first seen with a
// time); each takes tlSlots*8 bytes.
const maxTimelines = 512

// ladder holds the fine widths, in seconds: each divides the next. Past a
// day the width doubles.
var ladder = []int64{1, 2, 10, 30, 60, 120, 600, 1800, 3600, 7200, 21600, 43200, 86400}

// roundWidths are the widths a Summary's buckets may have, in seconds, up
// to a day; past a day, any whole number of days.
var roundWidths = []int64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400}

// timeline is the shared geometry.
type timeline struct {
	width  int64 // seconds per fine bucket; 0 until the first time
	first  int64 // bucket number (time / width) of slot 0
	lo, hi int64 // the lowest and highest bucket numbers counted
	codes  int   // how many codes have slots
	// The second last counted, its bucket number and the width then:
	// many times in a row fall in one second. secNS is the second's
	// start in ns, so that a time in it costs no division.
	secB, secW, secNS int64
}

// widthAfter returns the next width of the ladder.
func widthAfter(w int64) int64 {
	for _, l := range ladder {
		if l > w {
			return l
		}
	}
	return 2 * w
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// bucket returns the bucket number of ns at width w.
func bucket(ns, w int64) int64 { return floorDiv(ns, w*int64(time.Second)) }

// bucket returns bucket(ns, tl.width): the bucket of ns's second, as
// every width is a whole number of seconds.
func (tl *timeline) bucket(ns int64) int64 {
	if d := ns - tl.secNS; d >= 0 && d < int64(time.Second) && tl.width == tl.secW && tl.secW != 0 {
		return tl.secB
	}
	s := floorDiv(ns, int64(time.Second))
	tl.secB, tl.secW, tl.secNS = s, tl.width, s*int64(time.Second)
	if tl.width != 1 {
		tl.secB = floorDiv(s, tl.width)
	}
	return tl.secB
}

// add counts n occurrences at time ns in slots, first making room for ns;
// the slots of every code in codes move with a change of geometry. slots
// is nil for a code without a timeline.
func (tl *timeline) add(codes map[uint32]*codeTally, slots []int64, ns, n int64) {
	if tl.width == 0 {
		tl.width = 1
		b := bucket(ns, 1)
		tl.first, tl.lo, tl.hi = b, b, b
	}
	b := tl.bucket(ns)
	switch {
	case b < tl.first || b >= tl.first+tlSlots:
		tl.grow(codes, ns)
		b = bucket(ns, tl.width)
	case b < tl.lo:
		tl.lo = b
	case b > tl.hi:
		tl.hi = b
	}
	if slots != nil {
		slots[b-tl.first] += n
	}
}

// grow changes the geometry so that ns fits: the width steps up until the
// counted span and ns fit in tlSlots buckets, and slot 0 moves when ns
// falls outside the slots.
func (tl *timeline) grow(codes map[uint32]*codeTally, ns int64) {
	w := tl.width
	lo, hi := tl.lo*w, (tl.hi+1)*w-1 // seconds
	s := floorDiv(ns, int64(time.Second))
	lo, hi = min(lo, s), max(hi, s)
	for floorDiv(hi, w)-floorDiv(lo, w)+1 > tlSlots {
		w = widthAfter(w)
	}
	first := floorDiv(tl.first*tl.width, w)
	if floorDiv(lo, w) < first || floorDiv(hi, w) >= first+tlSlots {
		first = floorDiv(lo, w)
	}
	if w != tl.width || first != tl.first {
		var tmp [tlSlots]int64
		for _, t := range codes {
			if t.slots == nil {
				continue
			}
			clear(tmp[:])
			for i, v := range t.slots {
				if v != 0 {
					tmp[floorDiv((tl.first+int64(i))*tl.width, w)-first] += v
				}
			}
			copy(t.slots, tmp[:])
		}
	}
	tl.width, tl.first = w, first
	tl.lo, tl.hi = floorDiv(lo, w), floorDiv(hi, w)
}

// Timeline is the geometry of the timelines of a Summary: Buckets buckets
// of Step each, the first starting at Start. Each CodeCount's Timeline has
// Buckets counts. The zero Timeline (Buckets 0) means no time was read.
type Timeline struct {
	Start   time.Time // UTC
	Step    time.Duration
	Buckets int
}

// display returns the geometry a Summary shows: the fine buckets merged k
// at a time, where k makes a round width (see roundWidths) and gives the
// number of buckets closest to tlTarget.
func (tl *timeline) display() (Timeline, int64) {
	if tl.width == 0 {
		return Timeline{}, 0
	}
	best, bestScore := int64(1), math.Inf(1)
	for _, r := range candidates(tl.width) {
		k := r / tl.width
		m := floorDiv(tl.hi, k) - floorDiv(tl.lo, k) + 1
		if score := math.Abs(math.Log(float64(m) / tlTarget)); score < bestScore {
			best, bestScore = k, score
		}
	}
	start := floorDiv(tl.lo, best) * best
	return Timeline{
		Start:   time.Unix(start*tl.width, 0).UTC(),
		Step:    time.Duration(best*tl.width) * time.Second,
		Buckets: int(floorDiv(tl.hi, best) - floorDiv(tl.lo, best) + 1),
	}, best
}

// candidates lists the round widths that are multiples of w, up to
// tlSlots times w.
func candidates(w int64) []int64 {
	var c []int64
	for _, r := range roundWidths {
		if r >= w && r%w == 0 {
			c = append(c, r)
		}
	}
	for d := int64(2 * 86400); d <= w*tlSlots; d *= 2 {
		if d >= w && d%w == 0 {
			c = append(c, d)
		}
	}
	return c
}

// merged returns slots merged k at a time into the display buckets of tl.
func (tl *timeline) merged(slots []int64, k int64, buckets int) []int64 {
	out := make([]int64, buckets)
	if slots == nil {
		return out
	}
	base := floorDiv(tl.lo, k)
	for i, v := range slots {
		if v != 0 {
			out[floorDiv(tl.first+int64(i), k)-base] += v
		}
	}
	return out
}
