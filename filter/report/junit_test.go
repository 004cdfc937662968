package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
)

// node is an element of a parsed XML document.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     string // character data directly inside
}

func parseXML(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != "" {
				return nil, fmt.Errorf("element %s in namespace %s", tok.Name.Local, tok.Name.Space)
			}
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root != nil {
				return nil, fmt.Errorf("two root elements")
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			} else if strings.TrimSpace(string(tok)) != "" {
				return nil, fmt.Errorf("text outside the root element")
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	return root, nil
}

// checkJUnit checks a report against the rules that both widely used JUnit
// schemas impose, so that GitLab, Jenkins and the tools that follow either
// accept it:
//
//   - Jenkins' junit-10.xsd (jenkinsci/xunit-plugin, src/main/resources/
//     org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd): which
//     attributes each element may have; testsuite requires name, tests,
//     failures and errors; testcase requires name; property requires name
//     and value; time attributes follow its SUREFIRE_TIME pattern.
//   - Apache Ant's JUnit.xsd (windyroad/JUnit-Schema), the stricter:
//     testsuites has no attributes; a testsuite inside it also requires
//     package and id (an int),
//     timestamp (yyyy-mm-ddThh:mm:ss, no time zone), hostname and time (a
//     decimal); its children are properties, then testcases, then
//     system-out and system-err, each of those three once; a testcase
//     requires name, classname and time, and holds at most one of skipped,
//     error and failure; a failure requires type and holds only text.
//
// And what consumers rely on beyond the schemas: the counts agree with the
// elements (tests, failures, errors, skipped), and no two test cases have
// the same classname and name (GitLab keeps only the first).
func checkJUnit(root *node) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	surefireTime := regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$`)
	decimal := regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	timestamp := regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$`)
	count := func(n *node, attr string) int {
		v, ok := n.attrs[attr]
		if !ok {
			return -1
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || strconv.Itoa(i) != v {
			bad("%s %s=%q is not a non-negative integer", n.name, attr, v)
		}
		return i
	}
	attrs := func(n *node, allowed, required []string) {
		for a := range n.attrs {
			if !slices.Contains(allowed, a) {
				bad("%s has attribute %s, not in the schema", n.name, a)
			}
		}
		for _, a := range required {
			if _, ok := n.attrs[a]; !ok {
				bad("%s lacks required attribute %s", n.name, a)
			}
		}
		if t, ok := n.attrs["time"]; ok && (!decimal.MatchString(t) || !surefireTime.MatchString(t)) {
			bad("%s time=%q is not a decimal number of seconds", n.name, t)
		}
	}
	if root.name != "testsuites" {
		bad("root element %s, want testsuites", root.name)
		return errs
	}
	attrs(root, nil, nil)
	seen := map[string]bool{}
	for _, suite := range root.children {
		if suite.name != "testsuite" {
			bad("testsuites holds %s", suite.name)
			continue
		}
		attrs(suite, []string{"name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"},
			[]string{"name", "tests", "failures", "errors", "timestamp", "hostname", "time", "package", "id"})
		for _, a := range []string{"name", "hostname", "package"} {
			if v, ok := suite.attrs[a]; ok && strings.TrimSpace(v) == "" {
				bad("testsuite %s is empty", a)
			}
		}
		if v, ok := suite.attrs["timestamp"]; ok && !timestamp.MatchString(v) {
			bad("testsuite timestamp=%q is not yyyy-mm-ddThh:mm:ss", v)
		}
		count(suite, "id")
		var order []string
		var n, nf, ne, ns int
		for _, c := range suite.children {
			order = append(order, c.name)
			switch c.name {
			case "properties":
				attrs(c, nil, nil)
				for _, p := range c.children {
					if p.name != "property" {
						bad("properties holds %s", p.name)
					}
					attrs(p, []string{"name", "value"}, []string{"name", "value"})
					if strings.TrimSpace(p.attrs["name"]) == "" {
						bad("property with an empty name")
					}
				}
			case "testcase":
				n++
				attrs(c, []string{"name", "classname", "time"}, []string{"name", "classname", "time"})
				key := c.attrs["classname"] + "\x00" + c.attrs["name"]
				if seen[key] {
					bad("two test cases %s %q", c.attrs["classname"], c.attrs["name"])
				}
				seen[key] = true
				if len(c.children) > 1 {
					bad("testcase %q holds %d elements; at most one of skipped, error, failure", c.attrs["name"], len(c.children))
				}
				for _, r := range c.children {
					switch r.name {
					case "failure", "error":
						attrs(r, []string{"type", "message"}, []string{"type"})
					case "skipped":
						attrs(r, []string{"type", "message"}, nil)
					default:
						bad("testcase holds %s", r.name)
					}
					if len(r.children) > 0 {
						bad("%s holds elements; only text is allowed", r.name)
					}
					switch r.name {
					case "failure":
						nf++
					case "error":
						ne++
					case "skipped":
						ns++
					}
				}
			case "system-out", "system-err":
				attrs(c, nil, nil)
				if len(c.children) > 0 {
					bad("%s holds elements", c.name)
				}
			default:
				bad("testsuite holds %s", c.name)
			}
		}
		if !regexp.MustCompile(`^properties( testcase)* system-out system-err$`).MatchString(strings.Join(order, " ")) {
			bad("testsuite children %v; want properties, testcases, system-out, system-err", order)
		}
		for _, c := range []struct {
			attr string
			n    int
		}{{"tests", n}, {"failures", nf}, {"errors", ne}, {"skipped", ns}} {
			if v := count(suite, c.attr); v >= 0 && v != c.n {
				bad("testsuite %s=%d, but %d elements", c.attr, v, c.n)
			}
		}
	}
	return errs
}

func TestJUnitValid(t *testing.T) {
	odd, err := codes.Parse("x.json", strings.NewReader(`[
		{"code": 871901, "message": "<b>&amp;\"quoted\" 'x' ]]> \u0000\u001b[31m\ttab\nline \ud83d\ude00", "instruction": "a\rb"},
		{"code": 871902, "message": "", "instruction": ""},
		{"code": 871903, "message": "Have not logged in.", "instruction": "same message, another code"}]`), codes.JSON)
	if err != nil {
		t.Fatal(err)
	}
	tab := codes.Merge(codes.Embedded(), odd)
	opt := JUnitOptions{Timestamp: time.Date(2025, 11, 25, 18, 35, 1, 0, time.FixedZone("CST", 8*3600)), Time: 1234567 * time.Microsecond, Hostname: "ci-runner-7"}
	inputs := map[string]string{
		"none":    "plain\nlines 871 8713001\n",
		"some":    "871300 871300\n871999 871104\n",
		"odd":     "871901 871902 871903 871300\xff\n",
		"empty":   "",
		"many":    strings.Repeat("871101 871102 871103 871104 871105 871300 871301 871302 871999 871998\n", 10),
		"unknown": "871999\n",
	}
	for name, in := range inputs {
		f := filter.New(filter.Config{Table: tab})
		if err := f.Run(context.Background(), &filter.Source{Name: "dir/a&b <c>.log", R: strings.NewReader(in)}); err != nil {
			t.Fatal(err)
		}
		s := f.Counts().Snapshot()
		data := JUnit(&s, opt)
		if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n")) {
			t.Errorf("%s: no XML declaration", name)
		}
		root, err := parseXML(data)
		if err != nil {
			t.Fatalf("%s: does not parse: %v\n%s", name, err, data)
		}
		for _, e := range checkJUnit(root) {
			t.Errorf("%s: %s", name, e)
		}
		suite := root.children[0]
		if suite.attrs["timestamp"] != "2025-11-25T10:35:01" || suite.attrs["time"] != "1.235" || suite.attrs["hostname"] != "ci-runner-7" {
			t.Errorf("%s: suite attributes %v", name, suite.attrs)
		}
		cases := suite.children[1 : len(suite.children)-2]
		if want := len(s.Codes) + len(s.Unknown); want == 0 {
			if len(cases) != 1 || cases[0].attrs["name"] != "no JMessage error codes" || len(cases[0].children) != 0 {
				t.Errorf("%s: no codes, but test cases %v", name, cases)
			}
		} else if len(cases) != want {
			t.Errorf("%s: %d test cases for %d codes", name, len(cases), want)
		}
	}
}

func TestJUnitContent(t *testing.T) {
	f := filter.New(filter.Config{})
	if err := f.Run(context.Background(), &filter.Source{Name: "build.log", R: strings.NewReader("a\n871300 x\n871999\n871300\n")}); err != nil {
		t.Fatal(err)
	}
	s := f.Counts().Snapshot()
	root, err := parseXML(JUnit(&s, JUnitOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range root.children[0].children {
		if c.name != "testcase" {
			continue
		}
		got = append(got, c.attrs["classname"]+" | "+c.attrs["name"])
		for _, fl := range c.children {
			got = append(got, fl.attrs["type"]+" | "+fl.attrs["message"]+" | "+fl.text)
		}
	}
	want := []string{
		"jmlog | JMessage 871300 Have not logged in.",
		"JMessageError | 871300 seen 2 times: Have not logged in. | code: 871300\ncount: 2\nmessage: Have not logged in.\ninstruction: Initiator of api call has not logged in\nfirst seen: build.log:2\n",
		"jmlog | JMessage 871999 (unknown)",
		"JMessageUnknownCode | 871999 seen once: not in the code table | code: 871999\ncount: 1\nmessage: (unknown: not in the code table)\nfirst seen: build.log:3\n",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}

func TestCheckJUnitCatches(t *testing.T) {
	// The checker is not a rubber stamp: each of these breaks one rule.
	good := `<testsuites><testsuite name="s" tests="1" failures="1" errors="0" time="0" timestamp="2025-01-01T00:00:00" hostname="h" package="p" id="0"><properties></properties><testcase classname="c" name="n" time="0"><failure type="t">x</failure></testcase><system-out></system-out><system-err></system-err></testsuite></testsuites>`
	root, err := parseXML([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if errs := checkJUnit(root); len(errs) > 0 {
		t.Fatalf("good document: %v", errs)
	}
	breaks := map[string][2]string{
		"failures count":   {`failures="1"`, `failures="2"`},
		"no classname":     {`classname="c" `, ``},
		"bad time":         {`time="0"><failure`, `time="1s"><failure`},
		"zone in stamp":    {`00:00:00"`, `00:00:00Z"`},
		"failure no type":  {` type="t"`, ``},
		"unknown attr":     {`<testcase `, `<testcase status="x" `},
		"no system-err":    {`<system-err></system-err>`, ``},
		"order":            {`<properties></properties>`, ``},
		"negative":         {`errors="0"`, `errors="-1"`},
		"two results":      {`<failure type="t">x</failure>`, `<failure type="t">x</failure><skipped/>`},
		"element in fail":  {`>x</failure>`, `><b/></failure>`},
		"no hostname":      {` hostname="h"`, ``},
		"wrong root":       {`<testsuites>`, `<testsuitez>`},
		"testsuites attr":  {`<testsuites>`, `<testsuites tests="1">`},
		"empty suite name": {`name="s"`, `name=" "`},
	}
	for name, b := range breaks {
		doc := strings.Replace(good, b[0], b[1], 1)
		if name == "wrong root" {
			doc = strings.Replace(doc, "</testsuites>", "</testsuitez>", 1)
		}
		root, err := parseXML([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if errs := checkJUnit(root); len(errs) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}
