package report

import (
	"context"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
)

func TestMarkdown(t *testing.T) {
	tab, err := codes.Parse("x.tsv", strings.NewReader("871901\tQuota | *50%* <b> [x](y) `z` \\\tretry\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	f := filter.New(filter.Config{Table: codes.Merge(codes.Embedded(), tab)})
	if err := f.Run(context.Background(), &filter.Source{Name: "a|b_c.log", R: strings.NewReader("871901 871300\n871999\nplain\n871300\n")}); err != nil {
		t.Fatal(err)
	}
	s := f.Counts().Snapshot()
	var b strings.Builder
	if err := WriteMarkdown(&b, &s, MarkdownOptions{Inputs: []string{"a|b_c.log"}, Annotations: &AnnotationCount{Groups: 3, Written: 2, Max: 2}}); err != nil {
		t.Fatal(err)
	}
	want := "### JMessage codes in a\\|b\\_c.log\n\n" +
		"4 codes (3 distinct, 1 unknown) in 3 of 4 lines.\n\n" +
		"Annotations: 2 of 3 (one per code and file, the most frequent first; 1 left out by `--ci-max 2`). Every code is in the table.\n\n" +
		"| count | code | message | first seen |\n| ---: | --- | --- | --- |\n" +
		"| 2 | 871300 | Have not logged in. (Initiator of api call has not logged in) | a\\|b\\_c.log:1 |\n" +
		"| 1 | 871901 | Quota \\| \\*50%\\* \\<b\\> \\[x\\](y) \\`z\\` \\\\ (retry) | a\\|b\\_c.log:1 |\n" +
		"| 1 | 871999 | (unknown: not in the code table) | a\\|b\\_c.log:2 |\n\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	var empty filter.Summary
	b.Reset()
	empty.Lines = 7
	WriteMarkdown(&b, &empty, MarkdownOptions{Inputs: []string{"-", "b.log", "c.log", "d.log", "e.log"}})
	if b.String() != "### JMessage codes in standard input, b.log, c.log and 2 more\n\nNo JMessage codes in 7 lines.\n\n" {
		t.Errorf("empty: %q", b.String())
	}
}
