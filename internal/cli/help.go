package cli

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	flag "github.com/spf13/pflag"
)

// helpWidth is the width --help is laid out for: it fits an 80-column
// terminal.
const helpWidth = 79

// helpColumn is where option descriptions start.
const helpColumn = 24

const usageHead = `Usage: jmlog [OPTION]... [FILE]...
       jmlog explain [--codes FILE]... [--lang en|zh] CODE...
       jmlog codes [--format text|csv|tsv|json|md] [--codes FILE]...
       jmlog codes --check FILE...

Annotate JMessage SDK error codes (871xxx, and the codes of --codes tables) in log lines. Every byte is passed through; a line with codes gets "<TAB>[jmlog] CODE MESSAGE (INSTRUCTION)" before its line ending, or, when it holds a JSON object, a "jmlog" member inside the object. A summary of the codes seen goes to standard error (to standard output with -c).

Input:
  FILE...  read in order; none, or -, is standard input. gzip and zstd are decompressed on the fly (with -f, a compressed file is read once, not followed). The Android codes are built in; --codes adds tables of your own.
`

const usageExamples = `Examples:
  adb logcat | jmlog                        # annotate a live device log
  jmlog --matched app.log                   # only the lines with codes
  jmlog -c --top 5 app-*.log.gz             # just the 5 most frequent codes
  jmlog -c --summary json app.log | jq .codes
  jmlog -j error.code server.ndjson         # codes only at a JSON path
  jmlog --ci github --fail-on any device.log.gz   # a GitHub Actions step
  jmlog -f --summary-interval 10m /var/log/chat/server.log
  jmlog explain 871300
`

const usageTail = `SIGUSR1 prints the summary so far. SIGHUP reloads the --codes files (a table that fails to load keeps the one in force). SIGINT and SIGTERM write out what was read, print the summary (and write --summary-file and --junit) and exit, as at the end of input; a second SIGINT or SIGTERM exits at once with status 2.

Exit status: 0 done (codes found or not), 1 a gate tripped (--fail-on saw a code it lists, explain of a code not in the table, codes --check found a code twice), 2 an error (bad usage, a bad regex, JSON path or table, an unreadable or corrupt input, a failed write); 2 wins over 1. A closed output pipe ends jmlog quietly, with 0 or the --fail-on status.
`

// help writes --help: the usage, the options by group, examples, signals
// and exit status, every line at most helpWidth cells.
func (a *App) help(fs *flag.FlagSet) {
	var b strings.Builder
	head, input, _ := strings.Cut(usageHead, "Input:\n")
	writeParagraphs(&b, head)
	b.WriteString("Input:\n")
	lead, text, _ := strings.Cut(strings.TrimPrefix(input, "  "), "  ")
	writeOption(&b, lead, text)
	for _, g := range helpGroups {
		if g != "Input" {
			b.WriteString("\n" + g + ":\n")
		}
		fs.VisitAll(func(f *flag.Flag) {
			if f.Hidden || len(f.Annotations[groupAnnotation]) == 0 || f.Annotations[groupAnnotation][0] != g {
				return
			}
			lead, text := optionLead(f)
			writeOption(&b, lead, text)
		})
	}
	b.WriteString("\n" + usageExamples + "\n")
	writeParagraphs(&b, usageTail)
	fmt.Fprint(a.Stdout, b.String())
}

// optionLead is the left column of f's line, "-e, --regexp RE", and its
// description.
func optionLead(f *flag.Flag) (string, string) {
	name, usage := flag.UnquoteUsage(f)
	lead := "    --" + f.Name
	if f.Shorthand != "" {
		lead = "-" + f.Shorthand + ", --" + f.Name
	}
	if name != "" {
		lead += " " + name
	}
	return lead, usage
}

// writeOption writes one option: its lead in the left column, the text
// wrapped in the right one (starting on the next line when the lead is too
// wide).
func writeOption(b *strings.Builder, lead, text string) {
	lead = "  " + lead
	lines := wrap(text, helpWidth-helpColumn)
	if len(lead)+2 > helpColumn {
		b.WriteString(lead + "\n")
	} else {
		b.WriteString(lead + strings.Repeat(" ", helpColumn-len(lead)) + lines[0] + "\n")
		lines = lines[1:]
	}
	for _, l := range lines {
		b.WriteString(strings.Repeat(" ", helpColumn) + l + "\n")
	}
}

// writeParagraphs writes text with each paragraph (a line of its own, or
// several lines that start at the margin) wrapped at helpWidth; lines that
// start with a space are written as they are.
func writeParagraphs(b *strings.Builder, text string) {
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if l == "" || strings.HasPrefix(l, " ") {
			b.WriteString(l + "\n")
			continue
		}
		for _, w := range wrap(l, helpWidth) {
			b.WriteString(w + "\n")
		}
	}
}

// wrap breaks s at spaces into lines of at most width bytes (help text is
// ASCII); a word longer than width stays whole.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

func quote(s string) string { return strconv.Quote(s) }

// readBuildInfo is debug.ReadBuildInfo, or nil when the binary has none.
func readBuildInfo() *debug.BuildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	return bi
}

// versionLine is what -V prints: the module version, then the VCS
// revision and commit time and "modified" for a dirty tree when the build
// recorded them, and the Go version:
//
//	jmlog (devel) rev 1c875b7e2f4a 2026-12-01T10:00:00Z modified, go1.26.8
func versionLine(bi *debug.BuildInfo) string {
	if bi == nil {
		return "jmlog (unknown version: built without module information)"
	}
	v := "jmlog " + bi.Main.Version
	if bi.Main.Version == "" {
		v = "jmlog (devel)"
	}
	set := map[string]string{}
	for _, s := range bi.Settings {
		set[s.Key] = s.Value
	}
	if r := set["vcs.revision"]; r != "" {
		v += " rev " + r[:min(12, len(r))]
	}
	if t := set["vcs.time"]; t != "" {
		v += " " + t
	}
	if set["vcs.modified"] == "true" {
		v += " modified"
	}
	if bi.GoVersion != "" {
		v += ", " + bi.GoVersion
	}
	return v
}
