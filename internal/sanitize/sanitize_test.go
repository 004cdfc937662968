package sanitize

import (
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a\tb\r\nc", "a b  c"},
		{"esc\x1b[31m", "esc [31m"},
		{"bel\a del\x7f c1\u0085", "bel  del  c1 "},
		{"bad \xff utf8", "bad \xff utf8"},
		{"中文\t消息", "中文 消息"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNote(t *testing.T) {
	for _, c := range []struct{ msg, ins, want string }{
		{"Have not logged in.", "Log in first", "Have not logged in. (Log in first)"},
		{"", "x", "(no message) (x)"},
		{"m", "", "m"},
		{"a\nb", "c\td", "a b (c d)"},
	} {
		if got := Note(c.msg, c.ins); got != c.want {
			t.Errorf("Note(%q, %q) = %q, want %q", c.msg, c.ins, got, c.want)
		}
	}
}

// TestName is issue 10, defect 8: names are printed with their control
// characters and invalid UTF-8 escaped, and unchanged otherwise.
func TestName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"app.log", "app.log"},
		{"", ""},
		{"/var/log/中文 日志.log", "/var/log/中文 日志.log"},
		{"evil\x1b]0;pwned\x07.log", `evil\x1b]0;pwned\x07.log`},
		{"tab\tcr\rlf\n", `tab\x09cr\x0dlf\x0a`},
		{"del\x7f", `del\x7f`},
		{"c1\u0085csi\u009b", `c1\u0085csi\u009b`},
		{"bad\xff\xfe", `bad\xff\xfe`},
		{"back\\slash", `back\slash`},
		{"U+FFFD \uFFFD itself", "U+FFFD \uFFFD itself"},
	} {
		if got := Name(c.in); got != c.want {
			t.Errorf("Name(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzName: Name's output never holds a control character or invalid
// UTF-8, and equals its input when the input needs no escape.
func FuzzName(f *testing.F) {
	for _, s := range []string{"app.log", "a\x1bb", "\xff", "\u0085", "中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Name(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Name(%q) = %q: invalid UTF-8", s, got)
		}
		clean := utf8.ValidString(s)
		for _, r := range got {
			if isControl(r) {
				t.Fatalf("Name(%q) = %q holds %U", s, got, r)
			}
		}
		for _, r := range s {
			if isControl(r) {
				clean = false
			}
		}
		if clean != (got == s) {
			t.Fatalf("Name(%q) = %q: changed %v, but the input is clean: %v", s, got, got != s, clean)
		}
	})
}
