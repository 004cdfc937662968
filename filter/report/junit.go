package report

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// JUnitOptions are the facts of a run that a JUnit report states besides
// the counts.
type JUnitOptions struct {
	// Timestamp is when the run started; it is written in UTC.
	Timestamp time.Time
	// Time is how long the run took.
	Time time.Duration
	// Hostname is the machine's name; "" means "localhost".
	Hostname string
}

// The elements of the report. Their names, attributes and order keep to
// what both widely used JUnit schemas accept: the Apache Ant schema
// (windyroad/JUnit-Schema, JUnit.xsd), the strictest, which GitLab and
// Jenkins read, and Jenkins' own (jenkinsci/xunit-plugin, junit-10.xsd).
// See junit_test.go for the rules, checked on every report.
type (
	junitSuites struct { // no attributes: Ant's schema allows none
		XMLName xml.Name     `xml:"testsuites"`
		Suites  []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Timestamp  string          `xml:"timestamp,attr"`
		Hostname   string          `xml:"hostname,attr"`
		ID         int             `xml:"id,attr"`
		Package    string          `xml:"package,attr"`
		Properties []junitProperty `xml:"properties>property"`
		Cases      []junitCase     `xml:"testcase"`
		SystemOut  string          `xml:"system-out"`
		SystemErr  string          `xml:"system-err"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Classname string        `xml:"classname,attr"`
		Name      string        `xml:"name,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitFailure `xml:"failure"`
	}
	junitFailure struct {
		Message, Type, Text string
	}
)

// MarshalXML writes the failure with its text's line ends as they are
// (encoding/xml would write them as &#xA; in a chardata field), so that the
// report reads well as it is.
func (f *junitFailure) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = []xml.Attr{{Name: xml.Name{Local: "message"}, Value: f.Message}, {Name: xml.Name{Local: "type"}, Value: f.Type}}
	for _, t := range []xml.Token{start, xml.CharData(f.Text), start.End()} {
		if err := e.EncodeToken(t); err != nil {
			return err
		}
	}
	return nil
}

// JUnit returns the summary s as a JUnit XML report: one suite "jmlog" with
// one failed test case per code seen, named "JMessage CODE MESSAGE" (or
// "JMessage CODE (unknown)"), whose failure gives the count, the message,
// the instruction and the first sighting; or, when no code was seen, one
// passing test case "no JMessage error codes". Known codes come first, each
// group sorted by count as in the Summary. The suite's properties hold the
// line and code counts.
func JUnit(s *filter.Summary, opt JUnitOptions) []byte {
	host := opt.Hostname
	if host == "" {
		host = "localhost"
	}
	secs := fmt.Sprintf("%.3f", opt.Time.Seconds())
	suite := junitSuite{
		Name:      "jmlog",
		Time:      secs,
		Timestamp: opt.Timestamp.UTC().Format("2006-01-02T15:04:05"),
		Hostname:  host,
		Package:   "jmlog",
		Properties: []junitProperty{
			{"lines", strconv.FormatInt(s.Lines, 10)},
			{"matched_lines", strconv.FormatInt(s.MatchedLines, 10)},
			{"codes", strconv.FormatInt(s.Total(), 10)},
			{"distinct_codes", strconv.Itoa(len(s.Codes) + len(s.Unknown))},
			{"unknown_codes", strconv.Itoa(len(s.Unknown))},
		},
	}
	add := func(c filter.CodeCount) {
		times := "once"
		if c.Count > 1 {
			times = fmt.Sprintf("%d times", c.Count)
		}
		var name, msg, typ string
		var text strings.Builder
		fmt.Fprintf(&text, "code: %d\ncount: %d\n", c.Code, c.Count)
		if c.Entry != nil {
			m := sanitize.Text(c.Entry.Message)
			name = strings.TrimSpace(fmt.Sprintf("JMessage %d %s", c.Code, m))
			msg = fmt.Sprintf("%d seen %s: %s", c.Code, times, sanitize.Note(c.Entry.Message, ""))
			typ = "JMessageError"
			fmt.Fprintf(&text, "message: %s\n", m)
			if ins := sanitize.Text(c.Entry.Instruction); ins != "" {
				fmt.Fprintf(&text, "instruction: %s\n", ins)
			}
		} else {
			name = fmt.Sprintf("JMessage %d (unknown)", c.Code)
			msg = fmt.Sprintf("%d seen %s: not in the code table", c.Code, times)
			typ = "JMessageUnknownCode"
			text.WriteString("message: (unknown: not in the code table)\n")
		}
		fmt.Fprintf(&text, "first seen: %s\n", c.First)
		suite.Cases = append(suite.Cases, junitCase{Classname: "jmlog", Name: name, Time: "0",
			Failure: &junitFailure{Message: msg, Type: typ, Text: text.String()}})
		suite.Failures++
	}
	for _, c := range s.Codes {
		add(c)
	}
	for _, c := range s.Unknown {
		add(c)
	}
	if len(suite.Cases) == 0 {
		suite.Cases = append(suite.Cases, junitCase{Classname: "jmlog", Name: "no JMessage error codes", Time: "0"})
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Suites: []junitSuite{suite}}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // cannot happen: only strings and numbers
	}
	return append(append([]byte(xml.Header), b...), '\n')
}
