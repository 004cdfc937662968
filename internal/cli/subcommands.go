package cli

import (
	"fmt"
	"io"
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
	var lang string
	fs := flag.NewFlagSet("jmlog explain", flag.ContinueOnError)
	fs.StringArrayVar(&tables, "codes", nil, "load more codes from `FILE`; repeatable")
	fs.StringVar(&lang, "lang", langs[0], "`LANG` en or zh: the row to show first where a code has both")
	fs.BoolVarP(&help, "help", "h", false, "show this help")
	if err := parseFlags(fs, args); err != nil {
		return 0, err
	}
	if help {
		fmt.Fprintf(a.Stdout, "Usage: jmlog explain [--codes FILE]... [--lang en|zh] CODE...\n\nPrint the message, instruction, platform and source of each row of each CODE.\nExit status: 0 all found, 1 a code is not in the table, 2 an error.\n\n%s", fs.FlagUsages())
		return exitOK, nil
	}
	if fs.NArg() == 0 {
		return 0, usageErr("explain needs at least one CODE, e.g. jmlog explain 871300")
	}
	lang, err := checkLang(lang)
	if err != nil {
		return 0, err
	}
	tab, err := a.table(tables, lang)
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
		rows := tab.Rows(code)
		if len(rows) == 0 {
			fmt.Fprintf(a.Stdout, "%d  not in the code table", code)
			if code/1000 == 871 {
				fmt.Fprint(a.Stdout, " (an unknown JMessage Android code)")
			}
			fmt.Fprintln(a.Stdout, "; load more codes with --codes FILE")
			status = exitGate
			continue
		}
		for j := range rows {
			if j > 0 {
				fmt.Fprintln(a.Stdout)
			}
			report.WriteExplain(a.Stdout, &rows[j])
		}
	}
	return status, nil
}

// codes lists the table, or with --check reports the codes that appear
// more than once in table files: status 1 when some do.
func (a *App) codes(args []string) (int, error) {
	var tables, check []string
	var format, columns, lang string
	var help, noHeader bool
	fs := flag.NewFlagSet("jmlog codes", flag.ContinueOnError)
	fs.StringVar(&format, "format", "text", "output `FORMAT`: text, csv, tsv, json or md (a Markdown table)")
	fs.StringArrayVar(&tables, "codes", nil, "load more codes from `FILE`; repeatable")
	fs.StringVar(&lang, "lang", langs[0], "`LANG` en or zh: the row to list where a code has both")
	fs.StringVar(&columns, "columns", "", "with csv, tsv or md: only the columns `LIST`, in order, e.g. code,message\n(default code,message,instruction,platform,lang,source and the tables' own)")
	fs.BoolVar(&noHeader, "no-header", false, "with csv or tsv: no header row")
	fs.StringArrayVar(&check, "check", nil, "list no table: report the codes that appear more than once in `FILE`,\nwith their line numbers (exit status 1 if any do); repeatable")
	fs.BoolVarP(&help, "help", "h", false, "show this help")
	if err := parseFlags(fs, args); err != nil {
		return 0, err
	}
	if help {
		fmt.Fprintf(a.Stdout, "Usage: jmlog codes [--format text|csv|tsv|json|md] [--codes FILE]... [--lang en|zh]\n       jmlog codes --check FILE...\n\nList the code table (the embedded rows merged with --codes files), or check\ntable files for codes that appear more than once. The CSV loads as a Vector\nenrichment table and a Fluent Bit lookup file; for a Logstash translate\ndictionary, use --columns code,message --no-header.\nExit status: 0 done (--check: no code appears twice), 1 --check found codes that\nappear twice, 2 an error (a malformed file).\n\n%s", fs.FlagUsages())
		return exitOK, nil
	}
	if fs.NArg() > 0 {
		return 0, usageErr("codes takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	if len(check) > 0 {
		return a.check(check), nil
	}
	o, err := tableOptions(format, columns, noHeader)
	if err != nil {
		return 0, err
	}
	if lang, err = checkLang(lang); err != nil {
		return 0, err
	}
	tab, err := a.table(tables, lang)
	if err != nil {
		return 0, err
	}
	es := tab.Entries()
	if o.Columns != nil {
		if err := report.WriteTable(io.Discard, es, o); err != nil {
			return 0, usageErr("--columns: %v", err)
		}
	}
	return exitOK, report.WriteTable(a.Stdout, es, o)
}

// tableOptions checks --format, --columns and --no-header of codes.
func tableOptions(format, columns string, noHeader bool) (report.TableOptions, error) {
	tf, err := report.ParseTableFormat(format)
	if err != nil {
		return report.TableOptions{}, usageErr("--format %v", err)
	}
	o := report.TableOptions{Format: tf, NoHeader: noHeader}
	if columns != "" {
		if tf == report.TableText || tf == report.TableJSON {
			return o, usageErr("--columns goes with --format csv, tsv or md")
		}
		if o.Columns, err = report.ParseColumns(columns); err != nil {
			return o, usageErr("--columns: %v", err)
		}
	}
	if noHeader && tf != report.TableCSV && tf != report.TableTSV {
		return o, usageErr("--no-header goes with --format csv or tsv")
	}
	return o, nil
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
