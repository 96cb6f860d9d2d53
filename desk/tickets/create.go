package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/desk/customers"
	"kefu/desk/sla"
	"kefu/ent"
	"kefu/ent/customer"
	"kefu/ent/store"
	"kefu/ent/ticket"
	"kefu/ent/ticketcounter"
	"kefu/ent/types"
	"kefu/fault"
	"kefu/ids"
	"kefu/tenants/tenancy"
	"kefu/tenants/webhooks"
)

// NewTicket is a request as it arrives.
type NewTicket struct {
	Type        string
	Channel     string
	Subject     string
	Description string
	CustomerID  string
	Priority    string // derived when empty
	Severity    string
	Validity    string // complaints: valid or communicative
	UnitID      string
	AssigneeID  string
	CategoryID  string
	// Call is set by telephony/IVR intake (channel phone): the caller's
	// number finds or creates the customer, the IVR path gives type and
	// subject when they are omitted (intake.go).
	Call *types.Call
}

// Create records a ticket, numbers it, applies its SLA policy and
// schedules its clock — all in one transaction, the timer after commit.
func (s *Service) Create(ctx context.Context, in NewTicket) (*ent.Ticket, error) {
	out, err := s.create(ctx, in, true)
	if errors.Is(err, errStaleFacts) {
		// The tenant's settings changed since they were remembered: once
		// more on fresh ones (that path never answers errStaleFacts).
		s.facts.drop(tenancy.TenantID(ctx))
		out, err = s.create(ctx, in, false)
	}
	return out, err
}

// create is Create on the tenant's remembered facts when remember is set
// and some are remembered (checked in the transaction), else on a fresh
// read of them.
func (s *Service) create(ctx context.Context, in NewTicket, remember bool) (*ent.Ticket, error) {
	now := s.now().UTC()
	if err := checkIntake(&in); err != nil {
		return nil, err
	}
	var cust *ent.Customer
	if in.CustomerID != "" {
		c, err := s.customers.Get(ctx, actorOf(ctx), in.CustomerID)
		if err != nil {
			return nil, fault.Field("body.customer_id", "no such customer", in.CustomerID)
		}
		cust = c
	} else if in.Call != nil {
		// A first-time caller is created with the ticket (in its
		// transaction), so a rejected ticket leaves no customer behind.
		c, err := customers.FindByPhone(ctx, s.db, in.Call.CallerNumber)
		if err != nil {
			return nil, err
		}
		cust = c
	}
	if in.Severity == "" {
		in.Severity = string(ticket.SeverityNormal)
	}
	if in.Priority == "" {
		in.Priority = DerivePriority(in.Type, in.Severity, tierOf(cust))
	}
	if in.Validity != "" && in.Type != string(ticket.TypeComplaint) {
		return nil, fault.Field("body.complaint_validity", "applies to complaints only", in.Validity)
	}
	// Everything that needs no lock happens first: the SLA policy and due
	// times, the year. The per-tenant number counter is taken last, so its
	// row lock is held only for the insert and the commit.
	draft := &ent.Ticket{ID: ids.New("tkt"), Type: ticket.Type(in.Type), Priority: ticket.Priority(in.Priority),
		Severity: ticket.Severity(in.Severity), Status: ticket.StatusNew, CreatedAt: now}
	if in.AssigneeID != "" {
		draft.Status = ticket.StatusOpen
	}
	tenantID := tenancy.TenantID(ctx)
	var facts tenantFacts
	var check *refCheck // set when the transaction must check the references
	if f, ok := s.facts.get(tenantID); ok && remember {
		facts, check = f, &refCheck{used: f, unitID: in.UnitID, assigneeID: in.AssigneeID, categoryID: in.CategoryID}
	} else {
		// The tenant row comes along for its zone and config version.
		refs, err := lookupRefs(ctx, s.db, in.UnitID, in.AssigneeID, in.CategoryID)
		if err != nil {
			return nil, err
		}
		if err := refs.check(in.UnitID, in.AssigneeID, in.CategoryID); err != nil {
			return nil, err
		}
		facts = refs.facts()
		s.facts.put(tenantID, facts)
	}
	s.routeToDuty(ctx, &in, draft, facts.ConfigVersion, now)
	if in.Call != nil && strings.TrimSpace(in.Subject) == "" {
		in.Subject = callSubject(facts.Locale, in.Call)
	}
	pols, err := s.policies.get(ctx, s.db, tenantID, facts.ConfigVersion)
	if err != nil {
		return nil, err
	}
	pol, cal, err := pols.match(ctx, s.db, draft, tierOf(cust))
	if err != nil {
		return nil, err
	}
	if pol != nil {
		fr := sla.Deadline(cal, now, secs(pol.FirstResponseSeconds)).UTC()
		res := sla.Deadline(cal, now, secs(pol.ResolutionSeconds)).UTC()
		draft.SLAPolicyID, draft.FirstResponseDueAt, draft.ResolutionDueAt = &pol.ID, &fr, &res
		draft.NextCheckAt = nextCheck(draft, pol, cal, now)
	}
	year := yearIn(facts.Timezone, now)
	month, limit, monthCount := MonthIn(facts.Timezone, now), s.allowance.limit(facts.Plan), 0
	// On remembered facts, a create with nothing that must read its number
	// inside the transaction takes the number in SQL (laterNumber): on
	// PostgreSQL its statements then all travel in one round trip.
	var later *laterNumber
	if check != nil && in.Severity != string(ticket.SeverityMajor) && (cust != nil || in.Call == nil) {
		subs, err := webhooks.Subscriptions(webhooks.WithConfigVersion(ctx, facts.ConfigVersion), s.db)
		if err != nil {
			return nil, err
		}
		if !subs.Wants(webhooks.TicketCreated) && !subs.Wants(webhooks.TicketAssigned) {
			later = &laterNumber{}
		}
	}
	var out *ent.Ticket
	// Batched: the writes below go out in one round trip with laterNumber,
	// else in two (see Pipelined).
	ctx = store.Pipelined(ctx)
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		evs := []event{{EventCreated, map[string]any{
			"type": in.Type, "channel": in.Channel, "priority": in.Priority, "severity": in.Severity,
		}}}
		if in.AssigneeID != "" {
			evs = append(evs, event{EventAssigned, map[string]any{"assignee_id": in.AssigneeID}})
		}
		evIDs, err := insertEvents(ctx, tx, draft.ID, actorOf(ctx), now, evs)
		if err != nil {
			return err
		}
		var number string
		if later != nil && store.Deferring(ctx) {
			if err := later.queue(ctx, tenantID, year, month, limit, check); err != nil {
				return err
			}
		} else {
			later = nil
			var count int
			if number, count, err = nextNumber(ctx, tx, tenantID, year, month, limit, check); err != nil {
				return err
			}
			monthCount = count
		}
		c := tx.Ticket.Create().SetID(draft.ID).SetNumber(number).SetType(draft.Type).SetChannel(ticket.Channel(in.Channel)).
			SetSubject(strings.TrimSpace(in.Subject)).SetDescription(in.Description).
			SetPriority(draft.Priority).SetSeverity(draft.Severity).SetStatus(draft.Status).
			SetCreatedBy(actorOf(ctx)).SetCreatedAt(now).SetUpdatedAt(now).
			SetNillableSLAPolicyID(draft.SLAPolicyID).SetNillableFirstResponseDueAt(draft.FirstResponseDueAt).
			SetNillableResolutionDueAt(draft.ResolutionDueAt).SetNillableNextCheckAt(draft.NextCheckAt)
		if cust == nil && in.Call != nil {
			if cust, err = customers.CreateCaller(ctx, tx, in.Call.CallerNumber, facts.Locale, facts.Timezone); err != nil {
				return err
			}
		}
		if cust != nil {
			c.SetCustomerID(cust.ID)
		}
		if in.Call != nil {
			c.SetCall(in.Call)
		}
		if in.Validity != "" {
			c.SetComplaintValidity(ticket.ComplaintValidity(in.Validity))
		}
		if in.UnitID != "" {
			c.SetUnitID(in.UnitID)
		}
		if in.CategoryID != "" {
			c.SetCategoryID(in.CategoryID)
		}
		if in.AssigneeID != "" {
			c.SetAssigneeID(in.AssigneeID)
		}
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		// The config version is known (and checked), so a tenant without
		// endpoints pays no query here.
		wctx := webhooks.WithConfigVersion(ctx, facts.ConfigVersion)
		if err := emitWebhooks(wctx, tx, out, out.ID, actorOf(ctx), now, evs, evIDs); err != nil {
			return err
		}
		if in.Severity == string(ticket.SeverityMajor) {
			// 重大投诉: straight to the center's head, before any clock runs out.
			if err := s.escalate(wctx, tx, out, 1, "center_head", "major_complaint", now); err != nil {
				return err
			}
			out, err = tx.Ticket.UpdateOne(out).SetEscalationLevel(1).Save(quiet(ctx))
		}
		return err
	})
	if later != nil {
		if !later.taken {
			// The facts or references moved on, the year is new or the
			// allowance is used up: the counter matched nothing, the ticket
			// got no number and nothing was written. Start over the slow way.
			return nil, errStaleFacts
		}
		if err == nil {
			out.Number, monthCount = later.number, later.monthCount
			s.oneTrip.Add(1)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("create ticket: %w", err)
	}
	s.schedule(ctx, out)
	s.allowance.used(ctx, tenancy.TenantID(ctx), month, monthCount, limit)
	return out, nil
}

func tierOf(c *ent.Customer) string {
	if c == nil {
		return string(customer.TierRegular)
	}
	return string(c.Tier)
}

// DerivePriority sets a priority from what is known when none was given: a
// major complaint is urgent, complaints are high, praise and suggestions
// low; VIP and key-account customers move one step up.
func DerivePriority(typ, severity, tier string) string {
	levels := []string{"low", "normal", "high", "urgent"}
	i := 1
	switch {
	case severity == string(ticket.SeverityMajor):
		return "urgent"
	case typ == string(ticket.TypeComplaint):
		i = 2
	case typ == string(ticket.TypePraise), typ == string(ticket.TypeSuggestion):
		i = 0
	}
	if tier == string(customer.TierVip) || tier == string(customer.TierKeyAccount) {
		i = min(i+1, len(levels)-1)
	}
	return levels[i]
}

// yearIn is the ticket's year in the tenant's time zone (numbers restart
// each January 1st, local time).
func yearIn(zone string, now time.Time) int {
	loc, err := location(zone)
	if err != nil {
		return now.Year()
	}
	return now.In(loc).Year()
}

// zones caches time.LoadLocation, which reads the zone file on every call.
var zones sync.Map

func location(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// takeNumberSQL bumps the tenant's counter for the year ($1, $2) and counts
// the ticket in the month ($3) unless its allowance ($4, 0: unlimited) is
// used up; nextNumber and laterNumber add their own WHERE and RETURNING.
const takeNumberSQL = `UPDATE ticket_counters SET "last" = "last" + 1,
		month_count = CASE WHEN "month" = $3 THEN month_count + 1 ELSE 1 END, "month" = $3
	WHERE tenant_id = $1 AND year = $2 AND ($4 = 0 OR "month" <> $3 OR month_count < $4)`

// nextNumber takes the next human number for the tenant and year, and
// counts the ticket against the month's allowance (limit 0: unlimited). The
// counter row is updated in the ticket's transaction, so numbers have no
// gaps and no duplicates under concurrent creates, and the allowance is
// never exceeded. With check set, the same statement reads the tenant's
// facts and the request's references, so remembered facts cost no round
// trip of their own.
func nextNumber(ctx context.Context, tx *ent.Client, tenantID string, year, month, limit int, check *refCheck) (string, int, error) {
	query, args := takeNumberSQL+` RETURNING "last", month_count`, []any{tenantID, year, month, limit}
	if check != nil {
		query += checkColumns
		args = append(args, check.unitID, check.assigneeID, check.categoryID)
	}
	for attempt := 0; attempt < 2; attempt++ {
		// One statement takes the row lock, checks the allowance and reads
		// the number; the tenant is named explicitly because raw SQL
		// bypasses the privacy layer.
		var last, count int
		found := false
		err := store.QueryRows(ctx, tx, query, args, func(rows entsql.ColumnScanner) error {
			if found = rows.Next(); !found {
				return rows.Err()
			}
			if check == nil {
				return rows.Scan(&last, &count)
			}
			g := &check.got
			return rows.Scan(&last, &count, &g.Timezone, &g.Locale, &g.Plan, &g.ConfigVersion, &g.UnitID, &g.AssigneeStatus, &g.CategoryID)
		})
		if err != nil {
			return "", 0, fmt.Errorf("take ticket number: %w", err)
		}
		if found && check != nil {
			if err := check.verify(); err != nil {
				return "", 0, err
			}
		}
		if found {
			return fmt.Sprintf("T-%d-%06d", year, last), count, nil
		}
		if attempt == 1 {
			break
		}
		if check != nil {
			// A year's first ticket or a used-up allowance, judged on
			// remembered facts: the fresh path settles both.
			return "", 0, errStaleFacts
		}
		// No row matched: the first ticket of the year (create the counter;
		// racing creators meet on the unique key) or the allowance is used up.
		if err := tx.TicketCounter.Create().SetYear(year).SetLast(0).
			OnConflictColumns(ticketcounter.FieldTenantID, ticketcounter.FieldYear).DoNothing().
			Exec(tenancy.Quiet(ctx)); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", 0, fmt.Errorf("create ticket counter: %w", err)
		}
	}
	exists, err := tx.TicketCounter.Query().Where(ticketcounter.Year(year)).Exist(ctx)
	if err != nil || !exists {
		return "", 0, fmt.Errorf("ticket counter for %d did not appear: %v", year, err)
	}
	return "", 0, fault.PaymentRequiredf("this month's allowance of %d tickets is used up: upgrade the plan to create more this month", limit)
}
