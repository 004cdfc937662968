// Package synth makes synthetic logs for jmlog's benchmarks: deterministic,
// number-heavy, with codes in a small share of the lines.
package synth

import (
	"fmt"
	"math/rand"
)

// Logcat returns about size bytes of `adb logcat -v threadtime` lines: many
// numbers, "871" inside longer ones (about 17 times per KB), and a code in
// about 0.7% of the lines. The same size gives the same bytes.
func Logcat(size int) []byte {
	r := rand.New(rand.NewSource(1))
	tags := []string{"ActivityManager", "chromium", "JIM", "OkHttp", "System.err"}
	b := make([]byte, 0, size+256)
	for i := 0; len(b) < size; i++ {
		b = fmt.Appendf(b, "11-25 18:%02d:%02d.%03d %5d %5d %c %-8s: ", i/60%60, i%60, i%1000,
			r.Intn(30000), r.Intn(30000), "VDIWE"[i%5], tags[r.Intn(len(tags))])
		if r.Intn(1000) < 7 {
			b = fmt.Appendf(b, "login failed code=%d desc=Have not logged in.\n", 871300+r.Intn(10))
		} else {
			b = fmt.Appendf(b, "req id=%d took %dms addr 0x7f%06x uid 1871%05d seq %d871%d\n",
				r.Intn(1e9), r.Intn(999), r.Intn(1<<24), r.Intn(99999), r.Intn(999), r.Intn(99))
		}
	}
	return b
}
