package parse

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

// reference is a deliberately naive finder used as the oracle: it walks every
// maximal digit run and applies the rule from the Scanner's doc comment.
func reference(hay []byte, extra map[uint32]bool) []Hit {
	var out []Hit
	for i := 0; i < len(hay); {
		if hay[i] < '0' || hay[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(hay) && hay[j] >= '0' && hay[j] <= '9' {
			j++
		}
		before := i == 0 || !isWordRef(hay[i-1]) || csiEndsAt(hay, i)
		after := j == len(hay) || !isWordRef(hay[j])
		if before && after && j-i <= 9 && (hay[i] != '0' || j-i == 1) {
			v64, _ := strconv.ParseUint(string(hay[i:j]), 10, 32)
			v := uint32(v64)
			if (j-i == 6 && v >= 871000 && v <= 871999) || (v != 0 && extra[v]) {
				out = append(out, Hit{i, j, v})
			}
		}
		i = j
	}
	return out
}

// csiEndsAt reports whether hay[:i] ends with a complete control sequence
// (ESC '[', parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, a
// final byte 0x40-0x7E) of at most maxCSI bytes: it tries every start.
func csiEndsAt(hay []byte, i int) bool {
	for k := max(0, i-maxCSI); k+3 <= i; k++ {
		if hay[k] != 0x1b || hay[k+1] != '[' {
			continue
		}
		m := k + 2
		for m < i-1 && hay[m] >= 0x30 && hay[m] <= 0x3f {
			m++
		}
		for m < i-1 && hay[m] >= 0x20 && hay[m] <= 0x2f {
			m++
		}
		if m == i-1 && hay[m] >= 0x40 && hay[m] <= 0x7e {
			return true
		}
	}
	return false
}

func isWordRef(c byte) bool {
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

var extraCodes = []uint32{7130001, 899070, 12, 5, 0, 871300, 1234567890}

type finderCase struct {
	name string
	in   string
	want []uint32 // codes, in order
	// extraOnly marks cases whose want holds codes only the Scanner with
	// extraCodes reports; the fast Scanner wants only the 871xxx ones.
	extraOnly bool
}

var finderCases = []finderCase{
	{"alone", "871300", []uint32{871300}, false},
	{"start of line", "871300 login failed", []uint32{871300}, false},
	{"end of line", "login failed 871300", []uint32{871300}, false},
	{"8 digits", "18713001", nil, false},
	{"13 digits", "1687130012345", nil, false},
	{"7 digits after", "8713000", nil, false},
	{"7 digits before", "9871300", nil, false},
	{"5 digits", "87130", nil, false},
	{"prefix only", "871 300", nil, false},
	{"hex word", "f871300a", nil, false},
	{"hex prefix", "0x871300", nil, false},
	{"uppercase hex", "0X871300", nil, false},
	{"letter after", "871300B", nil, false},
	{"letter before", "E871300", nil, false},
	{"underscores", "_871300_", nil, false},
	{"underscore before", "code_871300", nil, false},
	{"uuid", "req c0a8e2f1-871c-4d2e-9f00-871300aa55cc done", nil, false},
	{"uuid digits group", "id=871300ab-1234-5678-9abc-def012345678", nil, false},
	{"CJK neighbours", "会报871504错误", []uint32{871504}, false},
	{"fullwidth colon", "错误码：871300。", []uint32{871300}, false},
	{"several", "871300 and 871104,871201;871999", []uint32{871300, 871104, 871201, 871999}, false},
	{"repeats", "871300 871300 871300", []uint32{871300, 871300, 871300}, false},
	{"adjacent by dash", "871300-871301", []uint32{871300, 871301}, false},
	{"CRLF", "code 871300\r", []uint32{871300}, false},
	{"CR before", "\r871300\r", []uint32{871300}, false},
	{"multi-line block", "a\n871300\nb 871104\n", []uint32{871300, 871104}, false},
	{"invalid UTF-8", "\xff871300\xfe", []uint32{871300}, false},
	{"NUL", "\x00871300\x00", []uint32{871300}, false},
	{"tab and quotes", "\t\"871310\"\t", []uint32{871310}, false},
	{"json", `{"code":871300,"uid":18713001}`, []uint32{871300}, false},
	{"decimal point", "871300.5", []uint32{871300, 5}, true},
	{"negative", "-871300", []uint32{871300}, false},
	{"871 inside runs", "8718718713 871871 1871871", []uint32{871871}, false},
	{"empty", "", nil, false},
	{"unknown 871", "871000", []uint32{871000}, false},
	{"escape sequence then space", "\x1b[31m 871300 \x1b[0m", []uint32{871300}, false},
	// A complete control sequence (CSI) next to a code is a boundary.
	{"SGR colour around", "\x1b[31m871300\x1b[0m", []uint32{871300}, false},
	{"SGR two parameters", "\x1b[1;31m871300", []uint32{871300}, false},
	{"SGR reset after", "871300\x1b[0m", []uint32{871300}, false},
	{"SGR no parameter", "\x1b[m871300", []uint32{871300}, false},
	{"SGR 24-bit colours", "\x1b[38;2;255;255;255;48;2;0;0;0m871300", []uint32{871300}, false},
	{"byte before the CSI does not matter", "x\x1b[0m871300", []uint32{871300}, false},
	{"letter before, CSI after", "a871300\x1b[0m", nil, false},
	{"digit before the CSI", "99\x1b[0m871300", []uint32{871300}, false},
	{"two CSIs", "\x1b[1m\x1b[31m871300\x1b[0m", []uint32{871300}, false},
	{"CSI with intermediate byte", "\x1b[2 q871300", []uint32{871300}, false},
	{"CSI private parameter", "\x1b[?25h871300", []uint32{871300}, false},
	{"CSI final underscore", "\x1b[1_871300", []uint32{871300}, false},
	{"CSI then letter", "\x1b[31mA871300", nil, false},
	{"CSI then underscore", "\x1b[31m_871300", nil, false},
	{"lone ESC", "\x1bx871300", nil, false},
	{"ESC without bracket", "\x1b31m871300", nil, false},
	{"incomplete CSI", "\x1b[31871300", nil, false},
	{"CSI broken by a control byte", "\x1b[3\x011m871300", nil, false},
	{"intermediate before parameter", "\x1b[ 1m871300", nil, false},
	{"CSI across lines", "\x1b[\n31m871300", nil, false},
	{"CSI restarted", "\x1b[3\x1b[1m871300", []uint32{871300}, false},
	{"CSI of 64 bytes", "\x1b[" + strings.Repeat("1;", 30) + "0m871300", []uint32{871300}, false},
	{"CSI of 65 bytes", "\x1b[" + strings.Repeat("1;", 30) + "00m871300", nil, false},
	{"CSI at the start of a line", "a\n\x1b[31m871300\nb", []uint32{871300}, false},
	{"CSI in a word", "E\x1b[31mJIM871300", nil, false},
	{"OSC 8 hyperlink, ST", "\x1b]8;;http://x\x1b\\871300\x1b]8;;\x1b\\", []uint32{871300}, false},
	{"OSC 8 hyperlink, BEL", "\x1b]8;;http://x\a871300\x1b]8;;\a", []uint32{871300}, false},
	{"OSC title then letter", "\x1b]0;t\ax871300", nil, false},
	{"SGR around a 7-digit code", "\x1b[31m7130001\x1b[0m", []uint32{7130001}, true},
	{"SGR around a short code", "err=\x1b[1m12\x1b[0m", []uint32{12}, true},
	{"7-digit server code", "server 7130001 x", []uint32{7130001}, true},
	{"7-digit code in longer run", "71300012", nil, true},
	{"short code", "err=12;", []uint32{12}, true},
	{"short code leading zero", "err=012;", nil, true},
	{"one digit", "5", []uint32{5}, true},
	{"zero never", "0 00 000000", nil, true},
	{"mixed", "a 899070 b 871300 c 7130001", []uint32{899070, 871300, 7130001}, true},
}

func codesOf(hits []Hit) []uint32 {
	var out []uint32
	for _, h := range hits {
		out = append(out, h.Code)
	}
	return out
}

// bothPaths runs fn with the AVX2 searches and with the portable SWAR
// loops, when the machine has AVX2; else with the SWAR loops only.
func bothPaths(t testing.TB, fn func(name string)) {
	if !useAVX2 {
		fn("swar")
		return
	}
	defer func() { useAVX2 = true }()
	for _, on := range []bool{true, false} {
		useAVX2 = on
		name := "swar"
		if on {
			name = "avx2"
		}
		fn(name)
	}
}

func setOf(codes []uint32) map[uint32]bool {
	set := map[uint32]bool{}
	for _, c := range codes {
		set[c] = true
	}
	return set
}

// testScanner is a Scanner under test and the extra codes the reference
// is given for it.
type testScanner struct {
	name string
	s    *Scanner
	set  map[uint32]bool
}

// sparseCodes are codes of 8 and 9 digits far apart, which the Scanner
// keeps in sorted slices, and two short ones.
var sparseCodes = []uint32{123456789, 987654321, 10000001, 99999998, 7, 42}

// serverCodes have 6 and 7 digits, like the public multi-platform table:
// the vector search drops shorter and longer runs.
var serverCodes = []uint32{899070, 898001, 863001, 880001, 7130001, 7100006, 7133001}

// longCodes have 8 and 9 digits: the vector search drops runs of fewer
// than 6.
var longCodes = []uint32{12345678, 87654321, 100000000, 999999999}

// testScanners are the embedded table's Scanner (871xxx only: find871),
// the zero Scanner, and five with extra codes (the digit-run search):
// extraCodes, the 352-row multi-platform table, sparseCodes, serverCodes
// and longCodes.
func testScanners() []testScanner {
	return []testScanner{
		{"fast", NewScanner(nil), nil},
		{"zero", &Scanner{}, nil},
		{"extra", NewScanner(extraCodes), setOf(extraCodes)},
		{"table", NewScanner(multiPlatformCodes()), setOf(multiPlatformCodes())},
		{"sparse", NewScanner(sparseCodes), setOf(sparseCodes)},
		{"server", NewScanner(serverCodes), setOf(serverCodes)},
		{"long", NewScanner(longCodes), setOf(longCodes)},
	}
}

// filler holds no code for any test Scanner: its digits touch letters.
const filler = "req0x7f3a768bq1871300z__9 at87130012ms id_871300 end2" +
	"req0x7f3a768bq1871300z__9 at87130012ms id_871300 end2"

func TestScannerCases(t *testing.T) {
	bothPaths(t, func(path string) { t.Run(path, testScannerCases) })
}

func testScannerCases(t *testing.T) {
	for _, ts := range testScanners() {
		for _, c := range finderCases {
			t.Run(ts.name+"/"+c.name, func(t *testing.T) {
				hits := ts.s.Find([]byte(c.in), nil)
				if r := reference([]byte(c.in), ts.set); !reflect.DeepEqual(hits, r) {
					t.Errorf("Find(%q) = %v, reference %v", c.in, hits, r)
				}
				if ts.name == "fast" || ts.name == "zero" || ts.name == "extra" {
					want := c.want
					if c.extraOnly && ts.set == nil {
						want = nil
						for _, code := range c.want {
							if code/1000 == 871 {
								want = append(want, code)
							}
						}
					}
					if got := codesOf(hits); !reflect.DeepEqual(got, want) {
						t.Fatalf("Find(%q) = %v, want %v", c.in, got, want)
					}
				}
				for _, h := range hits {
					if got := c.in[h.Start:h.End]; got != fmt.Sprint(h.Code) {
						t.Errorf("hit %v covers %q", h, got)
					}
				}
				// The same line among others, at every alignment to the
				// 32- and 64-byte blocks of the vector searches.
				for pad := 0; pad < 70; pad++ {
					in := filler[:pad] + "\n" + c.in + "\n" + filler
					got := ts.s.Find([]byte(in), nil)
					for i := range got {
						got[i].Start -= pad + 1
						got[i].End -= pad + 1
					}
					if len(got) != len(hits) || (len(got) > 0 && !reflect.DeepEqual(got, hits)) {
						t.Fatalf("Find(%q) = %v, want %v shifted by %d", in, got, hits, pad+1)
					}
				}
			})
		}
	}
}

func TestScannerMatchesLineByLine(t *testing.T) {
	// A block gives the same hits as its lines one by one.
	block := []byte("a 871300\n871104 b\r\nx871300\n871201")
	s := NewScanner(nil)
	var perLine []uint32
	for _, l := range bytes.Split(block, []byte("\n")) {
		perLine = append(perLine, codesOf(s.Find(l, nil))...)
	}
	if got := codesOf(s.Find(block, nil)); !reflect.DeepEqual(got, perLine) {
		t.Fatalf("block %v, lines %v", got, perLine)
	}
}

func TestScannerDoesNotAllocate(t *testing.T) {
	line := []byte("11-25 18:35:01.123  4321  4390 E JIM: login failed 871300, uid 18713001, 7130001 " + filler + filler)
	dst := make([]Hit, 0, 8)
	for _, ts := range testScanners() {
		bothPaths(t, func(path string) {
			if n := testing.AllocsPerRun(100, func() { dst = ts.s.Find(line, dst[:0]) }); n != 0 {
				t.Errorf("%s %s: Find allocates %v times per call", ts.name, path, n)
			}
		})
	}
}

// TestScannerCSIAtRestart puts a coloured code after hits enough to fill
// the vector search's buffer, at every offset, so that some control
// sequence ends where a later call of the search starts.
func TestScannerCSIAtRestart(t *testing.T) {
	bothPaths(t, func(path string) {
		for _, ts := range testScanners() {
			for _, pattern := range []string{"1 2 5 7 ", "871300 "} {
				many := strings.Repeat(pattern, 100)
				for n := 0; n < 400; n++ {
					in := []byte(many[:n] + "\x1b[31m871300 " + filler)
					if got, want := ts.s.Find(in, nil), reference(in, ts.set); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s %s: Find(%q) = %v, want %v", path, ts.name, in, got, want)
					}
				}
			}
		}
	})
}

func TestScannerRandomAgainstReference(t *testing.T) {
	bothPaths(t, func(path string) { t.Run(path, testScannerRandom) })
}

// randomAlphabet makes digit runs of every length, next to every kind of
// neighbour (control sequences too), often starting like the codes of the
// test tables.
const randomAlphabet = "8718713000_aZ \n\r\t-\xe4\xb8\xad\xff1234567989999\x1b\x1b[[;m]\a\\ "

// denseAlphabet makes inputs with up to 32 digit runs per 64 bytes, most
// of them codes of the multi-platform table, so that the vector search
// fills its buffer and is called again in the middle of the input.
const denseAlphabet = "1 2 3 a_\n-871300 20 21 1 1 1 \x1b[m"

func testScannerRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	scanners := testScanners()
	for i := 0; i < 20000; i++ {
		alphabet, n := randomAlphabet, r.Intn(300)
		if i%100 == 0 {
			alphabet, n = denseAlphabet, 1000+r.Intn(3000)
		}
		b := make([]byte, n)
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		for _, ts := range scanners {
			if got, want := ts.s.Find(b, nil), reference(b, ts.set); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: Find(%q) = %v, want %v", ts.name, b, got, want)
			}
		}
	}
}

// FuzzScanner checks every test Scanner on both search paths against the
// reference, on the input and on the input repeated to at least 200 bytes,
// so that the vector searches see it.
func FuzzScanner(f *testing.F) {
	for _, c := range finderCases {
		f.Add([]byte(c.in))
	}
	scanners := testScanners()
	f.Fuzz(func(t *testing.T, b []byte) {
		long := b
		for len(b) > 0 && len(long) < 200 {
			long = append(long[:len(long):len(long)], b...)
		}
		for _, in := range [][]byte{b, long} {
			for _, ts := range scanners {
				want := reference(in, ts.set)
				bothPaths(t, func(path string) {
					if got := ts.s.Find(in, nil); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s %s: Find(%q) = %v, want %v", ts.name, path, in, got, want)
					}
				})
			}
		}
	})
}

// FuzzScannerCodes checks Scanners built from tables the fuzzer makes up
// (the digit runs of codes, up to 64 of them) on both search paths
// against the reference. It covers the bucket folding of the vector
// filter, bitmaps and sorted slices.
func FuzzScannerCodes(f *testing.F) {
	f.Add("7130001 899070 12 5", []byte("a 899070 b 871300 c 7130001 err=12; 5"))
	f.Add("1 2 3 20 21 400 1000 21001 863001 7100001 123456789 99999999",
		[]byte("11-25 18:00:20.400  1000 21001 E JIM: 863001 7100001 123456789 99999999 1 2 3"))
	f.Add("1 2 3 4 5 6 7 8 9 10 20 30 40 50 60 70 80 90", []byte("0 1 2 3 4 5 6 7 8 9 10 11 20 99 100"))
	f.Add("123456789 987654321 10000001 99999998", []byte("x 123456789 987654321,10000001;99999998 1234567890"))
	f.Fuzz(func(t *testing.T, table string, b []byte) {
		var cs []uint32
		for _, f := range strings.FieldsFunc(table, func(r rune) bool { return r < '0' || r > '9' }) {
			if c, ok := codes.ParseCode(f); ok && len(cs) < 64 {
				cs = append(cs, c)
			}
		}
		s := NewScanner(cs)
		long := b
		for len(b) > 0 && len(long) < 200 {
			long = append(long[:len(long):len(long)], b...)
		}
		set := setOf(cs)
		for _, in := range [][]byte{b, long} {
			want := reference(in, set)
			bothPaths(t, func(path string) {
				if got := s.Find(in, nil); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: codes %v: Find(%q) = %v, want %v", path, cs, in, got, want)
				}
			})
		}
	})
}
func ExampleScanner() {
	s := NewScanner(nil)
	line := []byte("E JIM: 会报871504错误, id 18713001, hex 0x871300, login 871300")
	for _, h := range s.Find(line, nil) {
		fmt.Println(h.Code, h.Start)
	}
	// Output:
	// 871504 13
	// 871300 60
}

func TestMultiPlatformCodes(t *testing.T) {
	c := multiPlatformCodes()
	if len(c) != 352 {
		t.Fatalf("%d rows, want 352", len(c))
	}
	seen := map[uint32]bool{}
	for _, v := range c {
		if seen[v] {
			t.Fatalf("%d twice", v)
		}
		seen[v] = true
	}
}
