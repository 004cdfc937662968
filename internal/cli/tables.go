package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/parse"
)

// langs are the values of --lang; the first is the default, the language
// the SDK itself prints.
var langs = []string{"en", "zh"}

// checkLang returns the --lang value s, or a usage error naming flag.
func checkLang(s string) (string, error) {
	for _, l := range langs {
		if strings.EqualFold(s, l) {
			return l, nil
		}
	}
	return "", usageErr("--lang %s: use en or zh", quote(s))
}

// loadTables loads the --codes files in order, without merging them. The
// error is the first file's that failed: a *codes.LoadError, whose text
// names the file and the line.
func loadTables(paths []string) ([]*codes.Table, error) {
	ts := []*codes.Table{codes.Embedded()}
	for _, p := range paths {
		t, err := codes.Load(p)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// table returns the embedded table merged with the --codes files, in the
// language lang where a code has rows in both (see codes.MergeLang). A file
// that holds no code (empty, or a header only) is loaded, with a warning:
// it adds nothing.
func (a *App) table(paths []string, lang string) (*codes.Table, error) {
	ts, err := loadTables(paths)
	for i := 1; err == nil && i < len(ts); i++ {
		if t := ts[i]; t.Len() == 0 {
			a.log.Warn().Str("event", "table").Str("file", paths[i-1]).
				Msg(fmt.Sprintf("--codes %s: no codes in it (it is empty, or has only a header); it adds nothing", paths[i-1]))
		}
	}
	if err != nil {
		var le *codes.LoadError
		if errors.Is(err, fs.ErrNotExist) && errors.As(err, &le) {
			err = fmt.Errorf("%s: no such file; jmlog has the Android codes built in, and --codes loads a table file you have (.tsv or .csv with columns code, message, instruction; .json; or a vendor's error-code page, .md)", le.Path)
		}
		return nil, &statusError{status: exitError, err: fmt.Errorf("--codes: %w", err), event: "table"}
	}
	return codes.MergeLang(lang, ts...), nil
}

// knownCodes returns the codes of tab, once each.
func knownCodes(tab *codes.Table) []uint32 { return tab.Codes() }

// finding returns the finders that o asks for, made for tab: the default
// text finder (parse.NewTextFinder: the boundary rule for codes of 6
// digits or more, anchored shapes for shorter ones), or -e expressions,
// and -j paths on top.
func finding(o *flags, tab *codes.Table) (filter.Finding, error) {
	fd := filter.Finding{Table: tab}
	var text parse.Finder // what finds codes in lines that are not JSON objects
	if len(o.regexps) > 0 {
		rf, err := parse.NewRegexFinder(o.regexps)
		if err != nil {
			return fd, &statusError{status: exitError, err: fmt.Errorf("--regexp: %w", err)}
		}
		text = rf
		// The fastest exact way: the block finder where every expression
		// runs without RE2; else the prefilter picks the lines for Find;
		// else Find on every line. With -j below, the JSON finder needs
		// every line, and Pre is dropped.
		switch {
		case rf.Block() != nil:
			fd.Pre = rf.Block()
		case rf.Prefilter() != nil:
			fd.Pre, fd.Line = rf.Prefilter(), rf
		default:
			fd.Line = rf
		}
	} else {
		text = parse.NewTextFinderSeq(tab.AllCodes()) // no slice of a large table's codes
		fd.Pre = text
	}
	if len(o.jsonPaths) > 0 {
		jf, err := parse.NewJSONFinder(o.jsonPaths, text)
		if err != nil {
			return fd, &statusError{status: exitError, err: fmt.Errorf("--json-path: %w", err)}
		}
		fd.Line = jf
		switch {
		case len(o.regexps) > 0:
			// A regular expression need not match where a path's value
			// is: every line goes to the JSON finder.
			fd.Pre = nil
		default:
			// The prefilter picks the lines for the paths too, whose values
			// are codes of any length without a shape around them: a
			// Scanner of every known code finds every one (and every
			// anchored code of the text finder). Strings at the paths are
			// decoded and searched, and a code right after an escape
			// (\n871300) is not a hit of the raw line: JSONPre adds those.
			if _, plain := text.(*parse.Scanner); !plain {
				fd.Pre = parse.NewScanner(knownCodes(tab))
			}
			fd.Pre = parse.JSONPre{Text: fd.Pre}
		}
	}
	return fd, nil
}
