package tickets

import (
	"context"
	"time"

	"kefu/ent"
	"kefu/tenants/webhooks"
)

// webhookType maps a timeline event to the webhook event integrators
// subscribe to; "" for timeline entries that are not published.
func webhookType(typ string, data map[string]any) string {
	switch typ {
	case EventCreated:
		return webhooks.TicketCreated
	case EventAssigned, EventTransferred:
		return webhooks.TicketAssigned
	case EventEscalated:
		return webhooks.TicketEscalated
	case EventReopened:
		return webhooks.TicketReopened
	case EventStatusChanged:
		if to, _ := data["to"].(string); to == "resolved" {
			return webhooks.TicketResolved
		}
		return webhooks.TicketUpdated
	case EventCommented:
		return webhooks.TicketUpdated
	case EventSLAWarning:
		return webhooks.SLAWarning
	case EventSLABreached:
		return webhooks.SLABreached
	case EventCallbackRecorded:
		return webhooks.CallbackRecorded
	}
	return ""
}

// emitWebhooks writes the webhook events for timeline entries through c (the
// caller's transaction). t is the ticket as written; nil reads it through c,
// which happens only when an endpoint subscribes.
func emitWebhooks(ctx context.Context, c *ent.Client, t *ent.Ticket, ticketID, actorID string, at time.Time, evs []event, evIDs []string) error {
	subs, err := webhooks.Subscriptions(ctx, c)
	if err != nil {
		return err
	}
	for i, e := range evs {
		typ := webhookType(e.typ, e.data)
		if typ == "" || !subs.Wants(typ) {
			continue
		}
		if t == nil {
			if t, err = c.Ticket.Get(ctx, ticketID); err != nil {
				return err
			}
		}
		te := map[string]any{"type": e.typ, "at": at.UTC(), "data": e.data}
		if i < len(evIDs) {
			te["id"] = evIDs[i]
		}
		if actorID != "" {
			te["actor_id"] = actorID
		}
		sum := ticketSummary(t)
		// Callers record before they save the ticket's own update, so what
		// the event changes is laid over the row as read.
		for _, prev := range evs[:i+1] {
			applyEvent(sum, prev, at)
		}
		if err := subs.Emit(ctx, c, typ, at, map[string]any{"ticket": sum, "event": te}); err != nil {
			return err
		}
	}
	return nil
}

// applyEvent sets the summary fields a timeline event changes, so the
// snapshot is the ticket as of the event.
func applyEvent(sum map[string]any, e event, at time.Time) {
	str := func(k string) (string, bool) { v, ok := e.data[k].(string); return v, ok && v != "" }
	switch e.typ {
	case EventStatusChanged:
		if to, ok := str("to"); ok {
			sum["status"] = to
		}
	case EventReopened:
		sum["status"] = "open"
	case EventAssigned:
		if a, ok := str("assignee_id"); ok {
			sum["assignee_id"] = a
			if sum["status"] == "new" {
				sum["status"] = "open"
			}
		}
	case EventTransferred:
		if u, ok := str("to_unit_id"); ok {
			sum["unit_id"] = u
		}
	case EventCommented:
		if pub, _ := e.data["public"].(bool); pub && sum["status"] == "new" {
			sum["status"] = "open"
		}
	case EventEscalated:
		if l, ok := e.data["level"].(int); ok {
			sum["escalation_level"] = l
		}
	}
	if e.typ != EventSLAWarning && e.typ != EventSLABreached {
		sum["updated_at"] = at.UTC()
	}
}

// ticketSummary is what a webhook tells about a ticket: ids and state, no
// subject, description or customer details (receivers fetch the ticket by
// id with their own key and permissions).
func ticketSummary(t *ent.Ticket) map[string]any {
	m := map[string]any{
		"id": t.ID, "number": t.Number, "type": string(t.Type), "channel": string(t.Channel), "status": string(t.Status),
		"priority": string(t.Priority), "severity": string(t.Severity), "escalation_level": t.EscalationLevel,
		"created_at": t.CreatedAt.UTC(), "updated_at": t.UpdatedAt.UTC(),
	}
	for k, v := range map[string]*string{"customer_id": t.CustomerID, "unit_id": t.UnitID, "assignee_id": t.AssigneeID, "category_id": t.CategoryID} {
		if v != nil {
			m[k] = *v
		}
	}
	return m
}
