package codes

// MaxDigits is the longest code, in decimal digits: codes are 0 to
// 999999999.
const MaxDigits = 9

// ParseCode is jmlog's one rule for reading a code, shared by the finders,
// the JSON finder, the table loaders and the command line. It returns the
// value of b when b is a code written canonically: 1 to MaxDigits ASCII
// digits and nothing else (no sign, no spaces, no other characters), with
// no leading zero unless b is exactly "0". So "871300" is a code, and
// "0871300", " 871300", "+871300" and "871300.0" are not.
//
// Callers that read codes from cells of a table trim the cell's surrounding
// white space first; that is a rule of the cell, not of the code.
// ParseCode does not allocate.
func ParseCode[T string | []byte](b T) (uint32, bool) {
	if len(b) == 0 || len(b) > MaxDigits || (b[0] == '0' && len(b) > 1) {
		return 0, false
	}
	var v uint32
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint32(c-'0')
	}
	return v, true
}
