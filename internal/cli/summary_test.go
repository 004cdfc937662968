package cli

import (
	"io"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/jmlog/jmlog/filter"
)

// TestSummarySoFar: SIGUSR1 prints a summary headed "so far", with the
// time and the lines since the last one, even when nothing changed.
func TestSummarySoFar(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	sigs := make(chan os.Signal, 4)
	var stdout, stderr syncBuffer
	a := &App{Stdin: pr, Stdout: &stdout, Stderr: &stderr, Signals: sigs,
		Now: func() time.Time { return time.Date(2025, 11, 25, 10, 35, 1, 0, time.Local) }}
	done := runAsync(a, "--summary", "none")
	pw.Write([]byte("a 871300\nb\n"))
	waitFor(t, 5*time.Second, "the lines", func() bool { return strings.Contains(stdout.String(), "b\n") })
	sigs <- sigProgress
	waitFor(t, 5*time.Second, "a summary so far", func() bool { return strings.Contains(stderr.String(), "COUNT") })
	sigs <- sigProgress
	waitFor(t, 5*time.Second, "a second one", func() bool { return strings.Count(stderr.String(), "so far") == 2 })
	pw.Close()
	if s := status(t, done, 5*time.Second, "end of input"); s != 0 {
		t.Fatalf("status %d", s)
	}
	want := "jmlog: so far (10:35:01, +2 lines since the last)\n" +
		"jmlog: 2 lines, 1 with codes (50.00%); 1 code, 1 distinct\n" +
		"  COUNT  CODE     MESSAGE              FIRST SEEN\n" +
		"      1  871300   Have not logged in.  (standard input):1  ####################\n" +
		"jmlog: so far (10:35:01, +0 lines since the last)\n" +
		"jmlog: 2 lines, 1 with codes (50.00%); 1 code, 1 distinct\n" +
		"  COUNT  CODE     MESSAGE              FIRST SEEN\n" +
		"      1  871300   Have not logged in.  (standard input):1  ####################\n"
	if stderr.String() != want { // --summary none: no final summary
		t.Errorf("got:\n%s\nwant:\n%s", stderr.String(), want)
	}
}

// TestSummaryOnTerminal: on a terminal the summary starts on a fresh line
// when the output's last line is unfinished, marks unknown codes in
// colour, and draws bars that the locale can show.
func TestSummaryOnTerminal(t *testing.T) {
	for _, c := range []struct {
		name, in string
		env      map[string]string
		args     []string
		prefix   string // what stderr starts with
		has      []string
		hasNot   []string
	}{
		{name: "finished line", in: "871300\n871999\n", env: map[string]string{"LANG": "en_US.UTF-8"},
			prefix: "jmlog: 2 lines", has: []string{"█", "\x1b[1;33m871999?\x1b[0m", "\x1b[1mCOUNT\x1b[0m"}},
		{name: "unfinished line", in: "871300\n871999", env: map[string]string{"LANG": "en_US.UTF-8"},
			prefix: "\njmlog: 2 lines", has: []string{"█"}},
		{name: "C locale", in: "871300\n", env: map[string]string{"LANG": "", "LC_ALL": "", "LC_CTYPE": ""},
			prefix: "jmlog: 1 line", has: []string{"####"}, hasNot: []string{"█", "…"}},
		{name: "LC_ALL wins", in: "871300\n", env: map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "C"},
			prefix: "jmlog: 1 line", has: []string{"####"}, hasNot: []string{"█"}},
		{name: "TERM=dumb", in: "871300\n", env: map[string]string{"LANG": "C.UTF-8", "TERM": "dumb"},
			prefix: "jmlog: 1 line", has: []string{"####"}, hasNot: []string{"█", "\x1b["}},
		{name: "NO_COLOR", in: "871999\n", env: map[string]string{"LANG": "C.UTF-8", "NO_COLOR": "1"},
			prefix: "jmlog: 1 line", has: []string{"█", "871999?"}, hasNot: []string{"\x1b["}},
		{name: "--color never", in: "871999\n", env: map[string]string{"LANG": "C.UTF-8"}, args: []string{"--color", "never"},
			prefix: "jmlog: 1 line", hasNot: []string{"\x1b["}},
		{name: "-c: summary on standard output", in: "871300", env: map[string]string{"LANG": "C.UTF-8"}, args: []string{"-c"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []string{"LANG", "LC_ALL", "LC_CTYPE", "TERM", "NO_COLOR", "COLUMNS"} {
				t.Setenv(k, c.env[k])
			}
			a, stdout, stderr := testCLI(c.in, true)
			a.Getenv = os.Getenv
			if s := a.Run(append(c.args, "-")); s != 0 {
				t.Fatalf("status %d: %s", s, stderr)
			}
			if c.prefix == "" { // -c
				if stderr.Len() != 0 || !strings.HasPrefix(stdout.String(), "jmlog: 1 line") {
					t.Errorf("stdout %q, stderr %q", stdout, stderr)
				}
				return
			}
			got := stderr.String()
			if !strings.HasPrefix(got, c.prefix) {
				t.Errorf("stderr starts %q, want %q", got, c.prefix)
			}
			for _, h := range c.has {
				if !strings.Contains(got, h) {
					t.Errorf("no %q in %q", h, got)
				}
			}
			for _, h := range c.hasNot {
				if strings.Contains(got, h) {
					t.Errorf("%q in %q", h, got)
				}
			}
		})
	}
}

// TestLineWriter: the output on a terminal knows where its line is, and a
// summary waits for a write in progress.
func TestLineWriter(t *testing.T) {
	var b strings.Builder
	l := &lineWriter{w: &b, atStart: true}
	for _, c := range []struct {
		p    string
		want bool
	}{{"abc", false}, {"\n", true}, {"x\ny", false}, {"", false}, {"z\n", true}} {
		l.Write([]byte(c.p))
		if l.atStart != c.want {
			t.Errorf("after %q: atStart %v", c.p, l.atStart)
		}
	}
	s := &summaryOut{w: io.Discard, lines: l}
	l.mu.Lock()
	wrote := make(chan struct{})
	go func() { s.write(&filterSummaryZero, "", nil); close(wrote) }()
	select {
	case <-wrote:
		t.Fatal("the summary was written during a write of the output")
	case <-time.After(20 * time.Millisecond):
	}
	l.mu.Unlock()
	<-wrote
}

func TestUTF8Locale(t *testing.T) {
	for _, c := range []struct {
		all, ctype, lang string
		want             bool
	}{
		{"", "", "", false},
		{"", "", "C", false},
		{"", "", "en_US.UTF-8", true},
		{"", "", "zh_CN.utf8", true},
		{"", "", "zh_CN.GB18030", false},
		{"", "C.UTF-8", "C", true},
		{"POSIX", "C.UTF-8", "en_US.UTF-8", false},
		{"de_DE.UTF-8", "", "C", true},
	} {
		env := map[string]string{"LC_ALL": c.all, "LC_CTYPE": c.ctype, "LANG": c.lang}
		if got := utf8Locale(func(k string) string { return env[k] }); got != c.want {
			t.Errorf("%v: %v, want %v", env, got, c.want)
		}
	}
}

func TestTermWidth(t *testing.T) {
	for cols, want := range map[string]int{"": 80, "132": 132, "abc": 80, "-5": 80, "0": 80, "40": 40} {
		a := &App{Getenv: func(k string) string { return map[string]string{"COLUMNS": cols}[k] }}
		if got, known := a.termWidth(io.Discard); got != want || known {
			t.Errorf("COLUMNS=%q: %d %v, want %d", cols, got, known, want)
		}
	}
}

func TestVersionLine(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/jmlog/jmlog", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "1c875b7e2f4a9d0c1c875b7e2f4a9d0c1c875b7e"},
			{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine(bi), "jmlog v1.2.3 rev 1c875b7e2f4a 2026-12-01T10:00:00Z modified, go1.26.8"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	bi.Settings[2].Value = "false"
	bi.Main.Version = "(devel)"
	if got, want := versionLine(bi), "jmlog (devel) rev 1c875b7e2f4a 2026-12-01T10:00:00Z, go1.26.8"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := versionLine(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}); got != "jmlog (devel)" {
		t.Errorf("no settings: %q", got)
	}
	if got := versionLine(nil); !strings.Contains(got, "unknown") {
		t.Errorf("nil: %q", got)
	}
	// The test binary has build info: -V prints it.
	a, stdout, _ := testCLI("", false)
	if a.Run([]string{"-V"}) != 0 || !strings.HasPrefix(stdout.String(), "jmlog ") || !strings.Contains(stdout.String(), ", go1.") {
		t.Errorf("-V: %q", stdout)
	}
}

// TestHelpFits: --help fits 80 columns and every option is in a group.
func TestHelpFits(t *testing.T) {
	a, stdout, _ := testCLI("", false)
	a.Run([]string{"--help"})
	for i, l := range strings.Split(stdout.String(), "\n") {
		if len(l) > 79 {
			t.Errorf("line %d is %d wide: %q", i+1, len(l), l)
		}
	}
	var o flags
	fs := newFlags(&o)
	fs.VisitAll(func(f *flag.Flag) {
		g := f.Annotations[groupAnnotation]
		if len(g) != 1 {
			t.Errorf("--%s is in no group", f.Name)
			return
		}
		if !strings.Contains(stdout.String(), "--"+f.Name+" ") && !strings.Contains(stdout.String(), "--"+f.Name+"\n") {
			t.Errorf("--%s is not in --help", f.Name)
		}
	})
	for _, g := range helpGroups {
		if !strings.Contains(stdout.String(), "\n"+g+":\n") {
			t.Errorf("no group %q", g)
		}
	}
}

func TestSuggest(t *testing.T) {
	var o flags
	fs := newFlags(&o)
	for in, want := range map[string]string{"colr": "color", "sumary": "summary", "follw": "follow", "json-pat": "json-path",
		"summary-int": "summary-interval", "ci-lvl": "ci-level", "xyzzy": "", "top5": "top", "fail": "fail-on"} {
		if got := suggest(fs, in); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

var filterSummaryZero filter.Summary
