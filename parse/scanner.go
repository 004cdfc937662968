package parse

import (
	"encoding/binary"
	"math/bits"
)

// Scanner is the default finder: the word-boundary scanner.
//
// A candidate is a run of ASCII digits that is not directly preceded or
// followed by an ASCII letter, an ASCII digit or '_' (see IsWord); non-ASCII
// bytes, punctuation, spaces, line feeds and the ends of the slice are
// boundaries. So is a complete ANSI control sequence (CSI) right before the
// run, although it ends in a letter: "\x1b[31m871300" holds a candidate,
// and the byte before the sequence does not matter (see afterCSI). Other
// terminal sequences need no rule: a sequence after a run starts with ESC,
// and an OSC sequence (hyperlinks) ends in BEL or ESC '\\', all boundaries.
// The Scanner reports a candidate when it has exactly 6 digits and starts
// with "871" (every JMessage Android code, known or not), or when its value
// is one of the extra codes given to NewScanner and it is written without
// leading zeros.
//
// Because a line feed is a boundary and a digit run never contains one, the
// Scanner may be given a whole block of lines at once: the hits are the same
// as those of each line on its own. The zero Scanner reports 871xxx
// candidates only. A Scanner is safe for concurrent use. Find allocates
// only to grow dst.
//
// Without extra codes the Scanner searches for "871" (find871); with them,
// for runs of digits that may be codes (codeSet.findRuns). Both searches
// use AVX2 on amd64 and SWAR elsewhere.
type Scanner struct {
	set *codeSet // nil: 871xxx only
}

// NewScanner returns a Scanner that also reports the given codes, whatever
// their length (1 to MaxDigits digits). Code 0 and codes of more than
// MaxDigits digits are ignored, as are 871xxx codes, which are always
// reported. With no other codes the Scanner uses its fast path. The
// Scanner keeps each length's codes in a bitmap over their range when that
// is small, else in buckets by range (100,000 7-digit codes: 380 KB), else
// in a sorted slice (see bitmapMin).
func NewScanner(extra []uint32) *Scanner {
	return &Scanner{set: newCodeSet(extra)}
}

func digits(c uint32) int {
	n := 1
	for c >= 10 {
		c /= 10
		n++
	}
	return n
}

// Find implements Finder. line may hold several lines.
func (s *Scanner) Find(line []byte, dst []Hit) []Hit {
	if s == nil || s.set == nil {
		return find871(line, dst)
	}
	return s.set.findRuns(line, dst)
}

// find871 is the fast path: only 871xxx candidates.
//
// It looks for "871" 32 bytes at a time with SWAR (SIMD within a register):
// for each position p it XORs the bytes at p, p+1 and p+2 with '8', '7' and
// '1' and ORs the results, so a zero byte marks an "871". One test per 32
// bytes says whether there is any; only then are the positions gathered
// into a bit mask and their boundaries checked. This is portable Go, about three times the
// speed of calling bytes.Index for every "871" in number-heavy logs, where
// "871" occurs a dozen times per KB.
func find871(hay []byte, dst []Hit) []Hit {
	i := 0
	if useAVX2 && int64(len(hay)) < 1<<31 {
		// The same search with 32-byte vector compares (scan_amd64.s),
		// which also tests the digits after the "871", and hands back up
		// to 64 candidates per call: about twice the speed of the SWAR
		// loop below, and 1.2 times that again since it tests the digits
		// (`jmlog -c` on the 200 MB corpus, one core, CPU time).
		var pos [64]int32
		for {
			n, off := scan871AVX2(hay[i:], &pos)
			for _, p := range pos[:n] {
				dst = checkAt(hay, i+int(p), dst)
			}
			i += off
			if n <= 32 {
				break // fewer than 38 bytes left
			}
		}
	}
	for ; i+34 <= len(hay); i += 32 {
		b := hay[i : i+34]
		t0 := (le64(b[0:8]) ^ rep8) | (le64(b[1:9]) ^ rep7) | (le64(b[2:10]) ^ rep1)
		t1 := (le64(b[8:16]) ^ rep8) | (le64(b[9:17]) ^ rep7) | (le64(b[10:18]) ^ rep1)
		t2 := (le64(b[16:24]) ^ rep8) | (le64(b[17:25]) ^ rep7) | (le64(b[18:26]) ^ rep1)
		t3 := (le64(b[24:32]) ^ rep8) | (le64(b[25:33]) ^ rep7) | (le64(b[26:34]) ^ rep1)
		if ((t0-lsb)&^t0|(t1-lsb)&^t1|(t2-lsb)&^t2|(t3-lsb)&^t3)&msb == 0 {
			continue
		}
		m := pack(zeroBytes(t0)) | pack(zeroBytes(t1))<<8 | pack(zeroBytes(t2))<<16 | pack(zeroBytes(t3))<<24
		for m != 0 {
			p := i + bits.TrailingZeros32(m)
			m &= m - 1
			dst = checkAt(hay, p, dst)
		}
	}
	for ; i+2 < len(hay); i++ {
		if hay[i] == '8' && hay[i+1] == '7' && hay[i+2] == '1' {
			dst = checkAt(hay, i, dst)
		}
	}
	return dst
}

const (
	lsb  = 0x0101010101010101
	msb  = 0x8080808080808080
	low7 = 0x7f7f7f7f7f7f7f7f
	rep8 = '8' * lsb
	rep7 = '7' * lsb
	rep1 = '1' * lsb
)

func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// zeroBytes returns the high bit of each byte of t that is zero, and no
// other bit. Unlike the quicker test in find871 it has no false positives.
func zeroBytes(t uint64) uint64 { return ^(((t & low7) + low7) | t) & msb }

// pack gathers the high bits of the 8 bytes of a zeroBytes mask into the
// low 8 bits of the result, byte 0 into bit 0: the multiplication moves
// each bit to its own place in the top byte, and no two sums collide.
func pack(z uint64) uint32 { return uint32(((z >> 7) * 0x0102040810204080) >> 56) }

// checkAt appends the hit at p, where hay holds "871", when three more
// digits and the boundaries follow. Away from the ends of hay it reads the
// 8 bytes from p-1 at once and tests them together, with one branch; only
// when the byte before is a word byte, and nothing else is wrong, does it
// look further back, for a control sequence (checkAtCSI). The rare cases
// are calls in tail position, so that the common one spills nothing.
func checkAt(hay []byte, p int, dst []Hit) []Hit {
	if p < 1 || p+7 > len(hay) {
		return checkAtEnds(hay, p, dst)
	}
	w := le64(hay[p-1 : p+7])
	const want = 0x0080808000000000 // digits in bytes 4, 5 and 6: hay[p+3:p+6]
	// bad is 0 for a candidate, 1 when only the byte before is wrong.
	bad := digitBytes(w)&want ^ want | uint64(wordByte[w>>56])<<1 | uint64(wordByte[byte(w)])
	if bad > 1 {
		return dst
	}
	if bad == 1 {
		return checkAtCSI(hay, p, dst)
	}
	return append(dst, Hit{Start: p, End: p + 6, Code: code871(w >> 32)})
}

// code871 returns the code 871abc, where the low three bytes of w are the
// digits a, b and c.
func code871(w uint64) uint32 {
	return 871000 + uint32(byte(w)-'0')*100 + uint32(byte(w>>8)-'0')*10 + uint32(byte(w>>16)-'0')
}

// checkAtCSI is checkAt when the byte before hay[p] is a word byte and the
// rest holds a candidate: the hit is there when the byte ends a control
// sequence.
//
//go:noinline
func checkAtCSI(hay []byte, p int, dst []Hit) []Hit {
	if letterByte[hay[p-1]] == 0 || !afterCSI(hay, p) {
		return dst
	}
	return append(dst, Hit{Start: p, End: p + 6, Code: code871(le64(hay[p-1:p+7]) >> 32)})
}

// checkAtEnds is checkAt byte by byte, at the ends of hay.
func checkAtEnds(hay []byte, p int, dst []Hit) []Hit {
	e := p + 6
	if e <= len(hay) && digit[hay[p+3]] && digit[hay[p+4]] && digit[hay[p+5]] &&
		(e == len(hay) || !word[hay[e]]) && (p == 0 || !word[hay[p-1]] || afterCSI(hay, p)) {
		code := 871000 + uint32(hay[p+3]-'0')*100 + uint32(hay[p+4]-'0')*10 + uint32(hay[p+5]-'0')
		dst = append(dst, Hit{Start: p, End: e, Code: code})
	}
	return dst
}

// digitBytes returns the high bit of each byte of w that is an ASCII digit.
// With the high bit of each byte cleared, adding 0x80-'0' carries into the
// high bit exactly when the byte is at least '0', and 0x80+'9' minus it keeps
// the high bit exactly when it is at most '9'; neither crosses into the next
// byte. Bytes of 0x80 and above are not digits.
func digitBytes(w uint64) uint64 {
	v := w & low7
	return (v + (0x80-'0')*lsb) & ((0x80+'9')*lsb - v) &^ w & msb
}

// wordByte is word as numbers, for branch-free tests.
var wordByte = func() (t [256]uint8) {
	for i, w := range word {
		if w {
			t[i] = 1
		}
	}
	return t
}()
