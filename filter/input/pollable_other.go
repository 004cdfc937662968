//go:build !unix

package input

import "os"

// pollable gives up where there is no fcntl(2) to dup a file description
// and make it non-blocking (see pollable_unix.go): a pipe or a socket is
// then read as it is, and its reads are not stopped (Stoppable).
func pollable(*os.File) (*os.File, func(), bool) { return nil, nil, false }
