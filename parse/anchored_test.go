package parse

import (
	"math/rand"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The lines of public issue reports that the shapes are for (issue 14).
const (
	lineFlutter = `PlatformException(Error 6002, JPush.Flutter, 未能完成操作。（JPush.Flutter错误6002。）, null)`
	lineIOS     = `{ description: 'Error Domain=jmsg_error Code=6002 "JMSGPushError:request timeout" UserInfo={...}',`
	lineREST    = `cn.jiguang.common.resp.APIRequestException: {"error":{"code":1003,"message":"The registration_id is invalid!"}}`
)

// shortCodes are the short codes the cases know: JPush 6002, REST 1003,
// an HTTP status, a one-digit code.
var shortCodes = []uint32{6002, 1003, 404, 7, 0, 123456}

var anchoredCases = []struct {
	name string
	in   string
	want []uint32
}{
	// The real lines.
	{"flutter: both places", lineFlutter, []uint32{6002, 6002}},
	{"ios NSError", lineIOS, []uint32{6002}},
	{"REST exception", lineREST, []uint32{1003}},
	// Each shape, one case at least.
	{"jmsg_error", "Error Domain=jmsg_error Code=6002 \"x\"", []uint32{6002}},
	{"jmsg_error at end", "Error Domain=jmsg_error Code=6002", []uint32{6002}},
	{"JPush domain", "Error Domain=JPush Code=6002", []uint32{6002}},
	{"JPush.Flutter domain", "Error Domain=JPush.Flutter Code=6002 \"(null)\"", []uint32{6002}},
	{"other domain", "Error Domain=NSURLErrorDomain Code=404 \"x\"", nil},
	{"domain with a space", "Error Domain=JPush x Code=6002", nil},
	{"domain with a TAB", "Error Domain=JPush\tx Code=6002", nil},
	{"domain across lines", "Error Domain=JPush\nx Code=6002", nil},
	{"domain with CR", "Error Domain=JPush\rx Code=6002", nil},
	{"domain of 64 bytes", "Error Domain=JPush" + strings.Repeat("x", 64) + " Code=6002", []uint32{6002}},
	{"domain of 65 bytes", "Error Domain=JPush" + strings.Repeat("x", 65) + " Code=6002", nil},
	{"NSError without domain", "Code=6002", nil},
	{"platform exception", "PlatformException(6002, failed, null)", []uint32{6002}},
	{"platform exception Error", "PlatformException(Error 6002, JPush.Flutter, x, null)", []uint32{6002}},
	{"platform exception no comma", "PlatformException(6002)", nil},
	{"platform exception space", "PlatformException( 6002,", nil},
	{"json number", `{"code":1003}`, []uint32{1003}},
	{"json number spaced", `{"code": 1003, "x":1}`, []uint32{1003}},
	{"json tab", "{\"code\":\t1003}", []uint32{1003}},
	{"json string", `{"code":"1003"}`, []uint32{1003}},
	{"json string spaced", `{"code": "1003"}`, []uint32{1003}},
	{"json string unclosed", `{"code":"1003`, nil},
	{"json string more", `{"code":"1003a"}`, nil},
	{"json other key", `{"status":1003}`, nil},
	{"json errcode", `{"errcode":1003}`, nil},
	{"code colon", "code:6002", []uint32{6002}},
	{"code colon spaced", "{ code: 6002, message: 'x' }", []uint32{6002}},
	{"code equals", "code = 6002", []uint32{6002}},
	{"code equals tight", "code=6002;", []uint32{6002}},
	{"barcode", "barcode=6002", nil},
	{"Code capital", "Code=6002", nil},
	{"code_", "_code=6002", nil},
	{"errorCode", "errorCode=6002", []uint32{6002}},
	{"errorCode spaced", "errorCode = 1003", []uint32{1003}},
	{"responseCode", "responseCode=1003", []uint32{1003}},
	{"xresponseCode", "xresponseCode=1003", nil},

	{"错误", "（JPush.Flutter错误6002。）", []uint32{6002}},
	{"错误码", "返回错误码1003，请检查", []uint32{1003}},
	{"错误 space", "错误 6002", nil},
	// The code itself.
	{"not known", "code=6003", nil},
	{"too long", "code=600200", nil},
	{"six digits known", "code=123456", nil},
	{"leading zero", "code=06002", nil},
	{"zero", "code=0", nil},
	{"one digit", "code=7 ", []uint32{7}},
	{"letter after", "code=6002a", nil},
	{"underscore after", "code=6002_", nil},
	{"dot after", "code=6002.", []uint32{6002}},
	{"digit run longer", "code=60021003", nil},
	{"several", "code=6002 code=1003 错误404", []uint32{6002, 1003, 404}},
	{"bare", "6002 1003 404", nil},
	{"spaces bound", "code=" + strings.Repeat(" ", 16) + "6002", []uint32{6002}},
	{"spaces over bound", "code=" + strings.Repeat(" ", 17) + "6002", nil},
	{"line feed is no space", "code=\n6002", nil},
	{"multi-line block", "a\ncode=6002\nb\n{\"code\":1003}\n", []uint32{6002, 1003}},
	{"start of input", "6002", nil},
	{"empty", "", nil},
	{"invalid UTF-8 around", "\xffcode=6002\xfe", []uint32{6002}},
}

func TestAnchoredCases(t *testing.T) {
	a := NewAnchored(shortCodes)
	for _, tc := range anchoredCases {
		got := codesOf(a.Find([]byte(tc.in), nil))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Find(%q) = %v, want %v", tc.name, tc.in, got, tc.want)
		}
		if ref := codesOf(anchoredRef([]byte(tc.in), shortSet(shortCodes))); !reflect.DeepEqual(ref, tc.want) {
			t.Errorf("%s: the reference finds %v in %q, want %v", tc.name, ref, tc.in, tc.want)
		}
	}
}

// TestShapesHaveCases: every shape has a case above that only it matches,
// so that adding a shape means adding a case.
func TestShapesHaveCases(t *testing.T) {
	for i, src := range Shapes {
		found := false
		for _, tc := range anchoredCases {
			if tc.want == nil {
				continue
			}
			n := 0
			for j := range shapes {
				if matchesAny(&shapes[j], []byte(tc.in)) {
					n++
					if j != i {
						n = 2 // another shape matches too
					}
				}
			}
			if n == 1 && matchesAny(&shapes[i], []byte(tc.in)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("shape %q: no case of TestAnchoredCases matches it alone", src)
		}
	}
}

// matchesAny reports whether sh matches at some digit run of in.
func matchesAny(sh *shape, in []byte) bool {
	for _, h := range NewScanner(shortCodes).Find(in, nil) {
		if sh.match(in, h.Start, h.End) {
			return true
		}
	}
	return false
}

func TestShapeSyntax(t *testing.T) {
	for _, tc := range []struct{ src, err string }{
		{"code=#", ""},
		{"<x~*y~=~#,", ""},
		{"code=", "exactly one '#'"},
		{"#a#", "exactly one '#'"},
		{"#", "a literal before"},
		{"~#", "a literal before"},
		{"code#", "may not come right before"},
		{"code~#", "may not come right before"},
		{"x=#a", "may not follow"},
		{"x=#~", "only a literal"},
		{"x*#", "a literal must follow '*'"},
		{"x*~=#", "a literal must follow '*'"},
		{"x ~=#", "may not end in a space"},
	} {
		_, err := compileShape(tc.src)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.src, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.err)
		}
	}
}

func shortSet(cs []uint32) map[uint32]bool {
	m := map[uint32]bool{}
	for _, c := range cs {
		if c != 0 && c <= maxShortValue {
			m[c] = true
		}
	}
	return m
}

// refShapes are the Shapes as regular expressions, each anchored at the
// end of the text before a code: the naive reference.
var refShapes = func() (out []struct {
	before *regexp.Regexp
	after  string
}) {
	for _, s := range Shapes {
		bound := strings.HasPrefix(s, "<")
		s = strings.TrimPrefix(s, "<")
		before, after, _ := strings.Cut(s, "#")
		var re strings.Builder
		re.WriteString("(?s)")
		if bound {
			re.WriteString(`(?:^|[^A-Za-z0-9_])`)
		}
		for _, r := range before {
			switch r {
			case '~':
				re.WriteString(`[ \t]{0,16}`)
			case '*':
				re.WriteString(`[^ \t\r\n]{0,64}`)
			default:
				re.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
		re.WriteString("$")
		out = append(out, struct {
			before *regexp.Regexp
			after  string
		}{regexp.MustCompile(re.String()), after})
	}
	return out
}()

// anchoredRef finds the short codes of known in hay that stand in a shape,
// by walking every maximal digit run and trying every shape's expression.
func anchoredRef(hay []byte, known map[uint32]bool) []Hit {
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
		s := string(hay[i:j])
		v, err := strconv.Atoi(s)
		if err == nil && len(s) <= 5 && strconv.Itoa(v) == s && known[uint32(v)] {
			for _, sh := range refShapes {
				after := sh.after == "" && (j == len(hay) || !isWordRef(hay[j])) ||
					sh.after != "" && strings.HasPrefix(string(hay[j:]), sh.after)
				if after && sh.before.Match(hay[:i]) {
					out = append(out, Hit{i, j, uint32(v)})
					break
				}
			}
		}
		i = j
	}
	return out
}

// anchoredAlphabet is what random inputs are made of: the shapes' bytes,
// digits, spaces and line ends, so that near-misses are common.
var anchoredAlphabet = []string{
	"Error Domain=", "jmsg_error", "JPush", ".Flutter", " Code=", "Code=", "PlatformException(", "Error ",
	`"code":`, `"`, "code", ":", "=", " ", "\t", "\n", ",", "错误码", "错误", "600", "2", "1003", "404", "7", "0",
	"x", "_", "\xff", "{", "}", "871300", "errorCode", "responseCode", "\r",
}

func randomAnchored(r *rand.Rand, n int) []byte {
	var b []byte
	for len(b) < n {
		b = append(b, anchoredAlphabet[r.Intn(len(anchoredAlphabet))]...)
	}
	return b
}

func TestAnchoredRandomAgainstReference(t *testing.T) {
	r := rand.New(rand.NewSource(14))
	a := NewAnchored(shortCodes)
	known := shortSet(shortCodes)
	for i := 0; i < 20000; i++ {
		in := randomAnchored(r, r.Intn(120))
		checkAnchored(t, a, known, in)
	}
}

// checkAnchored compares Anchored with the reference on in, and checks
// that every hit is a Scanner candidate (the prefilter property) and that
// the text finder gives the Scanner's hits and Anchored's, in order.
func checkAnchored(t *testing.T, a *Anchored, known map[uint32]bool, in []byte) {
	t.Helper()
	got := a.Find(in, nil)
	want := anchoredRef(in, known)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Find(%q) = %v, reference %v", in, got, want)
	}
	all := anchoredScanner.Find(in, nil)
	for _, h := range got {
		if !slicesContains(all, h) {
			t.Fatalf("Find(%q): hit %v is not a Scanner candidate (%v)", in, h, all)
		}
	}
	tf := anchoredText.Find(in, nil)
	merged := append(anchoredLong.Find(in, nil), got...)
	sortHits(merged)
	if !reflect.DeepEqual(tf, merged) {
		t.Fatalf("text finder on %q = %v, want %v", in, tf, merged)
	}
}

// The finders checkAnchored compares with: the Scanner of all of
// shortCodes, the text finder, and the Scanner of its long codes alone.
var (
	anchoredScanner = NewScanner(shortCodes)
	anchoredText    = NewTextFinder(shortCodes)
	anchoredLong    = NewScanner([]uint32{123456})
)

func slicesContains(hs []Hit, h Hit) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

func sortHits(hs []Hit) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Start < hs[j-1].Start; j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

func FuzzAnchored(f *testing.F) {
	for _, tc := range anchoredCases {
		f.Add([]byte(tc.in))
	}
	a := NewAnchored(shortCodes)
	known := shortSet(shortCodes)
	f.Fuzz(func(t *testing.T, in []byte) {
		checkAnchored(t, a, known, in)
	})
}

func TestNewAnchoredNil(t *testing.T) {
	if a := NewAnchored([]uint32{0, 871300, 100000}); a != nil {
		t.Errorf("NewAnchored of no short code = %v, want nil", a)
	}
	if _, ok := NewTextFinder([]uint32{871300, 7130001}).(*Scanner); !ok {
		t.Error("NewTextFinder without short codes is not the Scanner")
	}
	if f := NewTextFinder(nil); f.(*Scanner).set != nil {
		t.Error("NewTextFinder(nil) is not the fast Scanner")
	}
}

func TestTextFinderDoesNotAllocate(t *testing.T) {
	f := NewTextFinder([]uint32{6002, 1003, 7130001})
	in := []byte(lineFlutter + "\n" + lineIOS + "\n" + lineREST + " 871300 7130001\n")
	dst := make([]Hit, 0, 64)
	if n := testing.AllocsPerRun(100, func() { dst = f.Find(in, dst[:0]) }); n != 0 {
		t.Errorf("%v allocations per Find", n)
	}
	if got, want := codesOf(dst), []uint32{6002, 6002, 6002, 1003, 871300, 7130001}; !reflect.DeepEqual(got, want) {
		t.Errorf("codes %v, want %v", got, want)
	}
}

// TestDigits8: the mask marks exactly the digit bytes, for every byte value
// in every position.
func TestDigits8(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			w := uint64(0x4141414141414141) // "AAAAAAAA"
			w = w&^(0xff<<(8*pos)) | uint64(c)<<(8*pos)
			var want uint64
			if c >= '0' && c <= '9' {
				want = 0x80 << (8 * pos)
			}
			if got := digits8(w); got != want {
				t.Fatalf("byte %#x at %d: mask %#x, want %#x", c, pos, got, want)
			}
		}
	}
	if got := digits8(0x3930_3939_3030_3930); got != 0x8080808080808080 {
		t.Errorf("all digits: %#x", got)
	}
}
