package printer_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jmlog/jmlog/filter/printer"
)

// plain is the reference for which bytes stand for themselves in a JSON
// string.
func plain(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }

// refEscape is the reference escaper, byte by byte: what appendEscaped
// wrote before it read words.
func refEscape(dst, s []byte, more bool) ([]byte, int) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case plain(c):
			dst = append(dst, c)
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c == '\r':
			dst = append(dst, `\r`...)
		case c == '\t':
			dst = append(dst, `\t`...)
		case c == '\b':
			dst = append(dst, `\b`...)
		case c == '\f':
			dst = append(dst, `\f`...)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			if more && !utf8.FullRune(s[i:]) {
				return dst, i
			}
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, "\ufffd"...)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return dst, len(s)
}

// refPlainRun is the reference for plainRun.
func refPlainRun(s []byte, i int) int {
	for i < len(s) && plain(s[i]) {
		i++
	}
	return i
}

// checkEscape compares appendEscaped with the reference on s, with and
// without more, after a prefix in dst, and plainRun from every index.
func checkEscape(t *testing.T, s []byte) {
	t.Helper()
	defer printer.SetAVX2(true)
	for _, avx := range []bool{false, true} {
		if !printer.SetAVX2(avx) && avx {
			continue // no AVX2 here: the SWAR scan was checked
		}
		for _, more := range []bool{false, true} {
			got, n := printer.AppendEscaped([]byte("x"), s, more)
			want, wn := refEscape([]byte("x"), s, more)
			if !bytes.Equal(got, want) || n != wn {
				t.Fatalf("appendEscaped(%q, more=%v), AVX2 %v: %q, %d; want %q, %d", s, more, avx, got, n, want, wn)
			}
		}
		for i := 0; i <= len(s); i++ {
			if got, want := printer.PlainRun(s, i), refPlainRun(s, i); got != want {
				t.Fatalf("plainRun(%q, %d), AVX2 %v: %d, want %d", s, i, avx, got, want)
			}
		}
	}
}

func TestAppendEscaped(t *testing.T) {
	for _, s := range []string{
		"", "a", "plain ascii text", "0123456789abcdef", "0123456789abcdef0", "0123456789abcde\"",
		"\"0123456789abcdef", "0123456\\89abcdef", "\x7f\x20\x1f\x00", "会报871300", "\xff\xfe",
		"0123456789abcdef\xe4\xb8", "0123456\xe4\xb8", "0123456789abcdefghijklmnopqrstu\x00",
	} {
		checkEscape(t, []byte(s))
	}
	// Every special byte at every position of strings up to 100 bytes
	// (3 AVX2 blocks and a tail).
	for n := 1; n <= 100; n++ {
		for p := 0; p < n; p++ {
			for _, c := range []byte{0, '\n', 0x1f, '"', '\\', 0x7f, 0x80, 0xc3, 0xe4, 0xff} {
				b := []byte(strings.Repeat("z", n))
				b[p] = c
				checkEscape(t, b)
			}
		}
	}
}

// FuzzAppendEscaped: appendEscaped writes exactly what the byte-by-byte
// reference writes, with and without more, and plainRun agrees with its
// reference from every index.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"plain ascii text", "q\"b\\t\tc\x01\x7f", "会报\xff\xe4\xb8", "0123456789abcdef\x1f", "\u2028<&>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) { checkEscape(t, s) })
}

// escapeInputs are strings as -o json escapes them: logcat lines (plain
// ASCII), a line with quotes and a tab, and a line of Chinese text.
var escapeInputs = []struct{ name, s string }{
	{"ascii", "11-25 18:35:01.127  8733  8762 D JIM     : sync conversation 78715621173 seq=11504470 unread=67 download:1764004487155 token seq=55 cost=680ms seq=61"},
	{"quotes", `11-25 18:35:01.131  4321  4321 W Choreographer: {"frame":52702871094,"vsyncId":70,"handler":"queue"}	path=C:\data\app "login" seq=28`},
	{"cjk", "11-25 18:35:01.142 23871 23928 E JIM     : 用户反馈：登录时会报871504错误，请检查网络设置后重试"},
	{"short", "JIM"},
}

func BenchmarkAppendEscaped(b *testing.B) {
	defer printer.SetAVX2(true)
	for _, avx := range []bool{true, false} {
		if !printer.SetAVX2(avx) && avx {
			continue
		}
		mode := "swar"
		if avx {
			mode = "avx2"
		}
		b.Run(mode, func(b *testing.B) { benchEscape(b) })
	}
}

func benchEscape(b *testing.B) {
	for _, in := range escapeInputs {
		b.Run(in.name, func(b *testing.B) {
			s := []byte(in.s)
			dst := make([]byte, 0, 8*len(s))
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				dst, _ = printer.AppendEscaped(dst[:0], s, false)
			}
		})
	}
}

func TestAppendInt(t *testing.T) {
	vals := []int{0, 1, 9, 10, 99, 100, 871, 4321, 65535, 99999, 100000, 999999999, 1e9, 1<<31 - 1, -1, -2147483648}
	for v := 0; v < 200000; v += 7 {
		vals = append(vals, v)
	}
	for _, v := range vals {
		if got, want := string(printer.AppendInt([]byte("x"), v)), "x"+strconv.Itoa(v); got != want {
			t.Fatalf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
}

// lineSeeds are lines of each logcat format, and lines whose message
// follows non-ASCII bytes, holds invalid UTF-8 or is followed by '\r'
// bytes.
var lineSeeds = []string{
	"11-25 18:35:01.127  8733  8762 D JIM     : sync \"conv\" 871300\tx",
	"11-25 18:35:01.127  8733  8762 D 会报: 消息 871300",
	"11-25 18:35:01.127  8733  8762 D JIM\xe4: \xb8\xad871300\r\r",
	"E/JIM     ( 4321): login failed 871300\xff",
	"E( 4321) login failed 871300  (JIM)",
	"E( 4321: 4390) login failed",
	"E/JIM     : login failed",
	"11-25 18:35:01.123 E/JIM     ( 4321): x",
	"[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]",
	"--------- beginning of main",
	"2026-12-02T10:00:00.123456789Z stderr F message 871300",
	"2024-05-01 12:00:00.123 1234-1234/com.example.chat E/JIM: message",
	"2024-05-01 12:00:00.123  1234-1234  JIM  com.example.chat  E  message",
	"not a logcat line",
}

// FuzzAppendLine: appendLine, which escapes a message once as part of its
// line and copies it, writes what escaping each field on its own writes.
func FuzzAppendLine(f *testing.F) {
	for _, s := range lineSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		got := printer.AppendLine([]byte("x"), text)
		want := printer.AppendLineUnsplit([]byte("x"), text)
		if !bytes.Equal(got, want) {
			t.Fatalf("appendLine(%q) = %q, want %q", text, got, want)
		}
	})
}

func TestAppendLine(t *testing.T) {
	for _, s := range lineSeeds {
		text := []byte(s)
		if got, want := printer.AppendLine(nil, text), printer.AppendLineUnsplit(nil, text); !bytes.Equal(got, want) {
			t.Errorf("appendLine(%q) = %q, want %q", text, got, want)
		}
	}
}

// FuzzAppendShort: appendShort writes what the reference escaper writes,
// for the short strings it reads a word at a time and for the others.
func FuzzAppendShort(f *testing.F) {
	for _, s := range []string{"", "JIM", "11-25 18:35:01.123", "2024-05-01 12:00:00.123 +0800", "ActivityManager", "Tag\"q", "会报", "abcdefg\xff", "abcdefgh\x01", "0123456789abcdef\x7f"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		want, _ := refEscape([]byte("x"), s, false)
		if got := printer.AppendShort([]byte("x"), s); !bytes.Equal(got, want) {
			t.Fatalf("appendShort(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestAppendShort: every length up to 32, each byte position holding each
// kind of byte that is not plain.
func TestAppendShort(t *testing.T) {
	for n := 0; n <= 32; n++ {
		for p := -1; p < n; p++ {
			for _, c := range []byte{'"', '\\', 0, 0x1f, 0x7f, 0x80, 0xe4, 0xff} {
				s := bytes.Repeat([]byte{'a'}, n)
				if p >= 0 {
					s[p] = c
				}
				want, _ := refEscape(nil, s, false)
				if got := printer.AppendShort(nil, s); !bytes.Equal(got, want) {
					t.Fatalf("appendShort(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}
