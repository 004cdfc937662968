package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README runs (issue 11). Every ```console and ```sh block of README.md
// and bench/README.md is run here, unless the line before it is
//
//	<!-- illustrative: REASON -->
//
// with a reason (it needs adb, a network, a running Prometheus...):
//
//   - a console block is a transcript: each "$ " line is a command, and the
//     lines up to the next command are its output, standard output and
//     standard error together, exactly; a line "..." stands for any number
//     of lines. The commands of a block run in one bash, one after the
//     other, so "$ echo $?" shows the status of the command before it.
//   - a sh block is a script: it must exit with status 0.
//
// Both run in a fresh directory holding a copy of testdata/, as if in a
// checkout, with jmlog (this test binary, run as main) first on PATH.

// docBlock is one fenced block of a Markdown file.
type docBlock struct {
	file         string
	line         int // of the opening fence
	lang         string
	text         []string
	illustrative string // the reason, for a block marked illustrative
}

var illustrativeRE = regexp.MustCompile(`^<!-- illustrative: (.*\S)\s*-->$`)

// docBlocks returns the fenced blocks of a Markdown file.
func docBlocks(t *testing.T, path string) []docBlock {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []docBlock
	var cur *docBlock
	prev := ""
	for i, l := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(l)
		switch {
		case cur == nil && strings.HasPrefix(trimmed, "```"):
			cur = &docBlock{file: path, line: i + 1, lang: strings.TrimPrefix(trimmed, "```")}
			if m := illustrativeRE.FindStringSubmatch(strings.TrimSpace(prev)); m != nil {
				cur.illustrative = m[1]
			}
		case cur != nil && trimmed == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text = append(cur.text, l)
		}
		prev = l
	}
	if cur != nil {
		t.Fatalf("%s:%d: a block that does not end", path, cur.line)
	}
	return blocks
}

// docEnv makes the directory a block runs in, and the environment.
func docEnv(t *testing.T) (dir string, env []string) {
	t.Helper()
	dir = t.TempDir()
	if err := exec.Command("cp", "-r", "testdata", dir).Run(); err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf("#!/bin/sh\nJMLOG_AS_MAIN=1 exec %q \"$@\"\n", self)
	if err := os.WriteFile(filepath.Join(bin, "jmlog"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	env = []string{"PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin", "HOME=" + dir, "LANG=C.UTF-8", "TZ=UTC"}
	return dir, env
}

func TestREADME(t *testing.T) {
	var blocks []docBlock
	for _, f := range []string{"README.md", "bench/README.md"} {
		blocks = append(blocks, docBlocks(t, f)...)
	}
	ran := 0
	for _, b := range blocks {
		if b.lang != "console" && b.lang != "sh" {
			continue
		}
		name := fmt.Sprintf("%s:%d", b.file, b.line)
		if b.illustrative != "" {
			t.Logf("%s: illustrative: %s", name, b.illustrative)
			continue
		}
		ran++
		t.Run(name, func(t *testing.T) {
			if b.lang == "sh" {
				runScript(t, b)
			} else {
				runTranscript(t, b)
			}
		})
	}
	if ran < 5 {
		t.Errorf("only %d blocks ran", ran)
	}
}

func runScript(t *testing.T, b docBlock) {
	dir, env := docEnv(t)
	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", strings.Join(b.text, "\n"))
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s:%d: %v\n%s", b.file, b.line, err, out)
	}
}

// transcriptStep is one command of a console block and its output.
type transcriptStep struct {
	cmd  string
	want []string
}

func runTranscript(t *testing.T, b docBlock) {
	var steps []transcriptStep
	for _, l := range b.text {
		if c, ok := strings.CutPrefix(l, "$ "); ok {
			steps = append(steps, transcriptStep{cmd: c})
			continue
		}
		if len(steps) == 0 {
			t.Fatalf("%s:%d: output before the first command", b.file, b.line)
		}
		steps[len(steps)-1].want = append(steps[len(steps)-1].want, l)
	}
	const mark = "@@jmlog-readme-step@@"
	var script strings.Builder
	for _, s := range steps {
		fmt.Fprintf(&script, "echo %s\n%s\n", mark, s.cmd)
	}
	dir, env := docEnv(t)
	cmd := exec.Command("bash", "-c", "exec 2>&1\n"+script.String())
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s:%d: %v\n%s", b.file, b.line, err, out)
	}
	parts := strings.Split(string(out), mark+"\n")[1:]
	if len(parts) != len(steps) {
		t.Fatalf("%s:%d: %d commands ran, %d shown:\n%s", b.file, b.line, len(parts), len(steps), out)
	}
	for i, s := range steps {
		got := strings.Split(strings.TrimSuffix(parts[i], "\n"), "\n")
		if parts[i] == "" {
			got = nil
		}
		if !matchLines(s.want, got) {
			t.Errorf("%s:%d: $ %s\ngot:\n%s\nshown:\n%s", b.file, b.line, s.cmd, strings.Join(got, "\n"), strings.Join(s.want, "\n"))
		}
	}
}

// matchLines reports whether got is want, where a want line "..." stands
// for any number of lines.
func matchLines(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchLines(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && got[0] == want[0] && matchLines(want[1:], got[1:])
}

func TestMatchLines(t *testing.T) {
	for _, c := range []struct {
		want, got string
		ok        bool
	}{
		{"a|b", "a|b", true},
		{"a|...|d", "a|b|c|d", true},
		{"a|...|d", "a|d", true},
		{"a|...", "a|b|c", true},
		{"a|...|d", "a|b|c", false},
		{"a|b", "a|b|c", false},
		{"...", "", true},
		{"", "", true},
		{"a", "", false},
	} {
		split := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, "|")
		}
		if got := matchLines(split(c.want), split(c.got)); got != c.ok {
			t.Errorf("matchLines(%q, %q) = %v", c.want, c.got, got)
		}
	}
}

// TestREADMEMarks: an illustrative mark is only ever put before a block,
// and says why.
func TestREADMEMarks(t *testing.T) {
	for _, f := range []string{"README.md", "bench/README.md"} {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		var prev string
		n := 0
		for sc.Scan() {
			n++
			if strings.HasPrefix(strings.TrimSpace(prev), "<!-- illustrative") {
				if !illustrativeRE.MatchString(strings.TrimSpace(prev)) || !strings.HasPrefix(strings.TrimSpace(sc.Text()), "```") {
					t.Errorf("%s:%d: an illustrative mark must say why, on the line right before a block", f, n-1)
				}
			}
			prev = sc.Text()
		}
		fh.Close()
	}
}
