package logcat

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

var updateLogcat = flag.Bool("update-logcat", false, "rewrite the parse/logcat/testdata/logcat/*.golden files from Parse's output")

// renderLogcat renders a Parse result as one line,
// "format|timestamp|pid|tid|level|tag|message", with the byte-slice fields
// quoted (nil as nil, so nil and empty differ) and a zero level as "-". A
// failed parse renders as "none" if it returned exactly the documented
// Line, and in full after "BAD " otherwise.
func renderLogcat(l Line, ok bool) string {
	if !ok && equal(l, Line{PID: -1, TID: -1}) {
		return "none"
	}
	q := func(b []byte) string {
		if b == nil {
			return "nil"
		}
		return strconv.Quote(string(b))
	}
	lvl := "-"
	if l.Level != 0 {
		lvl = string(rune(l.Level))
	}
	f := l.Format.String()
	if f == "" {
		f = "none"
	}
	s := f + "|" + q(l.Timestamp) + "|" + strconv.Itoa(l.PID) + "|" + strconv.Itoa(l.TID) + "|" + lvl + "|" + q(l.Tag) + "|" + q(l.Message)
	if l.Package != nil {
		s += "|package=" + q(l.Package)
	}
	if l.Stream != nil || l.Partial {
		s += "|stream=" + q(l.Stream) + "|partial=" + strconv.FormatBool(l.Partial)
	}
	if ok != (l.Format != None) {
		s = "BAD " + s
	}
	return s
}

func equal(a, b Line) bool {
	same := func(x, y []byte) bool { return (x == nil) == (y == nil) && bytes.Equal(x, y) }
	return a.Format == b.Format && a.PID == b.PID && a.TID == b.TID && a.Level == b.Level &&
		same(a.Timestamp, b.Timestamp) && same(a.Tag, b.Tag) && same(a.Message, b.Message) &&
		same(a.Package, b.Package) && same(a.Stream, b.Stream) && a.Partial == b.Partial
}

// within reports whether s is nil or lies within line.
func within(s, line []byte) bool {
	if s == nil {
		return true
	}
	if len(line) == 0 {
		return false
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	return p >= base && p+uintptr(len(s)) <= base+uintptr(len(line))
}

// checkLogcatInvariants checks what holds for every result of Parse,
// whatever the input: the fuzz target's properties.
func checkLogcatInvariants(t *testing.T, line []byte, l Line, ok bool) {
	t.Helper()
	if ok != (l.Format != None) {
		t.Fatalf("Parse(%q): ok=%v with Format %d", line, ok, l.Format)
	}
	if !ok {
		if !equal(l, Line{PID: -1, TID: -1}) {
			t.Fatalf("Parse(%q) failed but returned %s", line, renderLogcat(l, true))
		}
		if IsLongHeader(line) {
			t.Fatalf("IsLongHeader(%q) = true, Parse fails", line)
		}
		return
	}
	body := bytes.TrimRight(line, "\r")
	for name, s := range map[string][]byte{"Timestamp": l.Timestamp, "Tag": l.Tag, "Message": l.Message, "Package": l.Package, "Stream": l.Stream} {
		if !within(s, body) {
			t.Fatalf("Parse(%q): %s %q does not alias the line without its trailing \\r", line, name, s)
		}
		if cap(s) != len(s) {
			t.Fatalf("Parse(%q): %s has cap %d > len %d", line, name, cap(s), len(s))
		}
	}
	if l.Format > CRI {
		t.Fatalf("Parse(%q): Format %d", line, l.Format)
	}
	if l.PID < -1 || l.TID < -1 {
		t.Fatalf("Parse(%q): PID %d, TID %d", line, l.PID, l.TID)
	}
	if l.Level != 0 && !strings.ContainsRune("VDIWEFAS", rune(l.Level)) {
		t.Fatalf("Parse(%q): Level %q", line, l.Level)
	}
	// Which fields each format has.
	var hasTS, hasPID, hasTID, hasLevel, hasTag, hasMsg bool
	switch l.Format {
	case Threadtime:
		hasTS, hasPID, hasTID, hasLevel, hasTag, hasMsg = true, true, true, true, true, true
	case Brief, Process:
		hasPID, hasLevel, hasTag, hasMsg = true, true, true, true
	case Time:
		hasTS, hasPID, hasLevel, hasTag, hasMsg = true, true, true, true, true
	case Tag:
		hasLevel, hasTag, hasMsg = true, true, true
	case Thread:
		hasPID, hasTID, hasLevel, hasMsg = true, true, true, true
	case LongHeader:
		hasTS, hasPID, hasTID, hasLevel, hasTag = true, true, true, true, true
	case Marker:
		hasMsg = true
	case StudioClassic:
		hasTS, hasPID, hasTID, hasLevel, hasTag, hasMsg = l.Timestamp != nil, true, true, true, true, true
	case Studio:
		hasTS, hasPID, hasTID, hasLevel, hasTag, hasMsg = true, true, true, true, true, true
	case CRI:
		hasTS, hasMsg = true, true
	}
	studio := l.Format == Studio || l.Format == StudioClassic
	if l.Package != nil && (!studio || len(l.Package) == 0 || string(l.Package) == "?") ||
		(l.Stream != nil) != (l.Format == CRI) || l.Partial && l.Format != CRI {
		t.Fatalf("Parse(%q): package, stream or partial do not fit format %s: %s", line, l.Format, renderLogcat(l, ok))
	}
	if (l.Timestamp != nil) != hasTS || (l.PID >= 0) != hasPID || (l.TID >= 0) != hasTID ||
		(l.Level != 0) != hasLevel || (l.Tag != nil) != hasTag || (l.Message != nil) != hasMsg {
		t.Fatalf("Parse(%q): fields do not fit format %s: %s", line, l.Format, renderLogcat(l, ok))
	}
	if hasTS && len(l.Timestamp) == 0 || l.Format == Marker && len(l.Message) == 0 {
		t.Fatalf("Parse(%q): empty Timestamp or marker name: %s", line, renderLogcat(l, ok))
	}
	if l.Tag != nil && len(l.Tag) > 0 && (l.Tag[0] == ' ' || l.Tag[len(l.Tag)-1] == ' ') {
		t.Fatalf("Parse(%q): untrimmed tag %q", line, l.Tag)
	}
	if IsLongHeader(line) != (l.Format == LongHeader) {
		t.Fatalf("IsLongHeader(%q) disagrees with Parse (%s)", line, l.Format)
	}
}

var cases = []struct {
	name, line, want string
}{
	// threadtime
	{"threadtime", "11-25 18:35:01.123  4321  4390 E JIM     : login failed, code = 871300 desc = Have not logged in.",
		`threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|"login failed, code = 871300 desc = Have not logged in."`},
	{"threadtime long tag", "07-19 13:29:22.804   380   530 W ActivityManager: Permission denied: checkComponentPermission() owningUid=10008",
		`threadtime|"07-19 13:29:22.804"|380|530|W|"ActivityManager"|"Permission denied: checkComponentPermission() owningUid=10008"`},
	{"threadtime wide ids", "11-25 18:35:01.123     1 1234567 I init    : 会报871504错误",
		`threadtime|"11-25 18:35:01.123"|1|1234567|I|"init"|"会报871504错误"`},
	{"threadtime squeezed", "11-25 18:35:01.123 4321 4390 E JIM: squeezed padding",
		`threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|"squeezed padding"`},
	{"threadtime extra padding", "11-25 18:35:01.123     4321      4390 D  JIM   : x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|D|"JIM"|"x"`},
	{"threadtime year", "2024-11-25 18:35:01.123  4321  4390 E JIM     : x",
		`threadtime|"2024-11-25 18:35:01.123"|4321|4390|E|"JIM"|"x"`},
	{"threadtime usec", "11-25 18:35:01.123456  4321  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123456"|4321|4390|E|"JIM"|"x"`},
	{"threadtime nsec", "11-25 18:35:01.123456789  4321  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123456789"|4321|4390|E|"JIM"|"x"`},
	{"threadtime zone", "11-25 18:35:01.123 +0800  4321  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123 +0800"|4321|4390|E|"JIM"|"x"`},
	{"threadtime negative zone", "2024-11-25 18:35:01.123456 -0500  4321  4390 E JIM     : x",
		`threadtime|"2024-11-25 18:35:01.123456 -0500"|4321|4390|E|"JIM"|"x"`},
	{"threadtime zone no space", "11-25 18:35:01.123+0800  4321  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123+0800"|4321|4390|E|"JIM"|"x"`},
	{"threadtime epoch padded", "         1732559701.123  4321  4390 E JIM     : x",
		`threadtime|"1732559701.123"|4321|4390|E|"JIM"|"x"`},
	{"threadtime epoch unpadded", "1732559701.123456  4321  4390 E JIM     : x",
		`threadtime|"1732559701.123456"|4321|4390|E|"JIM"|"x"`},
	{"threadtime monotonic", "  3318.904  4321  4390 E JIM     : x",
		`threadtime|"3318.904"|4321|4390|E|"JIM"|"x"`},
	{"threadtime uid", "11-25 18:35:01.123 10123  4321  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|"x"`},
	{"threadtime uid name", "11-25 18:35:01.123  root   617   650 I logd    : x",
		`threadtime|"11-25 18:35:01.123"|617|650|I|"logd"|"x"`},
	{"threadtime long uid name", "11-25 18:35:01.123 u0_a123  4321  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|"x"`},
	{"threadtime uid unknown", "11-25 18:35:01.123        4321  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|"x"`},
	{"threadtime empty message", "11-25 18:35:01.123  4321  4390 E JIM     : ",
		`threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|""`},
	{"threadtime empty message no space", "11-25 18:35:01.123  4321  4390 E JIM     :",
		`threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|""`},
	{"threadtime empty tag", "11-25 18:35:01.123  4321  4390 I         : x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|I|""|"x"`},
	{"threadtime tag with spaces", "11-25 18:35:01.123  4321  4390 I Unity Main: x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|I|"Unity Main"|"x"`},
	{"threadtime tag with colon", "11-25 18:35:01.123  4321  4390 I JIM:sub : x: y",
		`threadtime|"11-25 18:35:01.123"|4321|4390|I|"JIM:sub"|"x: y"`},
	{"threadtime tag with colon space", "11-25 18:35:01.123  4321  4390 I JIM: sub: x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|I|"JIM"|"sub: x"`},
	{"threadtime bracket tag", "11-25 18:35:02.540  4321  4321 E [JMessage]: register push failed 871504",
		`threadtime|"11-25 18:35:02.540"|4321|4321|E|"[JMessage]"|"register push failed 871504"`},
	{"threadtime stack trace message", "11-25 18:35:03.007  4321  4433 W System.err: \tat java.net.Inet6AddressImpl.lookupHostByName(Inet6AddressImpl.java:156)",
		`threadtime|"11-25 18:35:03.007"|4321|4433|W|"System.err"|"\tat java.net.Inet6AddressImpl.lookupHostByName(Inet6AddressImpl.java:156)"`},
	{"threadtime slash in tag", "11-25 18:35:01.123  4321  4390 I JIM/net : x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|I|"JIM/net"|"x"`},
	{"threadtime level S", "11-25 18:35:01.123  4321  4390 S JIM     : x",
		`threadtime|"11-25 18:35:01.123"|4321|4390|S|"JIM"|"x"`},
	{"threadtime level F", "11-25 18:35:09.118   617   650 F libc    : Fatal signal 6 (SIGABRT)",
		`threadtime|"11-25 18:35:09.118"|617|650|F|"libc"|"Fatal signal 6 (SIGABRT)"`},
	{"threadtime invalid UTF-8 message", "11-25 18:35:01.123  4321  4390 W JIM     : bad \xff\xfe 871310",
		`threadtime|"11-25 18:35:01.123"|4321|4390|W|"JIM"|"bad \xff\xfe 871310"`},
	{"threadtime NUL in message", "11-25 18:35:01.123  4321  4390 W JIM     : a\x00b",
		`threadtime|"11-25 18:35:01.123"|4321|4390|W|"JIM"|"a\x00b"`},
	{"threadtime inner CR kept", "11-25 18:35:01.123  4321  4390 W JIM     : a\rb",
		`threadtime|"11-25 18:35:01.123"|4321|4390|W|"JIM"|"a\rb"`},
	{"threadtime leap second", "12-31 23:59:60.000  4321  4390 I JIM     : x",
		`threadtime|"12-31 23:59:60.000"|4321|4390|I|"JIM"|"x"`},

	// threadtime look-alikes
	{"bad level", "11-25 18:35:01.123  4321  4390 X JIM     : x", "none"},
	{"level ?", "11-25 18:35:01.123  4321  4390 ? JIM     : x", "none"},
	{"lower-case level", "11-25 18:35:01.123  4321  4390 e JIM     : x", "none"},
	{"two fraction digits", "11-25 18:35:01.12  4321  4390 E JIM     : x", "none"},
	{"four fraction digits", "11-25 18:35:01.1234  4321  4390 E JIM     : x", "none"},
	{"ten fraction digits", "11-25 18:35:01.1234567890  4321  4390 E JIM     : x", "none"},
	{"no fraction", "11-25 18:35:01  4321  4390 E JIM     : x", "none"},
	{"month 13", "13-25 18:35:01.123  4321  4390 E JIM     : x", "none"},
	{"month 0", "00-25 18:35:01.123  4321  4390 E JIM     : x", "none"},
	{"day 32", "11-32 18:35:01.123  4321  4390 E JIM     : x", "none"},
	{"hour 24", "11-25 24:35:01.123  4321  4390 E JIM     : x", "none"},
	{"minute 60", "11-25 18:60:01.123  4321  4390 E JIM     : x", "none"},
	{"second 61", "11-25 18:35:61.123  4321  4390 E JIM     : x", "none"},
	{"ISO T", "2024-11-25T18:35:01.123  4321  4390 E JIM     : x", "none"},
	{"slashed date", "11/25 18:35:01.123  4321  4390 E JIM     : x", "none"},
	{"three-digit year", "202-11-25 18:35:01.123  4321  4390 E JIM     : x", "none"},
	{"one id", "11-25 18:35:01.123  4321 E JIM     : x", "none"},
	{"four ids", "11-25 18:35:01.123  1  4321  4390  4391 E JIM     : x", "none"},
	{"uid name and three ids", "11-25 18:35:01.123 root 1 4321 4390 E JIM     : x", "none"},
	{"uid name last", "11-25 18:35:01.123  4321  4390 root E JIM     : x", "none"},
	{"no separator", "11-25 18:35:01.123  4321  4390 E JIM no separator", "none"},
	{"no space after level", "11-25 18:35:01.123  4321  4390 E: x", "none"},
	{"nothing after level", "11-25 18:35:01.123  4321  4390 E", "none"},
	{"timestamp only", "11-25 18:35:01.123", "none"},
	{"timestamp and space", "11-25 18:35:01.123 ", "none"},
	{"indented dated timestamp", " 11-25 18:35:01.123  4321  4390 E JIM     : x", "none"},
	{"epoch over-padded", "                    1732559701.123  4321  4390 E JIM     : x", "none"},
	{"epoch 20 digits", "12345678901234567890.123  4321  4390 E JIM     : x", "none"},
	{"pid overflow", "11-25 18:35:01.123  2147483648  4390 E JIM     : x", "none"},
	{"pid max", "11-25 18:35:01.123  2147483647  4390 E JIM     : x",
		`threadtime|"11-25 18:35:01.123"|2147483647|4390|E|"JIM"|"x"`},
	{"NUL in tag", "11-25 18:35:01.123  4321  4390 E JIM\x00    : x", "none"},
	{"tab in tag", "11-25 18:35:01.123  4321  4390 E JIM\t: x", "none"},
	{"zone without digits", "11-25 18:35:01.123 +08  4321  4390 E JIM     : x", "none"},
	{"Android Studio", "2024-11-25 18:35:02.500  4321-4390  JIM                     com.example.chat                     E  login failed 871300", `studio|"2024-11-25 18:35:02.500"|4321|4390|E|"JIM"|"login failed 871300"|package="com.example.chat"`},
	{"prose with time", "11-25 18:35:01.123 the user could not log in: 871300", "none"},
	{"time line without pid", "11-25 18:35:01.123 E/JIM: x", "none"},

	// time
	{"time", "11-25 18:35:01.123 E/JIM     ( 4321): login failed, code = 871300",
		`time|"11-25 18:35:01.123"|4321|-1|E|"JIM"|"login failed, code = 871300"`},
	{"time year", "2024-11-25 18:35:01.123 E/JIM     ( 4321): x",
		`time|"2024-11-25 18:35:01.123"|4321|-1|E|"JIM"|"x"`},
	{"time usec zone", "11-25 18:35:01.123456 +0800 E/JIM     ( 4321): x",
		`time|"11-25 18:35:01.123456 +0800"|4321|-1|E|"JIM"|"x"`},
	{"time epoch", "         1732559701.123 E/JIM     ( 4321): x",
		`time|"1732559701.123"|4321|-1|E|"JIM"|"x"`},
	{"time uid", "11-25 18:35:01.123 E/JIM     (10123: 4321): x",
		`time|"11-25 18:35:01.123"|4321|-1|E|"JIM"|"x"`},
	{"time prose-like tag", "11-25 18:35:01.123 I/O error(5): x",
		`time|"11-25 18:35:01.123"|5|-1|I|"O error"|"x"`},
	{"time empty message", "11-25 18:35:01.123 E/JIM     ( 4321):",
		`time|"11-25 18:35:01.123"|4321|-1|E|"JIM"|""`},

	// brief
	{"brief", "E/JIM     ( 4321): sendMessage onFailed 871310",
		`brief|nil|4321|-1|E|"JIM"|"sendMessage onFailed 871310"`},
	{"brief real", "W/ActivityManager(  380): Permission denied: checkComponentPermission() owningUid=10008",
		`brief|nil|380|-1|W|"ActivityManager"|"Permission denied: checkComponentPermission() owningUid=10008"`},
	{"brief seven-digit pid", "E/JIM     (1234567): x",
		`brief|nil|1234567|-1|E|"JIM"|"x"`},
	{"brief squeezed", "E/JIM(4321): x",
		`brief|nil|4321|-1|E|"JIM"|"x"`},
	{"brief uid", "E/JIM     (10123: 4321): x",
		`brief|nil|4321|-1|E|"JIM"|"x"`},
	{"brief uid name", "E/JIM     ( root:  617): x",
		`brief|nil|617|-1|E|"JIM"|"x"`},
	{"brief uid unknown", "E/JIM     (      4321): x",
		`brief|nil|4321|-1|E|"JIM"|"x"`},
	{"brief parens in tag", "E/Foo(bar)( 4321): x",
		`brief|nil|4321|-1|E|"Foo(bar)"|"x"`},
	{"brief parens in message", "I/chromium( 4321): [INFO:CONSOLE(12)] \"im error 871300\", source: https://h5.example.com/chat.js (12)",
		`brief|nil|4321|-1|I|"chromium"|"[INFO:CONSOLE(12)] \"im error 871300\", source: https://h5.example.com/chat.js (12)"`},
	{"brief bracket tag", "E/[JMessage]( 4321): x",
		`brief|nil|4321|-1|E|"[JMessage]"|"x"`},
	{"brief dotted tag", "W/System.err( 4321): \tat com.foo.Bar.baz(Bar.java:12)",
		`brief|nil|4321|-1|W|"System.err"|"\tat com.foo.Bar.baz(Bar.java:12)"`},
	{"brief tag with space", "I/Unity Main(  4321): x",
		`brief|nil|4321|-1|I|"Unity Main"|"x"`},
	{"brief empty message", "E/JIM     ( 4321): ",
		`brief|nil|4321|-1|E|"JIM"|""`},
	{"brief empty message no space", "E/JIM     ( 4321):",
		`brief|nil|4321|-1|E|"JIM"|""`},
	{"brief empty tag", "E/        ( 4321): x",
		`brief|nil|4321|-1|E|""|"x"`},
	{"brief slash in tag", "W/JIM/net ( 4321): x",
		`brief|nil|4321|-1|W|"JIM/net"|"x"`},
	{"brief fatal exception", "E/AndroidRuntime(12345): FATAL EXCEPTION: main",
		`brief|nil|12345|-1|E|"AndroidRuntime"|"FATAL EXCEPTION: main"`},
	{"brief spaced tag with logcat padding", "I/O error (12345): x",
		`brief|nil|12345|-1|I|"O error"|"x"`},
	{"brief level A", "A/JIM     ( 4321): assertion failed",
		`brief|nil|4321|-1|A|"JIM"|"assertion failed"`},

	// brief look-alikes
	{"I/O error with pid-like", "I/O error (5): disk full", "none"},
	{"E/ something", "E/ something went wrong (see below): 871300", "none"},
	{"E/ something with pid", "E/ something ( 4321): x", "none"},
	{"A/B test", "A/B test (2): variant B", "none"},
	{"brief no colon", "E/JIM     ( 4321) x", "none"},
	{"brief no space after colon", "E/JIM     ( 4321):x", "none"},
	{"brief letters in pid", "E/JIM     (abc): x", "none"},
	{"brief empty parens", "E/JIM     (): x", "none"},
	{"brief three ids", "E/JIM     ( 1: 2: 3): x", "none"},
	{"brief unpadded empty tag", "E/( 4321): x", "none"},
	{"brief NUL in tag", "E/JIM\x00    ( 4321): x", "none"},
	{"brief level-less", "X/JIM     ( 4321): x", "none"},
	{"lower-case brief", "e/JIM     ( 4321): x", "none"},
	{"level only", "E", "none"},
	{"level slash", "E/", "none"},

	// tag
	{"tag", "E/JIM     : login failed, code = 871300",
		`tag|nil|-1|-1|E|"JIM"|"login failed, code = 871300"`},
	{"tag long", "I/ActivityManager: Start proc 4321:com.example.chat/u0a123",
		`tag|nil|-1|-1|I|"ActivityManager"|"Start proc 4321:com.example.chat/u0a123"`},
	{"tag bracket", "E/[JMessage]: register push failed, 会报871504错误",
		`tag|nil|-1|-1|E|"[JMessage]"|"register push failed, 会报871504错误"`},
	{"tag message with brief", "E/JIM     : foo( 4321): bar",
		`tag|nil|-1|-1|E|"JIM"|"foo( 4321): bar"`},
	{"tag empty message", "E/JIM     :",
		`tag|nil|-1|-1|E|"JIM"|""`},
	{"tag empty tag", "E/        : x",
		`tag|nil|-1|-1|E|""|"x"`},
	{"tag slash and dot", "W/JIM/net.io: x",
		`tag|nil|-1|-1|W|"JIM/net.io"|"x"`},
	{"I/O error", "I/O error: disk full", "none"},
	{"I/O short", "I/O: blocked", "none"},
	{"tag squeezed short", "E/JIM: x", "none"},
	{"tag with inner space", "E/JIM with space: x", "none"},
	{"tag leading space", "E/ JIM      : x", "none"},
	{"tag tab", "E/JIM\t     : x", "none"},
	{"tag no separator", "E/JIMJIMJIM no colon here", "none"},

	// process
	{"process", "E( 4321) login failed, code = 871300  (JIM)",
		`process|nil|4321|-1|E|"JIM"|"login failed, code = 871300"`},
	{"process empty message", "E( 4321)   (JIM)",
		`process|nil|4321|-1|E|"JIM"|""`},
	{"process message with double-space paren", "E( 4321) see  (below) now  (JIM)",
		`process|nil|4321|-1|E|"JIM"|"see  (below) now"`},
	{"process tag with space", "I( 4321) x  (Unity Main)",
		`process|nil|4321|-1|I|"Unity Main"|"x"`},
	{"process uid name", "W( root:  617) reader  (logd)",
		`process|nil|617|-1|W|"logd"|"reader"`},
	{"process squeezed", "E(4321) x  (JIM)",
		`process|nil|4321|-1|E|"JIM"|"x"`},
	{"W( hello", "W( hello", "none"},
	{"process without tag", "E( 4321) login failed", "none"},
	{"process only", "E( 4321)", "none"},
	{"process no space", "E( 4321)x  (JIM)", "none"},
	{"process single-space tag", "E( 4321) x (JIM)", "none"},
	{"process unclosed", "E( 4321", "none"},

	// thread
	{"thread", "E( 4321: 4390) sendMessage onFailed 871310",
		`thread|nil|4321|4390|E|nil|"sendMessage onFailed 871310"`},
	{"thread uid name", "E( root:  617:  650) x",
		`thread|nil|617|650|E|nil|"x"`},
	{"thread uid", "E(10123: 4321: 4390) x",
		`thread|nil|4321|4390|E|nil|"x"`},
	{"thread empty message", "E( 4321: 4390) ",
		`thread|nil|4321|4390|E|nil|""`},
	{"thread nothing after", "E( 4321: 4390)",
		`thread|nil|4321|4390|E|nil|""`},
	{"thread message like a process line", "E( 4321: 4390) x  (JIM)",
		`thread|nil|4321|4390|E|nil|"x  (JIM)"`},
	{"thread no space", "E( 4321: 4390)x", "none"},
	{"thread four ids", "E(1: 2: 3: 4) x", "none"},
	{"thread missing tid", "E( 4321:) x", "none"},
	{"thread name tid", "E( 4321: root) x", "none"},

	// long header
	{"long", "[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]",
		`long|"11-25 18:35:01.123"|4321|4390|E|"JIM"|nil`},
	{"long real", "[ 03-25 23:53:30.028     0:    0 I/logd     ]",
		`long|"03-25 23:53:30.028"|0|0|I|"logd"|nil`},
	{"long long tag", "[ 03-25 23:53:32.988   555:  575 D/CompatibilityChangeReporter ]",
		`long|"03-25 23:53:32.988"|555|575|D|"CompatibilityChangeReporter"|nil`},
	{"long year usec", "[ 2024-11-25 18:35:01.123456  4321: 4390 E/JIM      ]",
		`long|"2024-11-25 18:35:01.123456"|4321|4390|E|"JIM"|nil`},
	{"long zone", "[ 11-25 18:35:01.123 +0800  4321: 4390 E/JIM      ]",
		`long|"11-25 18:35:01.123 +0800"|4321|4390|E|"JIM"|nil`},
	{"long epoch", "[          1732559701.123  4321: 4390 E/JIM      ]",
		`long|"1732559701.123"|4321|4390|E|"JIM"|nil`},
	{"long uid", "[ 11-25 18:35:01.123 10123: 4321: 4390 E/JIM      ]",
		`long|"11-25 18:35:01.123"|4321|4390|E|"JIM"|nil`},
	{"long uid name", "[ 11-25 18:35:01.123  root:  617:  650 I/logd     ]",
		`long|"11-25 18:35:01.123"|617|650|I|"logd"|nil`},
	{"long hex tid", "[ 11-25 18:35:01.123  4321:0x1126 E/JIM      ]",
		`long|"11-25 18:35:01.123"|4321|4390|E|"JIM"|nil`},
	{"long empty tag", "[ 11-25 18:35:01.123  4321: 4390 E/         ]",
		`long|"11-25 18:35:01.123"|4321|4390|E|""|nil`},
	{"long tag with space and bracket", "[ 11-25 18:35:01.123  4321: 4390 I/Unity ] Main ]",
		`long|"11-25 18:35:01.123"|4321|4390|I|"Unity ] Main"|nil`},
	{"long no space before ]", "[ 11-25 18:35:01.123  4321: 4390 E/JIM]", "none"},
	{"long no space after [", "[11-25 18:35:01.123  4321: 4390 E/JIM ]", "none"},
	{"long one id", "[ 11-25 18:35:01.123  4321 E/JIM ]", "none"},
	{"long space-separated ids", "[ 11-25 18:35:01.123  4321  4390 E/JIM ]", "none"},
	{"long trailing text", "[ 11-25 18:35:01.123  4321: 4390 E/JIM ] x", "none"},
	{"long upper-case hex", "[ 11-25 18:35:01.123  4321:0X1126 E/JIM ]", "none"},
	{"long hex pid", "[ 11-25 18:35:01.123  0x10e1: 4390 E/JIM ]", "none"},
	{"long bare 0x", "[ 11-25 18:35:01.123  4321:0x E/JIM ]", "none"},
	{"long no level", "[ 11-25 18:35:01.123  4321: 4390 JIM ]", "none"},
	{"chromium console", "[INFO:CONSOLE(12)] \"im error 871300\", source: https://h5.example.com/chat.js (12)", "none"},
	{"bracketed date", "[ 2024-11-25 18:35:01 ] login failed 871300", "none"},
	{"brackets", "[ ]", "none"},

	// markers
	{"marker", "--------- beginning of main", `marker|nil|-1|-1|-|nil|"main"`},
	{"marker old", "--------- beginning of /dev/log/system", `marker|nil|-1|-1|-|nil|"/dev/log/system"`},
	{"marker switch", "--------- switch to main", `marker|nil|-1|-1|-|nil|"main"`},
	{"marker crash", "--------- beginning of crash", `marker|nil|-1|-1|-|nil|"crash"`},
	{"dashes", "---------", "none"},
	{"dashes space", "--------- ", "none"},
	{"marker without name", "--------- beginning of", "none"},
	{"marker with empty name", "--------- beginning of ", "none"},
	{"marker double space", "--------- beginning of  main", "none"},
	{"marker two words", "--------- beginning of main buffer", "none"},
	{"marker eight dashes", "-------- beginning of main", "none"},
	{"marker ten dashes", "---------- beginning of main", "none"},
	{"marker other verb", "--------- end of main", "none"},
	{"diff line", "--- a/parse/logcat.go", "none"},

	// not logcat at all
	{"empty", "", "none"},
	{"CR only", "\r", "none"},
	{"space", " ", "none"},
	{"stack trace tab", "\tat cn.jpush.im.android.api.JMessageClient.login(Unknown Source:12)", "none"},
	{"stack trace spaces", "    at cn.jpush.im.android.api.JMessageClient.login(Unknown Source:12)", "none"},
	{"caused by", "Caused by: java.net.SocketTimeoutException: timeout", "none"},
	{"long message line", "login failed, code = 871300 desc = Have not logged in.", "none"},
	{"chinese", "用户反馈：登录时会报871504错误", "none"},
	{"invalid UTF-8", "\xff\xfe garbage \xc3\x28 871300", "none"},
	{"NUL bytes", "\x00\x00\x00\x00", "none"},
	{"digits", "871300", "none"},
	{"JSON", `{"time":"2024-11-25T18:35:03+08:00","level":"error","code":871300}`, "none"},
	{"adb chatter", "* daemon not running; starting now at tcp:5037", "none"},
	// A UTF-8 byte-order mark on the first line of a file (issue 12).
	{"BOM threadtime", "\ufeff11-25 18:35:01.123  4321  4390 E JIM     : 871300", `threadtime|"11-25 18:35:01.123"|4321|4390|E|"JIM"|"871300"`},
	{"BOM brief", "\ufeffE/JIM     ( 4321): 871300", `brief|nil|4321|-1|E|"JIM"|"871300"`},
	{"BOM long", "\ufeff[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]", `long|"11-25 18:35:01.123"|4321|4390|E|"JIM"|nil`},
	{"BOM alone", "\ufeff", "none"},
	{"two BOMs", "\ufeff\ufeffE/JIM     ( 4321): x", "none"},
	// Android Studio.
	{"studio classic", "2024-05-01 12:00:00.123 1234-1234/com.example.chat E/JIM: message", `studio-classic|"2024-05-01 12:00:00.123"|1234|1234|E|"JIM"|"message"|package="com.example.chat"`},
	{"studio classic MM-DD", "05-01 12:00:00.123 1234-1234/com.example.chat E/JIM: m", `studio-classic|"05-01 12:00:00.123"|1234|1234|E|"JIM"|"m"|package="com.example.chat"`},
	{"studio classic ?", "546-546/? I/vold: message", `studio-classic|nil|546|546|I|"vold"|"message"`},
	{"studio classic no colon", "2024-05-01 12:00:00.123 1234-1234/com.example.chat E/JIM message", "none"},
	{"studio classic no level", "546-546/? vold: message", "none"},
	{"studio classic bad level", "546-546/? X/vold: message", "none"},
	{"studio classic no package", "546-546/ I/vold: message", "none"},
	{"studio classic no tid", "546-/? I/vold: message", "none"},
	{"studio classic tid letters", "546-5a6/? I/vold: message", "none"},
	{"date range", "2024-05-01 - 2024-05-02: report", "none"},
	{"studio current no message", "2024-05-01 12:00:00.123  1234-1234  JIM  com.example.chat  E", `studio|"2024-05-01 12:00:00.123"|1234|1234|E|"JIM"|""|package="com.example.chat"`},
	{"studio current no timestamp", "1234-1234  JIM  com.example.chat  E  message", "none"},
	{"studio current no package", "2024-05-01 12:00:00.123  1234-1234  JIM  E  message", "none"},
	{"studio current long level", "2024-05-01 12:00:00.123  1234-1234  JIM  com.example.chat  ERROR  message", "none"},
	// Kubernetes CRI.
	{"cri", "2026-12-02T10:00:00.123456789Z stderr F msg 871300", `cri|"2026-12-02T10:00:00.123456789Z"|-1|-1|-|nil|"msg 871300"|stream="stderr"|partial=false`},
	{"cri partial", "2026-12-02T10:00:00Z stdout P 8713", `cri|"2026-12-02T10:00:00Z"|-1|-1|-|nil|"8713"|stream="stdout"|partial=true`},
	{"cri offset", "2026-12-02T10:00:00.1-07:30 stdout F x", `cri|"2026-12-02T10:00:00.1-07:30"|-1|-1|-|nil|"x"|stream="stdout"|partial=false`},
	{"cri empty", "2026-12-02T10:00:00Z stdout F", `cri|"2026-12-02T10:00:00Z"|-1|-1|-|nil|""|stream="stdout"|partial=false`},
	{"cri tags", "2026-12-02T10:00:00Z stdout F:a:b x", `cri|"2026-12-02T10:00:00Z"|-1|-1|-|nil|"x"|stream="stdout"|partial=false`},
	{"cri empty tag", "2026-12-02T10:00:00Z stdout F: x", "none"},
	{"cri stdin", "2026-12-02T10:00:00Z stdin F x", "none"},
	{"cri bad tag", "2026-12-02T10:00:00Z stdout X x", "none"},
	{"cri tag glued", "2026-12-02T10:00:00Z stdout Fx", "none"},
	{"cri month 13", "2026-13-02T10:00:00Z stdout F x", "none"},
	{"cri hour 24", "2026-12-02T24:00:00Z stdout F x", "none"},
	{"cri empty fraction", "2026-12-02T10:00:00.Z stdout F x", "none"},
	{"cri 10-digit fraction", "2026-12-02T10:00:00.1234567890Z stdout F x", "none"},
	{"cri no zone", "2026-12-02T10:00:00 stdout F x", "none"},
	{"cri glued stream", "2026-12-02T10:00:00Zstdout F x", "none"},
	{"cri bad offset", "2026-12-02T10:00:00+0800 stdout F x", "none"},
	{"waiting", "- waiting for device -", "none"},
}

func TestParseLogcat(t *testing.T) {
	for _, tc := range cases {
		for _, suffix := range []string{"", "\r", "\r\r"} {
			line := []byte(tc.line + suffix)
			l, ok := Parse(line)
			if got := renderLogcat(l, ok); got != tc.want {
				t.Errorf("%s: Parse(%q)\n got %s\nwant %s", tc.name, line, got, tc.want)
				continue
			}
			checkLogcatInvariants(t, line, l, ok)
		}
	}
}

// TestParseLogcatFields spells out every field of one line of each format,
// without going through renderLogcat.
func TestParseLogcatFields(t *testing.T) {
	type want struct {
		f            Format
		ts           string
		pid, tid     int
		lvl          byte
		tag, msg     string
		tsNil        bool
		tagNil       bool
		msgNil       bool
		isLongHeader bool
	}
	cases := []struct {
		line string
		w    want
	}{
		{"11-25 18:35:01.123  4321  4390 E JIM     : login failed, code = 871300\r",
			want{f: Threadtime, ts: "11-25 18:35:01.123", pid: 4321, tid: 4390, lvl: 'E', tag: "JIM", msg: "login failed, code = 871300"}},
		{"E/JIM     ( 4321): sendMessage onFailed 871310\r",
			want{f: Brief, tsNil: true, pid: 4321, tid: -1, lvl: 'E', tag: "JIM", msg: "sendMessage onFailed 871310"}},
		{"11-25 18:35:01.123 W/jiguang ( 4377): code:871104",
			want{f: Time, ts: "11-25 18:35:01.123", pid: 4377, tid: -1, lvl: 'W', tag: "jiguang", msg: "code:871104"}},
		{"I( 4321) x  (JMessage)",
			want{f: Process, tsNil: true, pid: 4321, tid: -1, lvl: 'I', tag: "JMessage", msg: "x"}},
		{"D/JPush   : registrationID = 1a0018970a8ef0d1c03",
			want{f: Tag, tsNil: true, pid: -1, tid: -1, lvl: 'D', tag: "JPush", msg: "registrationID = 1a0018970a8ef0d1c03"}},
		{"V( 4321: 4390) onEvent",
			want{f: Thread, tsNil: true, pid: 4321, tid: 4390, lvl: 'V', tagNil: true, msg: "onEvent"}},
		{"[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]\r",
			want{f: LongHeader, ts: "11-25 18:35:01.123", pid: 4321, tid: 4390, lvl: 'E', tag: "JIM", msgNil: true, isLongHeader: true}},
		{"--------- beginning of main\r",
			want{f: Marker, tsNil: true, pid: -1, tid: -1, tagNil: true, msg: "main"}},
		{"I/O error: disk full",
			want{f: None, tsNil: true, pid: -1, tid: -1, tagNil: true, msgNil: true}},
	}
	for _, c := range cases {
		l, ok := Parse([]byte(c.line))
		w := c.w
		if ok != (w.f != None) || l.Format != w.f {
			t.Errorf("Parse(%q): ok=%v Format=%v, want Format %v", c.line, ok, l.Format, w.f)
		}
		if string(l.Timestamp) != w.ts || (l.Timestamp == nil) != w.tsNil {
			t.Errorf("Parse(%q).Timestamp = %q, want %q (nil: %v)", c.line, l.Timestamp, w.ts, w.tsNil)
		}
		if l.PID != w.pid || l.TID != w.tid {
			t.Errorf("Parse(%q): PID, TID = %d, %d, want %d, %d", c.line, l.PID, l.TID, w.pid, w.tid)
		}
		if l.Level != w.lvl {
			t.Errorf("Parse(%q).Level = %q, want %q", c.line, l.Level, w.lvl)
		}
		if string(l.Tag) != w.tag || (l.Tag == nil) != w.tagNil {
			t.Errorf("Parse(%q).Tag = %q, want %q (nil: %v)", c.line, l.Tag, w.tag, w.tagNil)
		}
		if string(l.Message) != w.msg || (l.Message == nil) != w.msgNil {
			t.Errorf("Parse(%q).Message = %q, want %q (nil: %v)", c.line, l.Message, w.msg, w.msgNil)
		}
		if IsLongHeader([]byte(c.line)) != w.isLongHeader {
			t.Errorf("IsLongHeader(%q) = %v", c.line, !w.isLongHeader)
		}
	}
}

// TestParseLogcatAliases checks that the fields are slices of the input, not
// copies, and that appending to one does not overwrite the input.
func TestParseLogcatAliases(t *testing.T) {
	line := []byte("11-25 18:35:01.123  4321  4390 E JIM     : login failed\r")
	l, ok := Parse(line)
	if !ok {
		t.Fatal("not recognised")
	}
	if &l.Timestamp[0] != &line[0] || &l.Tag[0] != &line[33] || &l.Message[0] != &line[43] {
		t.Errorf("fields do not alias the line")
	}
	_ = append(l.Message, "XX"...)
	if line[len(line)-1] != '\r' {
		t.Errorf("append to Message overwrote the line: %q", line)
	}
}

func TestLogcatFormatString(t *testing.T) {
	want := []string{"", "threadtime", "brief", "time", "process", "tag", "thread", "long", "marker", "studio-classic", "studio", "cri"}
	for f, w := range want {
		if got := Format(f).String(); got != w {
			t.Errorf("Format(%d).String() = %q, want %q", f, got, w)
		}
	}
	if got := Format(200).String(); got != "" {
		t.Errorf("Format(200).String() = %q, want \"\"", got)
	}
}

// fixtures returns the fixture files and their lines (split at '\n',
// so CRLF lines keep their '\r').
func fixtures(t testing.TB) map[string][][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "logcat", "*.log"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	m := make(map[string][][]byte)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.TrimSuffix(data, []byte("\n"))
		m[f] = bytes.Split(data, []byte("\n"))
	}
	return m
}

// TestParseLogcatGolden renders every line of each fixture
// testdata/logcat/<name>.log and compares with <name>.golden. Run with
// -update-logcat to rewrite the golden files.
func TestParseLogcatGolden(t *testing.T) {
	for file, lines := range fixtures(t) {
		var out bytes.Buffer
		for _, line := range lines {
			l, ok := Parse(line)
			checkLogcatInvariants(t, line, l, ok)
			out.WriteString(renderLogcat(l, ok))
			out.WriteByte('\n')
		}
		golden := strings.TrimSuffix(file, ".log") + ".golden"
		if *updateLogcat {
			if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run Logcat -update-logcat to create it)", err)
		}
		if got := out.Bytes(); !bytes.Equal(got, want) {
			gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
			for i := 0; i < len(gl) || i < len(wl); i++ {
				var g, w string
				if i < len(gl) {
					g = gl[i]
				}
				if i < len(wl) {
					w = wl[i]
				}
				if g != w {
					t.Errorf("%s:%d:\n got %s\nwant %s", golden, i+1, g, w)
				}
			}
		}
	}
}

// TestParseLogcatFixtureFormats checks what the golden files show: each
// single-format fixture <format>.log holds only lines of that format and
// markers, and long.log only headers, markers and message lines, with each
// header first in the file or after an empty line or a marker.
func TestParseLogcatFixtureFormats(t *testing.T) {
	want := map[string]Format{
		"threadtime": Threadtime, "brief": Brief, "time": Time,
		"process": Process, "tag": Tag, "thread": Thread,
		"long": LongHeader, "studio-classic": StudioClassic, "studio": Studio, "cri": CRI,
	}
	seen := map[Format]int{}
	for file, lines := range fixtures(t) {
		f, single := want[strings.TrimSuffix(filepath.Base(file), ".log")]
		for i, line := range lines {
			l, ok := Parse(line)
			seen[l.Format]++
			if !single || l.Format == Marker {
				continue
			}
			if f == LongHeader {
				if ok && l.Format != f {
					t.Errorf("%s:%d: %s line in a long fixture: %q", file, i+1, l.Format, line)
				}
				if ok && i > 0 && len(lines[i-1]) > 0 && !bytes.HasPrefix(lines[i-1], []byte("---------")) {
					t.Errorf("%s:%d: long header not after an empty line or a marker", file, i+1)
				}
				continue
			}
			if l.Format != f {
				t.Errorf("%s:%d: %s line in a %s fixture: %q", file, i+1, l.Format, f, line)
			}
		}
	}
	for f := Threadtime; f <= CRI; f++ {
		if seen[f] == 0 {
			t.Errorf("no fixture line of format %s", f)
		}
	}
}

func TestParseLogcatDoesNotAllocate(t *testing.T) {
	var lines [][]byte
	for _, ls := range fixtures(t) {
		lines = append(lines, ls...)
	}
	for _, tc := range cases {
		lines = append(lines, []byte(tc.line))
	}
	allocs := testing.AllocsPerRun(10, func() {
		for _, line := range lines {
			Parse(line)
			IsLongHeader(line)
		}
	})
	if allocs != 0 {
		t.Errorf("Parse allocates: %v allocations per run over %d lines", allocs, len(lines))
	}
}

func BenchmarkParseLogcat(b *testing.B) {
	fixtures := fixtures(b)
	bench := func(b *testing.B, lines [][]byte) {
		n := 0
		for _, line := range lines {
			n += len(line) + 1
		}
		b.SetBytes(int64(n))
		b.ReportAllocs()
		for b.Loop() {
			for _, line := range lines {
				Parse(line)
			}
		}
	}
	for _, name := range []string{"threadtime", "brief", "time", "process", "tag", "thread", "long", "mixed", "studio-classic", "studio", "cri"} {
		lines := fixtures[filepath.Join("testdata", "logcat", name+".log")]
		b.Run(name, func(b *testing.B) { bench(b, lines) })
	}
	// Plain text: the common case of a log file that is not logcat output.
	text := [][]byte{
		[]byte("2024-11-25 18:35:01,123 ERROR [main] c.e.chat.LoginService - login failed, code = 871300"),
		[]byte("\tat cn.jpush.im.android.api.JMessageClient.login(Unknown Source:12)"),
		[]byte("用户反馈：登录时会报871504错误"),
		[]byte("I/O error: write failed, 871310 Network not available"),
	}
	b.Run("text", func(b *testing.B) { bench(b, text) })
}

func FuzzParse(f *testing.F) {
	for _, tc := range cases {
		f.Add([]byte(tc.line))
	}
	for _, lines := range fixtures(f) {
		for _, line := range lines {
			f.Add(line)
		}
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		orig := bytes.Clone(line)
		l, ok := Parse(line)
		if !bytes.Equal(line, orig) {
			t.Fatalf("Parse modified its input")
		}
		checkLogcatInvariants(t, line, l, ok)
		// A trailing '\r' changes nothing.
		cr := append(bytes.Clone(line), '\r')
		l2, ok2 := Parse(cr)
		if ok2 != ok || !equal(l, l2) {
			t.Fatalf("Parse(%q) = %s, but with a \\r added %s", line, renderLogcat(l, ok), renderLogcat(l2, ok2))
		}
	})
}

// identical reports whether a and b have the same fields, each slice the
// same bytes of the line: same start, length and capacity.
func identical(a, b Line) bool {
	same := func(x, y []byte) bool {
		return (x == nil) == (y == nil) && len(x) == len(y) && cap(x) == cap(y) &&
			unsafe.SliceData(x) == unsafe.SliceData(y)
	}
	return a.Format == b.Format && a.PID == b.PID && a.TID == b.TID && a.Level == b.Level &&
		same(a.Timestamp, b.Timestamp) && same(a.Tag, b.Tag) && same(a.Message, b.Message) &&
		same(a.Package, b.Package) && same(a.Stream, b.Stream) && a.Partial == b.Partial
}

// checkRef checks that Parse and IsLongHeader give what the reference
// parser gives (refparse_test.go).
func checkRef(t *testing.T, line []byte) {
	t.Helper()
	l, ok := Parse(line)
	rl, rok := refParse(line)
	if ok != rok || !identical(l, rl) {
		t.Fatalf("Parse(%q) = %s, the reference %s", line, renderLogcat(l, ok), renderLogcat(rl, rok))
	}
	if IsLongHeader(line) != refIsLongHeader(line) {
		t.Fatalf("IsLongHeader(%q) = %v, the reference %v", line, !refIsLongHeader(line), refIsLongHeader(line))
	}
}

// TestParseRef compares Parse with the reference on the cases, the
// fixtures, and variants of them: every prefix, and each byte replaced by
// bytes that matter to the grammar.
func TestParseRef(t *testing.T) {
	var lines [][]byte
	for _, tc := range cases {
		lines = append(lines, []byte(tc.line))
	}
	for _, ls := range fixtures(t) {
		lines = append(lines, ls...)
	}
	for _, line := range lines {
		checkRef(t, line)
		for n := range len(line) {
			checkRef(t, line[:n])
		}
		for i := range min(len(line), 80) {
			for _, c := range []byte{' ', ':', '-', '/', '(', ')', '[', ']', '0', '9', 'a', 'E', '.', '\r', 0x01, 0xff} {
				v := bytes.Clone(line)
				v[i] = c
				checkRef(t, v)
			}
		}
	}
}

// FuzzParseRef: Parse gives exactly the fields the reference parser gives,
// the parser before issue 15's faster one.
func FuzzParseRef(f *testing.F) {
	for _, tc := range cases {
		f.Add([]byte(tc.line))
	}
	for _, lines := range fixtures(f) {
		for _, line := range lines {
			f.Add(line)
		}
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkRef(t, line) })
}

// clockRef is clock read byte by byte.
func clockRef(b []byte) bool {
	for k, c := range b {
		switch k {
		case 2:
			if c != '-' {
				return false
			}
		case 5:
			if c != ' ' {
				return false
			}
		case 8, 11:
			if c != ':' {
				return false
			}
		default:
			if !isDigit(c) {
				return false
			}
		}
	}
	v := func(k int) int { return int(b[k]-'0')*10 + int(b[k+1]-'0') }
	return v(0) >= 1 && v(0) <= 12 && v(3) >= 1 && v(3) <= 31 && v(6) <= 23 && v(9) <= 59 && v(12) <= 60
}

// TestClock: clock agrees with clockRef on valid timestamps with every
// byte replaced by every value, and on every value of each field.
func TestClock(t *testing.T) {
	check := func(b []byte) {
		t.Helper()
		if got, want := clock(b), clockRef(b); got != want {
			t.Fatalf("clock(%q) = %v, want %v", b, got, want)
		}
	}
	valid := 0
	for _, base := range []string{"11-25 18:35:01", "01-01 00:00:00", "12-31 23:59:60", "09-09 09:09:09"} {
		b := []byte(base)
		if !clock(b) {
			t.Fatalf("clock(%q) = false", b)
		}
		for k := range b {
			orig := b[k]
			for c := 0; c < 256; c++ {
				b[k] = byte(c)
				check(b)
			}
			b[k] = orig
		}
		for k := 0; k < len(b); k += 3 {
			o0, o1 := b[k], b[k+1]
			for v := 0; v < 100; v++ {
				b[k], b[k+1] = byte('0'+v/10), byte('0'+v%10)
				check(b)
				if clockRef(b) {
					valid++
				}
			}
			b[k], b[k+1] = o0, o1
		}
	}
	if valid == 0 {
		t.Fatal("no valid timestamp among the checked ones")
	}
}

func FuzzClock(f *testing.F) {
	f.Add([]byte("11-25 18:35:01"))
	f.Add([]byte("13-25 18:35:01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) != 14 {
			return
		}
		if got, want := clock(b), clockRef(b); got != want {
			t.Fatalf("clock(%q) = %v, want %v", b, got, want)
		}
	})
}

// TestColonSpace: colonSpace finds what bytes.Index finds, from every
// start, with ": " at every place of lines of every length up to 48 and
// the bytes next to ':' and ' ' that could confuse a word-wise compare.
func TestColonSpace(t *testing.T) {
	for n := 0; n <= 48; n++ {
		for p := -1; p < n; p++ {
			for _, fill := range []byte{'a', ':', ' ', 0x3a ^ 0x80, 0x20 ^ 0x80, 0xba, 0x1a, 0x3b, 0x21} {
				b := bytes.Repeat([]byte{fill}, n)
				if p >= 0 {
					b[p] = ':'
					if p+1 < n {
						b[p+1] = ' '
					}
				}
				for i := 0; i <= n; i++ {
					want := bytes.Index(b[i:], []byte(": "))
					if want >= 0 {
						want += i
					}
					if got := colonSpace(b, i); got != want {
						t.Fatalf("colonSpace(%q, %d) = %d, want %d", b, i, got, want)
					}
				}
			}
		}
	}
}
