package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"kefu/bench/loadtest"
)

// dataset describes what was seeded and loaded.
type dataset struct {
	Tenants         int        `json:"tenants"`
	AgentsPerTenant int        `json:"agents_per_tenant"`
	Agents          int        `json:"agents"`
	SeedSeconds     float64    `json:"seed_seconds"`
	Bulk            bulkResult `json:"bulk"`
}

// createDoc is the creation half of the JSON report.
type createDoc struct {
	APIRPS      float64 `json:"api_create_rps"`
	RawRPS      float64 `json:"raw_insert_rows_per_second"`
	Ratio       float64 `json:"ratio"` // at -concurrency workers each side, one tenant
	TargetRatio float64 `json:"target_ratio"`
	// Met is the comparison: the API filing tickets one after
	// another against a single-row INSERT loop, the two taking turns
	// (Paired.Ratio).
	Met           bool         `json:"met"`
	Paired        pairedResult `json:"paired"`
	ConcurrentMet bool         `json:"concurrent_met"` // Ratio ≥ target
	SpreadRPS     float64      `json:"api_create_spread_rps"`
	SpreadRatio   float64      `json:"spread_ratio"`
	// The same comparison with one worker on each side: one client
	// against one INSERT loop.
	LoopAPIRPS float64 `json:"api_create_c1_rps"`
	LoopRawRPS float64 `json:"raw_insert_c1_rows_per_second"`
	LoopRatio  float64 `json:"loop_ratio"`
	// FloorRPS is the create's SQL alone in one round trip (floor.go);
	// FloorRatio is it over the INSERT loop: the ceiling of LoopRatio for
	// any app doing these writes.
	FloorRPS   float64 `json:"sql_floor_c1_rps"`
	FloorRatio float64 `json:"floor_ratio"`
	// AppBudgetMS is what the app could add to the floor per create and
	// still meet the target (negative: not even the floor meets it).
	AppBudgetMS float64     `json:"app_budget_ms"`
	AppExtraMS  float64     `json:"app_extra_ms"` // what it adds: 1/APILoop − 1/Floor
	Created     int         `json:"tickets_created"`
	WithSLA     int         `json:"tickets_with_sla"`
	Probe       probe       `json:"probe"`
	Trace       createTrace `json:"trace"`
	CounterLock counterLock `json:"counter_lock"`
}

// queueTarget is the verdict on one agent-queue level.
type queueTarget struct {
	Scenario string  `json:"scenario"`
	Filter   string  `json:"filter"` // the query string after assignee_id=me
	Workers  int     `json:"workers"`
	P99MS    float64 `json:"p99_ms"`
	LimitMS  float64 `json:"limit_ms"`
	Met      bool    `json:"met"`
}

type queueDoc struct {
	Targets []queueTarget `json:"targets"`
	Check   queueCheck    `json:"check"`
	Trace   listTrace     `json:"trace"`
}

// counterLock is how long, at rest, a create holds its tenant's
// ticket_counters row: from the UPDATE that takes the number to COMMIT.
type counterLock struct {
	Statements int     `json:"statements"` // round trips after the UPDATE's, COMMIT's included
	MS         float64 `json:"ms"`
	// MaxPerSecond is 1000/MS: what one tenant could create at most if
	// nothing else limited it.
	MaxPerSecond float64 `json:"max_per_second"`
}

// lockSpan finds the round trip that runs the counter UPDATE and adds up
// the time from it to the one that commits; ok is false when either is
// missing. A pipelined batch ending in the UPDATE takes the lock only as it
// ends, so its own time does not count.
func lockSpan(stmts []statement) (counterLock, bool) {
	var l counterLock
	from := -1
	for i, s := range stmts {
		if from < 0 && strings.Contains(s.Op, "UPDATE ticket_counters") {
			from = i
			if s.Op != "UPDATE ticket_counters" && strings.HasSuffix(s.Op, "UPDATE ticket_counters") {
				continue
			}
		}
		if from >= 0 {
			l.MS += s.MS
			if i > from {
				l.Statements++
			}
			if strings.Contains(s.Op, "COMMIT") {
				l.MS = round3(l.MS)
				if l.MS > 0 {
					l.MaxPerSecond = round1(1000 / l.MS)
				}
				return l, true
			}
		}
	}
	return counterLock{}, false
}

// perMS is the milliseconds per operation at rate per second (0 for 0).
func perMS(rate float64) float64 {
	if rate == 0 {
		return 0
	}
	return 1000 / rate
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "missed"
}

func report(o options, dbVersion string, w *world, cr createResults, bulk bulkResult, q queueResults, tc createTrace, tl listTrace) loadtest.Report {
	all := []measured{cr.API, cr.APILoop, cr.Raw, cr.RawLoop, cr.Floor, cr.Spread}
	all = append(all, q.Levels...)
	all = append(all, q.All...)
	results := make([]loadtest.Result, len(all))
	for i, m := range all {
		results[i] = m.Result
	}
	lock, _ := lockSpan(tc.Create)
	cd := createDoc{
		APIRPS: round1(cr.API.Throughput), RawRPS: round1(cr.Raw.Throughput), Ratio: round3(cr.Ratio), TargetRatio: targetRatio,
		ConcurrentMet: cr.Ratio >= targetRatio && cr.API.Errors == 0 && cr.Raw.Errors == 0,
		SpreadRPS:     round1(cr.Spread.Throughput), SpreadRatio: round3(cr.SpreadRatio),
		LoopAPIRPS: round1(cr.APILoop.Throughput), LoopRawRPS: round1(cr.RawLoop.Throughput), LoopRatio: round3(cr.LoopRatio),
		Met: cr.Paired.Ratio >= targetRatio && cr.Paired.Errors == 0, Paired: cr.Paired,
		FloorRPS: round1(cr.Floor.Throughput), FloorRatio: round3(cr.FloorRatio),
		AppBudgetMS: round3(perMS(targetRatio*cr.RawLoop.Throughput) - perMS(cr.Floor.Throughput)),
		AppExtraMS:  round3(perMS(cr.APILoop.Throughput) - perMS(cr.Floor.Throughput)),
		Created:     cr.Created, WithSLA: cr.WithSLA, Probe: cr.Probe, Trace: tc, CounterLock: lock,
	}
	qd := queueDoc{Check: q.Check, Trace: tl}
	for i, m := range append(slices.Clone(q.Levels), q.All...) {
		filter := "status=open"
		if i >= len(q.Levels) {
			filter = "(none)"
		}
		qd.Targets = append(qd.Targets, queueTarget{Scenario: m.Scenario, Filter: filter, Workers: m.Workers, P99MS: m.P99,
			LimitMS: float64(targetQueueP99.Milliseconds()), Met: m.Errors == 0 && m.P99 < float64(targetQueueP99.Milliseconds())})
	}
	ds := dataset{Tenants: len(w.tenants), AgentsPerTenant: o.agents, Agents: len(w.agents), SeedSeconds: round3(w.took.Seconds()), Bulk: bulk}
	meta := loadtest.NewMeta(o.Options, dbVersion, len(w.agents))

	facts := []string{
		fmt.Sprintf("Machine: load average %s at the start (the box is shared; the CPU table below separates this process and its PostgreSQL backends from everything else)", w.loadAvg),
		fmt.Sprintf("Tenants: %d signed up through the API (industry generic), each with %d agents created with passwords, seated on the template's agent position and logged in once, and an SLA policy for complaints (first response PT30M, resolution PT24H) on the template's 24×7 calendar; seeding took %.1fs",
			ds.Tenants, o.agents, w.took.Seconds()),
		fmt.Sprintf("Tickets: %s bulk-loaded with COPY over %d connections in %.1fs (%s per tenant, created over the past year, ids in the app's format ordered by creation time, numbers continuing ticket_counters), then VACUUM (ANALYZE) in %.1fs; with the API-created ones the table holds %s rows, %.0f MB plus %.0f MB of indexes",
			thousands(bulk.Rows), bulk.CopyWorkers, bulk.CopySeconds, thousands(bulk.PerTenant), bulk.VacuumSecs, thousands(int(bulk.TotalRows)), bulk.TableMB, bulk.IndexesMB),
		fmt.Sprintf("Bulk mix: %s; %.0f%% assigned (%s open and assigned), %.0f%% complaints (with the SLA columns filled)",
			statusMix(bulk.Statuses, bulk.Rows), pct(bulk.Assigned, bulk.Rows), thousands(bulk.OpenAssigned), pct(bulk.Complaints, bulk.Rows)),
		fmt.Sprintf("`%s`: one tenant's %d agents file complaints by phone for each other (assignee and unit set; every create takes that tenant's counter row). `%s`: the same by all %d agents of the %d tenants in shuffled order. `%s`: the same number of workers each doing single-row autocommit INSERTs of the same row shape with database/sql and pgx into `%s` (`LIKE tickets INCLUDING ALL`: same columns, defaults and indexes, no foreign keys). `%s` and `%s`: the first and the third with a single worker. The creates ran before the bulk load, on a small table, like the baseline's",
			apiCreate, o.agents, apiSpread, len(w.agents), ds.Tenants, rawInsert, rawTable, apiLoop, rawLoop),
		fmt.Sprintf("SLA path: a probe create answered number %s, status %s, policy %s, first response due +%.0f min, resolution due +%.0f h; afterwards %s of the %s API-created tickets had the policy, both due times and a next check",
			cr.Probe.Number, cr.Probe.Status, cr.Probe.PolicyID, cr.Probe.FirstResponse, cr.Probe.Resolution, thousands(cr.WithSLA), thousands(cr.Created)),
		fmt.Sprintf("`%s-cN`: `GET %s` as a random agent (all %d sessions in shuffled order) with N workers; `%s-cN`: `GET %s`. Both return the first page (50). Checked once: agent %s's page held %d of their %d open tickets (%d in all), theirs and newest first. Before measuring, every agent read both queues once (not reported)",
			agentQueue, queuePath, len(w.agents), agentQueueAll, queueAllPath, q.Check.Agent, q.Check.Items, q.Check.Open, q.Check.Total),
	}

	notes := []string{
		pairedNote(cr.Paired, cd.Met),
		fmt.Sprintf("**The same, one scenario each** (the rows of the table above, run a few minutes apart): `%s` %.1f req/s ÷ `%s` %.1f rows/s = **%.3f** (%s the %.2f line).",
			apiLoop, cr.APILoop.Throughput, rawLoop, cr.RawLoop.Throughput, cr.LoopRatio, verdict(cr.LoopRatio >= targetRatio), targetRatio),
		fmt.Sprintf("**The floor**: `%s` sends a create's own writes with no app at all — BEGIN, the two timeline events, the counter bump and the ticket in one statement, the audit entry, COMMIT — in a single round trip on one connection, into scratch copies of the tables (same indexes, no foreign keys, no row-level security): %.1f creates/s, **%.3f** of the INSERT loop, the most any app doing these writes could reach on this ratio. At the %.2f target a create may take %.3f ms, which leaves the app %.3f ms on top of the floor's %.3f ms for HTTP, the session check, the reference checks and its own work; the API takes %.3f ms more than the floor.",
			sqlFloor, cr.Floor.Throughput, cr.FloorRatio, targetRatio, perMS(targetRatio*cr.RawLoop.Throughput), cd.AppBudgetMS, perMS(cr.Floor.Throughput), cd.AppExtraMS),
		fmt.Sprintf("**With %d workers each side**, where PostgreSQL's group commit helps the INSERT loops: spread over every tenant, `%s` %.1f req/s ÷ `%s` %.1f rows/s = **%.3f** (%s the %.2f line); all in one tenant, `%s` made %.1f req/s (ratio %.3f, %s): every create there waits for the tenant's `ticket_counters` row, held through its COMMIT, so one tenant's rate is bounded by the commit time (see the lock span below).",
			o.Concurrency, apiSpread, cr.Spread.Throughput, rawInsert, cr.Raw.Throughput, cr.SpreadRatio, verdict(cr.SpreadRatio >= targetRatio), targetRatio,
			apiCreate, cr.API.Throughput, cr.Ratio, verdict(cd.ConcurrentMet)),
		queueVerdicts(qd.Targets),
		cpuTable(all),
		waitTable(all),
		createTraceNote(tc, lock),
		listTraceNote(tl),
	}
	for _, p := range tl.Plans {
		notes = append(notes, planNote(p))
	}

	return loadtest.Report{
		Name:    "tickets",
		Title:   "Tickets benchmark",
		Meta:    meta,
		Facts:   facts,
		Results: results,
		Notes:   notes,
		JSON: struct {
			Meta      loadtest.Meta `json:"meta"`
			Dataset   dataset       `json:"dataset"`
			Create    createDoc     `json:"create"`
			Queue     queueDoc      `json:"queue"`
			Scenarios []measured    `json:"scenarios"`
		}{meta, ds, cd, qd, all},
	}
}

func queueVerdicts(ts []queueTarget) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Agent queue first page, p99 target < %d ms** (set for the open queue; the unfiltered queue is shown against the same line for comparison):\n\n| scenario | filter | workers | p99 ms | target |\n|---|---|---:|---:|---|\n", targetQueueP99.Milliseconds())
	for _, t := range ts {
		fmt.Fprintf(&b, "| %s | %s | %d | %.2f | %s |\n", t.Scenario, t.Filter, t.Workers, t.P99MS, verdict(t.Met))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func cpuTable(ms []measured) string {
	var b strings.Builder
	b.WriteString("**Where the CPU went**, per request: this process (the app plus the load generator), the PostgreSQL backends serving it (found through its connections' ports), and everything else busy on the machine (PostgreSQL's WAL writer and checkpointer, the kernel, other programs); busy is the machine's share of all its cores:\n\n")
	b.WriteString("| scenario | workers | machine busy % | bench process CPU ms | PostgreSQL backends CPU ms | other CPU ms | resp KB |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, m := range ms {
		size := "–" // the create scenarios do not read their answers' size
		if m.ResponseKB > 0 {
			size = fmt.Sprintf("%.1f", m.ResponseKB)
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f | %.3f | %.3f | %.3f | %s |\n", m.Scenario, m.Workers, m.CPU.BusyPercent,
			m.CPU.SelfMSPerReq, m.CPU.PGMSPerReq, m.CPU.OtherMSPerReq, size)
	}
	if noisy := noisyScenarios(ms); len(noisy) > 0 {
		fmt.Fprintf(&b, "\nOther programs took a noticeable share of the CPU during %s: compare those rows with care.\n", strings.Join(noisy, ", "))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// noisyScenarios names the scenarios during which the rest of the machine
// used more than a quarter of what the benchmark itself did.
func noisyScenarios(ms []measured) []string {
	var out []string
	for _, m := range ms {
		own := m.CPU.SelfMSPerReq + m.CPU.PGMSPerReq
		if m.CPU.OtherMSPerReq > 0.25*own && m.CPU.OtherMSPerReq > 0.05 {
			out = append(out, "`"+m.Scenario+"`")
		}
	}
	return out
}

// waitTable shows what the backends were doing while busy: the states
// that reach minShare in some scenario get a column, the rest are summed.
func waitTable(ms []measured) string {
	const minShare = 3.0
	totals := map[string]float64{}
	for _, m := range ms {
		for _, s := range m.Waits.Shares {
			if s.Percent >= minShare {
				totals[s.State] += s.Percent
			}
		}
	}
	cols := make([]string, 0, len(totals))
	for k := range totals {
		cols = append(cols, k)
	}
	sort.Slice(cols, func(i, j int) bool {
		if totals[cols[i]] != totals[cols[j]] {
			return totals[cols[i]] > totals[cols[j]]
		}
		return cols[i] < cols[j]
	})
	var b strings.Builder
	fmt.Fprintf(&b, "**What the PostgreSQL backends were doing** (pg_stat_activity of this process's backends every %s; %% of busy-backend samples):\n\n", waitInterval)
	b.WriteString("| scenario | busy backends (mean) |")
	for _, c := range cols {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString(" other |\n|---|---:|" + strings.Repeat("---:|", len(cols)+1) + "\n")
	for _, m := range ms {
		got := map[string]float64{}
		rest := 0.0
		for _, s := range m.Waits.Shares {
			if _, ok := totals[s.State]; ok {
				got[s.State] = s.Percent
			} else {
				rest += s.Percent
			}
		}
		fmt.Fprintf(&b, "| %s | %.2f |", m.Scenario, m.Waits.MeanBusy)
		for _, c := range cols {
			fmt.Fprintf(&b, " %.1f |", got[c])
		}
		fmt.Fprintf(&b, " %.1f |\n", rest)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func stmtTable(b *strings.Builder, stmts []statement) {
	b.WriteString("| # | statement | in tx | ms |\n|---:|---|---|---:|\n")
	for i, s := range stmts {
		tx := ""
		if s.InTx {
			tx = "yes"
		}
		fmt.Fprintf(b, "| %d | `%s` | %s | %.3f |\n", i+1, s.Op, tx, s.MS)
	}
}

func createTraceNote(tc createTrace, lock counterLock) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**One create, round trip by round trip** (the app's session check and `tickets.Service.Create` on the app's driver, seen by a pgx tracer on the connection — a pipelined batch is one row, its statements joined by +; at rest, one at a time; median of %d runs): %d round trips, %.2f ms in the database; `Service.Create` alone averaged %.2f ms over %d sequential calls without HTTP. The session check reads the database only when the API process has not read that session in the last 2 s (its session cache); otherwise it costs no round trip.",
		traceRuns, tc.RoundTrips, tc.DBMS, tc.MeanMS, tc.Repeats)
	switch {
	case lock.MS > 0 && lock.Statements == 0:
		fmt.Fprintf(&b, " The tenant's `ticket_counters` row is locked and released inside that one round trip, from its UPDATE to COMMIT: one tenant's creates take turns on it for at most %.2f ms each at rest (the whole trip, an upper bound), COMMIT's flush included.",
			lock.MS)
	case lock.MS > 0:
		fmt.Fprintf(&b, " The tenant's `ticket_counters` row stays locked from its UPDATE through %d more round trips to COMMIT: %.2f ms at rest, so one tenant cannot exceed about %.0f creates/s however many workers it has.",
			lock.Statements, lock.MS, lock.MaxPerSecond)
	}
	b.WriteString("\n\nSession check, cache cold:\n\n")
	stmtTable(&b, tc.Auth)
	b.WriteString("\nCreate:\n\n")
	stmtTable(&b, tc.Create)
	return strings.TrimSuffix(b.String(), "\n")
}

func listTraceNote(tl listTrace) string {
	var b strings.Builder
	b.WriteString("**One queue read, round trip by round trip** (`tickets.Service.List` for `assignee_id=me&status=open` as an agent, traced the same way; the session check before it is the one above):\n\n")
	stmtTable(&b, tl.Open)
	return strings.TrimSuffix(b.String(), "\n")
}

func planNote(p plan) string {
	args := make([]string, len(p.Args))
	for i, a := range p.Args {
		args[i] = fmt.Sprintf("$%d = %s", i+1, a)
	}
	return fmt.Sprintf("**EXPLAIN (ANALYZE, BUFFERS) of `%s`'s query** (as the app ran it: %s): execution %.3f ms, planning %.3f ms.\n\n```sql\n%s\n```\n\n```\n%s\n```",
		p.Name, strings.Join(args, ", "), p.ExecutionMS, p.PlanningMS, p.SQL, strings.Join(p.Text, "\n"))
}

// statusMix renders status shares, largest first.
func statusMix(counts map[string]int, total int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %.1f%%", k, pct(counts[k], total))
	}
	return strings.Join(parts, ", ")
}

func pct(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}

// thousands writes n with comma separators: 1000000 → "1,000,000".
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
