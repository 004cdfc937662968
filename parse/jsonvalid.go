package parse

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// validJSON reports whether p is one JSON value, with only JSON whitespace
// around it, in valid UTF-8, whose objects and arrays nest at most limit
// deep: exactly
//
//	gjson.ValidBytes(p) && utf8.Valid(p) && (brackets nest at most limit deep)
//
// (FuzzValidJSON holds it to that, with a naive bracket counter), in one
// pass where JSONObject made three. limit is at most maxValidDepth. gjson's
// grammar is RFC 8259's, without its UTF-8 rule, which utf8.Valid adds;
// outside strings only ASCII is valid anyway, so validJSON checks UTF-8
// inside strings only. It skips the plain runs of strings 8 bytes at a
// time (JSONSpecial8), takes no stack (the kinds of the open brackets are
// bits of an array, up to maxValidDepth), and does not allocate.
func validJSON(p []byte, limit int) bool {
	if limit > maxValidDepth {
		limit = maxValidDepth
	}
	var objs [maxValidDepth / 64]uint64 // bit d: bracket d is an object's
	depth := 0
	i := skipSpace(p, 0)
	for {
		// A value starts at p[i].
		if i >= len(p) {
			return false
		}
		switch c := p[i]; {
		case c == '{' || c == '[':
			if depth == limit {
				return false
			}
			obj := c == '{'
			if obj {
				objs[depth>>6] |= 1 << (depth & 63)
			} else {
				objs[depth>>6] &^= 1 << (depth & 63)
			}
			depth++
			i = skipSpace(p, i+1)
			if i < len(p) && (p[i] == '}' && obj || p[i] == ']' && !obj) {
				depth--
				i++
				break // the bracket is closed: after a value
			}
			if obj {
				if i = validMember(p, i); i < 0 {
					return false
				}
			}
			continue // a value starts at p[i]
		default:
			if i = validScalar(p, i); i < 0 {
				return false
			}
		}
		// After a value: a comma, or brackets that close.
		for {
			i = skipSpace(p, i)
			if depth == 0 {
				return i == len(p)
			}
			if i >= len(p) {
				return false
			}
			obj := objs[(depth-1)>>6]>>((depth-1)&63)&1 == 1
			if c := p[i]; c == '}' && obj || c == ']' && !obj {
				depth--
				i++
				continue
			} else if c != ',' {
				return false
			}
			i = skipSpace(p, i+1)
			if obj {
				if i = validMember(p, i); i < 0 {
					return false
				}
			}
			break
		}
	}
}

// validScalar checks the string, number, true, false or null that starts
// at p[i] and returns the index after it, or -1.
func validScalar(p []byte, i int) int {
	switch c := p[i]; {
	case c == '"':
		return validString(p, i+1)
	case c == '-' || c >= '0' && c <= '9':
		return validNumber(p, i)
	case c == 't' && hasAt(p, i, "true"), c == 'n' && hasAt(p, i, "null"):
		return i + 4
	case c == 'f' && hasAt(p, i, "false"):
		return i + 5
	}
	return -1
}

// maxValidDepth is the deepest nesting validJSON can follow: at least
// MaxJSONDepth, which the constant below checks at compile time.
const maxValidDepth = 512

const _ = uint(maxValidDepth - MaxJSONDepth)

// validMember checks an object member's name and colon at p[i:] and
// returns the index at which its value starts (after spaces), or -1.
func validMember(p []byte, i int) int {
	if i >= len(p) || p[i] != '"' {
		return -1
	}
	if i = validString(p, i+1); i < 0 {
		return -1
	}
	if i = skipSpace(p, i); i >= len(p) || p[i] != ':' {
		return -1
	}
	return skipSpace(p, i+1)
}

// skipSpace returns the index of the first byte of p from i on that is not
// JSON whitespace, or len(p).
func skipSpace(p []byte, i int) int {
	for i < len(p) && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t') {
		i++
	}
	return i
}

// validString checks the rest of a string whose opening quote is just
// before p[i], and returns the index after its closing quote, or -1: no
// byte below 0x20, escapes as RFC 8259 has them, valid UTF-8.
func validString(p []byte, i int) int {
	for {
		for len(p)-i >= 8 {
			m := JSONSpecial8(binary.LittleEndian.Uint64(p[i:]))
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				goto special
			}
			i += 8
		}
		for i < len(p) && jsonPlainByte(p[i]) {
			i++
		}
		if i >= len(p) {
			return -1
		}
	special:
		switch c := p[i]; {
		case c == '"':
			return i + 1
		case c == '\\':
			if i+1 >= len(p) {
				return -1
			}
			switch p[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if len(p)-i < 6 || !isHex(p[i+2]) || !isHex(p[i+3]) || !isHex(p[i+4]) || !isHex(p[i+5]) {
					return -1
				}
				i += 6
			default:
				return -1
			}
		case c < 0x20:
			return -1
		default: // 0x80 and above
			r, n := utf8.DecodeRune(p[i:])
			if r == utf8.RuneError && n == 1 {
				return -1
			}
			i += n
		}
	}
}

// jsonPlainByte reports whether c may stand for itself in a JSON string
// and is ASCII: JSONSpecial8 leaves its byte clear.
func jsonPlainByte(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// validNumber checks the number that starts at p[i] ('-' or a digit) and
// returns the index after it, or -1: RFC 8259's -?(0|[1-9][0-9]*)
// (\.[0-9]+)?([eE][+-]?[0-9]+)?. What follows it is the caller's to check.
func validNumber(p []byte, i int) int {
	if p[i] == '-' {
		i++
	}
	switch {
	case i < len(p) && p[i] == '0':
		i++
	case i < len(p) && p[i] >= '1' && p[i] <= '9':
		i = digitsEnd(p, i+1)
	default:
		return -1
	}
	if i < len(p) && p[i] == '.' {
		if i+1 >= len(p) || p[i+1] < '0' || p[i+1] > '9' {
			return -1
		}
		i = digitsEnd(p, i+2)
	}
	if i < len(p) && (p[i] == 'e' || p[i] == 'E') {
		i++
		if i < len(p) && (p[i] == '+' || p[i] == '-') {
			i++
		}
		if i >= len(p) || p[i] < '0' || p[i] > '9' {
			return -1
		}
		i = digitsEnd(p, i+1)
	}
	return i
}

func digitsEnd(p []byte, i int) int {
	for i < len(p) && p[i] >= '0' && p[i] <= '9' {
		i++
	}
	return i
}

// JSONSpecial8 returns the high bit of each of the 8 bytes of the
// little-endian word w that cannot stand for itself in a JSON string as
// ASCII: below 0x20, '"', '\\', or 0x80 and above; above the lowest such
// byte it may also set the high bit of other bytes. So it is 0 exactly
// when all 8 bytes are plain ASCII, and otherwise its lowest set bit marks
// the first byte that is not.
//
// A byte-wise subtraction sets the high bit of a byte below 0x80 only
// when the byte is below the subtrahend's byte (below 0x20 in w-0x20...;
// zero, that is '"' or '\\', in the XORed words), and then borrows from
// the next byte up: so no byte below the first byte that is not plain has
// its high bit set, and no borrow reaches it. The high bit of bytes from
// 0x80 on comes from w itself.
func JSONSpecial8(w uint64) uint64 {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	quote, bslash := w^('"'*lsb), w^('\\'*lsb)
	return (w | (w - 0x20*lsb) | (quote - lsb) | (bslash - lsb)) & msb
}
