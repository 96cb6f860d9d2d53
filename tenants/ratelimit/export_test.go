package ratelimit

// What the external tests may see of the leases.
const (
	PruneAbove = pruneAbove
	LeaseTTL   = leaseTTL
)

// Leases is how many leases l keeps.
func (l *Limiter) Leases() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.leases)
}
