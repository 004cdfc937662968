//go:build browser

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The HTML report in a real browser (go test -tags browser -run Browser .):
// Debian's chromium, headless, opens the page that jmlog wrote. The page
// must log nothing to the console (no error, no blocked load), its DOM must
// show the counts of the JSON summary of the same run, and a screenshot at
// 1280x800 is taken, for people to look at: it is kept in
// $JMLOG_BROWSER_OUT when that is set. Skipped when chromium is absent.

// chromium returns the browser's path, or skips.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (.ci/run installs Debian's chromium)")
	return ""
}

// headless runs the browser on page with extra flags and returns its
// standard output and its log.
func headless(t *testing.T, browser, page string, flags ...string) (stdout, log []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir(),
		"--enable-logging=stderr", "--v=0"}, flags...)
	cmd := exec.CommandContext(ctx, browser, append(args, "file://"+page)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, errb.Bytes())
	}
	return out.Bytes(), errb.Bytes()
}

// reportLog writes a logcat capture of about 40 minutes to path: one code
// that gets worse, one burst, early network errors, an unknown code, a
// -v long entry, and lines of markup.
func reportLog(t *testing.T, path string) {
	r := rand.New(rand.NewSource(6))
	var b strings.Builder
	start := time.Date(2025, 11, 25, 18, 0, 0, 0, time.UTC)
	tags := []string{"JIM", "JMessage", "OkHttp", "JPush", "System.err"}
	for i := range 2400 {
		at := start.Add(time.Duration(i) * time.Second)
		ts := at.Format("01-02 15:04:05.000")
		tag := tags[r.Intn(len(tags))]
		switch {
		case r.Intn(2400) < i/3:
			fmt.Fprintf(&b, "%s  4321  4390 E %-8s: sendMessage onFailed 871300 Have not logged in.\n", ts, tag)
		case i > 1200 && i < 1400 && r.Intn(3) == 0:
			fmt.Fprintf(&b, "%s  4321  4402 E JIM     : server error code = 871104\n", ts)
		case i < 600 && r.Intn(20) == 0:
			fmt.Fprintf(&b, "%s  4321  4402 W Net     : 发送消息失败，会报871310错误：网络不可用\n", ts)
		case r.Intn(300) == 0:
			fmt.Fprintf(&b, "%s  4321  4404 E JIM     : sendMessage onFailed 871999 <script>alert(1)</script></textarea>\n", ts)
		case i == 2000:
			fmt.Fprintf(&b, "[ %s  4321: 4433 W/System.err ]\njava.lang.IllegalStateException: createGroup failed 871307\n\tat cn.jpush.im.android.api.JMessageClient.createGroup(Unknown Source:12)\n\n", ts)
		default:
			fmt.Fprintf(&b, "%s  4321  4390 D %-8s: heartbeat seq=%d rtt=%dms\n", ts, tag, 8710000+i, r.Intn(900))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	mod := start.Add(2 * time.Hour)
	if err := os.Chtimes(path, mod, mod); err != nil {
		t.Fatal(err)
	}
}

// summary is the part of the JSON summary that the page shows.
type summary struct {
	Lines        int64 `json:"lines"`
	MatchedLines int64 `json:"matched_lines"`
	Codes        []struct {
		Code  uint32 `json:"code"`
		Count int64  `json:"count"`
	} `json:"codes"`
	Unknown []struct {
		Code  uint32 `json:"code"`
		Count int64  `json:"count"`
	} `json:"unknown"`
	Timeline *struct {
		Buckets int `json:"buckets"`
	} `json:"timeline"`
}

func TestBrowserReport(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	out := os.Getenv("JMLOG_BROWSER_OUT")
	if out == "" {
		out = dir
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	logPath, page, sumPath := filepath.Join(dir, "app.log"), filepath.Join(out, "report.html"), filepath.Join(out, "summary.json")
	reportLog(t, logPath)
	// A second input of the same day, so that there is a breakdown by file.
	sample := filepath.Join(dir, "sample.log")
	data, err := os.ReadFile("testdata/logcat-sample.txt")
	if err == nil {
		err = os.WriteFile(sample, data, 0o644)
	}
	if err == nil {
		mod := time.Date(2025, 11, 25, 20, 0, 0, 0, time.UTC)
		err = os.Chtimes(sample, mod, mod)
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd := jmlogCmd(t, "-c", "--summary", "none", "--by", "tag", "--report", page, "--summary-file", sumPath, "app.log", "sample.log")
	cmd.Dir = dir // names as a user gives them
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("jmlog: %v\n%s", err, msg)
	}
	var sum summary
	data, err = os.ReadFile(sumPath)
	if err == nil {
		err = json.Unmarshal(data, &sum)
	}
	if err != nil {
		t.Fatal(err)
	}

	dom, log := headless(t, browser, page, "--dump-dom")
	for _, l := range strings.Split(string(log), "\n") {
		if strings.Contains(l, ":CONSOLE") || strings.Contains(l, "Uncaught") {
			t.Errorf("console: %s", l)
		}
	}
	checkDOM(t, dom, &sum)

	shot := filepath.Join(out, "report.png")
	headless(t, browser, page, "--screenshot="+shot, "--window-size=1280,800", "--hide-scrollbars")
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 1280 || cfg.Height != 800 {
		t.Errorf("screenshot: %dx%d, %v", cfg.Width, cfg.Height, err)
	}
	t.Logf("report %s, screenshot %s", page, shot)
}

// checkDOM compares what the browser made of the page with the summary.
func checkDOM(t *testing.T, dom []byte, sum *summary) {
	t.Helper()
	value := func(id string) int64 {
		m := regexp.MustCompile(`id="` + id + `" data-value="(\d+)"`).FindSubmatch(dom)
		if m == nil {
			t.Errorf("no #%s in the DOM", id)
			return -1
		}
		n, _ := strconv.ParseInt(string(m[1]), 10, 64)
		return n
	}
	var total int64
	want := map[uint32]int64{}
	for _, c := range sum.Codes {
		want[c.Code], total = c.Count, total+c.Count
	}
	for _, c := range sum.Unknown {
		want[c.Code], total = c.Count, total+c.Count
	}
	for id, n := range map[string]int64{"lines": sum.Lines, "matched-lines": sum.MatchedLines, "total": total,
		"distinct": int64(len(want)), "unknown": int64(len(sum.Unknown))} {
		if got := value(id); got != n {
			t.Errorf("#%s: %d in the DOM, %d in the JSON summary", id, got, n)
		}
	}
	got := map[uint32]int64{}
	for _, m := range regexp.MustCompile(`<tr data-code="(\d+)" data-count="(\d+)"`).FindAllSubmatch(dom, -1) {
		c, _ := strconv.ParseUint(string(m[1]), 10, 32)
		n, _ := strconv.ParseInt(string(m[2]), 10, 64)
		got[uint32(c)] = n
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("codes in the DOM %v, in the JSON summary %v", got, want)
	}
	if sum.Timeline == nil || !bytes.Contains(dom, []byte(fmt.Sprintf(`id="timeline" data-buckets="%d"`, sum.Timeline.Buckets))) {
		t.Errorf("the timeline's buckets differ from the JSON summary's")
	}
	if bytes.Contains(dom, []byte("<script")) {
		t.Error("a script element in the DOM")
	}
}
