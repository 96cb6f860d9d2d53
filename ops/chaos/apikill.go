package main

import (
	"context"
	"sync/atomic"
	"time"
)

// apiKill: kill -9 one of the two API processes 4 s into a 10 s write
// load. Requests in flight on it get no answer (they are in doubt: the
// ticket may or may not have committed); every 2xx must be in the database.
func apiKill(ctx context.Context, e *env) (scenario, error) {
	sc := scenario{Fault: "kill -9 of API process 1 of 2, 4 s into a 10 s ticket-create load through the proxy (no client retries)", Figures: map[string]any{}}
	victim := e.apis[0]
	var killedAt atomic.Int64
	var afterKill atomic.Int64
	l := e.load("a")
	l.Observe = func(a clusterAttempt) {
		if k := killedAt.Load(); k != 0 && a.At.UnixNano() > k && a.Status/100 == 2 {
			afterKill.Add(1)
		}
	}
	go func() {
		time.Sleep(4 * time.Second)
		killedAt.Store(time.Now().UnixNano())
		e.log.Info("kill -9", "process", victim.Name, "pid", victim.Pid())
		_ = victim.Kill()
	}()
	out := l.Run(ctx)
	acks, err := checkAcks(ctx, e, l.Tag, out)
	if err != nil {
		return sc, err
	}
	sc.Figures["load"] = out
	sc.Figures["tickets"] = acks
	sc.check("the API process was killed", !victim.Running(), "running=%v", victim.Running())
	sc.check("the surviving process kept acknowledging", afterKill.Load() > 0, "%d creates acknowledged after the kill", afterKill.Load())
	sc.check("every 2xx-acknowledged ticket exists", acks.Missing == 0 && acks.Acknowledged > 0,
		"%d acknowledged, %d found, %d missing", acks.Acknowledged, acks.Found, acks.Missing)
	sc.check("no create filed twice", acks.Duplicates == 0, "%d duplicated", acks.Duplicates)
	sc.Figures["in_doubt_note"] = "creates without an answer (in flight on the killed process): the client cannot know whether they committed; the database says how many did"
	// Back to two processes for the next scenario.
	if err := victim.Restart(); err != nil {
		return sc, err
	}
	return sc, nil
}
