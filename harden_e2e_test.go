package main

// Regression tests for issue 10 ("Hardening, round 2"), run against the
// real binary (see e2e_test.go). Follow-mode tests wait for what jmlog
// prints, each with a deadline (see follow_e2e_test.go).

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/filter/printer/printertest"
)

// TestDeepJSONBoundedMemory is issue 10, defect 5: a line just under 1 MiB
// of deeply nested JSON took 130 MiB (gjson's validator recurses); a line
// nested deeper than parse.MaxJSONDepth is text now, and peak RSS stays
// within the usual bound with the default finder, -j and -o json.
func TestDeepJSONBoundedMemory(t *testing.T) {
	n := (1<<20)/2 - 64
	arrays := `{"code":871300,"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + "}\n"
	m := (1<<20)/6 - 16
	objects := `{"code":871300,"a":` + strings.Repeat(`{"a":`, m) + "1" + strings.Repeat("}", m) + "}\n"
	dir := t.TempDir()
	for _, c := range []struct{ name, line string }{{"arrays", arrays}, {"objects", objects}} {
		path := filepath.Join(dir, c.name+".json")
		if err := os.WriteFile(path, []byte(c.line), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{}, {"-j", "code"}, {"-o", "json"}} {
			t.Run(c.name+"/"+strings.Join(args, " "), func(t *testing.T) {
				cmd, maxRSS := measuredCmd(t, append(args, "--summary", "json", path)...)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("%v: %s", err, stderr.String())
				}
				out := stdout.Bytes()
				switch {
				case len(args) == 0:
					// Text: the annotation at the end of the line, not
					// inside the object.
					if !bytes.Equal(printertest.Strip(out), []byte(c.line)) || !bytes.Contains(out, []byte("}\t[jmlog] 871300")) {
						t.Errorf("not annotated as text; output ends %q", out[max(0, len(out)-80):])
					}
				case args[0] == "-j":
					// Not JSON, so the text finder: the code is found.
					if !strings.HasPrefix(stderr.String(), `{"lines":1,"matched_lines":1,`) {
						t.Errorf("summary %s", stderr.String())
					}
				default:
					if !bytes.HasPrefix(out, []byte(`{"line":"{\"code\":871300`)) {
						t.Errorf("-o json: not a record of a text line: %q", out[:min(len(out), 60)])
					}
				}
				checkGrowth(t, maxRSS())
			})
		}
	}
}

// TestOutputFullDisk: a write to a full disk is reported once, without
// the prefix repeated (issue 10, defect 9: "writing output: write output:
// no space left on device"), through writev(2) and plain writes alike.
func TestOutputFullDisk(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	for _, args := range [][]string{{}, {"-o", "json"}, {"--matched"}} {
		cmd := jmlogCmd(t, append(args, "--summary", "none", "testdata/logcat-sample.txt")...)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = full, &stderr
		cmd.Run()
		if s, want := cmd.ProcessState.ExitCode(), "jmlog: writing output: no space left on device\n"; s != 2 || stderr.String() != want {
			t.Errorf("%v: status %d, stderr %q; want 2, %q", args, s, stderr.String(), want)
		}
	}
}
