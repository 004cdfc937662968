package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
)

// Gate says which codes fail a run (--fail-on): any code, any unknown code,
// or the codes listed. The zero Gate never trips.
type Gate struct {
	Any     bool     // every code trips it
	Unknown bool     // every code not in the table trips it
	Codes   []uint32 // these codes trip it; sorted, without repeats
}

// ParseGate reads the values of a gate (the CLI's --fail-on). Each value is a comma-separated list of
// items: "any", "unknown", or a code of 1 to 9 digits written without
// leading zeros. Spaces around items are ignored; values add up.
func ParseGate(values []string) (Gate, error) {
	var g Gate
	for _, v := range values {
		for item := range strings.SplitSeq(v, ",") {
			item = strings.TrimSpace(item)
			switch item {
			case "any":
				g.Any = true
			case "unknown":
				g.Unknown = true
			default:
				code, ok := codes.ParseCode(item)
				if !ok {
					if item == "" {
						return Gate{}, fmt.Errorf("%q: an empty item; give any, unknown or codes separated by commas, e.g. 871300,871104", v)
					}
					return Gate{}, fmt.Errorf("%q: %q is not any, unknown or a code of 1 to 9 digits (no leading zeros), e.g. 871300,871104", v, item)
				}
				if code == 0 {
					return Gate{}, fmt.Errorf("%q: code 0 means success and is never counted", v)
				}
				g.Codes = append(g.Codes, code)
			}
		}
	}
	slices.Sort(g.Codes)
	g.Codes = slices.Compact(g.Codes)
	return g, nil
}

// UncountedError is a listed code that can never trip the gate.
type UncountedError struct{ Code uint32 }

func (e *UncountedError) Error() string {
	return fmt.Sprintf("%d: not in the code table, so it is never counted", e.Code)
}

// Check reports a listed code that can never trip the gate with table t:
// one that is not in t and is not a 6-digit 871xxx code, which would be
// ignored when found (see filter.Filter). The error is an
// *UncountedError.
func (g Gate) Check(t *codes.Table) error {
	for _, c := range g.Codes {
		if _, ok := t.Lookup(c); !ok && c/1000 != 871 {
			return &UncountedError{Code: c}
		}
	}
	return nil
}

// Active reports whether the gate can trip at all.
func (g Gate) Active() bool { return g.Any || g.Unknown || len(g.Codes) > 0 }

// Tripped returns the codes of s that trip the gate, known codes first,
// each sorted as in s; none when the gate holds.
func (g Gate) Tripped(s *filter.Summary) []filter.CodeCount {
	var out []filter.CodeCount
	for _, c := range s.Codes {
		if g.Any || g.listed(c.Code) {
			out = append(out, c)
		}
	}
	for _, c := range s.Unknown {
		if g.Any || g.Unknown || g.listed(c.Code) {
			out = append(out, c)
		}
	}
	return out
}

func (g Gate) listed(code uint32) bool {
	_, ok := slices.BinarySearch(g.Codes, code)
	return ok
}

// String gives the gate as --fail-on would take it.
func (g Gate) String() string {
	var items []string
	if g.Any {
		items = append(items, "any")
	}
	if g.Unknown {
		items = append(items, "unknown")
	}
	for _, c := range g.Codes {
		items = append(items, fmt.Sprint(c))
	}
	return strings.Join(items, ",")
}

// TripMessage says which codes tripped the gate, for standard error: at
// most 10 codes are named ("871300 seen 3 times, 871999 seen once"). It
// does not give the exit status, since an error makes that 2 all the same.
func TripMessage(tripped []filter.CodeCount) string {
	var b strings.Builder
	for i, c := range tripped {
		if i == 10 {
			fmt.Fprintf(&b, " and %d more", len(tripped)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		times := "once"
		if c.Count > 1 {
			times = fmt.Sprintf("%d times", c.Count)
		}
		fmt.Fprintf(&b, "%d seen %s", c.Code, times)
	}
	return b.String()
}
