package main

import (
	"context"
	"fmt"
	"time"

	"kefu/ops/cluster"
)

// redisFlush: file SLA tickets, then FLUSHALL before their timers fire.
// Redis holds no truth: the sweeper re-enqueues every pending timer from
// the database, and each escalation still happens exactly once.
func redisFlush(ctx context.Context, e *env) (scenario, error) {
	sc := scenario{Fault: "FLUSHALL on Redis right after a burst of SLA tickets, before their timers fire", Figures: map[string]any{}}
	l, out, err := e.burst(ctx, "c", 300)
	if err != nil {
		return sc, err
	}
	before := e.queued(ctx)
	doneBefore := e.db.escalationsDone(ctx, l.Tag)
	if err := e.rdb.FlushAll(ctx).Err(); err != nil {
		return sc, fmt.Errorf("flushall: %w", err)
	}
	flushed := time.Now()
	after := e.queued(ctx)
	e.log.Info("FLUSHALL", "timers_before", before, "after", after)
	// The sweepers (one per worker, every sweep interval) put them back.
	restored := 0
	for time.Since(flushed) < 2*e.sweep+2*time.Second {
		restored = max(restored, e.queued(ctx))
		if restored >= before && before > 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	restoredIn := time.Since(flushed)
	esc, err := cluster.WaitEscalations(ctx, e.db.DB, l.Tag, e.tenants, 120*time.Second)
	if err != nil {
		return sc, err
	}
	sc.Figures["burst"] = out
	sc.Figures["sla_tasks_in_redis_before_flush"] = before
	sc.Figures["sla_tasks_after_flush"] = after
	sc.Figures["sla_tasks_seen_queued_again"] = restored
	sc.Figures["restored_within_seconds"] = float64(int(restoredIn.Seconds()*10)) / 10
	sc.Figures["escalations_done_before_flush"] = doneBefore
	sc.Figures["escalations"] = esc
	if len(esc.DupSample) > 0 {
		sc.Figures["duplicate_timelines"] = e.timelines(ctx, esc.DupSample)
	}
	sc.check("timers were pending and the flush removed them", before > 0 && after == 0, "%d scheduled before, %d after", before, after)
	// Timers that fell due meanwhile run at once, so fewer may be seen
	// queued at a time; the escalations below prove none was lost.
	sc.check("the sweeper put timers back into the empty Redis", restored > 0,
		"%d SLA tasks queued again within %.0f s of the flush (of %d before it: the sweepers re-enqueue what falls due within their interval + 1 min; later timers come back with later sweeps)", restored, restoredIn.Seconds(), before)
	sc.check("every escalation happened", esc.Missing == 0, "%d due, %d done, %d missing", esc.Expected, esc.Done, esc.Missing)
	sc.check("no escalation happened twice (rows and `escalated` events)", esc.DupRows == 0 && esc.DupEvents == 0,
		"%d duplicated rows, %d duplicated events", esc.DupRows, esc.DupEvents)
	sc.check("the SLA breach and warning were recorded once per ticket", esc.EventsOnce(),
		"%d duplicated `sla_breached`, %d duplicated `sla_warning`", esc.DupBreaches, esc.DupWarnings)
	sc.check("none happened early", esc.Early == 0, "%d early", esc.Early)
	return sc, nil
}
