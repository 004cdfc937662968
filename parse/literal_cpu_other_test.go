//go:build !linux

package parse

import "time"

// threadCPU returns 0: no thread CPU time here.
func threadCPU() time.Duration { return 0 }
