package cli

import (
	"fmt"
	"runtime/debug"
	"strconv"

	flag "github.com/spf13/pflag"
)

const usage = `Usage: jmlog [OPTION]... [FILE]...
       jmlog explain CODE...
       jmlog codes [--format text|tsv|json] [--codes FILE]...
       jmlog codes --check FILE...

Annotate JMessage SDK error codes (871xxx) in log lines. Reads each FILE in
order, or standard input when there is no FILE or FILE is -. Every byte is
passed through; a line with codes gets "<TAB>[jmlog] CODE MESSAGE
(INSTRUCTION) | ..." before its line ending, or, when it holds a JSON object,
a "jmlog" member inside the object. A summary of the codes seen goes to
standard error.

Options:
%s
SIGUSR1 prints the summary so far. SIGINT and SIGTERM write out what was read,
print the summary (and write --summary-file and --junit) and exit, as at the
end of input; a second SIGINT or SIGTERM exits at once with status 2.

Exit status: 0 done (codes found or not), 1 a gate tripped (--fail-on saw a
code it lists, explain of a code not in the table, codes --check found a code
twice), 2 an error (bad usage, a bad regex, JSON path or table, an unreadable
or corrupt input, a failed write); 2 wins over 1. A closed output pipe ends
jmlog quietly, with 0 or the --fail-on status. On SIGINT or SIGTERM the status
is the one the end of input would give. Input compressed with gzip or zstd is
decompressed on the fly (not with -f).
`

func (a *App) help(fs *flag.FlagSet) {
	fmt.Fprintf(a.Stdout, usage, fs.FlagUsages())
}

func quote(s string) string { return strconv.Quote(s) }

func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}
