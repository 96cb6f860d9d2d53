package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"kefu/ops/cluster"
)

// pgRestart: stop PostgreSQL (fast shutdown: sessions are terminated) 3 s
// into a write load, keep it down 6 s, start it again. While it is down
// the API must answer 503 with Retry-After (never 500) and /readyz 503;
// afterwards the same API processes must answer 2xx again.
func pgRestart(ctx context.Context, e *env) (scenario, error) {
	sc := scenario{Fault: "PostgreSQL stopped (fast shutdown: every session terminated) 3 s into a 20 s ticket-create load by 8 clients, started again 6 s after it was down; no client retries", Figures: map[string]any{}}
	pids := []int{e.apis[0].Pid(), e.apis[1].Pid()}
	var mu sync.Mutex
	var attempts []clusterAttempt
	l := e.load("d")
	l.Concurrency, l.Duration = 8, 20*time.Second
	l.Observe = func(a clusterAttempt) {
		mu.Lock()
		attempts = append(attempts, a)
		mu.Unlock()
	}
	type probe struct {
		status     int
		retryAfter string
	}
	var downAt, upAt time.Time
	var readyz []probe
	var faultErr error
	faultDone := make(chan struct{})
	go func() {
		defer close(faultDone)
		time.Sleep(3 * time.Second)
		e.log.Info("stopping postgres")
		downAt = time.Now()
		if faultErr = e.pg.Stop(); faultErr != nil {
			return
		}
		stopped := time.Now()
		time.Sleep(2 * time.Second)
		for _, a := range e.apis {
			s, ra := a.Ready()
			readyz = append(readyz, probe{s, ra})
		}
		time.Sleep(time.Until(stopped.Add(6 * time.Second)))
		e.log.Info("starting postgres")
		faultErr = e.pg.Start()
		upAt = time.Now()
	}()
	out := l.Run(ctx)
	<-faultDone
	if faultErr != nil {
		return sc, fmt.Errorf("restart postgres: %w", faultErr)
	}

	// Each API process, asked directly, files a ticket again.
	recovered := make([]bool, len(e.apis))
	for i, a := range e.apis {
		rl := &cluster.Load{URL: a.URL, Tenants: e.tenants, Tag: fmt.Sprintf("%s-d%d", e.tag, i), Concurrency: 1, MaxRequests: 1, Duration: time.Minute, Retries: 30, Backoff: 100 * time.Millisecond}
		recovered[i] = rl.Run(ctx).Acked == 1
	}

	var during, after, fiveHundreds, noRetryAfter, other, ok2xx int
	var firstOK time.Time
	byStatus := map[int]int{}
	for _, a := range attempts {
		byStatus[a.Status]++
		if a.Status >= 500 && a.Status != http.StatusServiceUnavailable {
			fiveHundreds++
		}
		if a.Status == http.StatusServiceUnavailable && a.RetryAfter == "" {
			noRetryAfter++
		}
		switch {
		case a.At.Before(downAt):
		case a.At.Before(upAt):
			if a.Status == http.StatusServiceUnavailable {
				during++
			} else if a.Status/100 != 2 {
				other++
			}
		default:
			if a.Status/100 == 2 {
				ok2xx++
				if firstOK.IsZero() || a.At.Before(firstOK) {
					firstOK = a.At
				}
			} else if a.Status == http.StatusServiceUnavailable {
				after++
			}
		}
	}
	acks, err := checkAcks(ctx, e, l.Tag, out)
	if err != nil {
		return sc, err
	}
	sc.Figures["load"] = out
	sc.Figures["tickets"] = acks
	sc.Figures["down_seconds"] = float64(int(upAt.Sub(downAt).Seconds()*10)) / 10
	sc.Figures["answers_by_status"] = byStatus
	sc.Figures["503_while_down"] = during
	sc.Figures["503_after_restart"] = after
	sc.Figures["2xx_after_restart"] = ok2xx
	if !firstOK.IsZero() {
		// upAt is when PostgreSQL answered a query again.
		sc.Figures["first_2xx_seconds_after_postgres_is_back"] = float64(int(max(firstOK.Sub(upAt), 0).Seconds()*100)) / 100
	}
	sc.Figures["503_note"] = "the clients do not back off (no retries, no Retry-After honoured), so the 503 count is how fast the API refuses, not a load anyone would send"
	sc.check("requests while down answered 503", during > 0 && other == 0, "%d × 503, %d other non-2xx", during, other)
	sc.check("no 500 (or other 5xx but 503) at any time", fiveHundreds == 0, "%d", fiveHundreds)
	sc.check("every 503 carries Retry-After", noRetryAfter == 0, "%d without", noRetryAfter)
	readyOK := len(readyz) == len(e.apis)
	for _, p := range readyz {
		readyOK = readyOK && p.status == http.StatusServiceUnavailable && p.retryAfter != ""
	}
	sc.check("/readyz answered 503 with Retry-After while down", readyOK, "%v", readyz)
	same := true
	for i, a := range e.apis {
		same = same && a.Running() && a.Pid() == pids[i] && recovered[i]
	}
	sc.check("the same API processes answer 2xx again, without a restart", same && ok2xx > 0,
		"pids %v unchanged and each files a ticket when asked directly: %v; %d × 2xx through the proxy after the start", pids, same, ok2xx)
	sc.check("every 2xx-acknowledged ticket exists", acks.Missing == 0 && acks.Duplicates == 0,
		"%d acknowledged, %d missing, %d duplicated", acks.Acknowledged, acks.Missing, acks.Duplicates)
	return sc, nil
}
