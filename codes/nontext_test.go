package codes

import (
	"bytes"
	"encoding/binary"
	"testing"
	"unicode/utf8"
)

// nonTextRef is nonText as a byte loop: the reference for the word-wise one.
func nonTextRef(text []byte, valid bool) int {
	n := 0
	for len(text) > 0 {
		b := text[0]
		if b < utf8.RuneSelf || valid {
			if b < 0x20 && b != '\t' && b != '\r' && b != '\f' && b != 0x1b || b == 0x7f {
				n++
			}
			text = text[1:]
			continue
		}
		r, size := utf8.DecodeRune(text)
		if r == utf8.RuneError && size == 1 {
			n++
		}
		text = text[size:]
	}
	return n
}

// TestControlWord: every byte value, at every place of a word of
// otherwise plain bytes, is a control byte to controlWord exactly when it
// is below 0x20 or DEL.
func TestControlWord(t *testing.T) {
	for _, fill := range []byte{' ', 'a', 0x7e, 0x80, 0xff} {
		for at := range 8 {
			for v := range 256 {
				w := bytes.Repeat([]byte{fill}, 8)
				w[at] = byte(v)
				want := v < 0x20 || v == 0x7f
				if got := controlWord(binary.LittleEndian.Uint64(w)); got != want {
					t.Fatalf("controlWord(% x) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

// FuzzNonText: nonText counts what the byte loop counts, for valid and
// invalid UTF-8.
func FuzzNonText(f *testing.F) {
	f.Add([]byte("871300\tmessage\tinstruction 参数\r"))
	f.Add([]byte("a\x00b\x7fc\x1b\f\t\r\x01\x1f        \x80\xff"))
	f.Fuzz(func(t *testing.T, text []byte) {
		valid := utf8.Valid(text)
		if got, want := nonText(text, valid), nonTextRef(text, valid); got != want {
			t.Fatalf("nonText(%q, %v) = %d, want %d", text, valid, got, want)
		}
	})
}
