package cli

import (
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/report"
)

// summaryOut is where the summary goes and how it is drawn: standard error,
// or standard output with -c (as grep -c prints its counts there).
//
// When standard output is a terminal, the annotated lines are written
// through a lineWriter that shares a lock with the summary: a summary is
// never written in the middle of one of their writes, and it starts on a
// fresh line when the output's last line is not finished.
type summaryOut struct {
	w      io.Writer
	format report.SummaryFormat
	text   report.TextOptions
	// fresh, when set, is written before each summary: spaces to the
	// terminal's last column and a CR, which move the cursor to the start
	// of a fresh line from wherever it is (after a "^C" echo, or output
	// of another program), without adding a blank line.
	fresh string
	lines *lineWriter // standard output when it is a terminal; or nil
	// shared, when standard output and standard error are one file (2>&1
	// into a file or pipe), is the output's writer: the summary starts a
	// line of its own when the output's last line is unfinished.
	shared interface{ AtLineStart() bool }

	mu        sync.Mutex // one summary at a time
	lastLines int64      // lines counted at the last summary so far
	lastTotal int64      // codes counted at the last summary so far
}

// newSummaryOut decides where and how c's summary is written, and returns
// the writer the annotated lines go to.
func (a *App) newSummaryOut(c *config) (*summaryOut, io.Writer) {
	s := &summaryOut{w: a.Stderr, format: c.summary}
	if c.count {
		s.w = a.Stdout
	}
	stdout := a.Stdout
	if a.IsTerminal(a.Stdout) && !c.count {
		s.lines = &lineWriter{w: a.Stdout, atStart: true}
		stdout = s.lines
	}
	tty := a.IsTerminal(s.w)
	width, known := a.termWidth(s.w)
	s.text = report.TextOptions{Width: width, Top: c.f.top}
	switch c.f.color {
	case "always":
		s.text.Color = true
	case "auto":
		s.text.Color = tty && a.Getenv("NO_COLOR") == "" && a.Getenv("TERM") != "dumb"
	}
	s.text.ASCII = !tty || a.Getenv("TERM") == "dumb" || !utf8Locale(a.Getenv)
	if tty { // the sparkline is for people; a file or a pipe gets none
		s.text.Spark = report.SparkUnicode
		if s.text.ASCII {
			s.text.Spark = report.SparkASCII
		}
	}
	if tty && known && width > 1 {
		s.fresh = strings.Repeat(" ", width-1) + "\r"
	}
	return s, stdout
}

// sameFile reports whether a and b are the same open file.
func sameFile(a, b io.Writer) bool {
	fa, ok1 := a.(*os.File)
	fb, ok2 := b.(*os.File)
	if !ok1 || !ok2 {
		return false
	}
	sa, err1 := fa.Stat()
	sb, err2 := fb.Stat()
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// termWidth is the width of the terminal w is on, from the terminal
// itself (known), else $COLUMNS, else 80.
func (a *App) termWidth(w io.Writer) (width int, known bool) {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols, true
		}
	}
	if n, err := strconv.Atoi(a.Getenv("COLUMNS")); err == nil && n > 0 {
		return n, false
	}
	return report.DefaultWidth, false
}

// utf8Locale reports whether the locale's character set is UTF-8: the
// first of LC_ALL, LC_CTYPE and LANG that is set decides, as in POSIX; none
// set is the C locale, which is ASCII.
func utf8Locale(getenv func(string) string) bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(name); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}

// final writes the summary at the end of a run.
func (s *summaryOut) final(sum *filter.Summary) {
	s.write(sum, "", nil)
}

// sofar writes a summary so far, headed "jmlog: so far (HH:MM:SS, +N lines
// since the last)". Unless forced (SIGUSR1 asks for one always), it is
// written only when the counts changed since the last one; it reports
// whether it was written.
func (s *summaryOut) sofar(sum *filter.Summary, now time.Time, forced bool) bool {
	s.mu.Lock()
	changed := sum.Lines != s.lastLines || sum.Total() != s.lastTotal
	since := sum.Lines - s.lastLines
	if !forced && !changed {
		s.mu.Unlock()
		return false
	}
	s.lastLines, s.lastTotal = sum.Lines, sum.Total()
	s.mu.Unlock()
	title := "jmlog: so far (" + now.Format("15:04:05") + ", +" + report.Group(since) + " " +
		map[bool]string{true: "line", false: "lines"}[since == 1] + " since the last)"
	s.write(sum, title, &report.Partial{Time: now, NewLines: since})
	return true
}

// write writes one summary in the --summary format (text for a summary so
// far when that is none: it was asked for).
func (s *summaryOut) write(sum *filter.Summary, title string, p *report.Partial) {
	format := s.format
	if p == nil && format == report.SummaryNone {
		return
	}
	var b strings.Builder
	switch format {
	case report.SummaryJSON:
		b.Write(report.JSONPartial(sum, p))
	default:
		o := s.text
		o.Title = title
		report.WriteText(&b, sum, o)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.lines != nil:
		s.lines.mu.Lock()
		defer s.lines.mu.Unlock()
		if !s.lines.atStart {
			io.WriteString(s.w, "\n")
		}
	case s.shared != nil && !s.shared.AtLineStart():
		io.WriteString(s.w, "\n")
	}
	io.WriteString(s.w, s.fresh+b.String())
}

// lineWriter is standard output on a terminal: it remembers whether the
// last byte written ended a line, and holds a lock across each write, so
// that a summary on the same terminal is never written inside one.
type lineWriter struct {
	mu      sync.Mutex
	w       io.Writer
	atStart bool
}

func (l *lineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.w.Write(p)
	if n > 0 {
		l.atStart = p[n-1] == '\n'
	}
	return n, err
}
