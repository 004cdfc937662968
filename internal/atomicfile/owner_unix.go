//go:build unix

package atomicfile

import (
	"os"
	"syscall"
)

// chownLike gives tmp the owner and group of old when they are not the
// process's own, as far as the process may.
func chownLike(tmp *os.File, old os.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != os.Geteuid() || int(st.Gid) != os.Getegid()) {
		tmp.Chown(int(st.Uid), int(st.Gid)) // as far as the process may
	}
}
