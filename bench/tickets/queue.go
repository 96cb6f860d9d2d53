package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"kefu/bench/loadtest"
)

const (
	agentQueue    = "agent-queue"
	agentQueueAll = "agent-queue-any-status"
	queuePath     = "/v1/tickets?assignee_id=me&status=open"
	queueAllPath  = "/v1/tickets?assignee_id=me"
	// targetQueueP99 is the goal for an agent's first page. It is
	// reported, not enforced.
	targetQueueP99 = 20 * time.Millisecond
)

// queueResults are the agent-queue scenarios.
type queueResults struct {
	Levels []measured // status=open, one per worker count, ascending
	All    []measured // no status filter, the same worker counts
	Check  queueCheck
}

// queueCheck is the first page of one agent, read once and compared with
// the database.
type queueCheck struct {
	Agent    string `json:"agent_id"`
	Items    int    `json:"items"`
	Expected int    `json:"expected"` // min(50, the agent's open tickets)
	Open     int    `json:"agent_open_tickets"`
	Total    int    `json:"agent_tickets"`
}

func scenarioName(base string, workers int) string { return fmt.Sprintf("%s-c%d", base, workers) }

// runQueue checks one agent's first page, warms every agent's session and
// queue once, then reads first pages as random agents at each level.
func runQueue(ctx context.Context, c *loadtest.Client, db *sql.DB, mon *monitor, o options, w *world) (queueResults, error) {
	var q queueResults
	var err error
	if q.Check, err = checkQueue(ctx, c, db, w.agents[len(w.agents)-1]); err != nil {
		return q, err
	}
	agents := w.agents
	order := rand.New(rand.NewPCG(3, 4)).Perm(len(agents))
	read := func(path string) loadtest.RequestFunc {
		return func(ctx context.Context, n int64) (int64, error) {
			return c.Get(ctx, path, agents[order[n%int64(len(order))]].Token)
		}
	}
	// Warm-up, not reported: each agent reads both queues once. The first
	// request of a session idle for over a minute also writes its
	// last_seen_at, which is not what the scenarios measure.
	warm := o.Options
	warm.MaxRequests = int64(2 * len(agents))
	warm.Duration = 2 * time.Minute
	both := func(ctx context.Context, n int64) (int64, error) {
		path := queuePath
		if n >= int64(len(agents)) {
			path = queueAllPath
		}
		return c.Get(ctx, path, agents[order[n%int64(len(order))]].Token)
	}
	r, err := loadtest.Run(ctx, loadtest.Scenario{Name: "warm-up", Do: both}, warm)
	if err != nil {
		return q, err
	}
	if r.Errors > 0 {
		return q, fmt.Errorf("warm-up: %d of %d requests failed: %v", r.Errors, r.Requests, r.ErrorFirst)
	}

	// The open queues first: reading whole queues without the status
	// filter touches far more of the table and would evict them.
	for _, v := range []struct {
		base, path string
		into       *[]measured
	}{{agentQueue, queuePath, &q.Levels}, {agentQueueAll, queueAllPath, &q.All}} {
		for _, n := range o.queueLevels {
			lo := o.Options
			lo.Concurrency = n
			m, err := runMeasured(ctx, mon, loadtest.Scenario{Name: scenarioName(v.base, n), Do: read(v.path)}, lo)
			if err != nil {
				return q, err
			}
			*v.into = append(*v.into, m)
		}
	}
	return q, nil
}

// checkQueue reads a's first page and checks it is a's open tickets,
// newest first, as many as there should be.
func checkQueue(ctx context.Context, c *loadtest.Client, db *sql.DB, a agent) (queueCheck, error) {
	ch := queueCheck{Agent: a.ID}
	var out struct {
		Items []struct {
			ID         string `json:"id"`
			AssigneeID string `json:"assignee_id"`
			Status     string `json:"status"`
		} `json:"items"`
	}
	rctx, cancel := context.WithTimeout(ctx, loadtest.RequestTimeout)
	defer cancel()
	if err := c.Call(rctx, http.MethodGet, queuePath, a.Token, nil, &out); err != nil {
		return ch, fmt.Errorf("queue check: %w", err)
	}
	err := db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE status = 'open'), count(*) FROM tickets WHERE assignee_id = $1`, a.ID).
		Scan(&ch.Open, &ch.Total)
	if err != nil {
		return ch, fmt.Errorf("queue check: %w", err)
	}
	ch.Items, ch.Expected = len(out.Items), min(ch.Open, 50)
	for i, it := range out.Items {
		if it.AssigneeID != a.ID || it.Status != "open" || i > 0 && it.ID >= out.Items[i-1].ID {
			return ch, fmt.Errorf("queue check: item %d of %s's page is %+v (not theirs, not open or out of order)", i, a.Email, it)
		}
	}
	if ch.Items != ch.Expected {
		return ch, fmt.Errorf("queue check: %s's first page has %d tickets, want %d", a.Email, ch.Items, ch.Expected)
	}
	progress.Info("queue checked", "agent", a.Email, "page", ch.Items, "open", ch.Open, "tickets", ch.Total)
	return ch, nil
}
