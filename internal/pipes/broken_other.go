//go:build !windows

package pipes

// brokenOS is false: elsewhere a write to a closed pipe fails with EPIPE.
func brokenOS(error) bool { return false }
