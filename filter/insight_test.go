package filter

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
)

// insightLog: threadtime lines, lines without a time, a -v long entry and
// an empty line that ends it. Its lines with codes are 2, 3, 5, 7, 8, 10
// and 11.
const insightLog = "--------- beginning of main\n" +
	"11-25 18:35:00.100  4321  4390 E JIM     : login failed 871300\n" +
	"\tat cn.jpush.im.Login(Login.java:42) 871300\n" +
	"11-25 18:35:02.000  4321  4390 W Chat    : plain\n" +
	"plain, no time 871104\r\n" +
	"[ 11-25 18:35:03.000  4321: 4391 I/Net ]\n" +
	"request failed 871310\n" +
	"more 871310\n" +
	"\n" +
	"after the entry 871104\n" +
	"11-25 18:36:00.000   999   999 E JIM     : 871300 again"

var modTime = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.000", "2025-"+s)
	if err != nil {
		panic(err)
	}
	return t
}

// groups renders a code's groups of one breakdown as "value=count ...".
func groups(g []Group) string {
	var b []string
	for _, x := range g {
		switch {
		case x.None:
			b = append(b, fmt.Sprintf("(none)=%d", x.Count))
		case x.Other:
			b = append(b, fmt.Sprintf("(other)=%d", x.Count))
		default:
			b = append(b, fmt.Sprintf("%s=%d", x.Value, x.Count))
		}
	}
	return strings.Join(b, " ")
}

func find(s *Summary, code uint32) *CodeCount {
	for _, l := range [][]CodeCount{s.Codes, s.Unknown} {
		for i := range l {
			if l[i].Code == code {
				return &l[i]
			}
		}
	}
	return nil
}

func TestInsight(t *testing.T) {
	type want struct {
		code        uint32
		first, last string
		t0, t1      string
		tag, pid    string
		level, file string
	}
	wants := []want{
		{871300, "app.log:2", "app.log:11", "11-25 18:35:00.100", "11-25 18:36:00.000", "JIM=2 (none)=1", "4321=1 999=1 (none)=1", "E=2 (none)=1", "app.log=3"},
		{871104, "app.log:5", "app.log:10", "11-25 18:35:02.000", "11-25 18:35:03.000", "(none)=2", "(none)=2", "(none)=2", "app.log=2"},
		{871310, "app.log:7", "app.log:8", "11-25 18:35:03.000", "11-25 18:35:03.000", "Net=2", "4321=2", "I=2", "app.log=2"},
	}
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		f := New(Config{BufSize: size, By: []By{ByTag, ByPID, ByLevel, ByFile}})
		src := &Source{Name: "app.log", R: wrap(strings.NewReader(insightLog)), ModTime: modTime}
		if err := f.Run(context.Background(), src); err != nil {
			t.Fatal(err)
		}
		s := f.Counts().Snapshot()
		if !slices.Equal(s.By, []By{ByTag, ByPID, ByLevel, ByFile}) {
			t.Errorf("By = %v", s.By)
		}
		for _, w := range wants {
			c := find(&s, w.code)
			if c == nil {
				t.Fatalf("%d not counted", w.code)
			}
			if c.First != w.first || c.Last != w.last {
				t.Errorf("%d: first %s, last %s; want %s, %s", w.code, c.First, c.Last, w.first, w.last)
			}
			if !c.FirstTime.Equal(at(w.t0)) || !c.LastTime.Equal(at(w.t1)) {
				t.Errorf("%d: times %v .. %v; want %s .. %s", w.code, c.FirstTime, c.LastTime, w.t0, w.t1)
			}
			for i, g := range []string{w.tag, w.pid, w.level, w.file} {
				if got := groups(c.By[i]); got != g {
					t.Errorf("%d: by %v: %s; want %s", w.code, s.By[i], got, g)
				}
			}
			var sum int64
			for _, n := range c.Timeline {
				sum += n
			}
			if sum != c.Count || len(c.Timeline) != s.Timeline.Buckets {
				t.Errorf("%d: timeline %v sums to %d, count %d", w.code, c.Timeline, sum, c.Count)
			}
		}
		if s.Timeline.Step != time.Second || !s.Timeline.Start.Equal(at("11-25 18:35:00.000")) || s.Timeline.Buckets != 61 {
			t.Errorf("timeline geometry %+v", s.Timeline)
		}
	})
}

// TestTimeWithoutModTime: standard input reads year-less times against the
// time of reading.
func TestTimeWithoutModTime(t *testing.T) {
	f := New(Config{})
	if err := f.Run(context.Background(), &Source{Name: "-", R: strings.NewReader("01-01 00:00:00.000 E/JIM( 1): 871300\n")}); err != nil {
		t.Fatal(err)
	}
	s := f.Counts().Snapshot()
	if got, now := s.Codes[0].FirstTime, time.Now(); got.Year() != now.Year() && got.Year() != now.Year()-1 || got.After(now.Add(24*time.Hour)) {
		t.Errorf("first time %v", got)
	}
}

// TestNoTime: lines without any time give no times and no timeline.
func TestNoTime(t *testing.T) {
	f := New(Config{})
	if err := f.Run(context.Background(), &Source{Name: "-", R: strings.NewReader("a 871300\nb 871300\n")}); err != nil {
		t.Fatal(err)
	}
	s := f.Counts().Snapshot()
	if c := s.Codes[0]; !c.FirstTime.IsZero() || c.Timeline != nil || s.Timeline.Buckets != 0 || c.Last != "(standard input):2" {
		t.Errorf("%+v, timeline %+v", c, s.Timeline)
	}
}

// TestLookBackBound: a line without a time takes the last time seen, but
// looks back only lookBack lines for it.
func TestLookBackBound(t *testing.T) {
	for _, gap := range []int{0, 1, lookBack - 1, lookBack, lookBack + 5} {
		in := "2026-01-01T00:00:00Z start 871300\n" +
			"2026-01-01T00:00:10Z later\n" + strings.Repeat("filler\n", gap) + "871104 no time\n"
		f := New(Config{})
		if err := f.Run(context.Background(), &Source{Name: "-", R: strings.NewReader(in)}); err != nil {
			t.Fatal(err)
		}
		s := f.Counts().Snapshot()
		want := time.Date(2026, 1, 1, 0, 0, 10, 0, time.UTC)
		if gap >= lookBack {
			want = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) // the time known before: the line with 871300
		}
		if got := find(&s, 871104).FirstTime; !got.Equal(want) {
			t.Errorf("gap %d: %v, want %v", gap, got, want)
		}
	}
}

func TestGroupCap(t *testing.T) {
	var b bytes.Buffer
	for i := range maxGroups + 500 {
		fmt.Fprintf(&b, "11-25 18:35:00.100 %5d %5d E JIM     : 871300\n", i+1, i+1)
	}
	f := New(Config{By: []By{ByPID, ByTag}})
	if err := f.Run(context.Background(), &Source{Name: "-", R: &b, ModTime: modTime}); err != nil {
		t.Fatal(err)
	}
	s := f.Counts().Snapshot()
	g := s.Codes[0].By[0]
	if len(g) != maxGroups+1 || !g[0].Other || g[0].Count != 500 || g[1].Value != "1" || g[1].Count != 1 {
		t.Errorf("%d groups, first %+v, %+v", len(g), g[0], g[1])
	}
	if got := groups(s.Codes[0].By[1]); got != fmt.Sprintf("JIM=%d", maxGroups+500) {
		t.Errorf("tags: %s", got)
	}
}

// TestTimelineRandom: whatever the times and their order, the timeline's
// buckets hold exactly the counts of a naive count over its geometry, the
// geometry is round, and there are about tlTarget buckets.
func TestTimelineRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := range 300 {
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano() + r.Int63n(int64(24*time.Hour))
		span := int64(time.Second) << r.Intn(28) // 1 s to 8 years
		c := &Counts{}
		var d tally
		d.src = &Source{Name: "x"}
		var times []int64
		for i := range 1 + r.Intn(300) {
			ns := base + r.Int63n(span)
			if iter%3 == 0 {
				ns = base + span*int64(i)/300 // in order
			}
			times = append(times, ns)
			code := uint32(871300 + r.Intn(3))
			lf := lineFields{ns: ns, timed: true, pid: -1}
			d.add(code, nil, 1, d.keep(&lf))
			if r.Intn(20) == 0 {
				c.add(&d)
				d.reset()
			}
		}
		c.add(&d)
		s := c.Snapshot()
		tl := s.Timeline
		if tl.Step < time.Second || tl.Buckets < 1 {
			t.Fatalf("geometry %+v", tl)
		}
		if w := int64(tl.Step / time.Second); w <= 86400 && !slices.Contains(roundWidths, w) || w > 86400 && w%86400 != 0 {
			t.Errorf("step %v is not round", tl.Step)
		}
		lo, hi := slices.Min(times), slices.Max(times)
		if hi-lo > int64(tlTarget)*int64(time.Second) && (tl.Buckets < 25 || tl.Buckets > 150) {
			t.Errorf("span %v: %d buckets of %v", time.Duration(hi-lo), tl.Buckets, tl.Step)
		}
		var total int64
		for _, cc := range s.Unknown {
			for k, n := range cc.Timeline {
				total += n
				lo := tl.Start.Add(time.Duration(k) * tl.Step).UnixNano()
				if n > 0 && (lo > hi || lo+int64(tl.Step) <= slices.Min(times)) {
					t.Errorf("bucket %d of %d has %d outside the times", k, cc.Code, n)
				}
			}
		}
		if total != int64(len(times)) {
			t.Errorf("timeline total %d, want %d", total, len(times))
		}
		naive := make([]int64, tl.Buckets)
		for _, ns := range times {
			k := (ns - tl.Start.UnixNano()) / int64(tl.Step)
			if k < 0 || int(k) >= tl.Buckets {
				t.Fatalf("time %v outside the timeline %+v", time.Unix(0, ns).UTC(), tl)
			}
			naive[k]++
		}
		sum := make([]int64, tl.Buckets)
		for _, cc := range s.Unknown {
			for k, n := range cc.Timeline {
				sum[k] += n
			}
		}
		if !slices.Equal(sum, naive) {
			t.Fatalf("iteration %d: timeline %v\nnaive %v", iter, sum, naive)
		}
	}
}

// BenchmarkInsight is -c with every breakdown, on logcat with 0.7% of its
// lines carrying codes, against plain -c (BenchmarkFilterCount).
func BenchmarkInsight(b *testing.B) {
	data := []byte(insightLog + "\n")
	for i := 0; len(data) < 32<<20; i++ {
		data = fmt.Appendf(data, "11-25 18:%02d:%02d.100  4321  4390 D JIM     : nothing to see here, seq 8713001 and so on\n", i/60%60, i%60)
		if i%140 == 0 {
			data = fmt.Appendf(data, "11-25 18:%02d:%02d.100  4321  4390 E JIM     : login failed 871300\n", i/60%60, i%60)
		}
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f := New(Config{By: []By{ByTag, ByPID, ByFile, ByLevel, ByPackage}})
		if err := f.Run(context.Background(), &Source{Name: "x", R: bytes.NewReader(data), ModTime: modTime}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTallyBounded: a line with many codes is one hit per distinct code in
// the tally, so the memory of a block's counts does not grow with codes.
func TestTallyBounded(t *testing.T) {
	in := "11-25 18:35:00.100  4321  4390 E JIM     : " + strings.Repeat("871300 871104 ", 200_000) + "\n"
	f := New(Config{By: []By{ByTag}})
	if err := f.Run(context.Background(), &Source{Name: "-", R: strings.NewReader(in), ModTime: modTime}); err != nil {
		t.Fatal(err)
	}
	if n := cap(f.delta.hits); n > 16 {
		t.Errorf("the tally grew to %d hits", n)
	}
	s := f.Counts().Snapshot()
	if c := find(&s, 871300); c.Count != 200_000 || groups(c.By[0]) != "JIM=200000" || c.Timeline[0] != 200_000 {
		t.Errorf("%+v", c)
	}
}

// TestTallyIndex: codes 871000 to 871999 are indexed without the map, the
// others (tables of --codes may hold any) with it; both give each code one
// blockCode in order of first appearance, and reset forgets both.
func TestTallyIndex(t *testing.T) {
	var d tally
	for block, codes := range [][]uint32{
		{871300, 871000, 871999, 870999, 872000, 123, 871300, 123, 871999, 4294967295},
		{123, 871999, 871300, 871300, 5, 871000},
		{},
		{871999, 871998},
	} {
		var want []blockCode
		for i, c := range codes {
			d.add(c, nil, int64(i+1), d.keepTime(0, false))
			k := slices.IndexFunc(want, func(b blockCode) bool { return b.code == c })
			if k < 0 {
				want = append(want, blockCode{code: c, line: int64(i + 1)})
				k = len(want) - 1
			}
			want[k].count++
			want[k].last = int64(i + 1)
		}
		if len(d.codes) != len(want) {
			t.Fatalf("block %d: %d codes; want %d", block, len(d.codes), len(want))
		}
		for i, w := range want {
			if g := d.codes[i]; g.code != w.code || g.count != w.count || g.line != w.line || g.last != w.last {
				t.Errorf("block %d: codes[%d] = %+v; want %+v", block, i, g, w)
			}
		}
		d.reset()
		for k, v := range d.jm {
			if v != 0 {
				t.Fatalf("block %d: after reset, jm[%d] = %d", block, k, v)
			}
		}
		if len(d.index) != 0 {
			t.Fatalf("block %d: after reset, index %v", block, d.index)
		}
	}
}

// TestTimelineSecondAfterGrow: a time in the same second as the one before
// it, after that one made the buckets wider, goes to the bucket of the new
// width (timeline.bucket remembers the last second's bucket).
func TestTimelineSecondAfterGrow(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	far := t0 + int64(10*24*time.Hour)
	times := []int64{t0, t0 + 5e8, far, far + 1e8, far + 9e8, t0 + 1e8}
	c := &Counts{}
	var d tally
	d.src = &Source{Name: "x"}
	for _, ns := range times {
		d.add(871300, nil, 1, d.keepTime(ns, true))
		c.add(&d) // one block per time: the width changes between two of them
		d.reset()
	}
	s := c.Snapshot()
	tl := s.Timeline
	naive := make([]int64, tl.Buckets)
	for _, ns := range times {
		naive[(ns-tl.Start.UnixNano())/int64(tl.Step)]++
	}
	if got := s.Unknown[0].Timeline; !slices.Equal(got, naive) {
		t.Errorf("timeline %v; want %v (%+v)", got, naive, tl)
	}
}

// TestHitsBySecond: without breakdowns a tally keeps one hit for a code's
// occurrences in lines of one second in a row; the counts, times and
// timelines are those of a tally with a breakdown, which keeps one hit per
// line. Times repeat, go back, jump, and some lines have none; there are
// more codes than timelines (maxTimelines), so which codes get one, the
// first to have a time, is checked too.
func TestHitsBySecond(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for iter := range 50 {
		plain, by := &Counts{}, &Counts{}
		var dp, db tally
		dp.src, db.src = &Source{Name: "x"}, &Source{Name: "x"}
		db.by = []By{ByFile}
		ns := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
		codes := 3 + r.Intn(1000)
		hp, hb := 0, 0 // the hits of each
		spans := map[uint32][2]int64{}
		for line := int64(1); line <= 3000; line++ {
			switch k := r.Intn(100); {
			case k < 70:
				ns += r.Int63n(int64(300 * time.Millisecond))
			case k < 80:
				ns -= r.Int63n(int64(2 * time.Second))
			case k < 82:
				ns += r.Int63n(int64(24 * time.Hour))
			}
			timed := r.Intn(10) != 0
			ip, ib := dp.keepTime(ns, timed), db.keepTime(ns, timed)
			for range 1 + r.Intn(3) {
				code := uint32(871000 + r.Intn(codes))
				if timed {
					if span, ok := spans[code]; ok {
						spans[code] = [2]int64{min(span[0], ns), max(span[1], ns)}
					} else {
						spans[code] = [2]int64{ns, ns}
					}
				}
				dp.add(code, nil, line, ip)
				db.add(code, nil, line, ib)
			}
			if r.Intn(200) == 0 || line == 3000 {
				hp, hb = hp+len(dp.hits), hb+len(db.hits)
				plain.add(&dp)
				by.add(&db)
				dp.reset()
				db.reset()
			}
		}
		sp, sb := plain.Snapshot(), by.Snapshot()
		if sp.Lines != sb.Lines || sp.MatchedLines != sb.MatchedLines || sp.Timeline != sb.Timeline || len(sp.Unknown) != len(sb.Unknown) {
			t.Fatalf("iteration %d: %+v\nwith a breakdown %+v", iter, sp, sb)
		}
		for i := range sp.Unknown {
			p, b := sp.Unknown[i], sb.Unknown[i]
			if p.Code != b.Code || p.Count != b.Count || p.First != b.First || p.Last != b.Last ||
				!p.FirstTime.Equal(b.FirstTime) || !p.LastTime.Equal(b.LastTime) || !slices.Equal(p.Timeline, b.Timeline) {
				t.Fatalf("iteration %d: %+v\nwith a breakdown %+v", iter, p, b)
			}
			if span, ok := spans[p.Code]; ok != !p.FirstTime.IsZero() || ok && (p.FirstTime.UnixNano() != span[0] || p.LastTime.UnixNano() != span[1]) {
				t.Fatalf("iteration %d: %d: times %v .. %v; want %v", iter, p.Code, p.FirstTime, p.LastTime, span)
			}
		}
		if hp >= hb {
			t.Fatalf("iteration %d: %d hits without a breakdown, %d with one", iter, hp, hb)
		}
	}
}
