package printer

import (
	"strconv"

	"github.com/jmlog/jmlog/parse/logcat"
)

// Exports for the tests of the JSON string escaper in package printer_test.
var (
	AppendEscaped = appendEscaped
	PlainRun      = plainRun
)

// SetAVX2 selects the AVX2 or the SWAR scan of plainRun, and returns
// whether AVX2 can be used at all.
func SetAVX2(on bool) bool {
	useAVX2 = on && avx2
	return avx2
}

var avx2 = useAVX2

// AppendInt is appendInt.
var AppendInt = appendInt

// AppendLine is appendLine.
var AppendLine = appendLine

// AppendShort is appendShort.
var AppendShort = appendShort

// AppendLineUnsplit is the reference for appendLine: the line and each
// field escaped on its own with appendJSONString, numbers with strconv,
// and none of appendFields' shortcuts (plain timestamps and tags appended
// as they are, the message's escape copied from the line's).
func AppendLineUnsplit(dst, text []byte) []byte {
	dst = append(dst, `{"line":`...)
	dst = appendJSONString(dst, text)
	l, ok := logcat.Parse(text)
	if !ok {
		return dst
	}
	dst = append(dst, `,"format":`...)
	dst = appendJSONString(dst, []byte(l.Format.String()))
	if l.Format == logcat.Marker {
		dst = append(dst, `,"buffer":`...)
		return appendJSONString(dst, l.Message)
	}
	if l.Timestamp != nil {
		dst = append(dst, `,"timestamp":`...)
		dst = appendJSONString(dst, l.Timestamp)
	}
	if l.PID >= 0 {
		dst = strconv.AppendInt(append(dst, `,"pid":`...), int64(l.PID), 10)
	}
	if l.TID >= 0 {
		dst = strconv.AppendInt(append(dst, `,"tid":`...), int64(l.TID), 10)
	}
	if l.Level != 0 {
		dst = append(dst, `,"level":`...)
		dst = appendJSONString(dst, []byte{l.Level})
	}
	if l.Tag != nil {
		dst = append(dst, `,"tag":`...)
		dst = appendJSONString(dst, l.Tag)
	}
	if l.Format != logcat.LongHeader {
		dst = append(dst, `,"message":`...)
		dst = appendJSONString(dst, l.Message)
	}
	if l.Package != nil {
		dst = append(dst, `,"package":`...)
		dst = appendJSONString(dst, l.Package)
	}
	if l.Stream != nil {
		dst = append(dst, `,"stream":`...)
		dst = appendJSONString(dst, l.Stream)
	}
	if l.Partial {
		dst = append(dst, `,"partial":true`...)
	}
	return dst
}
