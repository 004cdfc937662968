package sanitize

import "testing"

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
