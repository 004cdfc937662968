package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/report"
	"github.com/jmlog/jmlog/internal/atomicfile"
)

// finish writes what the end of a run writes (--summary-file, the CI
// reports, the summary on standard error, the gate's message) and returns
// the exit status: status, or the gate's 1, or 2 if a report could not be
// written. It is the one finish path: the end of input and SIGINT or
// SIGTERM both come here, on the run's goroutine. When the output's reader
// has gone (broken), nothing is printed on standard error.
func (a *App) finish(sum *filter.Summary, c *config, start time.Time, status int, broken bool) int {
	if path := c.f.summaryFile; path != "" {
		if err := atomicfile.WriteFile(path, report.JSON(sum)); err != nil {
			a.log.Error().Str("event", "report").Str("file", path).Err(err).
				Msg(fmt.Sprintf("--summary-file: %v (the old file, if any, is unchanged)", err))
			status = exitError
		}
	}
	if s := a.ciReports(sum, c, start); s != exitOK {
		status = s
	}
	if s := a.htmlReport(sum, c); s != exitOK {
		status = s
	}
	if !broken {
		c.sum.final(sum)
	}
	if tripped := c.gate.Tripped(sum); len(tripped) > 0 {
		if !broken {
			a.log.Error().Str("event", "gate").Msg(fmt.Sprintf("--fail-on %s: %s", c.gate, report.TripMessage(tripped)))
		}
		status = max(status, exitGate)
	}
	return status
}

// ciReports writes the --junit report, and with --ci github (or -o github)
// the job summary to $GITHUB_STEP_SUMMARY when it is set. It returns
// exitError if one could not be written.
func (a *App) ciReports(sum *filter.Summary, c *config, start time.Time) int {
	status := exitOK
	if path := c.f.junit; path != "" {
		host, _ := a.Hostname()
		opt := report.JUnitOptions{Timestamp: start, Time: a.Now().Sub(start), Hostname: host}
		if err := atomicfile.WriteFile(path, report.JUnit(sum, opt)); err != nil {
			a.log.Error().Str("event", "report").Str("file", path).Err(err).
				Msg(fmt.Sprintf("--junit: %v (the old file, if any, is unchanged)", err))
			status = exitError
		}
	}
	if path := a.Getenv("GITHUB_STEP_SUMMARY"); path != "" && (c.ci || c.output == outputGitHub) {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err == nil {
			err = report.WriteMarkdown(f, sum, report.MarkdownOptions{Inputs: c.names, Annotations: c.annotated})
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			a.log.Error().Str("event", "report").Str("file", path).Err(err).
				Msg(fmt.Sprintf("GITHUB_STEP_SUMMARY: %v", readErr(err)))
			status = exitError
		}
	}
	return status
}

// progress returns a progress bar on standard error for reading names, or
// nil: there is one only when standard error is a terminal and every input
// is a regular file (not standard input). It counts bytes read from the
// files, so compressed bytes for compressed files.
func (a *App) progress(names []string) *progressbar.ProgressBar {
	if !a.IsTerminal(a.Stderr) {
		return nil
	}
	var total int64
	for _, name := range names {
		st, err := os.Stat(name)
		if name == "-" || err != nil || !st.Mode().IsRegular() {
			return nil
		}
		total += st.Size()
	}
	if total == 0 {
		return nil
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(a.Stderr),
		progressbar.OptionSetDescription("jmlog"),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionUseIECUnits(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionClearOnFinish(),
	)
}
