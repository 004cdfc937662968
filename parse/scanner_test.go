package parse

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"testing"
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
		before := i == 0 || !isWordRef(hay[i-1])
		after := j == len(hay) || !isWordRef(hay[j])
		if before && after && j-i <= 9 && (hay[i] != '0' || j-i == 1) {
			var v uint32
			fmt.Sscan(string(hay[i:j]), &v)
			if (j-i == 6 && v >= 871000 && v <= 871999) || (v != 0 && extra[v]) {
				out = append(out, Hit{i, j, v})
			}
		}
		i = j
	}
	return out
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
	{"SGR escape ends in a letter", "\x1b[31m871300\x1b[0m", nil, false},
	{"escape sequence then space", "\x1b[31m 871300 \x1b[0m", []uint32{871300}, false},
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

// bothPaths runs fn with the AVX2 search and with the portable SWAR loop,
// when the machine has AVX2; else with the SWAR loop only.
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

func TestScannerCases(t *testing.T) {
	bothPaths(t, func(path string) { t.Run(path, testScannerCases) })
}

func testScannerCases(t *testing.T) {
	extra := NewScanner(extraCodes)
	set := map[uint32]bool{}
	for _, c := range extraCodes {
		set[c] = true
	}
	finders := []struct {
		name  string
		f     Finder
		extra bool
	}{
		{"fast", NewScanner(nil), false},
		{"zero", &Scanner{}, false},
		{"extra", extra, true},
	}
	for _, fc := range finders {
		for _, c := range finderCases {
			t.Run(fc.name+"/"+c.name, func(t *testing.T) {
				want := c.want
				if c.extraOnly && !fc.extra {
					want = nil
					for _, code := range c.want {
						if code/1000 == 871 {
							want = append(want, code)
						}
					}
				}
				hits := fc.f.Find([]byte(c.in), nil)
				if got := codesOf(hits); !reflect.DeepEqual(got, want) {
					t.Fatalf("Find(%q) = %v, want %v", c.in, got, want)
				}
				for _, h := range hits {
					if got := c.in[h.Start:h.End]; got != fmt.Sprint(h.Code) {
						t.Errorf("hit %v covers %q", h, got)
					}
				}
				var ref map[uint32]bool
				if fc.extra {
					ref = set
				}
				if r := reference([]byte(c.in), ref); !reflect.DeepEqual(hits, r) {
					t.Errorf("Find(%q) = %v, reference %v", c.in, hits, r)
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
	line := []byte("11-25 18:35:01.123  4321  4390 E JIM: login failed 871300, uid 18713001, 7130001")
	dst := make([]Hit, 0, 8)
	for _, s := range []*Scanner{NewScanner(nil), NewScanner(extraCodes)} {
		if n := testing.AllocsPerRun(100, func() { dst = s.Find(line, dst[:0]) }); n != 0 {
			t.Errorf("Find allocates %v times per call", n)
		}
	}
}

func TestScannerRandomAgainstReference(t *testing.T) {
	bothPaths(t, func(path string) { t.Run(path, testScannerRandom) })
}

func testScannerRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("8718713000_aZ \n\r\t-\xe4\xb8\xad\xff")
	fast, extra := NewScanner(nil), NewScanner(extraCodes)
	set := map[uint32]bool{}
	for _, c := range extraCodes {
		set[c] = true
	}
	for i := 0; i < 20000; i++ {
		b := make([]byte, r.Intn(200))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		if got, want := fast.Find(b, nil), reference(b, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("fast Find(%q) = %v, want %v", b, got, want)
		}
		if got, want := extra.Find(b, nil), reference(b, set); !reflect.DeepEqual(got, want) {
			t.Fatalf("extra Find(%q) = %v, want %v", b, got, want)
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, c := range finderCases {
		f.Add([]byte(c.in))
	}
	fast, extra := NewScanner(nil), NewScanner(extraCodes)
	set := map[uint32]bool{}
	for _, c := range extraCodes {
		set[c] = true
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := reference(b, nil)
		bothPaths(t, func(path string) {
			if got := fast.Find(b, nil); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: fast Find(%q) = %v, want %v", path, b, got, want)
			}
		})
		if got, want := extra.Find(b, nil), reference(b, set); !reflect.DeepEqual(got, want) {
			t.Fatalf("extra Find(%q) = %v, want %v", b, got, want)
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
