package workers

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"kefu/desk/callbacks"
	"kefu/desk/duty"
	"kefu/desk/grades"
	"kefu/desk/quality"
	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/tenants/billing"
	"kefu/tenants/outbox"
	"kefu/tenants/tenancy"
	"kefu/tenants/webhooks"
)

// Deps are the domain services the handlers call.
type Deps struct {
	Outbox    *outbox.Service
	Tickets   *tickets.Service
	Callbacks *callbacks.Service
	Webhooks  *webhooks.Service
	Billing   *billing.Service
	Duty      *duty.Service
	Quality   *quality.Service
	Grades    *grades.Service
	Now       func() time.Time
}

// Server processes tasks.
type Server struct {
	srv *asynq.Server
	mux *asynq.ServeMux
}

// NewServer builds the asynq server with Kefu's handlers. Poll intervals
// are short because timers must fire within a fraction of a second.
func NewServer(rdb redis.UniversalClient, d Deps, concurrency int) *Server {
	srv := asynq.NewServerFromRedisClient(rdb, asynq.Config{
		Concurrency:              concurrency,
		Queues:                   Queues,
		DelayedTaskCheckInterval: 200 * time.Millisecond,
		TaskCheckInterval:        100 * time.Millisecond,
		ShutdownTimeout:          10 * time.Second,
		Logger:                   asynqLogger{},
		LogLevel:                 asynq.WarnLevel,
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			slog.Warn("task failed", "type", t.Type(), "err", err)
		}),
	})
	mux := asynq.NewServeMux()
	mux.Use(tenantContext)
	mux.HandleFunc(TypeOutboxDeliver, func(ctx context.Context, t *asynq.Task) error {
		p, _ := payloadFrom(ctx)
		return d.Outbox.Deliver(ctx, p.ID)
	})
	mux.HandleFunc(TypeSLACheck, func(ctx context.Context, t *asynq.Task) error {
		p, _ := payloadFrom(ctx)
		if err := waitUntil(ctx, p, d.Now); err != nil {
			return err
		}
		_, err := d.Tickets.CheckSLA(ctx, p.ID)
		if ent.IsNotFound(err) {
			return nil // the ticket is gone (tenant purged): nothing left to time
		}
		return err
	})
	mux.HandleFunc(TypeCallbackDue, func(ctx context.Context, t *asynq.Task) error {
		p, _ := payloadFrom(ctx)
		if err := waitUntil(ctx, p, d.Now); err != nil {
			return err
		}
		err := d.Callbacks.CheckOverdue(ctx, p.ID)
		if ent.IsNotFound(err) {
			return nil
		}
		return err
	})
	mux.HandleFunc(TypeWebhookSend, func(ctx context.Context, t *asynq.Task) error {
		p, _ := payloadFrom(ctx)
		if err := waitUntil(ctx, p, d.Now); err != nil {
			return err
		}
		return d.Webhooks.Deliver(ctx, p.ID)
	})
	billingHandlers(mux, d.Billing)
	dutyHandlers(mux, d.Duty, d.Now)
	performanceHandlers(mux, d.Quality, d.Grades)
	return &Server{srv: srv, mux: mux}
}

// waitUntil holds a timer task until its due time: asynq keeps due times in
// whole seconds, so a task can run up to a second early, and nothing may
// act before its deadline.
func waitUntil(ctx context.Context, p Payload, now func() time.Time) error {
	wait := p.At.Sub(now())
	if wait <= 0 {
		return nil
	}
	if wait > 2*time.Second {
		return fmt.Errorf("%s ran %s early", p.ID, wait)
	}
	select {
	case <-time.After(wait):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Start begins processing in the background.
func (s *Server) Start() error { return s.srv.Start(s.mux) }

// Shutdown waits for running tasks, then stops.
func (s *Server) Shutdown() { s.srv.Shutdown() }

type payloadKey struct{}

func payloadFrom(ctx context.Context) (Payload, bool) {
	p, ok := ctx.Value(payloadKey{}).(Payload)
	return p, ok
}

// tenantContext rebuilds the tenant context from the payload; a task
// without a tenant is dropped, never run with platform-wide rights.
func tenantContext(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		var p Payload
		if err := json.Unmarshal(t.Payload(), &p); err != nil || p.TenantID == "" {
			return fmt.Errorf("task %s has no tenant: %w", t.Type(), asynq.SkipRetry)
		}
		ctx = tenancy.WithTenant(ctx, p.TenantID)
		ctx = context.WithValue(ctx, payloadKey{}, p)
		return next.ProcessTask(ctx, t)
	})
}

// asynqLogger routes asynq's own logs through slog.
type asynqLogger struct{}

func (asynqLogger) Debug(args ...any) { slog.Debug(fmt.Sprint(args...), "component", "asynq") }
func (asynqLogger) Info(args ...any)  { slog.Info(fmt.Sprint(args...), "component", "asynq") }
func (asynqLogger) Warn(args ...any)  { slog.Warn(fmt.Sprint(args...), "component", "asynq") }
func (asynqLogger) Error(args ...any) { slog.Error(fmt.Sprint(args...), "component", "asynq") }
func (asynqLogger) Fatal(args ...any) { slog.Error(fmt.Sprint(args...), "component", "asynq") }
