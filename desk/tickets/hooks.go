package tickets

import (
	"context"
	"time"

	"kefu/desk/sla"
	"kefu/ent"
)

// ResolvedHook runs inside the transaction that resolves a ticket; the
// callbacks package schedules the callback there, so a resolved ticket and
// its callback commit together.
type ResolvedHook func(ctx context.Context, tx *ent.Client, t *ent.Ticket, resolverID string, now time.Time) error

// OnResolved sets the hook (wired in app/).
func (s *Service) OnResolved(h ResolvedHook) { s.resolved = h }

// PolicyOf returns a ticket's SLA policy and calendar (nil without one).
func PolicyOf(ctx context.Context, c *ent.Client, t *ent.Ticket) (*ent.SLAPolicy, *sla.Calendar, error) {
	return policyOf(ctx, c, t)
}
