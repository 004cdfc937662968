package filter

import "errors"

// ReadError is an error of reading a Source. Run and Follow return every
// read error as a *ReadError, and every Sink error as it is, so that a
// caller tells an input it could not read from an output it could not
// write with errors.As.
type ReadError struct {
	Source *Source
	Err    error
	// Lines is the number of lines of the source read before the error
	// (a last unterminated piece counts).
	Lines int64
}

func (e *ReadError) Error() string { return e.Source.Label() + ": " + e.Err.Error() }

func (e *ReadError) Unwrap() error { return e.Err }

// ErrNoProgress is the Err of a ReadError when a source keeps returning no
// bytes and no error.
var ErrNoProgress = errors.New("filter: the input returns no data and no error")

// errImpossibleCount is the Err of a ReadError when a source's Read
// returns a count outside its buffer.
var errImpossibleCount = errors.New("filter: the input returned an impossible count")
