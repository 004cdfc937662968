package filter

import (
	"encoding/binary"
	"math/bits"
)

// lastNL is bytes.LastIndexByte(p, '\n'), 32 bytes at a time with AVX2
// (lastNLAVX2), else eight at a time: the standard library's is a byte
// loop, and looking back for a line with a time (lookBack) runs through up
// to 64 lines per line with codes with it (23% of -j's profile on NDJSON,
// whose lines have no time, with the byte loop; 6.4% with eight bytes at a
// time).
func lastNL(p []byte) int {
	if useAVX2 && len(p) >= 32 {
		return lastNLAVX2(p)
	}
	return lastNLSWAR(p)
}

// lastNLSWAR is lastNL eight bytes at a time.
func lastNLSWAR(p []byte) int {
	const lows, nl8 = 0x7f7f7f7f7f7f7f7f, 0x0a0a0a0a0a0a0a0a
	i := len(p)
	for i >= 8 {
		x := binary.LittleEndian.Uint64(p[i-8:i]) ^ nl8
		// A byte of x is zero where p has '\n'. Its high bit in m is set
		// exactly then: (b&0x7f)+0x7f carries into bit 7 for any b but 0,
		// and never into the next byte, so every byte is marked exactly
		// (the (x-ones)&^x trick can mark a byte above a zero one).
		if m := ^((x&lows + lows) | x | lows); m != 0 {
			return i - 8 + (63-bits.LeadingZeros64(m))/8
		}
		i -= 8
	}
	for i--; i >= 0; i-- {
		if p[i] == '\n' {
			return i
		}
	}
	return -1
}
