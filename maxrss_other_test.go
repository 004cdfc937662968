//go:build !unix

package main

import "os"

// maxRSS has no peak RSS to give where there is no getrusage(2): a test
// that measures one fails, saying that it was not measured.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }
