package report

import "fmt"

// SummaryFormat is how the summary is written: a table for people, one
// line of JSON for machines, or not at all.
type SummaryFormat int

// The summary formats.
const (
	SummaryText SummaryFormat = iota
	SummaryJSON
	SummaryNone
)

var summaryNames = [...]string{SummaryText: "text", SummaryJSON: "json", SummaryNone: "none"}

func (f SummaryFormat) String() string { return name(summaryNames[:], int(f)) }

// ParseSummaryFormat reads "text", "json" or "none".
func ParseSummaryFormat(s string) (SummaryFormat, error) {
	i, err := parse(summaryNames[:], s)
	return SummaryFormat(i), err
}

// TableFormat is how a code table is listed (see WriteCodes).
type TableFormat int

// The table formats.
const (
	TableText TableFormat = iota
	TableTSV
	TableJSON
	TableCSV
	TableMarkdown
)

var tableNames = [...]string{TableText: "text", TableTSV: "tsv", TableJSON: "json", TableCSV: "csv", TableMarkdown: "md"}

func (f TableFormat) String() string { return name(tableNames[:], int(f)) }

// ParseTableFormat reads "text", "tsv", "json", "csv" or "md".
func ParseTableFormat(s string) (TableFormat, error) {
	i, err := parse(tableNames[:], s)
	return TableFormat(i), err
}

func name(names []string, i int) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("format(%d)", i)
}

// parse returns the index of s in names; the error quotes s and lists
// names.
func parse(names []string, s string) (int, error) {
	for i, n := range names {
		if s == n {
			return i, nil
		}
	}
	list := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			list += " or "
		default:
			list += ", "
		}
		list += n
	}
	return 0, fmt.Errorf("%q: use %s", s, list)
}
