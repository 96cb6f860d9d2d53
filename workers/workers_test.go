package workers_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"kefu/app/apptest"
	"kefu/ent"
	"kefu/ent/outboxmessage"
	"kefu/tenants/outbox"
	"kefu/tenants/tenancy"
	"kefu/workers"
)

// countingMailer records deliveries per message.
type countingMailer struct {
	mu   sync.Mutex
	sent map[string]int
}

func (m *countingMailer) Send(ctx context.Context, msg *ent.OutboxMessage) error {
	if tenancy.TenantID(ctx) != msg.TenantID {
		panic("delivery ran outside the message's tenant")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent[msg.ID]++
	return nil
}

func (m *countingMailer) count(id string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sent[id]
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// signedUp is a Kefu whose outbox counts deliveries, with one tenant
// signed up and its welcome message.
func signedUp(t *testing.T) (*apptest.Env, *countingMailer, *ent.OutboxMessage) {
	t.Helper()
	e := apptest.New(t)
	mailer := &countingMailer{sent: map[string]int{}}
	e.App.Outbox = outbox.New(e.App.Store.Client, mailer, nil)
	acme := e.Signup("acme", "generic")
	return e, mailer, welcome(t, e, acme.ID)
}

func welcome(t *testing.T, e *apptest.Env, tenantID string) *ent.OutboxMessage {
	t.Helper()
	m, err := e.App.Store.OutboxMessage.Query().Where(outboxmessage.Kind("welcome"), outboxmessage.TenantID(tenantID)).
		Only(tenancy.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Signup writes the welcome message in its transaction and enqueues it;
// the worker rebuilds the tenant context and delivers it once.
func TestWelcomeMessageIsDeliveredThroughAsynq(t *testing.T) {
	e := apptest.New(t)
	mailer := &countingMailer{sent: map[string]int{}}
	e.App.Outbox = outbox.New(e.App.Store.Client, mailer, nil)
	e.StartWorkers()
	acme := e.Signup("acme", "generic")
	msg := welcome(t, e, acme.ID)
	waitFor(t, "delivery", func() bool {
		m, err := e.App.Store.OutboxMessage.Get(tenancy.WithTenant(context.Background(), acme.ID), msg.ID)
		return err == nil && m.Status == outboxmessage.StatusSent
	})
	if n := mailer.count(msg.ID); n != 1 {
		t.Fatalf("delivered %d times", n)
	}
}

// Redis loses the task (flush): the sweeper finds the pending message in
// the database and re-enqueues it; enqueueing twice still delivers once.
func TestSweeperRestoresWorkRedisLost(t *testing.T) {
	e, mailer, msg := signedUp(t)
	if err := e.App.Redis.FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	sw := &workers.Sweeper{Queue: e.App.Queue, Outbox: e.App.Outbox, Accounts: e.App.Accounts}
	for range 2 {
		n, err := sw.Once(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("sweep re-enqueued %d, %v", n, err)
		}
	}
	e.StartWorkers()
	waitFor(t, "delivery after flush", func() bool { return mailer.count(msg.ID) > 0 })
	time.Sleep(500 * time.Millisecond)
	if n := mailer.count(msg.ID); n != 1 {
		t.Fatalf("delivered %d times", n)
	}
	if n, err := sw.Once(context.Background()); err != nil || n != 0 {
		t.Fatalf("sweep after delivery re-enqueued %d, %v", n, err)
	}
}

func TestDeliverTwiceSendsOnce(t *testing.T) {
	e := apptest.New(t)
	mailer := &countingMailer{sent: map[string]int{}}
	svc := outbox.New(e.App.Store.Client, mailer, nil)
	acme := e.Signup("acme", "generic")
	msg := welcome(t, e, acme.ID)
	ctx := tenancy.WithTenant(context.Background(), acme.ID)
	for range 3 {
		if err := svc.Deliver(ctx, msg.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := mailer.count(msg.ID); n != 1 {
		t.Fatalf("delivered %d times", n)
	}
	// Another tenant's context cannot see, let alone deliver, the message.
	other := e.Signup("other", "generic")
	if err := svc.Deliver(tenancy.WithTenant(context.Background(), other.ID), msg.ID); err != nil {
		t.Fatal(err)
	}
	if n := mailer.count(msg.ID); n != 1 {
		t.Fatalf("delivered %d times", n)
	}
}

// A task that used up its retries is archived and keeps its id: the
// sweeper's re-enqueue of the message, still pending in the database, runs
// it again instead of being taken for a duplicate.
func TestSweeperRunsAnArchivedTaskAgain(t *testing.T) {
	e, mailer, msg := signedUp(t)
	insp := asynq.NewInspectorFromRedisClient(e.App.Redis)
	if err := insp.ArchiveTask("default", "outbox:"+msg.ID); err != nil {
		t.Fatal(err)
	}
	sw := &workers.Sweeper{Queue: e.App.Queue, Outbox: e.App.Outbox, Accounts: e.App.Accounts}
	if _, err := sw.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	info, err := insp.GetTaskInfo("default", "outbox:"+msg.ID)
	if err != nil || info.State != asynq.TaskStatePending {
		t.Fatalf("after the sweep the task is %v (%v), want pending", info, err)
	}
	e.StartWorkers()
	waitFor(t, "delivery of the archived message", func() bool { return mailer.count(msg.ID) > 0 })
}
