package main

import (
	"context"
	"fmt"
	"time"

	"kefu/ops/cluster"
)

// workerKill: file a burst of SLA tickets, and kill -9 worker 1 of 2 once
// their escalations are under way; restart it 2 s later. Each escalation
// must still happen exactly once: tasks the dead worker held come back
// when asynq's lease lapses, and re-running one finds the work done.
func workerKill(ctx context.Context, e *env) (scenario, error) {
	sc := scenario{Fault: "kill -9 of worker process 1 of 2 while the escalations of a burst of SLA tickets are being processed; restarted 2 s later", Figures: map[string]any{}}
	l, out, err := e.burst(ctx, "b", 800)
	if err != nil {
		return sc, err
	}
	total := out.Acked * cluster.Levels
	// Kill once a tenth of the escalations are recorded: the rest are due
	// or running now.
	deadline := time.Now().Add(30 * time.Second)
	done := 0
	for done = e.db.escalationsDone(ctx, l.Tag); done < total/10; done = e.db.escalationsDone(ctx, l.Tag) {
		if time.Now().After(deadline) {
			return sc, fmt.Errorf("escalations did not start (%d of %d)", done, total)
		}
		time.Sleep(50 * time.Millisecond)
	}
	victim := e.workers[0]
	activeBefore := e.active()
	e.log.Info("kill -9", "process", victim.Name, "pid", victim.Pid(), "escalations_done", done, "of", total, "tasks_active", activeBefore)
	if err := victim.Kill(); err != nil {
		return sc, err
	}
	killed := time.Now()
	time.Sleep(2 * time.Second)
	if err := victim.Restart(); err != nil {
		return sc, err
	}
	// Watch for tasks left active by the dead worker while waiting.
	stop := make(chan struct{})
	maxOrphans := make(chan int, 1)
	go func() {
		m := 0
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			m = max(m, e.orphaned())
			select {
			case <-stop:
				maxOrphans <- m
				return
			case <-t.C:
			}
		}
	}()
	esc, err := cluster.WaitEscalations(ctx, e.db.DB, l.Tag, e.tenants, 180*time.Second)
	close(stop)
	orphans := <-maxOrphans
	if err != nil {
		return sc, err
	}
	sc.Figures["burst"] = out
	sc.Figures["escalations"] = esc
	if len(esc.DupSample) > 0 {
		sc.Figures["duplicate_timelines"] = e.timelines(ctx, esc.DupSample)
	}
	sc.Figures["escalations_done_at_kill"] = done
	sc.Figures["tasks_active_at_kill"] = activeBefore
	sc.Figures["orphaned_tasks_seen"] = orphans
	sc.Figures["all_done_seconds_after_kill"] = float64(int(time.Since(killed).Seconds()*10)) / 10
	sc.check("escalations were in flight at the kill", done < total && activeBefore > 0,
		"%d of %d done, %d tasks active in the queue", done, total, activeBefore)
	sc.check("every escalation happened", esc.Missing == 0, "%d due, %d done, %d missing", esc.Expected, esc.Done, esc.Missing)
	sc.check("no escalation happened twice (rows and `escalated` events)", esc.DupRows == 0 && esc.DupEvents == 0,
		"%d duplicated rows, %d duplicated events", esc.DupRows, esc.DupEvents)
	sc.check("the SLA breach and warning were recorded once per ticket", esc.EventsOnce(),
		"%d duplicated `sla_breached`, %d duplicated `sla_warning`", esc.DupBreaches, esc.DupWarnings)
	sc.check("none happened early", esc.Early == 0, "%d early", esc.Early)
	return sc, nil
}
