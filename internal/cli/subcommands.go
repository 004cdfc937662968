package cli

import (
	"fmt"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter/report"
)

// explain prints the table rows of the given codes. A code not in the table
// is reported and makes the status 1.
func (a *App) explain(args []string) (int, error) {
	var tables []string
	var help bool
	fs := flag.NewFlagSet("jmlog explain", flag.ContinueOnError)
	fs.StringArrayVar(&tables, "codes", nil, "load more codes from `FILE`; repeatable")
	fs.BoolVarP(&help, "help", "h", false, "show this help")
	if err := parseFlags(fs, args); err != nil {
		return 0, err
	}
	if help {
		fmt.Fprintf(a.Stdout, "Usage: jmlog explain [--codes FILE]... CODE...\n\nPrint the message, instruction and source of each CODE.\nExit status: 0 all found, 1 a code is not in the table, 2 an error.\n\n%s", fs.FlagUsages())
		return exitOK, nil
	}
	if fs.NArg() == 0 {
		return 0, usageErr("explain needs at least one CODE, e.g. jmlog explain 871300")
	}
	tab, err := a.table(tables)
	if err != nil {
		return 0, err
	}
	status := exitOK
	for i, arg := range fs.Args() {
		code, ok := codes.ParseCode(arg)
		if !ok {
			return 0, usageErr("explain: %q is not a code: give 1 to 9 digits without leading zeros, e.g. 871300", arg)
		}
		if i > 0 {
			fmt.Fprintln(a.Stdout)
		}
		e, ok := tab.Lookup(code)
		if !ok {
			fmt.Fprintf(a.Stdout, "%d  not in the code table", code)
			if code/1000 == 871 {
				fmt.Fprint(a.Stdout, " (an unknown JMessage Android code)")
			}
			fmt.Fprintln(a.Stdout, "; load more codes with --codes FILE")
			status = exitGate
			continue
		}
		report.WriteExplain(a.Stdout, e)
	}
	return status, nil
}

// codes lists the table, or with --check reports the codes that appear
// more than once in table files: status 1 when some do.
func (a *App) codes(args []string) (int, error) {
	var tables, check []string
	var format string
	var help bool
	fs := flag.NewFlagSet("jmlog codes", flag.ContinueOnError)
	fs.StringVar(&format, "format", "text", "output `FORMAT`: text, tsv or json")
	fs.StringArrayVar(&tables, "codes", nil, "load more codes from `FILE`; repeatable")
	fs.StringArrayVar(&check, "check", nil, "list no table: report the codes that appear more than once in `FILE`,\nwith their line numbers (exit status 1 if any do); repeatable")
	fs.BoolVarP(&help, "help", "h", false, "show this help")
	if err := parseFlags(fs, args); err != nil {
		return 0, err
	}
	if help {
		fmt.Fprintf(a.Stdout, "Usage: jmlog codes [--format text|tsv|json] [--codes FILE]...\n       jmlog codes --check FILE...\n\nList the code table (the embedded rows merged with --codes files), or check\ntable files for codes that appear more than once.\nExit status: 0 done (--check: no code appears twice), 1 --check found codes that\nappear twice, 2 an error (a malformed file).\n\n%s", fs.FlagUsages())
		return exitOK, nil
	}
	if fs.NArg() > 0 {
		return 0, usageErr("codes takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	if len(check) > 0 {
		return a.check(check), nil
	}
	tf, err := report.ParseTableFormat(format)
	if err != nil {
		return 0, usageErr("--format %v", err)
	}
	tab, err := a.table(tables)
	if err != nil {
		return 0, err
	}
	return exitOK, report.WriteCodes(a.Stdout, tab.Entries(), tf)
}

// check is codes --check: for each file, every code that appears more than
// once and its lines. A malformed file is reported, and the others are
// still checked.
func (a *App) check(paths []string) int {
	status := exitOK
	for _, p := range paths {
		dups, err := codes.Check(p)
		if err != nil {
			a.log.Error().Str("event", "table").Str("file", p).Msg(fmt.Sprintf("--check: %v", err))
			status = exitError
			continue
		}
		report.WriteDuplicates(a.Stdout, p, dups)
		if len(dups) > 0 && status == exitOK {
			status = exitGate
		}
	}
	return status
}
