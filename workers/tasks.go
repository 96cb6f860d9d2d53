package workers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Task types.
const (
	TypeOutboxDeliver = "outbox:deliver"
	TypeSLACheck      = "sla:check"
	TypeCallbackDue   = "callback:due"
	TypeWebhookSend   = "webhook:send"
)

// Queues and their weights: SLA timers will use critical.
var Queues = map[string]int{"critical": 6, "default": 3, "low": 1}

// Payload is every task's envelope: the tenant travels in it, and the
// worker middleware rebuilds the tenant context from it.
type Payload struct {
	TenantID string    `json:"tenant_id"`
	ID       string    `json:"id"`
	At       time.Time `json:"at,omitzero"` // when the task is due, for timers
}

// Queue enqueues Kefu's tasks. Task ids are deterministic, so enqueueing
// the same work twice is harmless.
type Queue struct {
	c    *asynq.Client
	insp *asynq.Inspector // finds archived tasks that block a re-enqueue
}

// NewQueue wraps a Redis client.
func NewQueue(rdb redis.UniversalClient) *Queue {
	return &Queue{c: asynq.NewClientFromRedisClient(rdb), insp: asynq.NewInspectorFromRedisClient(rdb)}
}

// KickOutbox schedules delivery of an outbox message now.
func (q *Queue) KickOutbox(ctx context.Context, tenantID, messageID string) error {
	return q.enqueue(ctx, TypeOutboxDeliver, Payload{TenantID: tenantID, ID: messageID},
		asynq.TaskID("outbox:"+messageID), asynq.MaxRetry(10), asynq.Queue("default"), asynq.Timeout(30*time.Second))
}

// ScheduleSLACheck wakes the SLA job for a ticket at `at`. The task id
// names the ticket and the instant, so scheduling the same check twice is
// one task, while a new due time is a new one.
func (q *Queue) ScheduleSLACheck(ctx context.Context, tenantID, ticketID string, at time.Time) error {
	return q.enqueue(ctx, TypeSLACheck, Payload{TenantID: tenantID, ID: ticketID, At: at.UTC()},
		asynq.TaskID(fmt.Sprintf("sla:%s:%d", ticketID, at.UnixMilli())), asynq.ProcessAt(at),
		asynq.MaxRetry(25), asynq.Queue("critical"), asynq.Timeout(30*time.Second))
}

// ScheduleCallbackDue wakes the overdue check of a callback at its due time.
func (q *Queue) ScheduleCallbackDue(ctx context.Context, tenantID, callbackID string, at time.Time) error {
	return q.enqueue(ctx, TypeCallbackDue, Payload{TenantID: tenantID, ID: callbackID, At: at.UTC()},
		asynq.TaskID(fmt.Sprintf("cbdue:%s:%d", callbackID, at.UnixMilli())), asynq.ProcessAt(at),
		asynq.MaxRetry(25), asynq.Queue("critical"), asynq.Timeout(30*time.Second))
}

// ScheduleWebhookDelivery wakes a webhook delivery's attempt at `at`; the
// id names the delivery and the instant, so each attempt is one task.
func (q *Queue) ScheduleWebhookDelivery(ctx context.Context, tenantID, deliveryID string, at time.Time) error {
	return q.enqueue(ctx, TypeWebhookSend, Payload{TenantID: tenantID, ID: deliveryID, At: at.UTC()},
		asynq.TaskID(fmt.Sprintf("whd:%s:%d", deliveryID, at.UnixMilli())), asynq.ProcessAt(at),
		asynq.MaxRetry(10), asynq.Queue("default"), asynq.Timeout(30*time.Second))
}

func (q *Queue) enqueue(ctx context.Context, typ string, p Payload, opts ...asynq.Option) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = q.c.EnqueueContext(ctx, asynq.NewTask(typ, b), opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		err = q.revive(p, opts)
	}
	if errors.Is(err, asynq.ErrDuplicateTask) {
		err = nil
	}
	if err != nil {
		return fmt.Errorf("enqueue %s %s: %w", typ, p.ID, err)
	}
	return nil
}

// revive handles a re-enqueue that met a task of the same id. Usually that
// task is waiting or running, and the id made the enqueue idempotent. But a
// task that used up its retries is archived and keeps its id, so the
// sweeper's re-enqueue of work the database still holds as pending would be
// swallowed for good: run the archived task again instead. Timers not yet
// due are not looked at, so sweeping armed timers costs nothing extra.
func (q *Queue) revive(p Payload, opts []asynq.Option) error {
	if p.At.After(time.Now()) {
		return nil
	}
	queue, id := "default", ""
	for _, o := range opts {
		switch o.Type() {
		case asynq.QueueOpt:
			queue, _ = o.Value().(string)
		case asynq.TaskIDOpt:
			id, _ = o.Value().(string)
		}
	}
	info, err := q.insp.GetTaskInfo(queue, id)
	if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
		// Finished meanwhile (the next sweep sees what is left), or Redis
		// was flushed and the queue not registered again: it is queued.
		return nil
	}
	if err != nil || info.State != asynq.TaskStateArchived {
		return err
	}
	if err := q.insp.RunTask(queue, id); err != nil && !errors.Is(err, asynq.ErrTaskNotFound) {
		return fmt.Errorf("run archived task %s again: %w", id, err)
	}
	slog.Warn("archived task run again: the database still holds its work as pending", "task", id, "tenant_id", p.TenantID)
	return nil
}
