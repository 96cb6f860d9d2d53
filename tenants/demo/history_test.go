package demo_test

import (
	"context"
	"testing"
	"time"

	"kefu/app/apptest"
	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/ent/callback"
	"kefu/ent/customer"
	"kefu/ent/tenant"
	"kefu/ent/ticket"
	"kefu/ent/ticketcomment"
	"kefu/ent/ticketevent"
	"kefu/tenants/demo"
	"kefu/tenants/tenancy"
)

func TestSeedGivesEachDemoTenantAConsistentHistory(t *testing.T) {
	env := apptest.New(t)
	a := env.App
	ctx := context.Background()
	// One instant for the seed and the checks after it: with the real clock
	// an SLA check falling due while the seed runs would land after "now".
	now := time.Now()
	a.Now = func() time.Time { return now }
	seed := func() {
		t.Helper()
		if _, err := demo.Seed(ctx, a.Lifecycle, a.Users, a.Accounts, a.Org, a.Store.Client, a.Authz, a.Now); err != nil {
			t.Fatal(err)
		}
	}
	began := time.Now()
	seed()
	t.Logf("seeding %d demo tenants took %s", len(demo.Tenants), time.Since(began).Round(time.Millisecond))
	seed() // a second start adds nothing
	db := a.Store.Client

	for _, dt := range demo.Tenants {
		t.Run(dt.Slug, func(t *testing.T) {
			tn, err := db.Tenant.Query().Where(tenant.Slug(dt.Slug)).Only(tenancy.System(ctx))
			if err != nil {
				t.Fatal(err)
			}
			tctx := tenancy.WithTenant(ctx, tn.ID)
			zone, _ := time.LoadLocation(tn.Timezone)

			custs := db.Customer.Query().AllX(tctx)
			if len(custs) < 10 {
				t.Errorf("%d customers, want about 12", len(custs))
			}
			keyAccounts := 0
			for _, c := range custs {
				if len(c.Attributes) == 0 || c.Phone == "" {
					t.Errorf("customer %s has no phone or industry attributes", c.Name)
				}
				if c.Tier == customer.TierKeyAccount {
					keyAccounts++
					if c.AccountManagerID == nil {
						t.Errorf("key account %s has no account manager", c.Name)
					}
				}
			}
			if keyAccounts != 1 {
				t.Errorf("%d key accounts, want 1", keyAccounts)
			}

			// An SLA check of everything due, as the sweeper does on start.
			due, err := a.Tickets.DueChecks(ctx, now, tickets.Due{}, 1000)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range due {
				if d.TenantID == tn.ID {
					if _, err := a.Tickets.CheckSLA(tctx, d.ID); err != nil {
						t.Fatal(err)
					}
				}
			}

			tks := db.Ticket.Query().Order(ticket.ByID()).AllX(tctx)
			if len(tks) != 40 {
				t.Errorf("%d tickets, want 40", len(tks))
			}
			days, channels, types := map[string]bool{}, map[ticket.Channel]bool{}, map[ticket.Type]bool{}
			byStatus := map[ticket.Status]int{}
			var majors, breachedOpen, escalatedOpen int
			for i, tk := range tks {
				days[tk.CreatedAt.In(zone).Format(time.DateOnly)] = true
				channels[tk.Channel], types[tk.Type] = true, true
				byStatus[tk.Status]++
				if tk.Severity == ticket.SeverityMajor {
					majors++
				}
				if tk.CreatedAt.After(now) || tk.CreatedAt.Before(now.AddDate(0, 0, -15)) {
					t.Errorf("%s created at %s, outside the last fortnight", tk.Number, tk.CreatedAt)
				}
				if i > 0 && (tk.CreatedAt.Before(tks[i-1].CreatedAt) || tk.Number <= tks[i-1].Number) {
					t.Errorf("%s (%s) numbered or created out of order after %s (%s)", tk.Number, tk.CreatedAt, tks[i-1].Number, tks[i-1].CreatedAt)
				}
				open := tk.Status != ticket.StatusResolved && tk.Status != ticket.StatusClosed
				if open && (tk.FirstResponseBreachedAt != nil || tk.ResolutionBreachedAt != nil) {
					breachedOpen++
					if tk.EscalationLevel > 0 {
						escalatedOpen++
					}
				}
				if !open && tk.ResolvedAt == nil {
					t.Errorf("%s is %s without a resolution time", tk.Number, tk.Status)
				}
				checkTimeline(t, db, tctx, tk, now)
			}
			if len(days) < 10 {
				t.Errorf("tickets on %d distinct days, want at least 10", len(days))
			}
			if len(channels) < 4 || len(types) != 5 {
				t.Errorf("channels %v, types %v: want a mix", channels, types)
			}
			if majors != 2 {
				t.Errorf("%d major complaints, want 2", majors)
			}
			if byStatus[ticket.StatusResolved]+byStatus[ticket.StatusClosed] < 20 {
				t.Errorf("statuses %v: want most tickets resolved or closed", byStatus)
			}
			if byStatus[ticket.StatusNew]+byStatus[ticket.StatusOpen]+byStatus[ticket.StatusPending] < 4 {
				t.Errorf("statuses %v: want some tickets still open", byStatus)
			}
			if breachedOpen == 0 || escalatedOpen == 0 {
				t.Errorf("%d open tickets breached, %d escalated: want some past their deadlines", breachedOpen, escalatedOpen)
			}

			byID := map[string]*ent.Ticket{}
			for _, tk := range tks {
				byID[tk.ID] = tk
			}
			outcomes, pending := map[callback.Outcome]int{}, 0
			for _, cb := range db.Callback.Query().AllX(tctx) {
				if cb.Outcome != nil {
					outcomes[*cb.Outcome]++
				}
				if cb.Status == callback.StatusPending {
					pending++
				}
				tk := byID[cb.TicketID]
				if tk.ResolvedAt == nil && tk.ReopenCount == 0 {
					t.Errorf("callback %s belongs to %s, which was never resolved", cb.ID, tk.Number)
				}
				if cb.Status == callback.StatusPending && tk.Status != ticket.StatusResolved {
					t.Errorf("pending callback %s on %s ticket %s", cb.ID, tk.Status, tk.Number)
				}
				if cb.CreatedAt.After(now) || (tk.ResolvedAt != nil && cb.CreatedAt.Before(tk.CreatedAt)) {
					t.Errorf("callback %s created at %s, outside its ticket's life", cb.ID, cb.CreatedAt)
				}
				if cb.ClosedAt != nil && (cb.ClosedAt.After(now) || cb.ClosedAt.Before(cb.CreatedAt)) {
					t.Errorf("callback %s closed at %s, created %s", cb.ID, cb.ClosedAt, cb.CreatedAt)
				}
			}
			if outcomes[callback.OutcomeSatisfied] < 5 || outcomes[callback.OutcomeUnsatisfied] != 1 || pending < 2 {
				t.Errorf("callback outcomes %v, %d pending: want mostly satisfied, one unsatisfied, some still to call", outcomes, pending)
			}

			vol, err := tickets.Report(tctx, db, now.AddDate(0, 0, -14), now, nil, zone)
			if err != nil {
				t.Fatal(err)
			}
			active := 0
			for _, d := range vol.ByDay {
				if d.Count > 0 {
					active++
				}
			}
			if vol.Created < 38 || active < 10 || vol.Resolved < 20 || vol.Major != 2 {
				t.Errorf("report: %d created on %d days, %d resolved, %d major", vol.Created, active, vol.Resolved, vol.Major)
			}
		})
	}
}

// checkTimeline: events in the order they were written are in time order,
// none before the ticket or after now; comments match their events.
func checkTimeline(t *testing.T, db *ent.Client, ctx context.Context, tk *ent.Ticket, now time.Time) {
	t.Helper()
	evs := db.TicketEvent.Query().Where(ticketevent.TicketID(tk.ID)).Order(ticketevent.ByID()).AllX(ctx)
	if len(evs) == 0 || evs[0].Type != tickets.EventCreated || !evs[0].At.Equal(tk.CreatedAt) {
		t.Errorf("%s: timeline does not start with its creation", tk.Number)
	}
	for i, e := range evs {
		if e.At.After(now) || (i > 0 && e.At.Before(evs[i-1].At)) {
			t.Errorf("%s: event %s at %s out of order (now %s)", tk.Number, e.Type, e.At, now)
		}
	}
	last := evs[len(evs)-1].At
	if tk.UpdatedAt.After(now) || tk.UpdatedAt.Before(tk.CreatedAt) {
		t.Errorf("%s: updated at %s, created %s", tk.Number, tk.UpdatedAt, tk.CreatedAt)
	}
	for _, at := range []*time.Time{tk.FirstRespondedAt, tk.ResolvedAt, tk.ClosedAt, tk.FirstResponseBreachedAt, tk.ResolutionBreachedAt} {
		if at != nil && (at.Before(tk.CreatedAt) || at.After(last)) {
			t.Errorf("%s: a milestone at %s is outside its timeline %s – %s", tk.Number, at, tk.CreatedAt, last)
		}
	}
	for _, c := range db.TicketComment.Query().Where(ticketcomment.TicketID(tk.ID)).AllX(ctx) {
		if c.CreatedAt.Before(tk.CreatedAt) || c.CreatedAt.After(last) {
			t.Errorf("%s: comment at %s outside its timeline", tk.Number, c.CreatedAt)
		}
	}
}
