package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// writeStats prints padlock's own peak resident memory to w when the
// PADLOCK_STATS environment variable is set (the hostile-server tests read
// it: measured from outside, a child's peak includes its parent's memory
// on Linux). It reads /proc/self/status and prints nothing elsewhere.
func writeStats(w io.Writer, getenv func(string) string) {
	if getenv("PADLOCK_STATS") == "" {
		return
	}
	if kib, ok := peakRSSKiB(); ok {
		fmt.Fprintf(w, "padlock-stats: peak_rss_kib=%d\n", kib)
	}
}

// peakRSSKiB is VmHWM, the process's peak resident set size.
func peakRSSKiB() (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
