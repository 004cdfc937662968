package printer

// Exports for the tests of the JSON string escaper in package printer_test.
var (
	AppendEscaped = appendEscaped
	PlainRun      = plainRun
	Special8      = special8
)
