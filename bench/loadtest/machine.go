package loadtest

import (
	"os"
	"strings"
	"syscall"
	"time"
)

// LoadAvg is /proc/loadavg's 1, 5 and 15 minute figures ("2.83 / 6.79 /
// 9.51"), or "unknown": on a shared machine a figure needs this context.
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " / ")
	}
	return "unknown"
}

// ProcessCPU is the CPU time (user plus system) this process has used so
// far; the difference of two readings is what a stretch of work cost,
// independent of what else the machine was running.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
