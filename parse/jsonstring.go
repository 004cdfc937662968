package parse

import (
	"bytes"
	"slices"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// unescapeBufs holds the buffers that JSONFinder decodes strings with
// escapes into, so that a line of Docker's json-file log (whose message
// always ends in "\n") costs no allocation.
var unescapeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// unescapeJSON appends the text of raw, the inside of a valid JSON string,
// to dst: escapes decoded, a surrogate escape that is not part of a pair as
// U+FFFD, as encoding/json decodes strings.
func unescapeJSON(dst []byte, raw string) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		r, n := escape(raw, i)
		dst = utf8.AppendRune(dst, r)
		i += n
	}
	return dst
}

// escape decodes the escape at raw[i] and returns its character and its
// length in raw.
func escape(raw string, i int) (rune, int) {
	switch c := raw[i+1]; c {
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4(raw, i+2)
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		if i+12 <= len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' {
			if d := utf16.DecodeRune(r, hex4(raw, i+8)); d != utf8.RuneError {
				return d, 12
			}
		}
		return utf8.RuneError, 6
	default: // '"', '\\', '/'
		return rune(c), 2
	}
}

// hex4 reads the 4 hex digits at raw[i:], or returns -1.
func hex4(raw string, i int) rune {
	if i+4 > len(raw) {
		return -1
	}
	var r rune
	for _, c := range []byte(raw[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// rawSpan maps text[s:e], the text of the JSON string raw (see
// unescapeJSON), to the bytes of raw it was decoded from: from the start
// of the character or escape that holds text[s] to the end of the one that
// holds text[e-1].
func rawSpan(raw string, s, e int) (rs, re int) {
	d := 0 // text offset of raw[i:]
	rs, re = len(raw), len(raw)
	for i := 0; i < len(raw); {
		n, m := 1, 1 // text bytes, raw bytes
		if raw[i] == '\\' {
			var r rune
			r, m = escape(raw, i)
			n = utf8.RuneLen(r)
		}
		if d <= s && s < d+n {
			rs = i
		}
		if d < e && e <= d+n {
			return rs, i + m
		}
		d += n
		i += m
	}
	return rs, re
}

// JSONPre is the block prefilter (filter.Config.Pre) for a JSONFinder
// whose text finder is Text, the Scanner: it reports Text's hits in the
// block and, in order with them, a hit of Code 0 and an empty span at each
// escape ("\n", "\t", "\r", "\b", "\f" or "\uXXXX") that an ASCII digit
// follows, and at each escaped digit ("\u0038"). Text does not see a code right after such an escape in the raw
// line (the escape ends in a letter), but the JSONFinder, which decodes
// the strings at its paths, does; so every line the JSONFinder finds a
// code in has a hit. The hits only pick lines. JSONPre does not allocate
// when dst has room.
type JSONPre struct{ Text Finder }

// Find implements Finder.
func (p JSONPre) Find(block []byte, dst []Hit) []Hit {
	base := len(dst)
	dst = p.Text.Find(block, dst)
	n := len(dst)
	for i := 0; ; {
		j := bytes.IndexByte(block[i:], '\\')
		if j < 0 || i+j+1 >= len(block) {
			break
		}
		i += j
		next := i + 2 // where a digit would follow the escape
		switch block[i+1] {
		case 'n', 't', 'r', 'b', 'f':
		case 'u':
			next = i + 6
			if i+6 <= len(block) && string(block[i+2:i+5]) == "003" && digit[block[i+5]] {
				next = i + 5 // an escaped digit
			}
		case '\\':
			i += 2 // an escaped backslash escapes nothing after it
			continue
		default:
			i++
			continue
		}
		if next < len(block) && digit[block[next]] {
			dst = append(dst, Hit{Start: i, End: i})
		}
		i += 2
	}
	if len(dst) > n && n > base {
		slices.SortStableFunc(dst[base:], func(a, b Hit) int { return a.Start - b.Start })
	}
	return dst
}
