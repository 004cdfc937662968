package codes_test

import "github.com/jmlog/jmlog/codes"

// row is an Entry with what its methods return as fields, for tests to
// write wanted rows and compare them with reflect.DeepEqual.
type row struct {
	Code                 uint32
	Message, Instruction string
	Extra                []codes.Field
	Source               string
	Platform, Lang       string
	Alt                  *row
}

// rowOf returns e as a row; nil for nil.
func rowOf(e *codes.Entry) *row {
	if e == nil {
		return nil
	}
	return &row{Code: e.Code, Message: e.Message, Instruction: e.Instruction, Extra: e.Extra(), Source: e.Source(),
		Platform: e.Platform(), Lang: e.Lang(), Alt: rowOf(e.Alt())}
}

// rowsOf returns es as rows; nil for none.
func rowsOf(es []codes.Entry) []row {
	var out []row
	for i := range es {
		out = append(out, *rowOf(&es[i]))
	}
	return out
}
