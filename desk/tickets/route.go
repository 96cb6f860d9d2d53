package tickets

import (
	"context"
	"log/slog"
	"time"

	"kefu/ent"
	"kefu/ent/ticket"
	"kefu/tenants/tenancy"
)

// Router picks who takes a new ticket of a unit from the duty roster
// (desk/duty); "" leaves the ticket unassigned, as without a roster.
type Router interface {
	TicketAssignee(ctx context.Context, unitID string, at time.Time, configVersion int64) (string, error)
}

// RouteWith installs the duty router (wired in app/).
func (s *Service) RouteWith(r Router) { s.router = r }

// routeToDuty gives a new ticket of a unit without an assignee to someone
// on duty there. Intake never fails for it: an error is logged and the
// ticket stays unassigned.
func (s *Service) routeToDuty(ctx context.Context, in *NewTicket, draft *ent.Ticket, configVersion int64, now time.Time) {
	if s.router == nil || in.AssigneeID != "" || in.UnitID == "" {
		return
	}
	id, err := s.router.TicketAssignee(ctx, in.UnitID, now, configVersion)
	if err != nil {
		slog.WarnContext(ctx, "duty routing failed", "tenant_id", tenancy.TenantID(ctx), "unit_id", in.UnitID, "err", err)
		return
	}
	if id != "" {
		in.AssigneeID = id
		draft.Status = ticket.StatusOpen
	}
}
