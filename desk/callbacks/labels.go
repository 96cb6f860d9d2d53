package callbacks

import (
	"context"
	"fmt"

	"kefu/ent"
	"kefu/ent/customer"
	"kefu/ent/ticket"
)

// Label is what a worklist row shows about a callback's ticket and customer,
// read in two queries for the whole page instead of two per row.
type Label struct {
	TicketNumber, TicketSubject string
	CustomerName, CustomerTier  string
}

// Labels returns the label of each callback, by callback id.
func (s *Service) Labels(ctx context.Context, rows []*ent.Callback) (map[string]Label, error) {
	var tids, cids []string
	for _, r := range rows {
		tids = append(tids, r.TicketID)
		if r.CustomerID != "" {
			cids = append(cids, r.CustomerID)
		}
	}
	ts, err := s.db.Ticket.Query().Where(ticket.IDIn(tids...)).Select(ticket.FieldID, ticket.FieldNumber, ticket.FieldSubject).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("callback labels: %w", err)
	}
	cs, err := s.db.Customer.Query().Where(customer.IDIn(cids...)).Select(customer.FieldID, customer.FieldName, customer.FieldTier).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("callback labels: %w", err)
	}
	tk := make(map[string]*ent.Ticket, len(ts))
	for _, t := range ts {
		tk[t.ID] = t
	}
	cu := make(map[string]*ent.Customer, len(cs))
	for _, c := range cs {
		cu[c.ID] = c
	}
	out := make(map[string]Label, len(rows))
	for _, r := range rows {
		var l Label
		if t := tk[r.TicketID]; t != nil {
			l.TicketNumber, l.TicketSubject = t.Number, t.Subject
		}
		if c := cu[r.CustomerID]; c != nil {
			l.CustomerName, l.CustomerTier = c.Name, string(c.Tier)
		}
		out[r.ID] = l
	}
	return out, nil
}
