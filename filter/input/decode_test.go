package input

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Bytes encodes s as UTF-16 in the given byte order, with no mark.
func utf16Bytes(s string, big bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if big {
			b = binary.BigEndian.AppendUint16(b, u)
		} else {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
	}
	return b
}

// refUTF16 is the naive reference decoder: code units by hand, pairs and
// lone surrogates by unicode/utf16, a last odd byte as U+FFFD.
func refUTF16(b []byte, big bool) []byte {
	var units []uint16
	for ; len(b) >= 2; b = b[2:] {
		if big {
			units = append(units, binary.BigEndian.Uint16(b))
		} else {
			units = append(units, binary.LittleEndian.Uint16(b))
		}
	}
	var out []byte
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	if len(b) == 1 {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	return out
}

// refDecode is what Decode must give with -E auto (or a UTF-8 label).
func refDecode(in []byte) []byte {
	switch {
	case bytes.HasPrefix(in, bomUTF16LE):
		return refUTF16(in[2:], false)
	case bytes.HasPrefix(in, bomUTF16BE):
		return refUTF16(in[2:], true)
	}
	return in
}

// readSmall reads r to its end with buffers of 1 to 5 bytes, in turn.
func readSmall(r io.Reader) ([]byte, error) {
	var out []byte
	for i := 0; ; i++ {
		var p [5]byte
		n, err := r.Read(p[:1+i%5])
		out = append(out, p[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

func mustEncoding(t testing.TB, label string) Encoding {
	t.Helper()
	e, err := ParseEncoding(label)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDecode(t *testing.T) {
	le := func(s string) string { return "\xff\xfe" + string(utf16Bytes(s, false)) }
	be := func(s string) string { return "\xfe\xff" + string(utf16Bytes(s, true)) }
	gbk := "\xbb\xe1\xb1\xa8871300\xb4\xed\xce\xf3\n" // 会报871300错误 in GB18030
	cases := []struct{ enc, in, want string }{
		{"auto", "", ""},
		{"auto", "plain 871300\n", "plain 871300\n"},
		{"auto", "\xef\xbb\xbf11-25 E JIM: 871300\n", "\xef\xbb\xbf11-25 E JIM: 871300\n"}, // a UTF-8 mark stays
		{"auto", le("E JIM: 871300\r\n会报871504错误\nlast"), "E JIM: 871300\r\n会报871504错误\nlast"},
		{"auto", be("E JIM: 871300\r\n😀871300\n"), "E JIM: 871300\r\n😀871300\n"},
		{"auto", "\xff\xfe", ""},
		{"auto", "\xfe\xff", ""},
		{"auto", "\xff", "\xff"},
		{"auto", "\xfe", "\xfe"},
		{"auto", "\xef", "\xef"},
		{"auto", "\xef\xbb", "\xef\xbb"},
		{"auto", "\xef\xbbx", "\xef\xbbx"},
		{"auto", "\xff\xfd\x00", "\xff\xfd\x00"},
		{"auto", "\xfe\xfe", "\xfe\xfe"},
		{"auto", le("ab") + "\x31", "ab\ufffd"},                 // an odd last byte
		{"auto", "\xff\xfe\x00\xd8\x41\x00", "\ufffdA"},         // a lone high surrogate
		{"auto", "\xff\xfe\x00\xdc\x31\x00\n\x00", "\ufffd1\n"}, // a lone low surrogate
		{"auto", "\xff\xfe\x00\xdc\x00\xdc", "\ufffd\ufffd"},    // two lone low surrogates: two U+FFFD
		{"auto", "\xfe\xff\xd8\x3d\xde\x00", "😀"},               // a pair, big-endian
		{"auto", "\xff\xfe\x3d\xd8", "\ufffd"},                  // a pair cut short at the end
		{"auto", le("\ufeffa"), "\ufeffa"},                      // a second mark is text
		{"none", le("871300"), le("871300")},
		{"none", "\xef\xbb\xbfa", "\xef\xbb\xbfa"},
		{"utf-8", "\xff\xfe\x31\x00", "1"}, // a mark wins over the label
		{"utf-8", "bad \xff\xc0 utf-8\n", "bad \xff\xc0 utf-8\n"},
		{"UTF-16LE", string(utf16Bytes("871300\n", false)), "871300\n"},
		{"utf-16", string(utf16Bytes("871300\n", false)), "871300\n"},
		{"utf-16be", string(utf16Bytes("871300\n", true)), "871300\n"},
		{"utf-16be", le("871300\n"), "871300\n"}, // the mark wins
		{"gb18030", gbk, "会报871300错误\n"},
		{"gbk", gbk, "会报871300错误\n"},
		{"gb18030", "\xef\xbb\xbf" + gbk, "\xef\xbb\xbf" + gbk}, // a UTF-8 mark: read as it is
		{"gb18030", le("x"), "x"},
		{"shift_jis", "\x83G\x83\x89\x81[ 871300\n", "エラー 871300\n"},
		{"latin1", "caf\xe9 871300\n", "café 871300\n"},
	}
	for _, c := range cases {
		e := mustEncoding(t, c.enc)
		for _, rd := range readers {
			got, err := io.ReadAll(Decode(rd.wrap(strings.NewReader(c.in)), e))
			if err != nil || string(got) != c.want {
				t.Errorf("%s %s %q: got %q, %v; want %q", c.enc, rd.name, c.in, got, err, c.want)
			}
		}
		got, err := readSmall(Decode(strings.NewReader(c.in), e))
		if err != nil || string(got) != c.want {
			t.Errorf("%s small buffers %q: got %q, %v; want %q", c.enc, c.in, got, err, c.want)
		}
	}
}

func TestParseEncoding(t *testing.T) {
	for label, want := range map[string]string{
		"auto": "auto", "none": "none", "AUTO": "auto", "utf-16": "utf-16le", "UTF-16LE": "utf-16le",
		"utf-16be": "utf-16be", "gb18030": "gb18030", "GBK": "gbk", "utf8": "utf-8", "latin1": "windows-1252",
		"shift_jis": "shift_jis", "euc-kr": "euc-kr", "big5": "big5",
	} {
		e, err := ParseEncoding(label)
		if err != nil || e.String() != want {
			t.Errorf("%q: %v, %v; want %s", label, e, err, want)
		}
	}
	for _, bad := range []string{"", "utf-32", "klingon", "replacement", "iso-2022-kr"} {
		if _, err := ParseEncoding(bad); err == nil || !strings.Contains(err.Error(), "use ") {
			t.Errorf("%q: error %v", bad, err)
		}
	}
}

func TestDecodeReadError(t *testing.T) {
	// The bytes decoded before a read error come first, then the error.
	boom := errors.New("boom")
	in := io.MultiReader(strings.NewReader("\xff\xfe"+string(utf16Bytes("871300\n", false))+"\x31"), errReader{boom})
	got, err := io.ReadAll(Decode(in, Encoding{}))
	if !errors.Is(err, boom) || string(got) != "871300\n\ufffd" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestDecodeLive(t *testing.T) {
	// A line is handed on as soon as it is read, before more input comes,
	// whether or not the input is decoded; a first byte that cannot start
	// a mark is not held back either.
	for _, c := range []struct{ first, want string }{
		{"\xff\xfe" + string(utf16Bytes("871300\n", false)), "871300\n"},
		{string(utf16Bytes("ab\n", false)), "ab\n"},
		{"a", "a"},
	} {
		pr, pw := io.Pipe()
		go pw.Write([]byte(c.first))
		d := Decode(pr, mustEncoding(t, map[bool]string{true: "utf-16le", false: "auto"}[c.want == "ab\n"]))
		got := make(chan string, 1)
		go func() {
			var all []byte
			p := make([]byte, 1<<20)
			for len(all) < len(c.want) {
				n, err := d.Read(p)
				if err != nil {
					break
				}
				all = append(all, p[:n]...)
			}
			got <- string(all)
		}()
		select {
		case g := <-got:
			if g != c.want {
				t.Errorf("%q: got %q", c.first, g)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%q: held back", c.first)
		}
		pw.Close()
	}
}

// FuzzDecode: -E auto against the naive reference, read with large and
// with tiny buffers.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("\xff\xfe1\x00\n\x00"))
	f.Add([]byte("\xfe\xff\x00\xd8"))
	f.Add([]byte("\xef\xbb\xbfplain"))
	f.Add([]byte("plain 871300\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		want := refDecode(in)
		got, err := io.ReadAll(Decode(bytes.NewReader(in), Encoding{}))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%q: got %q, %v; want %q", in, got, err, want)
		}
		got, err = readSmall(Decode(bytes.NewReader(in), Encoding{}))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%q small: got %q, %v; want %q", in, got, err, want)
		}
	})
}
