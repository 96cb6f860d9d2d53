package kpi

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/predicate"
	"kefu/ent/store"
	"kefu/ent/tenant"
	"kefu/ent/ticket"
	"kefu/ent/ticketmetric"
	"kefu/tenants/tenancy"
)

// backfillBatch is how many tickets one backfill transaction measures.
const backfillBatch = 200

// BackfillAll runs Backfill for every tenant and returns how many tickets
// got facts. Safe to run again: a ticket with facts is not looked at.
func BackfillAll(ctx context.Context, c *ent.Client) (int, error) {
	ids, err := c.Tenant.Query().Order(tenant.ByID()).IDs(tenancy.System(ctx))
	if err != nil {
		return 0, fmt.Errorf("kpi backfill: %w", err)
	}
	total := 0
	for _, id := range ids {
		n, err := Backfill(tenancy.WithTenant(ctx, id), c)
		total += n
		if err != nil {
			return total, fmt.Errorf("kpi backfill of tenant %s: %w", id, err)
		}
	}
	return total, nil
}

// Backfill writes the facts (ticket_metrics) of the context tenant's
// tickets that have none — those answered or resolved before Track was
// wired — with the code Track runs: Refresh for answered or resolved
// tickets, then the attribution of valid complaints, once every earlier
// resolution has its facts. Batched, each batch in a transaction; it
// returns how many tickets got facts.
func Backfill(ctx context.Context, c *ent.Client) (int, error) {
	worked := ticket.Or(ticket.FirstRespondedAtNotNil(), ticket.ResolvedAtNotNil())
	n, err := backfill(ctx, c, worked, Refresh)
	if err != nil {
		return n, err
	}
	valid := ticket.And(ticket.TypeEQ(ticket.TypeComplaint), ticket.ComplaintValidityEQ(ticket.ComplaintValidityValid))
	m, err := backfill(ctx, c, valid, attribute)
	return n + m, err
}

// backfill runs fill on the tickets matching which that have no facts,
// in id order; a ticket fill leaves without facts (a complaint about no
// one) is passed by, so the walk ends.
func backfill(ctx context.Context, c *ent.Client, which predicate.Ticket, fill func(context.Context, *ent.Client, *ent.Ticket) error) (int, error) {
	n, after := 0, ""
	for {
		ts, err := c.Ticket.Query().Where(which, ticket.IDGT(after), noFacts).Order(ticket.ByID()).Limit(backfillBatch).All(ctx)
		if err != nil {
			return n, fmt.Errorf("kpi backfill: %w", err)
		}
		if len(ts) == 0 {
			return n, nil
		}
		ids := make([]string, len(ts))
		err = store.WithTx(ctx, c, func(tx *ent.Client) error {
			for i, t := range ts {
				if err := fill(ctx, tx, t); err != nil {
					return err
				}
				ids[i] = t.ID
			}
			got, err := tx.TicketMetric.Query().Where(ticketmetric.TicketIDIn(ids...)).Count(ctx)
			n += got
			return err
		})
		if err != nil {
			return n, fmt.Errorf("kpi backfill: %w", err)
		}
		after = ts[len(ts)-1].ID
	}
}

// noFacts keeps the tickets with no ticket_metrics row.
func noFacts(s *sql.Selector) {
	m := sql.Table(ticketmetric.Table)
	s.Where(sql.NotExists(sql.Select(m.C(ticketmetric.FieldID)).From(m).Where(sql.And(
		sql.ColumnsEQ(m.C(ticketmetric.FieldTicketID), s.C(ticket.FieldID)),
		sql.ColumnsEQ(m.C(ticketmetric.FieldTenantID), s.C(ticket.FieldTenantID)),
	))))
}
