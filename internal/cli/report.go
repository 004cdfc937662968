package cli

import (
	"fmt"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/report/html"
	"github.com/jmlog/jmlog/internal/atomicfile"
)

// htmlReport writes the --report page, atomically. It returns exitError
// when it could not be written.
func (a *App) htmlReport(sum *filter.Summary, c *config) int {
	path := c.f.report
	if path == "" {
		return exitOK
	}
	var shots []*printer.Shot
	if c.capture != nil {
		shots = c.capture.Shots()
	}
	page, err := html.Render(sum, html.Options{Inputs: c.names, Shots: shots, Generated: a.Now(), Version: versionLine(readBuildInfo()),
		Partial: c.interrupted})
	if err == nil {
		err = atomicfile.WriteFile(path, page)
	}
	if err != nil {
		a.log.Error().Str("event", "report").Str("file", path).Err(err).
			Msg(fmt.Sprintf("--report: %v (the old file, if any, is unchanged)", err))
		return exitError
	}
	return exitOK
}
