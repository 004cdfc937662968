//go:build !linux

package parse

import "time"

var start = time.Now()

// threadTime is the time since the tests started: other systems have no
// thread CPU clock here.
func threadTime() time.Duration { return time.Since(start) }
