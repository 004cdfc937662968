package parse

// maxCSI is the length of the longest CSI sequence, from ESC to its final
// byte, that afterCSI recognises: enough for SGR with two 24-bit colours
// ("\x1b[38;2;255;255;255;48;2;255;255;255m" has 37 bytes).
const maxCSI = 64

// afterCSI reports whether hay[:p] ends with a complete ECMA-48 control
// sequence of at most maxCSI bytes: ESC '[', parameter bytes (0x30-0x3F),
// intermediate bytes (0x20-0x2F) and a final byte (0x40-0x7E). Such a
// sequence before a code is a boundary, as a space would be: colours
// ("\x1b[31m871300") end in a letter, which would otherwise join the code.
//
// The finders call it only when the byte before a candidate is a word byte,
// so the hot path does not pay for it; it is not inlined, to keep their
// code small. It reads backwards from the final byte over the
// intermediate, then the parameter bytes, at most maxCSI bytes; no line
// feed can be among them, so a block of lines gives the same result as
// each line.
//
//go:noinline
func afterCSI(hay []byte, p int) bool {
	if p < 3 || hay[p-1]-0x40 > 0x7e-0x40 {
		return false
	}
	lo := max(0, p-maxCSI) // the first byte the sequence may start at
	j := p - 2
	for j > lo && hay[j]-0x20 < 0x10 {
		j--
	}
	for j > lo && hay[j]-0x30 < 0x10 {
		j--
	}
	return j > lo && hay[j] == '[' && hay[j-1] == 0x1b
}

// letterByte marks the word bytes that may end a control sequence: ASCII
// letters and '_' (every word byte but the digits).
var letterByte = func() (t [256]uint8) {
	for c := range t {
		if word[c] && !digit[c] {
			t[c] = 1
		}
	}
	return t
}()
