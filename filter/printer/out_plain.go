//go:build !linux && !freebsd && !netbsd

package printer

import (
	"errors"
	"os"
)

// writevState is empty where Out does not use writev(2) (see
// out_writev.go): it writes every piece with w.Write.
type writevState struct{}

// useWritev does nothing here: o.rc stays nil, so that write hands the
// pieces to w.Write one by one, as for a writer that is not an *os.File.
func (o *Out) useWritev(*os.File) {}

// writev is not reached: write calls it only when o.rc is set.
func (o *Out) writev([][]byte) error { return errors.ErrUnsupported }
