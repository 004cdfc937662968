package logtime

import (
	"strings"
	"testing"
	"time"
)

// memoCases are runs of lines read one after the other with one Memo, each
// against ref unless the run says otherwise: lines that share their head
// (up to the seconds) and differ after it, where the rest decides, and
// lines that do not.
var memoCases = []struct {
	name  string
	lines []string
}{
	{"milliseconds", []string{
		"11-25 18:35:01.127  8712  8724 W JMessage: request error (871305)",
		"11-25 18:35:01.127 30111 30111 W JPush   : register failed 871307",
		"11-25 18:35:01.141  8712  8745 E JIM     : upload file failed code=871105",
		"11-25 18:35:01.9  8712  8745 E JIM     : one digit",
		"11-25 18:35:01.123456789  8712  8745 E JIM     : nine digits",
		"11-25 18:35:01.1234567890  8712  8745 E JIM     : ten digits: none",
		"11-25 18:35:01  8712  8745 E JIM     : no fraction",
		"11-25 18:35:01,5 comma",
		"11-25 18:35:02.000  8712  8745 E JIM     : the next second",
		"11-25 18:35:01.000  8712  8745 E JIM     : back again",
	}},
	{"zones after the same head", []string{
		"11-25 09:35:01.123 +0800  4321  4390 E JIM: zone",
		"11-25 09:35:01.123-0130  4321  4390 E JIM: zone",
		"11-25 09:35:01.123 +0860  4321  4390 E JIM: zone out of range",
		"11-25 09:35:01.123  4321  4390 E JIM: no zone",
		"11-25 09:35:01.1234 x",
		"11-25 09:35:01.123+08:00 an ISO zone is none in logcat",
		"2026-12-02T10:00:00Z x",
		"2026-12-02T10:00:00+08:00 x",
		"2026-12-02T10:00:00.5-0330 x",
		"2026-12-02T10:00:00+08 x",
		"2026-12-02T10:00:00+25:00 zone out of range",
		"2026-12-02T10:00:00Z0",
		"2026-12-02T10:00:001",
		"2026-12-02T10:00:00",
		"2026-12-02T10:00:00.Z",
	}},
	{"a year back within one second", []string{
		// ref + 1 day is 11-26 10:35:01.5: before it this year, after it the year before
		"11-26 10:35:01.400 E/JIM( 4321): this year",
		"11-26 10:35:01.500 E/JIM( 4321): exactly a day after ref: this year",
		"11-26 10:35:01.501 E/JIM( 4321): just past: the year before",
		"11-26 10:35:01.400 E/JIM( 4321): this year again",
		"11-26 10:35:01.400 -0100 E/JIM( 4321): a zone puts it past",
		"11-26 10:35:01.400 +0100 E/JIM( 4321): and before",
		"Nov 26 10:35:01 host app: syslog, this year",
		"Nov 26 10:35:01.6 host app: syslog, the year before",
		"11-27 10:00:00.123 E/JIM( 4321): two days after ref: the year before",
		"11-27 10:00:00.456 E/JIM( 4321): x",
		"11-26 10:35:00.999 E/JIM( 4321): the second before ref + 1 day: this year",
		"11-26 10:35:00.123 E/JIM( 4321): x",
		"11-26 10:35:02.000 E/JIM( 4321): the second after: the year before",
		"11-26 10:35:02.999 E/JIM( 4321): x",
		"Nov 27 10:00:00.123 host app: syslog, the year before",
		"Nov 27 10:00:00.456 host app: x",
	}},
	{"a line a second", []string{
		"11-25 18:35:58.127  8712  8724 W JMessage: a",
		"11-25 18:35:59.127  8712  8724 W JMessage: b",
		"11-25 18:35:60.127  8712  8724 W JMessage: a leap second reads as 59",
		"11-25 18:35:59.500  8712  8724 W JMessage: c",
		"11-25 18:35:61.127  8712  8724 W JMessage: second 61: none",
		"11-25 18:35:5x.127  8712  8724 W JMessage: none",
		"11-25 18:35:07.127  8712  8724 W JMessage: d",
		"11-25 18:36:00.127  8712  8724 W JMessage: the next minute",
		"11-26 10:35:00.999 E/JIM( 4321): the second before ref + 1 day: this year",
		"11-26 10:35:01.400 E/JIM( 4321): ref + 1 day within this second",
		"11-26 10:35:02.000 E/JIM( 4321): the year before",
		"11-26 10:35:00.000 E/JIM( 4321): this year again",
		"2026-12-02T10:00:00.123Z x",
		"2026-12-02T10:00:01.123Z x",
		"2026-12-02T10:00:02 x",
		"2026/12/02 10:00:03 x",
		"2026/12/02 10:00:04.5 x",
		"Dec  2 10:00:05 host app: x",
		"Dec  2 10:00:06.250 host app: x",
		"10:00:07.123 [main] logback",
		"10:00:08,123 [main] logback",
		"10:36:00.900 [main] a minute after ref: today",
		"10:36:02.100 [main] past it: the day before",
		"1764095701.123 epoch",
		"1764095702.123 epoch",
	}},
	{"three digits and a space, and what may follow", []string{
		"2026-12-02 10:00:00,123 INFO [main] logback",
		"2026-12-02 10:00:00,456 INFO [main] logback",
		"2026-12-02 10:00:00.456 +08:00 a zone after the space",
		"2026-12-02 10:00:00.456 -0330 x",
		"2026-12-02 10:00:00.456 -x not a zone",
		"2026-12-02 10:00:00.456\tx a tab",
		"2026-12-02 10:00:00.456 ",
		"2026-12-02 10:00:00.456",
		"2026/12/02 10:00:00.123 main.go:12: x",
		"2026/12/02 10:00:00.124 +0800 no zone in this shape",
		"11-25 18:35:01.127 +0800 x",
		"11-25 18:35:01.127 -",
		"11-25 18:35:01.127 +",
		"11-25 18:35:01.12a x",
		"11-25 18:35:01.1234 x",
	}},
	{"year rollover", []string{
		"12-31 23:59:59.998 E/JIM( 1): the year before ref's",
		"12-31 23:59:59.999 E/JIM( 1): x",
		"01-01 00:00:00.000 E/JIM( 1): ref's year",
		"01-01 00:00:00.001 E/JIM( 1): x",
		"2025-12-31 23:59:59.999 year",
		"2026-01-01 00:00:00.000 year",
		"2026-01-01 00:00:00.001 year",
		"02-29 10:00:00.000 E/JIM( 1): a leap day: only the year before has it",
		"02-29 10:00:00.500 E/JIM( 1): x",
		"02-28 10:00:00.500 E/JIM( 1): x",
	}},
	{"lines without a time between", []string{
		"11-25 18:35:01.127  8712  8724 W JMessage: a",
		"\tat cn.jpush.im.android.api.JMessageClient.login(JMessageClient.java:871)",
		"",
		"11-25 18:35:01.130  8712  8724 W JMessage: b",
		"11-25 18:35:01",
		"11-25 18:35:0",
		"11-25 18:35:01.131  8712  8724 W JMessage: c",
		"11-25 18:35:61.131 second 61",
		"11-25 18:35:01.132  8712  8724 W JMessage: d",
	}},
	{"mixed formats", []string{
		"11-25 18:35:01.123  4321  4390 E JIM     : threadtime",
		"[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]",
		"[ 11-25 18:35:01.456  4321: 4390 E/JIM      ]",
		"2025-11-25 18:35:01.123  4321  4390 E JIM: year",
		"2025-11-25T18:35:01.123Z",
		"2025/11/25 18:35:01.123 main.go:12: x",
		"2025/11/25 18:35:01 [error] 1234#0: x",
		"2025/11/25 18:35:011 runs into a digit",
		"1764095701.123  4321  4390 E JIM: epoch",
		"1764095701.456  4321  4390 E JIM: epoch",
		"1764095701.12 two digits: none",
		"1764095701.123456 micro",
		"1764095701.123x",
		"      1764095701.123456  4321  4390 E JIM: padded epoch",
		"      1764095701.789  4321  4390 E JIM: padded epoch",
		"[ 1764095701.123  4321: 4390 E/JIM ]",
		"<34>Oct 11 22:14:15 mymachine su: x",
		"<34>Oct 11 22:14:15.5 mymachine su: x",
		"<165>1 2003-10-11T22:14:15.003Z host",
		"<165>1 2003-10-11T22:14:15.004Z host",
		"Dec  2 10:00:00 host app[123]: msg",
		"Dec  2 10:00:00.250 host app[123]: msg",
		"10:00:00.123 [main] INFO logback",
		"10:00:00,456 [main] INFO logback",
		"10:00:00 [main] no fraction: none",
		"10:36:01.400 [main] a minute after ref: today",
		"10:36:01.600 [main] past it: the day before",
		`127.0.0.1 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612`,
		"2026-12-02T10:00:00.1234567890Z [02/Dec/2026:10:00:00 +0000] a head, no rest: the CLF time",
		"2026-12-02T10:00:00.1234567890Z [02/Dec/2026:10:00:01 +0000] again",
		"[" + strings.Repeat(" ", 19) + "2025-11-25 18:35:01.123 the longest bracketed head",
		"[" + strings.Repeat(" ", 19) + "2025-11-25 18:35:01.456",
		"[" + strings.Repeat(" ", 20) + "2025-11-25 18:35:01.456 too many spaces",
		strings.Repeat(" ", 19) + "1764095701123456789.123 nineteen digits",
		strings.Repeat(" ", 19) + "1764095701123456789.124",
	}},
}

// TestMemo: a Memo gives Parse's result for every line of each run, read
// in order, and for each run read twice (the second time every head is
// kept from the line before, or from the first time round).
func TestMemo(t *testing.T) {
	for _, c := range memoCases {
		t.Run(c.name, func(t *testing.T) {
			var m Memo
			for round := range 2 {
				for _, l := range c.lines {
					want, wok := Parse([]byte(l), ref)
					got, ok := m.Parse([]byte(l), ref)
					if ok != wok || got != want {
						t.Errorf("round %d: Memo.Parse(%q) = %s; Parse gives %s", round, l, fmtNS(got, ok), fmtNS(want, wok))
					}
				}
			}
		})
	}
}

// TestMemoRef: a head kept is read again against a new Ref: the same
// year-less line gets another year, and a zero Ref reads none.
func TestMemoRef(t *testing.T) {
	var m Memo
	line := []byte("11-26 10:35:01.400 E/JIM( 4321): x")
	later := NewRef(refTime.Add(-48 * time.Hour))
	for i, r := range []Ref{ref, later, ref, {}, later} {
		want, wok := Parse(line, r)
		got, ok := m.Parse(line, r)
		if ok != wok || got != want {
			t.Errorf("call %d: Memo.Parse = %s; Parse gives %s", i, fmtNS(got, ok), fmtNS(want, wok))
		}
	}
	if a, _ := Parse(line, ref); a == mustParse(t, line, later) {
		t.Fatal("the test needs a line whose year depends on the Ref")
	}
}

func mustParse(t *testing.T, line []byte, r Ref) int64 {
	ns, ok := Parse(line, r)
	if !ok {
		t.Fatalf("Parse(%q) read no time", line)
	}
	return ns
}

// TestMemoParseCases: every line of parseCases after every other, so that
// each is read with each head kept.
func TestMemoParseCases(t *testing.T) {
	for _, a := range parseCases {
		for _, b := range parseCases {
			var m Memo
			m.Parse([]byte(a.line), ref)
			got, ok := m.Parse([]byte(b.line), ref)
			if ok != (b.want != 0) || got != b.want {
				t.Errorf("after %q: Memo.Parse(%q) = %s; want %s", a.line, b.line, fmtNS(got, ok), fmtNS(b.want, b.want != 0))
			}
		}
	}
}

func TestMemoAllocs(t *testing.T) {
	var lines [][]byte
	for _, c := range memoCases {
		for _, l := range c.lines {
			lines = append(lines, []byte(l))
		}
	}
	var m Memo
	n := testing.AllocsPerRun(100, func() {
		for _, l := range lines {
			m.Parse(l, ref)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}

// FuzzMemo: a Memo that read line a reads line b as Parse does.
func FuzzMemo(f *testing.F) {
	for _, c := range memoCases {
		for i := 1; i < len(c.lines); i++ {
			f.Add(c.lines[i-1], c.lines[i])
		}
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var m Memo
		m.Parse([]byte(a), ref)
		got, ok := m.Parse([]byte(b), ref)
		want, wok := Parse([]byte(b), ref)
		if ok != wok || got != want {
			t.Fatalf("after %q: Memo.Parse(%q) = %s; Parse gives %s", a, b, fmtNS(got, ok), fmtNS(want, wok))
		}
	})
}

func BenchmarkMemo(b *testing.B) {
	lines := [][]byte{
		[]byte("11-25 18:35:01.127  8712  8724 W JMessage: request error (871305) uid=7871506"),
		[]byte("11-25 18:35:01.127 30111 30111 W JPush   : register failed 871307, fallback failed 871505"),
		[]byte("11-25 18:35:01.141  8712  8745 E JIM     : upload file failed code=871105, retry #61"),
		[]byte("11-25 18:35:02.145  4321  4321 W System.err: cn.jpush.im.android.api.exceptions.JMessageException: 871505"),
	}
	var m Memo
	b.ReportAllocs()
	for b.Loop() {
		for _, l := range lines {
			m.Parse(l, ref)
		}
	}
}
