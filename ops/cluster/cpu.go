package cluster

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, 100 on every Linux this runs on.
const clockTicks = 100

// CPUSeconds is the user+system CPU time the processes have used so far;
// with children, also that of their direct children (PostgreSQL's
// backends). Differences of two readings are a phase's CPU use.
func CPUSeconds(children bool, pids ...int) float64 {
	want := map[int]bool{}
	for _, p := range pids {
		if p > 0 {
			want[p] = true
		}
	}
	var ticks int64
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range paths {
		pid, ppid, t, ok := readStat(path)
		if ok && (want[pid] || children && want[ppid]) {
			ticks += t
		}
	}
	return float64(ticks) / clockTicks
}

// readStat parses pid, ppid and utime+stime from /proc/<pid>/stat.
func readStat(path string) (pid, ppid int, ticks int64, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return 0, 0, 0, false
	}
	pid, _ = strconv.Atoi(strings.TrimSpace(s[:strings.IndexByte(s, '(')]))
	f := strings.Fields(s[i+1:])
	// After the name: state(0) ppid(1) … utime(11) stime(12).
	if len(f) < 13 {
		return 0, 0, 0, false
	}
	ppid, _ = strconv.Atoi(f[1])
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return pid, ppid, u + st, true
}
