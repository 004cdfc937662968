//go:build !unix

package input

import "os"

// OpenPath opens the file at path for reading: os.Open (see
// openfile_unix.go).
func OpenPath(path string) (*os.File, error) { return os.Open(path) }
