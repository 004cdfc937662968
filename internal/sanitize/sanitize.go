// Package sanitize makes text from tables and inputs safe to print inside
// one line of jmlog's output or on a terminal. It is the one place for
// that: Text for table text printed inside an annotated line or a report
// (messages, instructions, sources), Name for names (file names, paths)
// and jmlog's own messages on standard error, which hold names.
package sanitize

import (
	"strconv"
	"unicode/utf8"
)

// Text makes s safe to print inside one output line: every control
// character (C0, DEL and C1, including TAB, CR, LF and ESC) becomes a
// space, so that the text never holds jmlog's TAB marker, never ends a line
// and never drives the terminal. Invalid UTF-8 is kept as it is. Text does
// not allocate when s has no control character.
func Text(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[i])
		case isControl(r):
			b = append(b, ' ')
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// NoMessage is what stands for an empty message.
const NoMessage = "(no message)"

// Note is "MESSAGE (INSTRUCTION)" as every printer and report writes a
// code's table text, without colour: both made safe by Text, an empty
// message shown as NoMessage, and an empty instruction left out.
func Note(message, instruction string) string {
	msg, ins := Text(message), Text(instruction)
	if msg == "" {
		msg = NoMessage
	}
	if ins != "" {
		msg += " (" + ins + ")"
	}
	return msg
}

// Name makes a name (a file name, a path, a message that holds one) safe to
// print on a terminal and within one line, and still recognisable: every
// control character (C0, DEL and C1: ESC, BEL, CR, LF, TAB, ...) and every
// byte that is not part of valid UTF-8 is written as an escape, \x1b,
// \x07, \u0085, \xff, as Go and $'...' in shells write them. Other bytes
// stay as they are (a backslash too: the escapes are for people, not
// meant to be read back). Name does not allocate when s needs no escape.
func Name(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0x80 && isControl(r):
			b = append(b, `\x`...)
			b = appendHex(b, uint64(s[i]), 2)
		case isControl(r):
			b = append(b, `\u`...)
			b = appendHex(b, uint64(r), 4)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// appendHex appends v in lower-case hex, zero-padded to digits.
func appendHex(b []byte, v uint64, digits int) []byte {
	h := strconv.FormatUint(v, 16)
	for range digits - len(h) {
		b = append(b, '0')
	}
	return append(b, h...)
}
