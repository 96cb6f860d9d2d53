package webhooks_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	_ "kefu/ent/runtime"
	"kefu/ent/tenant"
	"kefu/ent/webhookevent"
	"kefu/tenants/tenancy"
	"kefu/tenants/webhooks"
	"kefu/testkit"
)

// countingDriver counts the statements a client sends.
type countingDriver struct {
	dialect.Driver
	n atomic.Int64
}

func (d *countingDriver) Exec(ctx context.Context, q string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Exec(ctx, q, args, v)
}

func (d *countingDriver) Query(ctx context.Context, q string, args, v any) error {
	d.n.Add(1)
	return d.Driver.Query(ctx, q, args, v)
}

// A tenant without endpoints pays no query for an event once its (empty)
// subscription set is cached for its config version; an endpoint change
// bumps the version and the next emit sees it.
func TestEmitCostsNoQueryForATenantWithoutEndpoints(t *testing.T) {
	st := testkit.Store(t)
	cd := &countingDriver{Driver: entsql.OpenDB(st.Dialect, st.DB)}
	counted := ent.NewClient(ent.Driver(cd))
	sys := tenancy.System(context.Background())
	tn := st.Tenant.Create().SetSlug("acme").SetName("Acme").SetIndustry("generic").SaveX(sys)
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	version := func() int64 {
		return st.Tenant.Query().Where(tenant.ID(tn.ID)).OnlyX(ctx).ConfigVersion
	}
	events := func() int { return st.WebhookEvent.Query().CountX(ctx) }

	// First use loads the (empty) set once.
	vctx := webhooks.WithConfigVersion(ctx, version())
	if err := webhooks.Emit(vctx, counted, webhooks.TicketCreated, nil); err != nil {
		t.Fatal(err)
	}
	cd.n.Store(0)
	for range 5 {
		if err := webhooks.Emit(vctx, counted, webhooks.TicketCreated, map[string]any{"x": 1}); err != nil {
			t.Fatal(err)
		}
	}
	if n := cd.n.Load(); n != 0 {
		t.Fatalf("5 emits without endpoints sent %d statements", n)
	}
	if n := events(); n != 0 {
		t.Fatalf("%d events written without endpoints", n)
	}

	// An endpoint for ticket.resolved only: the version moves, created
	// stays unwritten, resolved is written.
	st.WebhookEndpoint.Create().SetURL("https://203.0.113.10/hook").SetEvents([]string{webhooks.TicketResolved}).
		SetSecret("whsec_0123456789abcdef").SaveX(ctx)
	if err := webhooks.Emit(ctx, counted, webhooks.TicketCreated, nil); err != nil {
		t.Fatal(err)
	}
	if n := events(); n != 0 {
		t.Fatalf("unsubscribed type written: %d events", n)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := webhooks.EmitAt(ctx, counted, webhooks.TicketResolved, at, map[string]any{"ticket": map[string]any{"id": "tkt_1"}}); err != nil {
		t.Fatal(err)
	}
	ev := st.WebhookEvent.Query().Where(webhookevent.Type(webhooks.TicketResolved)).OnlyX(ctx)
	if !ev.OccurredAt.Equal(at) || ev.DispatchedAt != nil || ev.TenantID != tn.ID {
		t.Fatalf("event %+v", ev)
	}

	// Failure bookkeeping on the endpoint does not move the version (the
	// SLA policy cache shares it); disabling does.
	v := version()
	ep := st.WebhookEndpoint.Query().OnlyX(ctx)
	st.WebhookEndpoint.UpdateOne(ep).AddConsecutiveFailures(1).SetFailingSince(at).ExecX(ctx)
	if version() != v {
		t.Fatal("failure bookkeeping bumped config_version")
	}
	st.WebhookEndpoint.UpdateOne(ep).SetEnabled(false).ExecX(ctx)
	if version() == v {
		t.Fatal("disabling did not bump config_version")
	}
	if err := webhooks.Emit(ctx, counted, webhooks.TicketResolved, nil); err != nil {
		t.Fatal(err)
	}
	if n := events(); n != 1 {
		t.Fatalf("disabled endpoint still gets events: %d", n)
	}
}

// An event written in a transaction that rolls back is gone with it.
func TestEmitIsPartOfTheCallersTransaction(t *testing.T) {
	st := testkit.Store(t)
	sys := tenancy.System(context.Background())
	tn := st.Tenant.Create().SetSlug("acme").SetName("Acme").SetIndustry("generic").SaveX(sys)
	ctx := tenancy.WithTenant(context.Background(), tn.ID)
	st.WebhookEndpoint.Create().SetURL("https://203.0.113.10/hook").SetEvents([]string{"*"}).
		SetSecret("whsec_0123456789abcdef").SaveX(ctx)
	tx, err := st.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := webhooks.Emit(ctx, tx.Client(), webhooks.TenantPlanChanged, map[string]any{"plan": "pro"}); err != nil {
		t.Fatal(err)
	}
	if n := tx.WebhookEvent.Query().CountX(ctx); n != 1 {
		t.Fatalf("inside the transaction: %d events", n)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n := st.WebhookEvent.Query().CountX(ctx); n != 0 {
		t.Fatalf("after rollback: %d events", n)
	}
}
