// Command gen writes a synthetic, deterministic log corpus for benchmarking
// jmlog against reference tools.
//
//	go run ./bench/gen -kind logcat -size 200MB -o bench/out/logcat.log
//	go run ./bench/gen -kind ndjson -size 200MB -o bench/out/ndjson.ndjson
//
// The same -seed always gives the same bytes, and a corpus of a smaller -size
// is a byte prefix of a larger one (generation simply stops once -size bytes
// have been written, at a line end).
//
// logcat corpora are `adb logcat -v threadtime` lines (LF endings). About 0.7%
// of the lines carry a JMessage error code (6 digits, 871xxx, not touching
// [A-Za-z0-9_] on either side). Many other numbers contain "871" without being
// a code (1871300, 8713005, 0x7f8712ab, a871300b, 871300ms, user_871300, ...);
// decoys are added until "871" occurs about -rate871 times per KiB.
//
// ndjson corpora are server-style JSON objects, one per line. About 1% carry a
// code at error.code (a number, sometimes a numeric string); decoy 871xxx
// values sit at other paths (uid, msg, resp.code, data.error.code).
//
// The statistics go to stderr. They are measured on the bytes written, not
// assumed: every line is scanned for "871" and for word-bounded codes.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"math/bits"
	"os"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"
)

// knownCodes is the JMessage Android table (bench/android.tsv) without code 0.
var knownCodes = []int{
	871101, 871102, 871103, 871104, 871105, 871201, 871300, 871301, 871302,
	871303, 871304, 871305, 871306, 871307, 871308, 871309, 871310, 871311,
	871312, 871313, 871314, 871315, 871317, 871318, 871319, 871320, 871321,
	871322, 871323, 871324, 871402, 871403, 871404, 871501, 871502, 871503,
	871504, 871505, 871506,
}

// unknownCodes are 871xxx values that are not in the table. 871325..871327
// exist in newer JMessage docs but not in the project's table.
var unknownCodes = []int{871000, 871316, 871325, 871326, 871327, 871400, 871600, 871999}

func main() {
	kind := flag.String("kind", "logcat", "corpus kind: logcat or ndjson")
	sizeArg := flag.String("size", "10MB", "stop after this many bytes (at a line end); units B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB")
	out := flag.String("o", "-", "output file (- for stdout)")
	seed := flag.Uint64("seed", 1, "random seed; equal seeds give equal corpora")
	rate := flag.Float64("rate871", 12, `target occurrences of the substring "871" per KiB`)
	codeRate := flag.Float64("coderate", -1, "fraction of lines that carry a code (default 0.007 for logcat, 0.01 for ndjson)")
	counts := flag.Bool("counts", false, "also print per-code counts (code<TAB>count, the format of bench/ref.awk) to stderr")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the generator to this file")
	flag.Parse()
	if *cpuprofile != "" {
		pf, err := os.Create(*cpuprofile)
		if err != nil {
			fatal(err)
		}
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}

	size, err := parseSize(*sizeArg)
	if err != nil {
		fatal(err)
	}
	if *codeRate < 0 {
		*codeRate = 0.007
		if *kind == "ndjson" {
			*codeRate = 0.01
		}
	}

	if *kind != "logcat" && *kind != "ndjson" {
		fatal(fmt.Errorf("unknown -kind %q (want logcat or ndjson)", *kind))
	}
	var w io.Writer = os.Stdout
	var f *os.File
	if *out != "-" {
		f, err = os.Create(*out)
		if err != nil {
			fatal(err)
		}
		w = f
	}
	start := time.Now()
	g, err := generate(w, *kind, size, *seed, *rate, *codeRate)
	if err != nil {
		fatal(err)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			fatal(err)
		}
	}
	el := time.Since(start)
	g.report(os.Stderr, *kind, *seed, *out, el, *counts)
	if g.st.textCodeLines != g.st.intendedCodeLines && *kind == "logcat" {
		fatal(fmt.Errorf("self-check failed: %d lines carry a word-bounded 871xxx code but %d were meant to", g.st.textCodeLines, g.st.intendedCodeLines))
	}
}

// generate writes lines of the given kind to w until size bytes are written,
// and returns the generator with its measured statistics.
func generate(w io.Writer, kind string, size int64, seed uint64, rate, codeRate float64) (*gen, error) {
	g := newGen(seed, rate, codeRate)
	var line func()
	switch kind {
	case "logcat":
		line = g.logcatLine
	case "ndjson":
		line = g.ndjsonLine
	default:
		return nil, fmt.Errorf("unknown -kind %q (want logcat or ndjson)", kind)
	}
	aw := newAsyncWriter(w)
	for g.st.bytes < size {
		g.buf = g.buf[:0]
		line()
		g.account()
		aw.add(g.buf)
	}
	return g, aw.close()
}

const chunk = 1 << 20

// asyncWriter collects lines into 1 MiB chunks and writes full chunks from
// another goroutine, so that generating and writing overlap.
type asyncWriter struct {
	cur  []byte
	full chan []byte
	free chan []byte
	done chan error
}

func newAsyncWriter(w io.Writer) *asyncWriter {
	const nbuf = 4
	a := &asyncWriter{full: make(chan []byte, nbuf), free: make(chan []byte, nbuf), done: make(chan error, 1)}
	for i := 0; i < nbuf; i++ {
		a.free <- make([]byte, 0, chunk+64<<10)
	}
	a.cur = <-a.free
	go func() {
		var err error
		for b := range a.full {
			if err == nil {
				_, err = w.Write(b)
			}
			a.free <- b[:0]
		}
		a.done <- err
	}()
	return a
}

func (a *asyncWriter) add(p []byte) {
	a.cur = append(a.cur, p...)
	if len(a.cur) >= chunk {
		a.full <- a.cur
		a.cur = <-a.free
	}
}

// close writes what is left and returns the first write error.
func (a *asyncWriter) close() error {
	if len(a.cur) > 0 {
		a.full <- a.cur
	}
	close(a.full)
	return <-a.done
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(2)
}

// parseSize reads "200MB", "20MiB", "1e6" and the like: KB, MB and GB are
// powers of 1000 (any case), KiB, MiB and GiB powers of 1024.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	num, mult := s, 1.0
	for _, u := range units {
		suffix := s
		if !strings.Contains(u.suffix, "i") {
			suffix = strings.ToUpper(s)
		}
		if strings.HasSuffix(suffix, u.suffix) {
			num, mult = s[:len(s)-len(u.suffix)], u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("bad -size %q (want e.g. 200MB, 20MiB, 5000B)", s)
	}
	return int64(n * mult), nil
}

// rng is splitmix64: tiny, fast and stable across Go releases.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool {
	return float64(r.next()>>11) < p*(1<<53)
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// stats are measured on the emitted bytes.
type stats struct {
	lines, bytes      int64
	occ871            int64 // non-overlapping occurrences of "871"
	textCodeLines     int64 // lines with >= 1 word-bounded 871xxx
	textCodes         int64
	textKnown         int64
	textUnknown       int64
	twoCodeLines      int64 // lines with >= 2 word-bounded codes
	intendedCodeLines int64
	longLines         int64
	maxLine           int
	perCode           [1000]int64 // word-bounded codes by code-871000
	nonASCIILines     int64

	// ndjson only
	errCodeLines   int64 // error.code is a known or unknown 871xxx
	errCodeKnown   int64
	errCodeUnknown int64
	errCodeString  int64 // ... given as a numeric string
	errOther       int64 // error object with some other code
	errNull        int64
	errAbsent      int64
	pathDecoys     int64 // 871xxx at resp.code / data.error.code
	perErrCode     [1000]int64
}

type gen struct {
	r        rng
	buf      []byte
	target   float64 // "871" per KiB
	codeRate float64
	lineOcc  int64 // "871" emitted in the current line by decoy slots
	clk      clock
	st       stats
	isKnown  [1000]bool
	codeLine bool
}

func newGen(seed uint64, rate, codeRate float64) *gen {
	g := &gen{r: rng{s: seed*0x2545F4914F6CDD1D + 0x1234567}, target: rate, codeRate: codeRate}
	g.clk = clock{year: 2026, mon: 11, day: 25, h: 18, m: 35, s: 1, ms: 123}
	for _, c := range knownCodes {
		g.isKnown[c-871000] = true
	}
	g.buf = make([]byte, 0, 16<<10)
	return g
}

var sep871 = []byte("871")

// account measures the finished line in g.buf and adds it to the totals.
func (g *gen) account() {
	l := g.buf
	st := &g.st
	st.lines++
	st.bytes += int64(len(l))
	if len(l) > st.maxLine {
		st.maxLine = len(l)
	}
	if len(l) > 1024 {
		st.longLines++
	}
	if g.codeLine {
		st.intendedCodeLines++
	}
	if hasNonASCII(l) {
		st.nonASCIILines++
	}
	n := 0
	for i := 0; ; {
		j := bytes.IndexByte(l[i:], '8')
		if j < 0 {
			break
		}
		i += j
		if i+2 >= len(l) || l[i+1] != '7' || l[i+2] != '1' {
			i++
			continue
		}
		st.occ871++
		if code, ok := codeAt(l, i); ok {
			n++
			st.perCode[code-871000]++
			if g.isKnown[code-871000] {
				st.textKnown++
			} else {
				st.textUnknown++
			}
		}
		i += 3
	}
	if n > 0 {
		st.textCodeLines++
		st.textCodes += int64(n)
		if n > 1 {
			st.twoCodeLines++
		}
	}
}

func hasNonASCII(l []byte) bool {
	i := 0
	for ; i+8 <= len(l); i += 8 {
		if binary.LittleEndian.Uint64(l[i:])&0x8080808080808080 != 0 {
			return true
		}
	}
	for ; i < len(l); i++ {
		if l[i] >= 0x80 {
			return true
		}
	}
	return false
}

func isWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// codeAt reports whether l[i:] starts a word-bounded 6-digit run (l[i:i+3] is "871").
func codeAt(l []byte, i int) (int, bool) {
	if i > 0 && isWord(l[i-1]) {
		return 0, false
	}
	if i+6 > len(l) || !isDigit(l[i+3]) || !isDigit(l[i+4]) || !isDigit(l[i+5]) {
		return 0, false
	}
	if i+6 < len(l) && isWord(l[i+6]) {
		return 0, false
	}
	return 871000 + int(l[i+3]-'0')*100 + int(l[i+4]-'0')*10 + int(l[i+5]-'0'), true
}

// wantDecoy reports whether the next decoy-capable slot should carry "871",
// steering the running rate towards the target.
func (g *gen) wantDecoy() bool {
	deficit := g.target*float64(g.st.bytes+int64(len(g.buf)))/1024 - float64(g.st.occ871+g.lineOcc)
	return deficit > 0 && g.r.chance(0.8)
}

// ---- formatting helpers (append to g.buf) ----

func (g *gen) s(x string) { g.buf = append(g.buf, x...) }
func (g *gen) b(c byte)   { g.buf = append(g.buf, c) }
func (g *gen) num(n int)  { g.buf = strconv.AppendInt(g.buf, int64(n), 10) }

func (g *gen) two(n int) { g.buf = append(g.buf, byte('0'+n/10), byte('0'+n%10)) }

func (g *gen) three(n int) { g.buf = append(g.buf, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10)) }

// pad5 writes n (0 <= n < 100000) right-aligned in 5 columns, like logcat's %5d.
func (g *gen) pad5(n int) {
	var d [5]byte
	i := 5
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	for j := 0; j < i; j++ {
		d[j] = ' '
	}
	g.buf = append(g.buf, d[:]...)
}

// digits writes n random decimal digits, up to 19 from one random number.
func (g *gen) digits(n int) {
	for n > 0 {
		v := g.r.next()
		for k := 0; k < 19 && n > 0; k, n = k+1, n-1 {
			g.buf = append(g.buf, byte('0'+v%10))
			v /= 10
		}
	}
}

const hexdig = "0123456789abcdef"

// hexs writes n random hex digits, 16 from one random number.
func (g *gen) hexs(n int) {
	for n > 0 {
		v := g.r.next()
		for k := 0; k < 16 && n > 0; k, n = k+1, n-1 {
			g.buf = append(g.buf, hexdig[v&15])
			v >>= 4
		}
	}
}

// plainNumber writes a random number that is never a 6-digit 871xxx.
func (g *gen) plainNumber() {
	switch k := g.r.intn(10); {
	case k < 4:
		g.num(g.r.intn(100))
	case k < 7:
		g.num(g.r.intn(10000))
	case k < 9:
		n := 100000 + g.r.intn(900000)
		if n/1000 == 871 {
			n += 1000
		}
		g.num(n)
	default:
		g.num(1000000 + g.r.intn(90000000))
	}
}

// decoyNumber writes a digit run that contains "871" but is not a code.
func (g *gen) decoyNumber() {
	start := len(g.buf)
	switch g.r.intn(12) {
	case 0: // 1871300
		g.b(byte('1' + g.r.intn(9)))
		g.s("871")
		g.digits(3)
	case 1: // 8713005
		g.s("871")
		g.digits(4)
	case 2: // 871
		g.s("871")
	case 3: // 87130
		g.s("871")
		g.digits(2)
	case 4: // 8710
		g.s("871")
		g.digits(1)
	case 5: // 18713001234
		g.b(byte('1' + g.r.intn(9)))
		g.s("871")
		g.digits(7)
	case 6: // epoch ms 1764087118712
		g.s("17640")
		g.digits(3)
		g.s("871")
		g.digits(2)
	case 7: // 4871
		g.b(byte('1' + g.r.intn(9)))
		g.s("871")
	case 8: // 2871871
		g.b(byte('1' + g.r.intn(9)))
		g.s("871871")
	case 9: // 32871
		g.num(10 + g.r.intn(90))
		g.s("871")
	case 10: // 871300871 (9 digits)
		g.s("871")
		g.digits(3)
		g.s("871")
	default: // 12345871
		g.num(10000 + g.r.intn(90000))
		g.s("871")
	}
	g.lineOcc += int64(bytes.Count(g.buf[start:], sep871))
}

// decoyToken writes a token glued to letters or underscores around 871xxx.
func (g *gen) decoyToken() {
	start := len(g.buf)
	switch g.r.intn(10) {
	case 0: // a871300b
		g.b(hexdig[10+g.r.intn(6)])
		g.s("871")
		g.digits(3)
		g.b(hexdig[10+g.r.intn(6)])
	case 1: // 871300ms
		g.s("871")
		g.digits(3)
		g.s("ms")
	case 2: // id_871300
		g.s(pick(&g.r, []string{"id_", "uid_", "gid_", "msg_", "conv_"}))
		g.s("871")
		g.digits(3)
	case 3: // 871300_1
		g.s("871")
		g.digits(3)
		g.b('_')
		g.num(g.r.intn(10))
	case 4: // 0x7f8712ab
		g.s("0x7f")
		g.s("871")
		g.hexs(3)
	case 5: // 3.871s
		g.num(g.r.intn(10))
		g.s(".871s")
	case 6: // v871300
		g.b('v')
		g.s("871")
		g.digits(3)
	case 7: // 871300L
		g.s("871")
		g.digits(3)
		g.b('L')
	case 8: // x871
		g.s("x871")
	default: // ab871cd0
		g.hexs(2)
		g.s("871")
		g.hexs(3)
	}
	g.lineOcc += int64(bytes.Count(g.buf[start:], sep871))
}

func (g *gen) hex8() {
	g.s("0x")
	if g.wantDecoy() {
		at := g.r.intn(6)
		g.hexs(at)
		g.s("871")
		g.hexs(5 - at)
		g.lineOcc++
		return
	}
	g.hexs(8)
}

func (g *gen) uuid() {
	// 8-4-4-4-12 hex digits, version 4.
	g.hexs(8)
	g.b('-')
	g.hexs(4)
	g.b('-')
	g.b('4')
	g.hexs(3)
	g.b('-')
	g.b("89ab"[g.r.intn(4)])
	g.hexs(3)
	g.b('-')
	if !g.wantDecoy() {
		g.hexs(12)
		return
	}
	// put "871" inside the last group (12 hex chars)
	at := g.r.intn(10)
	g.hexs(at)
	g.s("871")
	g.hexs(9 - at)
	g.lineOcc++
}

func (g *gen) longID() {
	if g.wantDecoy() {
		g.b(byte('1' + g.r.intn(9)))
		at := g.r.intn(8)
		g.digits(at)
		g.s("871")
		g.digits(7 - at)
		g.lineOcc++
		return
	}
	g.b(byte('1' + g.r.intn(9)))
	g.digits(10)
}

func (g *gen) code() {
	var c int
	if g.r.chance(0.9) {
		c = pick(&g.r, knownCodes)
	} else {
		c = pick(&g.r, unknownCodes)
	}
	g.num(c)
}

var base64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// ---- templates ----

// A template is text with {x} placeholders (see expand).
type template []seg

type seg struct {
	lit  string
	kind byte // 0 for literal
}

func compile(s string) template {
	var t template
	lit := 0 // start of the pending literal
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '{' && s[i+1] != '{' && s[i+1] != '"' && s[i+2] == '}' {
			if i > lit {
				t = append(t, seg{lit: s[lit:i]})
			}
			t = append(t, seg{kind: s[i+1]})
			i += 2
			lit = i + 1
		}
	}
	if lit < len(s) {
		t = append(t, seg{lit: s[lit:]})
	}
	return t
}

func compileAll(ss []string) []template {
	ts := make([]template, len(ss))
	for i, s := range ss {
		ts[i] = compile(s)
	}
	return ts
}

var words = []string{
	"connection", "session", "conversation", "message", "sync", "token", "state", "retry",
	"cache", "handler", "socket", "upload", "download", "thumbnail", "avatar", "group",
	"member", "chatroom", "receipt", "event", "config", "heartbeat", "login", "logout",
	"register", "deviceId", "appKey", "channel", "queue", "payload", "window", "surface",
	"buffer", "layer", "vsync", "frame", "render", "bitmap", "resource", "intent",
}

var packages = []string{
	"com.example.chat", "cn.jiguang.imui", "cn.jpush.im.android", "com.android.systemui",
	"com.google.android.gms", "com.tencent.mm", "com.example.chat:pushcore", "com.android.chrome",
}

var users = []string{"alice", "bob", "carol", "dave", "test_user", "jmtest", "user", "guest"}

var cnPhrases = []string{"连接成功", "消息已发送", "同步会话", "收到推送", "网络切换", "心跳超时", "上传完成", "重新登录"}

// expand writes template t with placeholders filled in:
//
//	{D} number, maybe a decoy with 871     {X} token, maybe a decoy glued to letters
//	{h} hex address 0x........ (decoy)     {u} UUID (decoy)        {i} long id (decoy)
//	{m} duration in ms (decoy)             {n} 0..99               {N} 0..99999
//	{w} word    {p} package    {U} user name (decoy user_871300)  {I} IPv4 address
//	{s} base64 token  {c} Chinese phrase   {C} a JMessage code (known or unknown)
func (g *gen) expand(t template) {
	for _, sg := range t {
		if sg.kind == 0 {
			g.buf = append(g.buf, sg.lit...)
			continue
		}
		switch sg.kind {
		case 'D':
			if g.wantDecoy() {
				g.decoyNumber()
			} else {
				g.plainNumber()
			}
		case 'X':
			if g.wantDecoy() {
				g.decoyToken()
			} else if g.r.chance(0.5) {
				g.s(pick(&g.r, words))
			} else {
				g.hexs(8)
			}
		case 'h':
			g.hex8()
		case 'u':
			g.uuid()
		case 'i':
			g.longID()
		case 'm':
			if g.wantDecoy() {
				start := len(g.buf)
				g.s(pick(&g.r, []string{"871", "1871", "8710", "8712", "2871"}))
				g.lineOcc += int64(bytes.Count(g.buf[start:], sep871))
			} else {
				g.num(g.r.intn(3000))
			}
		case 'n':
			g.num(g.r.intn(100))
		case 'N':
			g.num(g.r.intn(100000))
		case 'w':
			g.s(pick(&g.r, words))
		case 'p':
			g.s(pick(&g.r, packages))
		case 'U':
			if g.wantDecoy() {
				g.s("user_871")
				g.digits(3)
				g.lineOcc++
			} else {
				g.s(pick(&g.r, users))
				g.num(g.r.intn(1000))
			}
		case 'I':
			g.num(10 + g.r.intn(180))
			g.b('.')
			g.num(g.r.intn(256))
			g.b('.')
			g.num(g.r.intn(256))
			g.b('.')
			g.num(1 + g.r.intn(254))
		case 's':
			n := 16 + g.r.intn(28)
			for i := 0; i < n; i++ {
				g.b(base64chars[g.r.intn(64)])
			}
		case 'c':
			g.s(pick(&g.r, cnPhrases))
		case 'C':
			g.code()
		default:
			panic("unknown placeholder {" + string(sg.kind) + "}")
		}
	}
}

// ---- clock ----

type clock struct{ year, mon, day, h, m, s, ms int }

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func (c *clock) add(ms int) {
	c.ms += ms
	for c.ms >= 1000 {
		c.ms -= 1000
		c.s++
	}
	if c.s < 60 {
		return
	}
	c.s -= 60
	if c.m++; c.m < 60 {
		return
	}
	c.m = 0
	if c.h++; c.h < 24 {
		return
	}
	c.h = 0
	if c.day++; c.day <= monthDays[c.mon] {
		return
	}
	c.day = 1
	if c.mon++; c.mon <= 12 {
		return
	}
	c.mon = 1
	c.year++
}

// ---- logcat ----

type proc struct {
	pid   int
	tags  []string
	ctags []tagTemplates // compiled in init, parallel to tags
}

type tagTemplates struct {
	name string
	ts   []template
}

// Some pids contain "871" themselves; pids have at most 5 digits, so they are never codes.
var procs = []proc{
	{1287, []string{"ActivityManager", "WindowManager", "PackageManager", "InputMethodManager"}, nil},
	{871, []string{"SurfaceFlinger", "libc"}, nil},
	{612, []string{"AudioFlinger", "libc"}, nil},
	{8712, []string{"JIM", "JMessage", "JPush", "OkHttp", "System.err", "art", "ViewRootImpl", "Choreographer", "chromium"}, nil},
	{8733, []string{"JPush", "JIM", "System.err", "libc"}, nil},
	{23871, []string{"chromium", "libc", "art", "dalvikvm"}, nil},
	{4321, []string{"JIM", "JMessage", "OkHttp", "ViewRootImpl", "Choreographer"}, nil},
	{2044, []string{"ConnectivityService", "NetworkMonitor", "ActivityManager"}, nil},
	{1544, []string{"GnssLocationProvider", "BluetoothAdapter"}, nil},
	{15871, []string{"dalvikvm", "System.err", "libc", "zygote"}, nil},
	{30111, []string{"chromium", "art"}, nil},
}

var tagSources = map[string][]string{
	"ActivityManager": {
		"Start proc {D}:{p}/u0a{n} for service {p}/.PushService",
		"Displayed {p}/.ui.ChatActivity: +{m}ms",
		"Killing {D}:{p}/u0a{n} (adj {n}): empty #{n}",
		"START u0 {act=android.intent.action.MAIN cmp={p}/.MainActivity} from uid {D}",
		"Process {p} (pid {D}) has died: fore TOP",
	},
	"WindowManager":        {"Changing focus from Window{{X} u0 {p}} to Window{{X} u0 {p}} displayId={n}", "Relayout Window{{h} u0 {p}}: viewVisibility={n} req={N}x{N}"},
	"PackageManager":       {"Package {p} codePath changed, versionCode={D}", "Skipping deferred dexopt of {p} took {m}ms"},
	"InputMethodManager":   {"startInputInner - Id : {n} windowGainedFocus={w} editorInfo={h}"},
	"SurfaceFlinger":       {"onTransact: layer {h} frame {D} vsync {i}", "Layer {p}#{D} buffer size {N} queued {m}ms ago", "setPowerMode: display {D} mode {n}"},
	"libc":                 {"Access denied finding property \"persist.vendor.{w}.{w}\" at {h}", "pthread_create failed: couldn't allocate {D} bytes: Try again", "Fatal signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr {h} in tid {D}"},
	"AudioFlinger":         {"track {h} started session {D} frames {N}", "Write underrun, frames {D} latency {m}ms"},
	"JIM":                  {"sync conversation {i} seq={D} unread={n}", "heartbeat sent, rtt={m}ms next={D}", "recv msg id={i} from {U} type={w} size={D}", "{c} uid={D} gid={i}", "onEvent: {w} cursor={X} ts={i}", "login state changed, user={U} deviceId={u}"},
	"JMessage":             {"createSingleTextMessage target={U} appkey={X} msgId={D}", "message {i} status changed: {w} -> {w} ({m}ms)", "downloadThumbnail file={X}.jpg size={D} cost {m}ms", "{c}, conv={U} count={n}"},
	"JPush":                {"[JPushInterface] onResume uid={D} registrationId={X}{X}", "[ConnectingHelper] connect to {I}:{D} success, cost {m}ms", "[PushService] heartbeat interval {D}s, rid={i}", "[TagAliasHelper] sequence={D} alias={U} {c}"},
	"OkHttp":               {"--> POST https://api.im.example.com/v1/users/{U}/messages?seq={D} http/1.1", "<-- 200 OK https://api.im.example.com/v1/sync?cursor={i} ({m}ms, {D}-byte body)", "Content-Length: {D}", "X-Request-Id: {u}"},
	"System.err":           {"java.net.SocketTimeoutException: timeout after {m}ms", "\tat cn.jpush.im.android.tasks.{w}Task.doExecute({w}Task.java:{D})", "\tat okhttp3.internal.connection.RealCall.execute(RealCall.kt:{D})", "java.io.IOException: unexpected end of stream on {I}:{D}"},
	"art":                  {"Background concurrent copying GC freed {D}({N}KB) AllocSpace objects, {n}% free, {N}KB/{N}KB, paused {m}us total {m}ms", "Explicit concurrent mark sweep GC freed {D}({N}KB) objects, paused {m}ms"},
	"dalvikvm":             {"GC_CONCURRENT freed {D}K, {n}% free {N}K/{N}K, paused {m}ms+{m}ms", "Could not find method {p}.{w}, referenced from method {w} at {h}"},
	"ViewRootImpl":         {"ViewPostIme pointer {n} at {D},{D} hash={h}", "Relayout returned: old=[0,0][{N},{N}] new=[0,0][{N},{N}] result={h}"},
	"Choreographer":        {"Skipped {D} frames!  The application may be doing too much work on its main thread.", "Frame time {i} vsyncId={D}"},
	"chromium":             {"[INFO:CONSOLE({D})] \"Uncaught TypeError: cannot read {w} of undefined\", source: https://m.example.com/static/js/app.{X}.js ({D})", "[WARNING:spdy_session.cc({D})] Received HEADERS for invalid stream {D}"},
	"ConnectivityService":  {"NetworkAgentInfo [WIFI () - {D}] validation passed, score={n}", "requestNetwork for uid/pid:{D}/{D} activeRequest: null"},
	"NetworkMonitor":       {"PROBE_DNS connectivitycheck.gstatic.com {m}ms OK {I}", "PROBE_HTTP http://connectivitycheck.gstatic.com/generate_204 time={m}ms ret={D}"},
	"GnssLocationProvider": {"reportLocation lat={n}.{D} long={n}.{D} acc={n} timestamp={i}"},
	"BluetoothAdapter":     {"getBleEnabledState() state={D} gatt={X}", "startLeScan(): null id={u}"},
	"zygote":               {"Forked child process {D} in {m}ms", "Preloading classes took {m}ms ({D} classes)"},
}

// codeTemplates carry real JMessage codes. {C} is the code slot.
var codeTemplates = []struct {
	tag, levels, text string
}{
	{"JIM", "EEW", "gotResult: responseCode = {C}, responseMessage = {w} failed"},
	{"JIM", "EW", "login failed. code={C} user={U}"},
	{"JMessage", "EE", "sendMessage failed errorCode:{C} msgId={i}"},
	{"JMessage", "EW", "request error ({C}) uid={D}"},
	{"JIM", "EI", "登录失败，会报{C}错误"},
	{"JMessage", "E", "发送消息失败，错误码：{C}，请检查网络"},
	{"JMessage", "WE", "JMessageClient.login onError: [{C}] {w}"},
	{"JIM", "E", "upload file failed code={C}, retry #{n}"},
	{"JPush", "EW", "register failed {C}, fallback failed {C}"},
	{"JIM", "W", "response={\"code\":{C},\"message\":\"{w}\"}"},
	{"JMessage", "EEI", "getUserInfo({U}) -> {C}; cached {C} from previous call"},
	{"System.err", "W", "cn.jpush.im.android.api.exceptions.JMessageException: {C} {w}"},
	{"JPush", "E", "code={C}"},
}

type compiledCode struct {
	tag, levels string
	t           template
}

var (
	compiledCodes []compiledCode
	fillers       = compileAll([]string{
		" {w}={D}", " {w}={X}", " seq={D}", " ({m}ms)", " [{h}]", " id={i}", " {w}", " trace={u}", " cost={m}ms", " {w}:{D}",
	})
	tmplD    = compile("{D}")
	longItem = compile(`{"uid":{D},"name":"{U}","gid":"{i}","ts":{i},"avatar":"{X}","extras":{"{w}":"{X}","seq":{D}}}`)
)

func init() {
	for i := range procs {
		p := &procs[i]
		for _, tag := range p.tags {
			src, ok := tagSources[tag]
			if !ok {
				panic("no templates for tag " + tag)
			}
			p.ctags = append(p.ctags, tagTemplates{tag, compileAll(src)})
		}
	}
	for _, c := range codeTemplates {
		compiledCodes = append(compiledCodes, compiledCode{c.tag, c.levels, compile(c.text)})
	}
}

const levelsByWeight = "VDDDDIIIIIIIWWWE"

func (g *gen) header(pid, tid int, level byte, tag string) {
	c := &g.clk
	g.two(c.mon)
	g.b('-')
	g.two(c.day)
	g.b(' ')
	g.two(c.h)
	g.b(':')
	g.two(c.m)
	g.b(':')
	g.two(c.s)
	g.b('.')
	g.three(c.ms)
	g.b(' ')
	g.pad5(pid)
	g.b(' ')
	g.pad5(tid)
	g.b(' ')
	g.b(level)
	g.b(' ')
	g.s(tag)
	for i := len(tag); i < 8; i++ {
		g.b(' ')
	}
	g.s(": ")
}

func (g *gen) logcatLine() {
	g.lineOcc = 0
	g.codeLine = false
	g.clk.add(g.r.intn(16))
	p := &procs[g.r.intn(len(procs))]
	tid := p.pid
	if g.r.chance(0.7) {
		tid += 1 + g.r.intn(90)
	}

	if g.r.chance(g.codeRate) {
		g.codeLine = true
		c := &compiledCodes[g.r.intn(len(compiledCodes))]
		if c.tag == "JIM" || c.tag == "JMessage" {
			p = &procs[3] // the app process
			tid = p.pid + 1 + g.r.intn(40)
		}
		g.header(p.pid, tid, c.levels[g.r.intn(len(c.levels))], c.tag)
		g.expand(c.t)
		g.b('\n')
		return
	}

	tt := &p.ctags[g.r.intn(len(p.ctags))]
	tag := tt.name
	level := levelsByWeight[g.r.intn(len(levelsByWeight))]
	if tag == "System.err" {
		level = 'W'
	}
	g.header(p.pid, tid, level, tag)

	if g.r.chance(0.0015) { // a long line: an HTTP body or a console dump of a few KB
		if tag == "OkHttp" || g.r.chance(0.5) {
			g.s(`{"code":0,"users":[`)
		} else {
			g.s(`[INFO:CONSOLE(1)] "state": [`)
		}
		n := 10 + g.r.intn(60)
		for i := 0; i < n; i++ {
			if i > 0 {
				g.b(',')
			}
			g.expand(longItem)
		}
		g.s("]\n")
		return
	}

	target := 60 + g.r.intn(60) + g.r.intn(70) + g.r.intn(61) // 60..250, mean about 155
	g.expand(tt.ts[g.r.intn(len(tt.ts))])
	for len(g.buf) < target-12 {
		g.expand(fillers[g.r.intn(len(fillers))])
	}
	g.b('\n')
}

// ---- ndjson ----

var (
	svcs      = []string{"im-gateway", "im-push", "im-msg", "auth", "file-store", "chatroom", "im-sync"}
	ndLevels  = []string{"debug", "info", "info", "info", "info", "warn", "warn", "error"}
	paths     = []string{"/v1/messages", "/v1/users/login", "/v1/sync", "/v1/groups/members", "/v1/resource/upload", "/v1/chatrooms/enter"}
	otherErrs = []string{"400", "401", "404", "500", "503", "8710", "1871300", "\"E_TIMEOUT\"", "\"87130\""}
	ndMsgs    = compileAll([]string{
		"retry after {D}",
		"request done in {m}ms seq={D}",
		"deliver msg {i} to {U}",
		"conversation {i} synced, cursor {X}",
		"upstream {I}:{D} slow ({m}ms)",
		"push {u} acked by {D} devices",
		"{c} uid={D}",
		"cache miss key={X} ttl={D}",
	})
	ndCodeMsgs = []string{"jmessage error", "upstream failure", "request rejected", "sdk reported failure"}
)

// ndjsonLine writes one JSON object. Key order varies a little.
func (g *gen) ndjsonLine() {
	g.lineOcc = 0
	g.codeLine = false
	g.clk.add(g.r.intn(16))
	st := &g.st
	fields := [6]func(){g.ndTS, g.ndLevel, g.ndSvc, g.ndUID, g.ndMsg, g.ndReq}
	// vary the order a little: swap one neighbouring pair in 30% of the lines
	if g.r.chance(0.3) {
		i := g.r.intn(5)
		fields[i], fields[i+1] = fields[i+1], fields[i]
	}
	hasErr := g.r.chance(0.4)
	errAt := 6
	if hasErr && g.r.chance(0.25) {
		errAt = 2 + g.r.intn(4)
	}
	if !hasErr {
		st.errAbsent++
	}
	g.b('{')
	for i, f := range fields {
		if i == errAt && hasErr {
			g.b(',')
			g.ndErr()
		}
		if i > 0 {
			g.b(',')
		}
		f()
	}
	if hasErr && errAt == 6 {
		g.b(',')
		g.ndErr()
	}
	g.ndDecoys()
	g.s("}\n")
}

// ndTS writes the "ts" member.
func (g *gen) ndTS() {
	c := &g.clk
	g.s(`"ts":"`)
	g.num(c.year)
	g.b('-')
	g.two(c.mon)
	g.b('-')
	g.two(c.day)
	g.b('T')
	g.two(c.h)
	g.b(':')
	g.two(c.m)
	g.b(':')
	g.two(c.s)
	g.b('.')
	g.three(c.ms)
	g.s(`Z"`)
}

func (g *gen) ndLevel() { g.s(`"level":"`); g.s(pick(&g.r, ndLevels)); g.b('"') }
func (g *gen) ndSvc()   { g.s(`"svc":"`); g.s(pick(&g.r, svcs)); g.b('"') }

// ndUID writes the "uid" member: now and then a decoy 871xxx.
func (g *gen) ndUID() {
	g.s(`"uid":`)
	if g.r.chance(0.1) { // a decoy: a 6-digit 871xxx uid, not at error.code
		g.s("871")
		g.digits(3)
		g.lineOcc++
	} else {
		g.expand(tmplD)
	}
}

// ndMsg writes the "msg" member: now and then a code in the text.
func (g *gen) ndMsg() {
	g.s(`"msg":"`)
	if g.r.chance(0.03) { // a code mentioned in text only
		g.s("retry after ")
		g.code()
	} else {
		g.expand(pick(&g.r, ndMsgs))
	}
	g.b('"')
}

// ndReq writes the "req" member.
func (g *gen) ndReq() {
	g.s(`"req":{"id":"`)
	g.uuid()
	g.s(`","path":"`)
	g.s(pick(&g.r, paths))
	g.s(`","ms":`)
	g.num(g.r.intn(2000))
	g.b('}')
}

// ndErr writes the "error" member: a code at error.code in about codeRate
// of all lines, another error, or null.
func (g *gen) ndErr() {
	st := &g.st
	g.s(`"error":`)
	switch {
	case g.r.chance(g.codeRate / 0.4): // ~codeRate of all lines: 40% of lines have an error member
		g.codeLine = true
		var c int
		if g.r.chance(0.9) {
			c = pick(&g.r, knownCodes)
			st.errCodeKnown++
		} else {
			c = pick(&g.r, unknownCodes)
			st.errCodeUnknown++
		}
		st.errCodeLines++
		st.perErrCode[c-871000]++
		g.s(`{"code":`)
		if g.r.chance(0.2) {
			st.errCodeString++
			g.b('"')
			g.num(c)
			g.b('"')
		} else {
			g.num(c)
		}
		g.s(`,"message":"`)
		g.s(pick(&g.r, ndCodeMsgs))
		g.s(`"}`)
	case g.r.chance(0.08):
		st.errOther++
		g.s(`{"code":`)
		g.s(pick(&g.r, otherErrs))
		g.s(`,"message":"`)
		g.s(pick(&g.r, ndCodeMsgs))
		g.s(`"}`)
	default:
		st.errNull++
		g.s("null")
	}
}

// ndDecoys writes codes at wrong paths now and then, and padding members
// with numbers that may hold "871".
func (g *gen) ndDecoys() {
	if g.r.chance(0.01) { // wrong-path decoys
		g.st.pathDecoys++
		if g.r.chance(0.5) {
			g.s(`,"resp":{"code":`)
			g.code()
			g.b('}')
		} else {
			g.s(`,"data":{"error":{"code":`)
			g.code()
			g.s("}}")
		}
	}
	// pad with extra fields; decoy-capable numbers
	w0 := g.r.intn(len(words))
	for n := g.r.intn(3); n > 0; n-- { // distinct keys: w0, w0+1
		g.s(`,"`)
		g.s(words[(w0+n)%len(words)])
		g.s(`":`)
		g.expand(tmplD)
	}
}

// ---- report ----

func (g *gen) report(w io.Writer, kind string, seed uint64, out string, el time.Duration, counts bool) {
	st := &g.st
	kib := float64(st.bytes) / 1024
	fmt.Fprintf(w, "gen: kind=%s seed=%d out=%s\n", kind, seed, out)
	fmt.Fprintf(w, "gen: lines=%d bytes=%d (%.1f MiB) avg_line=%.0f max_line=%d long_lines(>1KiB)=%d non_ascii_lines=%d\n",
		st.lines, st.bytes, float64(st.bytes)/(1<<20), float64(st.bytes)/float64(st.lines), st.maxLine, st.longLines, st.nonASCIILines)
	fmt.Fprintf(w, "gen: occurrences_871=%d per_KiB=%.2f (target %.2f)\n", st.occ871, float64(st.occ871)/kib, g.target)
	fmt.Fprintf(w, "gen: text_rule: lines_with_codes=%d (%.3f%% of lines) codes=%d known=%d unknown=%d lines_with_2+_codes=%d\n",
		st.textCodeLines, 100*float64(st.textCodeLines)/float64(st.lines), st.textCodes, st.textKnown, st.textUnknown, st.twoCodeLines)
	if kind == "ndjson" {
		fmt.Fprintf(w, "gen: error.code: lines=%d (%.3f%%) known=%d unknown=%d as_string=%d other_error_codes=%d error_null=%d error_absent=%d wrong_path_decoys=%d\n",
			st.errCodeLines, 100*float64(st.errCodeLines)/float64(st.lines), st.errCodeKnown, st.errCodeUnknown, st.errCodeString, st.errOther, st.errNull, st.errAbsent, st.pathDecoys)
	}
	secs := el.Seconds()
	fmt.Fprintf(w, "gen: took %.2fs (%.0f MB/s)\n", secs, float64(st.bytes)/1e6/secs)
	if counts {
		per := &st.perCode
		label := "text"
		if kind == "ndjson" {
			per = &st.perErrCode
			label = "error.code"
		}
		fmt.Fprintf(w, "gen: per-code counts (%s):\n", label)
		var cs []int
		for i, n := range per {
			if n > 0 {
				cs = append(cs, i)
			}
		}
		sort.Ints(cs)
		for _, i := range cs {
			fmt.Fprintf(w, "%d\t%d\n", 871000+i, per[i])
		}
	}
}
