package cli

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReportFiles is issue 10, defect 6 through the CLI: --summary-file
// and --junit keep an existing file's mode, write through a symbolic link,
// and refuse a directory by name.
func TestReportFiles(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "private.json")
	os.WriteFile(private, []byte("old"), 0o600)
	real := filepath.Join(dir, "reports", "junit.xml")
	os.Mkdir(filepath.Dir(real), 0o755)
	link := filepath.Join(dir, "junit.xml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if s := run([]string{"--summary", "none", "--summary-file", private, "--junit", link, "testdata/crlf.txt"}, nil, &stdout, &stderr); s != 0 {
		t.Fatalf("status %d: %s", s, stderr.String())
	}
	if st, err := os.Stat(private); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("--summary-file made a 0600 file %v (%v)", st.Mode(), err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("--junit replaced the symbolic link")
	}
	if data, err := os.ReadFile(real); err != nil || !bytes.HasPrefix(data, []byte("<?xml")) {
		t.Errorf("--junit did not write the link's target: %q, %v", data, err)
	}
	adir := filepath.Join(dir, "adir")
	os.Mkdir(adir, 0o755)
	stderr.Reset()
	s := run([]string{"--summary", "none", "--summary-file", adir, "testdata/crlf.txt"}, nil, &stdout, &stderr)
	want := "jmlog: --summary-file: " + adir + ": is a directory; give the path of a file (the old file, if any, is unchanged)\n"
	if s != 2 || stderr.String() != want {
		t.Errorf("status %d, stderr %q; want 2, %q", s, stderr.String(), want)
	}
	if strings.Contains(stderr.String(), ".tmp") {
		t.Error("the message names the temporary file")
	}
}

// TestListenMetricsExactly is issue 10, defect 7: an IPv4 literal binds
// IPv4 only (0.0.0.0 does not answer on [::1]), an IPv6 literal IPv6 only.
func TestListenMetricsExactly(t *testing.T) {
	if ln, err := net.Listen("tcp6", "[::1]:0"); err != nil {
		t.Skip("no IPv6 loopback here:", err)
	} else {
		ln.Close()
	}
	for _, c := range []struct{ addr, network, other string }{
		{"0.0.0.0:0", "tcp4", "[::1]"},
		{"127.0.0.1:0", "tcp4", "[::1]"},
		{"[::]:0", "tcp6", "127.0.0.1"},
		{"[::1]:0", "tcp6", "127.0.0.1"},
	} {
		ln, err := listenMetrics(c.addr)
		if err != nil {
			t.Fatalf("%s: %v", c.addr, err)
		}
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		if conn, err := net.DialTimeout("tcp", net.JoinHostPort(strings.Trim(c.other, "[]"), port), time.Second); err == nil {
			conn.Close()
			t.Errorf("%s: answers on %s too", c.addr, c.other)
		}
		if a, ok := ln.Addr().(*net.TCPAddr); !ok || (a.IP.To4() != nil) != (c.network == "tcp4") {
			t.Errorf("%s: bound %v, want %s", c.addr, ln.Addr(), c.network)
		}
		ln.Close()
	}
}

// TestMetricsNotLoopbackWarns: a metrics address that is not loopback is
// served, with a one-line warning; a loopback one without.
func TestMetricsNotLoopbackWarns(t *testing.T) {
	for _, c := range []struct {
		addr string
		warn bool
	}{{"0.0.0.0:0", true}, {":0", true}, {"127.0.0.1:0", false}, {"localhost:0", false}} {
		var stdout, stderr bytes.Buffer
		if s := run([]string{"--summary", "none", "--metrics-addr", c.addr, "testdata/crlf.txt"}, nil, &stdout, &stderr); s != 0 {
			t.Fatalf("%s: status %d: %s", c.addr, s, stderr.String())
		}
		want := "jmlog: --metrics-addr " + c.addr + ": not a loopback address: anyone who can reach it may read the metrics\n"
		if got := strings.Contains(stderr.String(), want); got != c.warn {
			t.Errorf("%s: warning %v, want %v; stderr:\n%s", c.addr, got, c.warn, stderr.String())
		}
	}
}

// TestNamesSanitized is issue 10, defect 8: a file name with ESC and BEL
// reaches neither the terminal nor the output raw: the summary's FIRST
// SEEN column, error messages, and the -H prefix print it escaped.
func TestNamesSanitized(t *testing.T) {
	dir := t.TempDir()
	evil := filepath.Join(dir, "evil\x1b]0;pwned\x07.log")
	if err := os.WriteFile(evil, []byte("x 871300\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	shown := filepath.Join(dir, `evil\x1b]0;pwned\x07.log`)
	missing := filepath.Join(dir, "gone\x1b[2J.log")
	var stdout, stderr bytes.Buffer
	s := run([]string{"-H", evil, missing}, nil, &stdout, &stderr)
	if s != 2 {
		t.Errorf("status %d", s)
	}
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%s holds ESC or BEL:\n%q", name, out)
		}
	}
	if !strings.HasPrefix(stdout.String(), shown+":x 871300\t[jmlog] ") {
		t.Errorf("prefix: %q", stdout.String())
	}
	// The summary fits 80 columns, so FIRST SEEN may cut the start of a
	// long temporary path: its end is what matters.
	for _, want := range []string{
		filepath.Join(dir, `gone\x1b[2J.log`) + ": no such file or directory",
		`evil\x1b]0;pwned\x07.log:1`,
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

// TestSilentNoOps is issue 10, defect 9: options that can do nothing are
// refused (status 2) when nothing could ever be found, and warned about
// otherwise.
func TestSilentNoOps(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.tsv")
	header := filepath.Join(dir, "header.tsv")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(header, []byte("code\tmessage\tinstruction\n"), 0o644)
	why := ": can never find a code: its first group, or the whole match when it has none, can never be a code's 1 to 9 digits"
	for _, c := range []struct {
		name   string
		args   []string
		status int
		stderr string // the whole of standard error
	}{
		{"empty regexp", []string{"-e", ""}, 2, `jmlog: --regexp ""` + why + `; e.g. -e 'code=(\d+)' (see jmlog --help)` + "\n"},
		{"regexp of letters", []string{"-e", "error"}, 2, `jmlog: --regexp "error"` + why + `; e.g. -e 'code=(\d+)' (see jmlog --help)` + "\n"},
		{"whole match with letters", []string{"-e", `code=\d+`}, 2, `jmlog: --regexp "code=\\d+"` + why + `; e.g. -e 'code=(\d+)' (see jmlog --help)` + "\n"},
		{"one of two useless", []string{"-e", "error", "-e", `code (\d+)`}, 0, `jmlog: --regexp "error"` + why + "\n"},
		{"useless regexp, with -j", []string{"-e", "", "-j", "code"}, 0, `jmlog: --regexp ""` + why + "\n"},
		{"a good regexp", []string{"-e", `(\d+)`}, 0, ""},
		{"empty table", []string{"--codes", empty}, 0, "jmlog: --codes " + empty + ": no codes in it (it is empty, or has only a header); it adds nothing\n"},
		{"header-only table", []string{"--codes", header}, 0, "jmlog: --codes " + header + ": no codes in it (it is empty, or has only a header); it adds nothing\n"},
		{"summary interval 1ns", []string{"--summary-interval", "1ns"}, 2, "jmlog: --summary-interval 1ns: give at least 100ms, e.g. 30s (see jmlog --help)\n"},
		{"summary interval 99ms", []string{"--summary-interval", "99ms"}, 2, "jmlog: --summary-interval 99ms: give at least 100ms, e.g. 30s (see jmlog --help)\n"},
		{"summary interval 100ms", []string{"--summary-interval", "100ms"}, 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			s := run(append(c.args, "--summary", "none", "testdata/crlf.txt"), nil, &stdout, &stderr)
			if s != c.status || stderr.String() != c.stderr {
				t.Errorf("status %d, stderr %q; want %d, %q", s, stderr.String(), c.status, c.stderr)
			}
		})
	}
	// explain and codes load tables the same way.
	var stdout, stderr bytes.Buffer
	if s := run([]string{"explain", "--codes", empty, "871300"}, nil, &stdout, &stderr); s != 0 || !strings.Contains(stderr.String(), "no codes in it") {
		t.Errorf("explain: status %d, stderr %q", s, stderr.String())
	}
}

// TestReadErrStripsEveryLayer: "writing output: write output: no space
// left on device" (issue 10, defect 9): the os prefixes go, however deep.
func TestReadErrStripsEveryLayer(t *testing.T) {
	for _, err := range []error{
		&os.PathError{Op: "write", Path: "output", Err: syscall.ENOSPC},
		fmt.Errorf("flush: %w", &os.PathError{Op: "write", Path: "output", Err: os.NewSyscallError("writev", syscall.ENOSPC)}),
		os.NewSyscallError("writev", syscall.ENOSPC),
		syscall.ENOSPC,
	} {
		if got := readErr(err).Error(); got != "no space left on device" {
			t.Errorf("readErr(%v) = %q", err, got)
		}
	}
}
