package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteFile is issue 10, defect 6: modes kept, symbolic links written
// through, a directory refused by name, stale temporary files removed.
func TestWriteFile(t *testing.T) {
	type setup func(t *testing.T, dir string) (path string)
	file := func(name string, mode fs.FileMode) setup {
		return func(t *testing.T, dir string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte("old"), mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, mode); err != nil { // past the umask
				t.Fatal(err)
			}
			return p
		}
	}
	link := func(name, target string, then setup) setup {
		return func(t *testing.T, dir string) string {
			if then != nil {
				then(t, dir)
			}
			p := filepath.Join(dir, name)
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
	}
	for _, c := range []struct {
		name    string
		setup   setup
		written string // the file that must hold the new data, relative to dir
		mode    fs.FileMode
		links   []string // paths that must still be symbolic links
		err     string   // the error must contain this
	}{
		{name: "new file", setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "new.json") },
			written: "new.json", mode: NewMode},
		{name: "existing 0600 stays 0600", setup: file("s.json", 0o600), written: "s.json", mode: 0o600},
		{name: "existing 0640 stays 0640", setup: file("s.json", 0o640), written: "s.json", mode: 0o640},
		{name: "existing 0755 stays 0755", setup: file("s.json", 0o755), written: "s.json", mode: 0o755},
		{name: "link to a file", setup: link("l.json", "real.json", file("real.json", 0o600)),
			written: "real.json", mode: 0o600, links: []string{"l.json"}},
		{name: "link into another directory", setup: link("l.json", "sub/real.json", func(t *testing.T, dir string) string {
			os.Mkdir(filepath.Join(dir, "sub"), 0o755)
			return file("sub/real.json", 0o640)(t, dir)
		}), written: "sub/real.json", mode: 0o640, links: []string{"l.json"}},
		{name: "chain of links", setup: link("a.json", "b.json", link("b.json", "real.json", file("real.json", 0o644))),
			written: "real.json", mode: 0o644, links: []string{"a.json", "b.json"}},
		{name: "dangling link", setup: link("l.json", "created.json", nil),
			written: "created.json", mode: NewMode, links: []string{"l.json"}},
		{name: "directory", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "adir")
			os.Mkdir(p, 0o755)
			return p
		}, err: "adir: is a directory; give the path of a file"},
		{name: "link to a directory", setup: link("l", "adir", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "adir")
			os.Mkdir(p, 0o755)
			return p
		}), err: "l: is a directory"},
		{name: "FIFO", setup: func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "fifo")
			mkfifo(t, p)
			return p
		}, err: "fifo: is not a regular file"},
		{name: "link loop", setup: link("a", "b", link("b", "a", nil)), err: "a: too many levels of symbolic links"},
		{name: "missing directory", setup: func(t *testing.T, dir string) string { return filepath.Join(dir, "no", "x.json") },
			err: "x.json: cannot create a file in "},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := c.setup(t, dir)
			err := WriteFile(path, []byte("new"))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), ".tmp") {
					t.Fatalf("err = %v, want one with %q (and no temporary file's name)", err, c.err)
				}
				checkNoTemp(t, dir)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(dir, c.written)
			st, err := os.Lstat(target)
			if err != nil {
				t.Fatal(err)
			}
			if data, _ := os.ReadFile(target); string(data) != "new" || !st.Mode().IsRegular() || st.Mode().Perm() != c.mode {
				t.Errorf("%s: %q, mode %v; want \"new\", a regular file, %v", c.written, data, st.Mode(), c.mode)
			}
			for _, l := range c.links {
				if st, err := os.Lstat(filepath.Join(dir, l)); err != nil || st.Mode()&fs.ModeSymlink == 0 {
					t.Errorf("%s is no longer a symbolic link", l)
				}
			}
			checkNoTemp(t, dir)
		})
	}
}

// checkNoTemp fails if a temporary file is left anywhere under dir.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), tmpMark) {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

// TestWriteFileRemovesStale: temporary files of WriteFile's pattern for
// the same name, unchanged for StaleAfter, are removed; a fresh one (a
// write in progress) and other files are not.
func TestWriteFileRemovesStale(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-StaleAfter - time.Second)
	files := map[string]bool{ // name: must remain
		".sum.json.jmlog-123.tmp":   false, // stale, ours
		".sum.json.jmlog-456.tmp":   true,  // fresh: in progress
		".other.json.jmlog-789.tmp": true,  // another file's
		".sum.json.123.tmp":         true,  // not jmlog's pattern
		"sum.json.jmlog-1.tmp":      true,  // not hidden: not ours
	}
	for name, keep := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if !keep || name != ".sum.json.jmlog-456.tmp" {
			os.Chtimes(p, old, old)
		}
	}
	if err := WriteFile(filepath.Join(dir, "sum.json"), []byte("{}")); err != nil {
		t.Fatal(err)
	}
	for name, keep := range files {
		if _, err := os.Stat(filepath.Join(dir, name)); (err == nil) != keep {
			t.Errorf("%s: exists %v, want %v", name, err == nil, keep)
		}
	}
}

// TestWriteFileKeepsOldOnError: when the write fails, the old file stays
// as it was and no temporary file is left (a read-only directory; root may
// write anyway, so the test needs another user).
func TestWriteFileKeepsOldOnError(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only directory; reliability_test.go covers it as nobody")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "s.json")
	os.WriteFile(path, []byte("old"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	err := WriteFile(path, []byte("new"))
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("err = %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("old file now %q", data)
	}
}
