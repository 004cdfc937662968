// Command mktable turns the JMessage Android error-code table of the spec
// (an HTML table inside Markdown) into the two bench inputs:
//
//	bench/android.tsv   code<TAB>message<TAB>instruction, one row per non-zero code
//	bench/android.json  {"871101":{"message":"...","instruction":"..."}, ...}
//
// Run from the repository root:
//
//	go run ./bench/mktable -spec ../shared/spec/jmessage-android-error-codes.md
//
// HTML tags are stripped and runs of white space become one space. Both files
// are committed; rerun this only when the spec changes.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

var (
	rowRE  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellRE = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	wsRE   = regexp.MustCompile(`\s+`)
)

type entry struct {
	Message     string `json:"message"`
	Instruction string `json:"instruction"`
}

func main() {
	spec := flag.String("spec", "../shared/spec/jmessage-android-error-codes.md", "the spec's Markdown file")
	tsvPath := flag.String("tsv", "bench/android.tsv", "TSV output")
	jsonPath := flag.String("json", "bench/android.json", "JSON output")
	flag.Parse()

	src, err := os.ReadFile(*spec)
	if err != nil {
		fail(err)
	}
	var tsv bytes.Buffer
	var js bytes.Buffer
	js.WriteString("{\n")
	n := 0
	for _, row := range rowRE.FindAllSubmatch(src, -1) {
		cells := cellRE.FindAllSubmatch(row[1], -1)
		if len(cells) != 3 {
			continue // the header row uses <th>
		}
		var f [3]string
		for i, c := range cells {
			f[i] = strings.TrimSpace(wsRE.ReplaceAllString(tagRE.ReplaceAllString(string(c[1]), ""), " "))
		}
		code, err := strconv.Atoi(f[0])
		if err != nil {
			fail(fmt.Errorf("bad code %q", f[0]))
		}
		if code == 0 {
			continue
		}
		fmt.Fprintf(&tsv, "%d\t%s\t%s\n", code, f[1], f[2])
		e, _ := json.Marshal(entry{f[1], f[2]})
		if n > 0 {
			js.WriteString(",\n")
		}
		fmt.Fprintf(&js, "  %q: %s", strconv.Itoa(code), e)
		n++
	}
	js.WriteString("\n}\n")
	if n != 39 {
		fail(fmt.Errorf("found %d non-zero rows, want 39", n))
	}
	if err := os.WriteFile(*tsvPath, tsv.Bytes(), 0o644); err != nil {
		fail(err)
	}
	if err := os.WriteFile(*jsonPath, js.Bytes(), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "mktable: %d rows -> %s, %s\n", n, *tsvPath, *jsonPath)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mktable:", err)
	os.Exit(2)
}
