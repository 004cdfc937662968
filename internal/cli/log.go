package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/rs/zerolog"
	"github.com/tidwall/gjson"

	"github.com/jmlog/jmlog/internal/sanitize"
)

// logFormat is how jmlog writes its own diagnostics on standard error.
type logFormat int

const (
	// logText writes "jmlog: MESSAGE" lines for people: warnings and
	// errors only.
	logText logFormat = iota
	// logJSON writes one zerolog JSON event per diagnostic, with fields
	// (time, level, message, event, file, offset, error), for a log
	// pipeline: notes such as a rotation too.
	logJSON
)

func parseLogFormat(s string) (logFormat, error) {
	switch s {
	case "text":
		return logText, nil
	case "json":
		return logJSON, nil
	}
	return 0, fmt.Errorf("%q: use text or json", s)
}

// logFormatOf finds --log-format in args before the flags are parsed, so
// that even a usage error is written in the format asked for. A bad value
// is reported by the flag parser later, in text.
func logFormatOf(args []string) logFormat {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--log-format=")
		if !ok && a == "--log-format" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if !ok {
			continue
		}
		if f, err := parseLogFormat(v); err == nil {
			return f
		}
	}
	return logText
}

// newLogger returns the logger of jmlog's diagnostics on w.
func newLogger(w io.Writer, f logFormat) zerolog.Logger {
	if f == logJSON {
		return zerolog.New(w).Level(zerolog.InfoLevel).With().Timestamp().Logger()
	}
	return zerolog.New(textWriter{w}).Level(zerolog.WarnLevel)
}

// textWriter writes each zerolog event as "jmlog: MESSAGE": the lines jmlog
// has always written. The fields are for JSON. The message goes through
// sanitize.Name, since it may hold file names: control characters in them
// are escaped, never sent to the terminal. (The JSON format escapes them
// as JSON does.)
type textWriter struct{ w io.Writer }

func (t textWriter) Write(p []byte) (int, error) {
	msg := sanitize.Name(gjson.GetBytes(p, zerolog.MessageFieldName).String())
	if _, err := io.WriteString(t.w, "jmlog: "+msg+"\n"); err != nil {
		return 0, err
	}
	return len(p), nil
}
