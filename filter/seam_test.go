package filter

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/parse"
)

// TestCRISeams: a code split across the P pieces of a CRI message is found,
// once, on the line where it ends; nothing is joined across F pieces, other
// streams or in sources that are not CRI; the bytes pass as they are.
func TestCRISeams(t *testing.T) {
	const ts = "2026-12-02T10:00:00.1Z "
	re, err := parse.NewRegexFinder([]string{`code=(\d+)`})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cfg  Config
		in   []string // lines
		want string   // "num:code,code num:code", the lines with codes
	}{
		{"split", Config{}, []string{ts + "stderr P login failed code=8713", ts + "stderr F 00 bye"}, "2:871300"},
		{"three pieces", Config{}, []string{ts + "stdout P x 87", ts + "stdout P 13", ts + "stdout F 00 y"}, "3:871300"},
		{"interleaved streams", Config{}, []string{ts + "stdout P a 871", ts + "stderr F b 871104", ts + "stdout F 300 c"}, "2:871104 3:871300"},
		{"seven digits joined", Config{}, []string{ts + "stdout P x 8713", ts + "stdout F 001 y"}, ""},
		{"word byte before", Config{}, []string{ts + "stdout P x8713", ts + "stdout F 00"}, ""},
		{"word byte after", Config{}, []string{ts + "stdout P x 8713", ts + "stdout F 00z"}, ""},
		{"F does not join", Config{}, []string{ts + "stdout F 871", ts + "stdout F 300"}, ""},
		{"codes inside pieces, and one across", Config{}, []string{ts + "stdout P 871300 871", ts + "stdout F 104 871201"}, "1:871300 2:871104,871201"},
		{"empty last piece", Config{}, []string{ts + "stdout P 871300", ts + "stdout F"}, "1:871300"},
		{"CRLF terminators", Config{}, []string{ts + "stdout P 8713\r", ts + "stdout F 00\r"}, "2:871300"},
		{"not CRI", Config{}, []string{"plain", ts + "stdout P x 8713", ts + "stdout F 00 y"}, ""},
		{"regexp", Config{Line: re}, []string{ts + "stdout P code=87", ts + "stdout F 1300 x"}, "2:871300"},
		{"long pieces", Config{}, []string{ts + "stdout P " + strings.Repeat("y ", 3000) + "871", ts + "stdout F 300" + strings.Repeat(" y", 3000)}, "2:871300"},
	}
	for _, c := range cases {
		in := []byte(strings.Join(c.in, "\n") + "\n")
		for _, rd := range testReaders {
			for _, size := range []int{16 << 10, DefaultBufSize} {
				var k kitchen
				cfg := c.cfg
				cfg.Sink, cfg.BufSize = &k, size
				if err := New(cfg).Run(context.Background(), &Source{Name: "pod.log", R: rd.wrap(bytes.NewReader(in))}); err != nil {
					t.Fatal(err)
				}
				if got := seamLines(k.b.String()); got != c.want {
					t.Errorf("%s %s/%d: %q, want %q", c.name, rd.name, size, got, c.want)
				}
			}
		}
	}
}

// seamLines renders the line events of a kitchen as "num:code,code ...".
func seamLines(events string) string {
	var out []string
	for _, ev := range strings.Split(events, "\n") {
		rest, ok := strings.CutPrefix(ev, "line:pod.log:")
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, ":")
		var cs []string
		for _, f := range strings.Fields(rest[strings.LastIndex(rest, `":`)+2:]) {
			code, _, _ := strings.Cut(f, "*")
			cs = append(cs, code)
		}
		out = append(out, num+":"+strings.Join(cs, ","))
	}
	return strings.Join(out, " ")
}
