package printer

import "github.com/jmlog/jmlog/parse/logcat"

// Exports for the tests of the JSON string escaper in package printer_test.
var (
	AppendEscaped = appendEscaped
	PlainRun      = plainRun
	Special8      = special8
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

// AppendLineUnsplit is the reference for appendLine: the line and each
// field escaped on its own.
func AppendLineUnsplit(dst, text []byte) []byte {
	dst = append(dst, `{"line":`...)
	dst = appendJSONString(dst, text)
	if l, ok := logcat.Parse(text); ok {
		dst = appendLogcat(dst, &l)
	}
	return dst
}
