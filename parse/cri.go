package parse

// CRILine holds the header fields of a line of the Kubernetes CRI log
// format, as container runtimes (containerd, CRI-O) write container logs
// under /var/log/pods:
//
//	2026-12-02T10:00:00.123456789Z stderr F message
//
// A line longer than the runtime's limit (16 KiB by default) is split into
// pieces tagged P (partial), each on a line of its own, and a last piece
// tagged F (full). Byte-slice fields alias the line.
type CRILine struct {
	Timestamp []byte // RFC 3339, as written
	Stream    []byte // "stdout" or "stderr"
	Partial   bool   // the tag is P: the message goes on in the next piece of the stream
	Message   int    // the message is line[Message:]
}

// ParseCRI recognises line (without its terminator) as a CRI log line:
//
//	TS " " ("stdout" | "stderr") " " TAG [" " MSG]
//
// where TS is an RFC 3339 timestamp (YYYY-MM-DD "T" HH:MM:SS, an optional
// fraction of 1 to 9 digits, then "Z" or a +HH:MM / -HH:MM offset; fields
// are range-checked), TAG is "P" or "F", optionally followed by ":" and more
// colon-separated tags, and MSG is any bytes, a CR included. It does not
// allocate.
func ParseCRI(line []byte) (CRILine, bool) {
	var l CRILine
	i, ok := rfc3339(line)
	if !ok || i >= len(line) || line[i] != ' ' {
		return l, false
	}
	l.Timestamp = line[:i:i]
	i++
	switch {
	case hasAt(line, i, "stdout "), hasAt(line, i, "stderr "):
		l.Stream = line[i : i+6 : i+6]
		i += 7
	default:
		return l, false
	}
	if i >= len(line) || line[i] != 'P' && line[i] != 'F' {
		return l, false
	}
	l.Partial = line[i] == 'P'
	i++
	for i < len(line) && line[i] == ':' { // more tags
		j := i + 1
		for j < len(line) && line[j] != ' ' && line[j] != ':' {
			j++
		}
		if j == i+1 {
			return l, false
		}
		i = j
	}
	switch {
	case i == len(line):
		l.Message = i
	case line[i] == ' ':
		l.Message = i + 1
	default:
		return l, false
	}
	return l, true
}

func hasAt(b []byte, i int, s string) bool {
	return len(b)-i >= len(s) && string(b[i:i+len(s)]) == s
}

// rfc3339 reads an RFC 3339 timestamp at the start of b and returns the
// index after it.
func rfc3339(b []byte) (int, bool) {
	const layout = "0000-00-00T00:00:00"
	if len(b) < len(layout) {
		return 0, false
	}
	for i := 0; i < len(layout); i++ {
		if layout[i] == '0' && !digit[b[i]] || layout[i] != '0' && b[i] != layout[i] {
			return 0, false
		}
	}
	two := func(i int) int { return int(b[i]-'0')*10 + int(b[i+1]-'0') }
	if mo, d := two(5), two(8); mo < 1 || mo > 12 || d < 1 || d > 31 || two(11) > 23 || two(14) > 59 || two(17) > 60 {
		return 0, false
	}
	i := len(layout)
	if i < len(b) && b[i] == '.' {
		j := i + 1
		for j < len(b) && digit[b[j]] && j-i <= 9 {
			j++
		}
		if j == i+1 || j < len(b) && digit[b[j]] {
			return 0, false
		}
		i = j
	}
	switch {
	case i < len(b) && b[i] == 'Z':
		return i + 1, true
	case i+6 <= len(b) && (b[i] == '+' || b[i] == '-') && digit[b[i+1]] && digit[b[i+2]] && b[i+3] == ':' &&
		digit[b[i+4]] && digit[b[i+5]] && two(i+1) <= 23 && two(i+4) <= 59:
		return i + 6, true
	}
	return 0, false
}
