package logtime

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ref is 2025-11-25 10:35:01.5 on the writer's wall clock.
var ref = NewRef(time.Date(2025, 11, 25, 10, 35, 1, 5e8, time.FixedZone("CST", 8*3600)))

func utc(y int, mo time.Month, d, h, mi, s, ns int) int64 {
	return time.Date(y, mo, d, h, mi, s, ns, time.UTC).UnixNano()
}

var parseCases = []struct {
	line string
	want int64 // 0: not a timestamp
}{
	// logcat, every -v format that has a time
	{"11-25 18:35:01.123  4321  4390 E JIM     : login failed 871300", utc(2025, 11, 25, 18, 35, 1, 123e6)}, // after ref, within a day: this year
	{"11-25 09:35:01.123  4321  4390 E JIM     : x", utc(2025, 11, 25, 9, 35, 1, 123e6)},
	{"11-26 10:35:01.000 E/JIM( 4321): x", utc(2025, 11, 26, 10, 35, 1, 0)},     // exactly ref + 1 day: this year
	{"11-26 10:35:01.501 E/JIM( 4321): x", utc(2024, 11, 26, 10, 35, 1, 501e6)}, // just past
	{"01-02 03:04:05.678 E/JIM( 4321): x", utc(2025, 1, 2, 3, 4, 5, 678e6)},
	{"12-31 23:59:59.999 E/JIM( 4321): x", utc(2024, 12, 31, 23, 59, 59, 999e6)},
	{"11-25 09:35:01.123456  4321  4390 E JIM: usec", utc(2025, 11, 25, 9, 35, 1, 123456e3)},
	{"11-25 09:35:01.123456789  4321  4390 E JIM: nsec", utc(2025, 11, 25, 9, 35, 1, 123456789)},
	{"11-25 09:35:01.123 +0800  4321  4390 E JIM: zone", utc(2025, 11, 25, 1, 35, 1, 123e6)},
	{"11-25 09:35:01.123-0130  4321  4390 E JIM: zone", utc(2025, 11, 25, 11, 5, 1, 123e6)},
	{"2025-11-25 18:35:01.123  4321  4390 E JIM: year", utc(2025, 11, 25, 18, 35, 1, 123e6)},
	{"2025-11-25 18:35:01.123 +0800  4321  4390 E JIM: year,zone", utc(2025, 11, 25, 10, 35, 1, 123e6)},
	{"1764095701.123  4321  4390 E JIM: epoch", 1764095701123e6},
	{"      1764095701.123456  4321  4390 E JIM: padded epoch", 1764095701123456e3},
	{"  12345.678  4321  4390 E JIM: monotonic", 0},
	{"[ 11-25 09:35:01.123  4321: 4390 E/JIM      ]", utc(2025, 11, 25, 9, 35, 1, 123e6)},
	{"[ 1764095701.123  4321: 4390 E/JIM ]", 1764095701123e6},
	{"02-29 10:00:00.000 E/JIM( 1): leap day: 2024", utc(2024, 2, 29, 10, 0, 0, 0)},
	{"11-25 09:35:60.000 E/JIM( 1): leap second", utc(2025, 11, 25, 9, 35, 59, 0)},
	// ISO 8601, RFC 3339 and their relatives
	{"2026-12-02T10:00:00Z stderr F message", utc(2026, 12, 2, 10, 0, 0, 0)},
	{"2026-12-02T10:00:00.123456789Z stderr F cri", utc(2026, 12, 2, 10, 0, 0, 123456789)},
	{"2026-12-02T10:00:00+08:00 x", utc(2026, 12, 2, 2, 0, 0, 0)},
	{"2026-12-02T10:00:00-0330 x", utc(2026, 12, 2, 13, 30, 0, 0)},
	{"2026-12-02T10:00:00+08 x", utc(2026, 12, 2, 2, 0, 0, 0)},
	{"2026-12-02t10:00:00z", utc(2026, 12, 2, 10, 0, 0, 0)},
	{"2026-12-02 10:00:00,123 INFO [main] logback", utc(2026, 12, 2, 10, 0, 0, 123e6)},
	{"2026-12-02 10:00:00.123  INFO 1234 --- [main] spring", utc(2026, 12, 2, 10, 0, 0, 123e6)},
	{"2026-12-02T10:00:00.123+08:00  INFO 1234 --- [main] spring 3", utc(2026, 12, 2, 2, 0, 0, 123e6)},
	{"2024-05-01 12:00:00.123 1234-1234/com.example.chat E/JIM: android studio", utc(2024, 5, 1, 12, 0, 0, 123e6)},
	{"[2026-12-02 10:00:00] bracketed", utc(2026, 12, 2, 10, 0, 0, 0)},
	{"2026-12-02 10:00:00", utc(2026, 12, 2, 10, 0, 0, 0)},
	{"2026-12-02 10:00:00\r\n", utc(2026, 12, 2, 10, 0, 0, 0)},
	{"2026-12-02T10:00:00.Z", utc(2026, 12, 2, 10, 0, 0, 0)}, // no fraction digits: the '.' ends it
	{"2026-12-02T10:00:00+080 x", utc(2026, 12, 2, 10, 0, 0, 0)},
	// syslog
	{"Dec  2 10:00:00 host app[123]: msg", utc(2024, 12, 2, 10, 0, 0, 0)},
	{"Nov 25 09:00:00 host app[123]: msg", utc(2025, 11, 25, 9, 0, 0, 0)},
	{"Nov 5 09:00:00 host app: msg", utc(2025, 11, 5, 9, 0, 0, 0)},
	{"<34>Oct 11 22:14:15 mymachine su: 'su root' failed", utc(2025, 10, 11, 22, 14, 15, 0)},
	{"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47", utc(2003, 10, 11, 22, 14, 15, 3e6)},
	{"<13>2026-12-02T10:00:00+01:00 host x", utc(2026, 12, 2, 9, 0, 0, 0)},
	// Go's log package, nginx
	{"2026/12/02 10:00:00 listening on :8080", utc(2026, 12, 2, 10, 0, 0, 0)},
	{"2026/12/02 10:00:00.123456 main.go:12: x", utc(2026, 12, 2, 10, 0, 0, 123456e3)},
	{"2026/12/02 10:00:00 [error] 1234#0: *5 connect() failed", utc(2026, 12, 2, 10, 0, 0, 0)},
	{`127.0.0.1 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612`, utc(2026, 12, 2, 10, 0, 0, 0)},
	{`10.0.0.7 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`, utc(2000, 10, 10, 20, 55, 36, 0)},
	{`[02/Dec/2026:10:00:00 +0000]`, utc(2026, 12, 2, 10, 0, 0, 0)},
	// logback's default pattern: the date from ref
	{"10:00:00.123 [main] INFO  c.e.Chat - 871300", utc(2025, 11, 25, 10, 0, 0, 123e6)},
	{"10:36:00.000 [main] INFO  c.e.Chat - a minute after ref: the day before", utc(2025, 11, 25, 10, 36, 0, 0)},
	{"10:36:02.000 [main] INFO  c.e.Chat - more than a minute after ref: the day before", utc(2025, 11, 24, 10, 36, 2, 0)},
	// not timestamps
	{"", 0},
	{"871300 sendMessage failed", 0},
	{"E/JIM     ( 4321): login failed", 0},
	{"13-25 18:35:01.123 E/JIM( 1): month 13", 0},
	{"02-30 18:35:01.123 E/JIM( 1): Feb 30", 0},
	{"11-25 24:00:00.000 E/JIM( 1): hour 24", 0},
	{"11-25 18:60:00.000 E/JIM( 1): minute 60", 0},
	{"11-25 18:35:61.000 E/JIM( 1): second 61", 0},
	{"2026-12-02T10:00:00.1234567890Z ten fraction digits", 0},
	{"2026-12-02T10:00:001", 0},
	{"2026-12-02T10:00:00+25:00 zone out of range", 0},
	{"11-25 18:35:01.123 +0860 zone out of range", 0},
	{"2026-12-02 date only", 0},
	{"1899-12-31 10:00:00 too early", 0},
	{"2201-01-01 10:00:00 too late", 0},
	{"10:00:00 no fraction", 0},
	{"Foo  2 10:00:00 host", 0},
	{"Dec 32 10:00:00 host", 0},
	{"Dec  2 10:00 host", 0},
	{"127.0.0.1 - - [02/Dex/2026:10:00:00 +0000]", 0},
	{"127.0.0.1 - - [02/Dec/2026:10:00:00]", 0},
	{"1764095701.12 two fraction digits", 0},
	{"1764095701.123x", 0},
	{"9999999999.123 too far", 0},
	{"<999999>Dec  2 10:00:00 pri too long", 0},
	{strings.Repeat("x", 130) + " [02/Dec/2026:10:00:00 +0000]", 0},
	// found by FuzzParse
	{"2000-01-01 00:00:00Z0", utc(2000, 1, 1, 0, 0, 0, 0)}, // a Z that runs into a digit is no zone
	{"[100Oct/2000:00:00:00 +0000]", 0},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got, ok := Parse([]byte(c.line), ref)
		if ok != (c.want != 0) || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.line, fmtNS(got, ok), ok, fmtNS(c.want, c.want != 0))
		}
		rg, rok := reference(c.line, refTime)
		if rok != ok || rg != got {
			t.Errorf("reference(%q) = %v, %v; Parse gives %v", c.line, fmtNS(rg, rok), rok, fmtNS(got, ok))
		}
	}
}

func TestZeroRef(t *testing.T) {
	for _, l := range []string{"11-25 18:35:01.123 E/JIM( 1): x", "Dec  2 10:00:00 host", "10:00:00.123 [main]"} {
		if ns, ok := Parse([]byte(l), Ref{}); ok {
			t.Errorf("Parse(%q, Ref{}) = %v; want no time", l, fmtNS(ns, ok))
		}
	}
	if _, ok := Parse([]byte("2026-12-02T10:00:00Z"), Ref{}); !ok {
		t.Error("a timestamp with its year needs no Ref")
	}
}

func fmtNS(ns int64, ok bool) string {
	if !ok {
		return "none"
	}
	return time.Unix(0, ns).UTC().Format(time.RFC3339Nano)
}

func TestAllocs(t *testing.T) {
	lines := make([][]byte, len(parseCases))
	for i, c := range parseCases {
		lines[i] = []byte(c.line)
	}
	n := testing.AllocsPerRun(100, func() {
		for _, l := range lines {
			Parse(l, ref)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}

func BenchmarkParse(b *testing.B) {
	for _, l := range []string{
		"11-25 18:35:01.123  4321  4390 E JIM     : login failed 871300",
		"2026-12-02T10:00:00.123456789Z stderr F message",
		`127.0.0.1 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 612`,
		`{"level":"error","code":871300}`,
	} {
		line := []byte(l)
		b.Run(l[:10], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Parse(line, ref)
			}
		})
	}
}

// The reference: each shape as a regular expression and time.Date, tried
// in Parse's order. It is slow and obviously right, or at least right in
// a different way.

var refTime = time.Date(2025, 11, 25, 10, 35, 1, 5e8, time.FixedZone("CST", 8*3600))

const (
	frac     = `(?:[.,](\d+))?`
	end      = `(?:[^0-9]|$)`
	mon      = `(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)`
	isoZ     = `(Z|z|[+-]\d\d:\d\d|[+-]\d{4}|[+-]\d\d| [+-]\d\d:\d\d| [+-]\d{4})?`
	brack    = `(?:\[ {0,19})?`
	reClock  = `(\d\d):(\d\d):(\d\d)`
	monNames = "JanFebMarAprMayJunJulAugSepOctNovDec"
)

var shapes = []struct {
	re    *regexp.Regexp
	build func(m []string, ref time.Time) (time.Time, bool)
}{
	{regexp.MustCompile(`^(?:\[ {0,19}|<\d{1,4}>(?:1 )?)?(\d{4})-(\d\d)-(\d\d)[Tt ]` + reClock + frac + isoZ + end), func(m []string, _ time.Time) (time.Time, bool) {
		return date(atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4:8], m[8])
	}},
	{regexp.MustCompile(`^` + brack + `(\d\d)-(\d\d) ` + reClock + frac + `( ?[+-]\d{4})?` + end), func(m []string, ref time.Time) (time.Time, bool) {
		return yearlessRef(ref, atoi(m[1]), atoi(m[2]), m[3:7], m[7])
	}},
	{regexp.MustCompile(`^(?:\[ {0,19}| {1,19})?(\d{1,19})\.(\d{3}|\d{6}|\d{9})(?:[ \r\n]|$)`), func(m []string, _ time.Time) (time.Time, bool) {
		s, _ := strconv.ParseInt(m[1], 10, 64)
		if s < 1e9 || s > 9e9 {
			return time.Time{}, false
		}
		f, _ := strconv.ParseInt((m[2] + "00000000")[:9], 10, 64)
		return time.Unix(s, f), true
	}},
	{regexp.MustCompile(`^` + brack + `(\d{4})/(\d\d)/(\d\d) ` + reClock + frac + end), func(m []string, _ time.Time) (time.Time, bool) {
		return date(atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4:8], "")
	}},
	{regexp.MustCompile(`^` + brack + reClock + `[.,](\d+)` + end), func(m []string, ref time.Time) (time.Time, bool) {
		w := wall(ref)
		t, ok := date(w.Year(), int(w.Month()), w.Day(), m[1:5], "")
		if ok && t.After(w.Add(time.Minute)) {
			t = t.Add(-24 * time.Hour)
		}
		return t, ok
	}},
	{regexp.MustCompile(`^(?:<\d{1,4}>)?` + mon + ` {1,2}(\d{1,2}) ` + reClock + frac + end), func(m []string, ref time.Time) (time.Time, bool) {
		return yearlessRef(ref, strings.Index(monNames, m[1])/3+1, atoi(m[2]), m[3:7], "")
	}},
}

// clfShape is the Common Log Format's timestamp, looked for at every '['
// among the first 128 bytes.
var clfShape = regexp.MustCompile(`^\[(\d\d)/` + mon + `/(\d{4}):` + reClock + frac + ` ([+-]\d{4})\]`)

func reference(line string, ref time.Time) (int64, bool) {
	for _, s := range shapes {
		m := s.re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if t, ok := s.build(m, ref); ok {
			return t.UnixNano(), true
		}
	}
	for i := 0; i < min(len(line), 128); i++ {
		if line[i] != '[' {
			continue
		}
		if m := clfShape.FindStringSubmatch(line[i:]); m != nil {
			if t, ok := date(atoi(m[3]), strings.Index(monNames, m[2])/3+1, atoi(m[1]), m[4:8], m[8]); ok {
				return t.UnixNano(), true
			}
		}
	}
	return 0, false
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// wall is ref's wall clock as UTC.
func wall(ref time.Time) time.Time {
	return time.Date(ref.Year(), ref.Month(), ref.Day(), ref.Hour(), ref.Minute(), ref.Second(), ref.Nanosecond(), time.UTC)
}

// date makes a time from its fields: clock is hour, minute, second and
// fraction digits; zone as written, "" for UTC.
func date(y, mo, d int, clock []string, zone string) (time.Time, bool) {
	h, mi, s := atoi(clock[0]), atoi(clock[1]), atoi(clock[2])
	if len(clock[3]) > 9 || h > 23 || mi > 59 || s > 60 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	ns := atoi((clock[3] + "000000000")[:9])
	t := time.Date(y, time.Month(mo), d, h, mi, min(s, 59), ns, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, false
	}
	z := strings.TrimPrefix(zone, " ")
	if z == "" || z == "Z" || z == "z" {
		return t, true
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	zh, zm := atoi(digits[:2]), 0
	if len(digits) == 4 {
		zm = atoi(digits[2:])
	}
	if zh > 23 || zm > 59 {
		return time.Time{}, false
	}
	off := time.Duration(zh)*time.Hour + time.Duration(zm)*time.Minute
	if z[0] == '+' {
		off = -off
	}
	return t.Add(off), true
}

func yearlessRef(ref time.Time, mo, d int, clock []string, zone string) (time.Time, bool) {
	w := wall(ref)
	for y := w.Year(); y >= w.Year()-1; y-- {
		t, ok := date(y, mo, d, clock, zone)
		if !ok {
			if len(clock[3]) > 9 || zone != "" && !validZone(zone) {
				return time.Time{}, false
			}
			continue
		}
		if y < w.Year() || !t.After(w.Add(24*time.Hour)) {
			return t, true
		}
	}
	return time.Time{}, false
}

func validZone(z string) bool {
	_, ok := date(2000, 1, 1, []string{"0", "0", "0", ""}, z)
	return ok
}

// FuzzParse: Parse agrees with the reference on any line, and never
// allocates or panics.
func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		got, ok := Parse([]byte(line), ref)
		want, wok := reference(line, refTime)
		if ok != wok || got != want {
			t.Fatalf("Parse(%q) = %s; reference %s", line, fmtNS(got, ok), fmtNS(want, wok))
		}
	})
}

func ExampleParse() {
	ref := NewRef(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)) // the file's modification time
	for _, l := range []string{
		"11-25 18:35:01.123  4321  4390 E JIM     : login failed 871300",
		"2026-12-02T10:00:00.5+08:00 server: 871300",
		"no time here 871300",
	} {
		ns, ok := Parse([]byte(l), ref)
		fmt.Println(fmtNS(ns, ok))
	}
	// Output:
	// 2025-11-25T18:35:01.123Z
	// 2026-12-02T02:00:00.5Z
	// none
}
