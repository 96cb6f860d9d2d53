package webhooks

import "slices"

// Event types a receiver can subscribe to. This list is the catalogue: the
// API serves it (GET /v1/webhook-event-types) and validates subscriptions
// against it.
const (
	TicketCreated     = "ticket.created"
	TicketUpdated     = "ticket.updated"
	TicketAssigned    = "ticket.assigned"
	TicketEscalated   = "ticket.escalated"
	TicketResolved    = "ticket.resolved"
	TicketReopened    = "ticket.reopened"
	CallbackRecorded  = "callback.recorded"
	SLAWarning        = "sla.warning"
	SLABreached       = "sla.breached"
	TenantPlanChanged = "tenant.plan_changed"
	// Ping is sent by "send test" only; nobody subscribes to it.
	Ping = "ping"
	// All subscribes an endpoint to every type, including ones added later.
	All = "*"
)

// EventType describes one entry of the catalogue.
type EventType struct {
	Type        string
	Group       string // ticket, callback, sla or tenant
	Description string
}

// Catalogue lists every subscribable event type in display order.
var Catalogue = []EventType{
	{TicketCreated, "ticket", "A ticket was created (any channel). data: ticket, event."},
	{TicketUpdated, "ticket", "A ticket changed in another way: a comment or reply was added, or its status changed other than to resolved. data: ticket, event."},
	{TicketAssigned, "ticket", "A ticket was assigned to a person or transferred to another unit. data: ticket, event."},
	{TicketEscalated, "ticket", "A ticket was escalated up the reporting line (event.data has to_user_id and level). data: ticket, event."},
	{TicketResolved, "ticket", "A ticket's status changed to resolved. data: ticket, event."},
	{TicketReopened, "ticket", "A resolved or closed ticket was reopened. data: ticket, event."},
	{CallbackRecorded, "callback", "The outcome of a callback (回访) or survey was recorded on a ticket. data: ticket, event."},
	{SLAWarning, "sla", "A ticket's SLA target is close to being missed (warn_at_percent reached). data: ticket, event."},
	{SLABreached, "sla", "A ticket missed its first-response or resolution target. data: ticket, event."},
	{TenantPlanChanged, "tenant", "The organization's subscription plan changed. data: plan, previous_plan."},
}

// Known reports whether typ is in the catalogue (All and Ping are not).
func Known(typ string) bool {
	return slices.ContainsFunc(Catalogue, func(e EventType) bool { return e.Type == typ })
}

// TypeNames returns the catalogue's type names, for validation messages
// and enums.
func TypeNames() []string {
	out := make([]string, len(Catalogue))
	for i, e := range Catalogue {
		out[i] = e.Type
	}
	return out
}

// subscribes reports whether an endpoint's event list covers typ.
func subscribes(events []string, typ string) bool {
	return slices.Contains(events, All) || slices.Contains(events, typ)
}
