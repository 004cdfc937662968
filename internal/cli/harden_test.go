package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
