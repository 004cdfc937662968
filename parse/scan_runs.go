package parse

import "math/bits"

// findRuns reports every candidate when the Scanner has extra codes.
//
// It finds the starts of the runs of digits that may be candidates, and
// checks each with checkRun. On amd64 with AVX2, scanRunsAVX2 looks at 64
// bytes at a time and drops, with vector compares, table lookups and bit
// operations on 64-bit masks, the runs that follow a word byte, whose
// length no code has, or whose first three bytes begin no code (see
// codeSet.vec and runFilter); on the synthetic logcat with the 352-row
// multi-platform table, 4 runs per KB are left to check. Elsewhere it
// visits every run start 8 bytes at a time with SWAR and drops those whose
// first three bytes begin no code (codeSet.pre).
func (s *codeSet) findRuns(hay []byte, dst []Hit) []Hit {
	i := 0
	if useAVX2 && int64(len(hay)) < 1<<31 {
		var pos [64]int32
		r := &s.runs
		for {
			var nd, wd uint64 // hay[i-1] is not a digit, is a word byte
			if i == 0 || !digit[hay[i-1]] {
				nd = 1
			}
			if i > 0 && word[hay[i-1]] {
				wd = 1
			}
			n, off := scanRunsAVX2(hay[i:], &s.vec, nd, wd, r.kmin, r.kmax, r.keep, r.long, &pos)
			for _, p := range pos[:n] {
				dst = s.checkRun(hay, i+int(p), dst)
			}
			i += off
			if n <= 32 {
				break // fewer than 66 bytes left
			}
		}
	}
	var prev uint64 // the high bit is set when hay[i-1] is a digit
	if i > 0 && digit[hay[i-1]] {
		prev = msb
	}
	for ; i+8 <= len(hay); i += 8 {
		d := digitBytes(le64(hay[i : i+8]))
		starts := d &^ (d<<8 | prev>>56)
		prev = d
		for starts != 0 {
			p := i + bits.TrailingZeros64(starts)>>3
			starts &= starts - 1
			if s.prefixOK(hay, p) {
				dst = s.checkRun(hay, p, dst)
			}
		}
	}
	for ; i < len(hay); i++ {
		if digit[hay[i]] && (i == 0 || !digit[hay[i-1]]) && s.prefixOK(hay, i) {
			dst = s.checkRun(hay, i, dst)
		}
	}
	return dst
}

// checkRun appends the hit of the run of digits that starts at hay[p]
// (hay[p-1], if any, is not a digit) when the run is a candidate: its
// neighbours are boundaries (a control sequence before it is one: see
// afterCSI) and it is 871xxx or one of the extra codes.
// Away from the ends of hay, for runs of up to 7 digits kept in bitmaps,
// it reads the run and the byte after it as one 8-byte word and combines
// the tests with one branch: the positions it is given come in no
// predictable pattern, and most are not codes. The rare cases are calls in
// tail position, so that the common one spills nothing.
func (s *codeSet) checkRun(hay []byte, p int, dst []Hit) []Hit {
	if p < 1 || p+8 > len(hay) {
		return s.checkRunSlow(hay, p, dst)
	}
	w := le64(hay[p : p+8])
	n := bits.TrailingZeros64(^digitBytes(w)&msb) >> 3
	if n == 8 {
		if s.lens>>8 == 0 {
			return dst // no code has 8 digits or more
		}
		return s.checkRunSlow(hay, p, dst)
	}
	v := parse8(w, n)
	if s.bitmap[n].has(v)&^uint64(wordByte[byte(w>>(8*n))]) == 0 {
		if s.slow>>n&1 != 0 {
			return s.checkRunBuckets(hay, p, n, v, w, dst)
		}
		return dst
	}
	if wordByte[hay[p-1]] != 0 {
		return checkRunCSI(hay, p, n, v, dst)
	}
	return append(dst, Hit{Start: p, End: p + n, Code: v})
}

// checkRunBuckets is checkRun for a run of n digits (up to 7) whose
// codes are not in a bitmap, given w and the run's value v: in buckets,
// it reads them there; else it takes checkRunSlow.
//
//go:noinline
func (s *codeSet) checkRunBuckets(hay []byte, p, n int, v uint32, w uint64, dst []Hit) []Hit {
	if len(s.buckets[n].offs) == 0 {
		return s.checkRunSlow(hay, p, dst)
	}
	if wordByte[byte(w>>(8*n))] != 0 || !s.buckets[n].has(v) {
		return dst
	}
	if wordByte[hay[p-1]] != 0 {
		return checkRunCSI(hay, p, n, v, dst)
	}
	return append(dst, Hit{Start: p, End: p + n, Code: v})
}

// checkRunCSI appends the hit of code v, of n digits at hay[p], when the
// word byte before it ends a control sequence.
//
//go:noinline
func checkRunCSI(hay []byte, p, n int, v uint32, dst []Hit) []Hit {
	if !afterCSI(hay, p) {
		return dst
	}
	return append(dst, Hit{Start: p, End: p + n, Code: v})
}

// checkRunSlow is checkRun byte by byte, for runs at the ends of hay, of
// 8 digits or more, or kept in buckets or sorted slices.
func (s *codeSet) checkRunSlow(hay []byte, p int, dst []Hit) []Hit {
	n, v := 0, uint32(0)
	for p+n < len(hay) && digit[hay[p+n]] {
		if n == MaxDigits {
			return dst
		}
		v = v*10 + uint32(hay[p+n]-'0')
		n++
	}
	e := p + n
	if s.lens&(1<<n) == 0 || hay[p] == '0' ||
		(e < len(hay) && word[hay[e]]) ||
		(p > 0 && word[hay[p-1]] && !afterCSI(hay, p)) || !s.contains(n, v) {
		return dst
	}
	return append(dst, Hit{Start: p, End: e, Code: v})
}

// parse8 returns the value of the first n digits of w (1 <= n <= 7), read
// from little-endian bytes: it moves them to the top bytes, so that the
// bytes after them drop out and zeros lead, and combines digit pairs, then
// pairs of pairs, then pairs of those, with three multiplications.
func parse8(w uint64, n int) uint32 {
	w = (w - '0'*lsb) << (64 - 8*n)
	w = (w * (10<<8 + 1)) >> 8 & 0x00ff00ff00ff00ff
	w = (w * (100<<16 + 1)) >> 16 & 0x0000ffff0000ffff
	w = (w * (10000<<32 + 1)) >> 32
	return uint32(w)
}
