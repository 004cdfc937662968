package parse

import (
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// validRef is what validJSON must equal: gjson's grammar, UTF-8, and the
// nesting as naiveDepth counts it, three passes.
func validRef(p []byte, limit int) bool {
	return naiveDepth(p) <= limit && gjson.ValidBytes(p) && utf8.Valid(p)
}

func TestValidJSON(t *testing.T) {
	long := strings.Repeat("plain ascii text ", 5)
	for _, c := range []struct {
		in string
		ok bool
	}{
		{`{}`, true},
		{`[]`, true},
		{` {"a" : [ 1 , 2.5e-3 , -0 , true , false , null , "x" ] } `, true},
		{"{\"a\":1}\r\n\t", true},
		{`{"a":1,}`, false},
		{`{,}`, false},
		{`[1,]`, false},
		{`[,1]`, false},
		{`{"a"}`, false},
		{`{"a":}`, false},
		{`{"a" 1}`, false},
		{`{a:1}`, false},
		{`{"a":1}}`, false},
		{`{"a":1]`, false},
		{`[1}`, false},
		{`{"a":[}`, false},
		{`{"a":1} x`, false},
		{`{"a":01}`, false},
		{`{"a":-}`, false},
		{`{"a":1.}`, false},
		{`{"a":.5}`, false},
		{`{"a":1e}`, false},
		{`{"a":1e+}`, false},
		{`{"a":1E+7}`, true},
		{`{"a":+1}`, false},
		{`{"a":tru}`, false},
		{`{"a":nul}`, false},
		{`{"a":True}`, false},
		// Strings: escapes, control bytes, UTF-8, quotes at every offset
		// of the 8-byte words.
		{`{"a":"` + long + `"}`, true},
		{`{"a":"` + long + `\"` + long + `"}`, true},
		{`{"a":"` + long + `\\"}`, true},
		{`{"a":"` + long + `\"}`, false},
		{`{"a":"\/\b\f\n\r\t\u00e9\uD83D\uDE00"}`, true},
		{`{"a":"\u00e"}`, false},
		{`{"a":"\u00eg"}`, false},
		{`{"a":"\x41"}`, false},
		{`{"a":"\'"}`, false},
		{"{\"a\":\"tab\there\"}", false},
		{"{\"a\":\"" + long + "\x1f\"}", false},
		{"{\"a\":\"\x7f\"}", true},
		{`{"a":"中文 ` + long + ` ✓ 😀"}`, true},
		{"{\"a\":\"\xff\"}", false},
		{"{\"a\":\"" + long + "\xe4\xb8\"}", false},
		{"{\"a\":\"\xed\xa0\x80\"}", false}, // a surrogate half
		{"{\"a\":\"\xc0\xaf\"}", false},     // overlong
		{"{\"a\":\"\xef\xbf\xbd\"}", true},  // U+FFFD itself
		{"{\"a\xff\":1}", false},
		{"{\"a\":1,\"\xe4\xb8\xad\":2}", true},
		{"\xef\xbb\xbf{}", false}, // a byte-order mark is not JSON whitespace
		{`{"a":"unterminated`, false},
		{`{"a":"` + long, false},
		{`"just a string"`, true},
		{`871300`, true},
		{``, false},
		{`   `, false},
		{`{"a":[[[[]]]]}`, true},
	} {
		got := validJSON([]byte(c.in), MaxJSONDepth)
		if got != c.ok {
			t.Errorf("validJSON(%q) = %v, want %v", c.in, got, c.ok)
		}
		if ref := validRef([]byte(c.in), MaxJSONDepth); ref != c.ok {
			t.Errorf("the reference says %v for %q: the case is wrong", ref, c.in)
		}
	}
}

// TestValidJSONDepth: at most limit brackets open at once, whatever their
// kinds, and brackets in strings do not count.
func TestValidJSONDepth(t *testing.T) {
	for _, limit := range []int{0, 1, 2, 63, 64, 65, 127, 128, 511, MaxJSONDepth} {
		for _, d := range []int{limit - 1, limit, limit + 1} {
			if d < 1 {
				continue
			}
			var b strings.Builder
			for k := range d {
				if k%3 == 1 {
					b.WriteString(`{"k":`)
				} else {
					b.WriteString(`[1,"[{",`)
				}
			}
			b.WriteString("0")
			for k := d - 1; k >= 0; k-- {
				if k%3 == 1 {
					b.WriteString("}")
				} else {
					b.WriteString("]")
				}
			}
			in := []byte(b.String())
			if got, want := validJSON(in, limit), d <= limit; got != want {
				t.Errorf("limit %d, depth %d: validJSON = %v, want %v", limit, d, got, want)
			}
			if got, want := validRef(in, limit), d <= limit; got != want {
				t.Errorf("limit %d, depth %d: the reference says %v: the case is wrong", limit, d, got)
			}
		}
	}
}

// TestJSONSpecial8: every byte value at every position of a word of plain
// bytes, and after a byte that is not plain (the borrow case); random
// words. The printer's escaper relies on it too (plainRun).
func TestJSONSpecial8(t *testing.T) {
	first := func(w uint64) int {
		for k := range 8 {
			if !jsonPlainByte(byte(w >> (8 * k))) {
				return k
			}
		}
		return 8
	}
	check := func(w uint64) {
		m := JSONSpecial8(w)
		got := 8
		if m != 0 {
			got = 0
			for m&0xff == 0 {
				m >>= 8
				got++
			}
		}
		if want := first(w); got != want {
			t.Fatalf("JSONSpecial8(%#016x): first byte that is not plain %d, want %d", w, got, want)
		}
	}
	base := binary.LittleEndian.Uint64([]byte("abcdefgh"))
	for k := range 8 {
		for c := range 256 {
			w := base&^(0xff<<(8*k)) | uint64(c)<<(8*k)
			check(w)
			for _, low := range []byte{0, 0x1f, '"', '\\', 0x80, 0xff} {
				for j := range k {
					check(w&^(0xff<<(8*j)) | uint64(low)<<(8*j))
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 1 << 20 {
		check(r.Uint64())
	}
}

// FuzzValidJSON holds validJSON to the three checks it replaces, with small
// depth limits.
func FuzzValidJSON(f *testing.F) {
	for _, s := range []string{
		`{"a":[[1]]}`, `{"a":"[[[\"[["}`, `{"a":"\\"}[[[`, `]]]{{{`, `{"a":[{"b":[{}]}]}`,
		`{"ts":"2026-12-02T10:00:00Z","error":{"code":871300,"msg":"中文 ✓"},"n":-1.5e+3,"t":true,"f":false,"z":null}`,
		"{\"a\":\"\\u00e9\\n\xe4\xb8\xad\"}", "[1,2,]", `{"a":01}`, "{\"a\":\"\xff\"}", ` 0 `, `"\uD83D\uDE00"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for limit := range 5 {
			if got, want := validJSON(b, limit), validRef(b, limit); got != want {
				t.Fatalf("validJSON(%q, %d) = %v, want %v", b, limit, got, want)
			}
		}
		if got, want := validJSON(b, MaxJSONDepth), validRef(b, MaxJSONDepth); got != want {
			t.Fatalf("validJSON(%q, %d) = %v, want %v", b, MaxJSONDepth, got, want)
		}
	})
}
