package printer

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/parse"
)

// DefaultJSONField is the name of the member jmlog adds to JSON objects.
const DefaultJSONField = "jmlog"

// jsonPlain marks the bytes that stand for themselves in a JSON string:
// ASCII from the space on, but '"' and '\'.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendEscaped appends s to dst as the inside of a JSON string: '"' and
// '\' are escaped, control characters become \n, \r, \t, \b, \f or \u00XX,
// and every byte that is not part of valid UTF-8 becomes U+FFFD; all other
// characters are kept as they are. When more is set, s may end inside a
// UTF-8 sequence that the next piece completes: those last bytes (at most
// 3) are left, and n, the number of bytes of s used, says where they start.
// Otherwise n is len(s).
//
// Runs of plain bytes (see jsonPlain) are found 8 bytes at a time (see
// plainRun) and copied with one append each.
func appendEscaped(dst, s []byte, more bool) (out []byte, n int) {
	i := 0
	for {
		start := i
		i = plainRun(s, i)
		dst = append(dst, s[start:i]...)
		if i == len(s) {
			return dst, len(s)
		}
		c := s[i]
		if c < utf8.RuneSelf {
			dst = appendEscapedASCII(dst, c)
			i++
			continue
		}
		// A run of bytes from 0x80 on: valid UTF-8 is kept as it is.
		start = i
		for i < len(s) && s[i] >= utf8.RuneSelf {
			if more && !utf8.FullRune(s[i:]) {
				return append(dst, s[start:i]...), i
			}
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\ufffd"...)
				start = i + 1
			}
			i += size
		}
		dst = append(dst, s[start:i]...)
	}
}

// appendShort is appendEscaped for a short string such as a tag or a
// timestamp: one of up to 24 bytes that are all plain (see jsonPlain) is
// found so with a few word reads, and appended as it is.
func appendShort(dst, s []byte) []byte {
	n := len(s)
	switch {
	case n > 24:
	case n >= 8:
		m := parse.JSONSpecial8(binary.LittleEndian.Uint64(s)) | parse.JSONSpecial8(binary.LittleEndian.Uint64(s[n-8:]))
		if n > 16 {
			m |= parse.JSONSpecial8(binary.LittleEndian.Uint64(s[8:]))
		}
		if m == 0 {
			return append(dst, s...)
		}
	default:
		i := 0
		for i < n && jsonPlain[s[i]] {
			i++
		}
		if i == n {
			return append(dst, s...)
		}
	}
	dst, _ = appendEscaped(dst, s, false)
	return dst
}

// appendEscapedASCII appends the escape of the ASCII byte c that is not
// plain: '"', '\' or a control character.
func appendEscapedASCII(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}

// plainRun returns the index of the first byte of s at or after i that is
// not plain (see jsonPlain), or len(s). With AVX2 (see useAVX2), from 40
// bytes on, it reads a first word, then the rest with plainAVX2; else 16
// and 8 bytes at a time.
// The last 1 to 7 bytes are read as the last word of s when the bytes of
// that word before them have been found plain (plain bytes set no bit in
// parse.JSONSpecial8 and borrow nothing), else one by one.
func plainRun(s []byte, i int) int {
	start := i
	if useAVX2 && len(s)-i >= 40 {
		// One word first: where special bytes come close together (JSON
		// text in a message), the call would cost more than it saves.
		if m := parse.JSONSpecial8(binary.LittleEndian.Uint64(s[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		return i + 8 + plainAVX2(s[i+8:])
	}
	for i+16 <= len(s) {
		m0 := parse.JSONSpecial8(binary.LittleEndian.Uint64(s[i:]))
		m1 := parse.JSONSpecial8(binary.LittleEndian.Uint64(s[i+8:]))
		if m0|m1 != 0 {
			if m0 != 0 {
				return i + bits.TrailingZeros64(m0)>>3
			}
			return i + 8 + bits.TrailingZeros64(m1)>>3
		}
		i += 16
	}
	if i+8 <= len(s) {
		if m := parse.JSONSpecial8(binary.LittleEndian.Uint64(s[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	if i == len(s) {
		return i
	}
	if n := len(s); n-start >= 8 {
		if m := parse.JSONSpecial8(binary.LittleEndian.Uint64(s[n-8:])); m != 0 {
			return n - 8 + bits.TrailingZeros64(m)>>3
		}
		return n
	}
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	return i
}

// appendJSONString appends s as a JSON string, quotes included; see
// appendEscaped.
func appendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	dst, _ = appendEscaped(dst, s, false)
	return append(dst, '"')
}

// jsonStream writes one JSON string that arrives in pieces (a line longer
// than the Filter's buffer), carrying a UTF-8 sequence split between two
// pieces over to the next one.
type jsonStream struct {
	carry [utf8.UTFMax]byte
	n     int
}

// append appends the escaped piece p to dst; more says whether pieces
// follow.
func (s *jsonStream) append(dst, p []byte, more bool) []byte {
	for s.n > 0 {
		var b [2 * utf8.UTFMax]byte
		k := copy(b[copy(b[:], s.carry[:s.n]):], p[:min(len(p), utf8.UTFMax)])
		t := b[:s.n+k]
		if more && !utf8.FullRune(t) {
			// Still incomplete: p is too short to tell.
			s.n += copy(s.carry[s.n:], p)
			return dst
		}
		r, size := utf8.DecodeRune(t)
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\ufffd"...)
		} else {
			dst = append(dst, t[:size]...)
		}
		if size <= s.n {
			s.n = copy(s.carry[:], s.carry[size:s.n])
			continue
		}
		p = p[size-s.n:]
		s.n = 0
	}
	dst, used := appendEscaped(dst, p, more)
	s.n = copy(s.carry[:], p[used:])
	return dst
}

// jsonNotes renders the member jmlog adds to JSON objects,
//
//	"NAME":[{"code":871300,"message":"...","instruction":"..."},{"code":871999,"unknown":true}]
//
// with "count":N after the code when it occurs N > 1 times in the line,
// and a last element {"more":N} for occurrences beyond MaxNotes distinct
// codes. Each code's text is rendered once and kept.
type jsonNotes struct {
	name []byte    // `"NAME":`
	tail noteCache // `,"message":"...","instruction":"..."}` or `,"unknown":true}`
}

func newJSONNotes(field string) *jsonNotes {
	if field == "" {
		field = DefaultJSONField
	}
	return &jsonNotes{name: append(appendJSONString(nil, []byte(field)), ':'), tail: noteCache{}}
}

// appendMember appends `"NAME":[...]`.
func (j *jsonNotes) appendMember(dst []byte, notes []filter.Note, omitted int) []byte {
	dst = append(dst, j.name...)
	dst = append(dst, '[')
	for i, n := range notes {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"code":`...)
		dst = strconv.AppendUint(dst, uint64(n.Code), 10)
		if n.Count > 1 {
			dst = append(dst, `,"count":`...)
			dst = strconv.AppendInt(dst, int64(n.Count), 10)
		}
		dst = append(dst, j.noteTail(n)...)
	}
	if omitted > 0 {
		if len(notes) > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"more":`...)
		dst = strconv.AppendInt(dst, int64(omitted), 10)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func (j *jsonNotes) noteTail(n filter.Note) []byte {
	if b, ok := j.tail.get(n); ok {
		return b
	}
	var b []byte
	if n.Entry == nil {
		b = append(b, `,"unknown":true}`...)
	} else {
		b = append(b, `,"message":`...)
		b = appendJSONString(b, []byte(n.Entry.Message))
		b = append(b, `,"instruction":`...)
		b = appendJSONString(b, []byte(n.Entry.Instruction))
		if a := n.Entry.Alt(); a != nil {
			// The row in the other language (--lang), issue 14.
			b = append(b, `,"alt":{"lang":`...)
			b = appendJSONString(b, []byte(a.Lang()))
			b = append(b, `,"message":`...)
			b = appendJSONString(b, []byte(a.Message))
			b = append(b, `,"instruction":`...)
			b = appendJSONString(b, []byte(a.Instruction))
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	j.tail.put(n, b)
	return b
}

// isJSONSpace reports whether c is JSON white space.
func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendEnriched appends text, which holds the JSON object text[obj[0]:obj[1]],
// with the member of notes inserted just before the object's closing
// brace: after a ',' unless the object is empty. Every other byte of text
// is kept.
func (j *jsonNotes) appendEnriched(dst, text []byte, obj [2]int, notes []filter.Note, omitted int) []byte {
	end := obj[1] - 1
	dst = append(dst, text[:end]...)
	dst = j.appendInsert(dst, text[obj[0]+1:end], notes, omitted)
	return append(dst, text[end:]...)
}

// appendInsert appends what goes before the closing brace of an object
// whose members are inner: `,"NAME":[...]`, or without the comma when
// inner is only white space.
func (j *jsonNotes) appendInsert(dst, inner []byte, notes []filter.Note, omitted int) []byte {
	for _, c := range inner {
		if !isJSONSpace(c) {
			dst = append(dst, ',')
			break
		}
	}
	return j.appendMember(dst, notes, omitted)
}
