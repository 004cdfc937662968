package printer

// AppendJSONString is appendJSONString, for the tests of package
// printer_test.
var AppendJSONString = appendJSONString

// StreamPieces escapes pieces as one JSON string that arrives in pieces
// (see jsonStream), without the quotes.
func StreamPieces(pieces ...[]byte) []byte {
	var js jsonStream
	var out []byte
	for i, p := range pieces {
		out = js.append(out, p, i < len(pieces)-1)
	}
	return out
}
