package main

import (
	"fmt"
	"strings"

	"kefu/ops/cluster"
)

func markdown(r result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Scale-out test — %s\n\n", cluster.Verdict(r.Pass))
	fmt.Fprintf(&b, "- Date: %s; Go %s; %d CPUs (load generator, proxy, PostgreSQL, Redis and every Kefu process share them)\n", r.Host.Date, r.Host.GoVersion, r.Host.NumCPU)
	fmt.Fprintf(&b, "- %s; %s\n", r.Host.PostgreSQL, r.Host.Redis)
	fmt.Fprintf(&b, "- %v API processes (`kefu serve --workers=false`) behind %v; %v worker processes (`kefu worker`, concurrency %v, sweep every %v)\n",
		r.Setup["api_processes"], r.Setup["proxy"], r.Setup["worker_processes"], r.Setup["worker_concurrency"], r.Setup["sweep_interval"])
	fmt.Fprintf(&b, "- Load: %v closed-loop clients filing tickets with API keys over %v organizations; %v; %v\n",
		r.Setup["clients"], r.Setup["tenants"], r.Setup["sla_share"], r.Setup["retries"])
	fmt.Fprintf(&b, "- Run: %v s after building the binary (%v s)\n\n", r.Setup["total_seconds"], r.Setup["build_seconds"])
	b.WriteString("| phase | APIs | creates | acknowledged | failed | retried, then OK | tickets/s | p50 ms | p99 ms | max ms | CPU s: API / workers / PostgreSQL / Redis / load+proxy |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, p := range r.Phases {
		l := p.Load
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f / %.1f / %.1f / %.1f / %.1f |\n",
			p.Name, p.APIs, l.Requests, l.Acked, l.Failed, l.Retried, l.Throughput, l.P50, l.P99, l.Max,
			p.CPU["api"], p.CPU["workers"], p.CPU["postgres"], p.CPU["redis"], p.CPU["load+proxy"])
	}
	fmt.Fprintf(&b, "\nThroughput with 2 API processes is %.2f× that with 1 (phases 2+4 over 1+3). On %d cores that is the honest figure: the machine, not the API process, is the limit (see the CPU seconds; each phase offers at most %d × its length), so the second process proves correctness more than speed.\n",
		r.Speedup, r.Host.NumCPU, r.Host.NumCPU)
	last := r.Phases[len(r.Phases)-1]
	fmt.Fprintf(&b, "\nRedis failover: %s. Attempts by answer in that phase: %s.\n", last.Failover, attempts(last.Load.Attempts))
	b.WriteString("\n## Checks in the database afterwards\n\n")
	b.WriteString("| check | result | verdict |\n|---|---|---|\n")
	var ack cluster.AckCheck
	for _, p := range r.Phases {
		ack.Acknowledged += p.Acks.Acknowledged
		ack.Found += p.Acks.Found
		ack.Missing += p.Acks.Missing
		ack.Duplicates += p.Acks.Duplicates
		ack.InDoubt += p.Acks.InDoubt
	}
	failed := 0
	for _, p := range r.Phases {
		failed += p.Load.Failed
	}
	fmt.Fprintf(&b, "| zero errors (after retries) | %d failed creates | %s |\n", failed, cluster.Verdict(r.Verdicts["zero_errors"]))
	fmt.Fprintf(&b, "| every acknowledged ticket exists, once | %d acknowledged, %d found, %d missing, %d filed twice | %s |\n",
		ack.Acknowledged, ack.Found, ack.Missing, ack.Duplicates, cluster.Verdict(r.Verdicts["acknowledged_tickets_exist_once"]))
	e := r.Escalations
	fmt.Fprintf(&b, "| every due escalation exactly once, across both workers (rows and `escalated` events) | %d SLA tickets, %d escalations due, %d done, %d missing, %d duplicated, %d early | %s |\n",
		e.SLATickets, e.Expected, e.Done, e.Missing, e.DupRows+e.DupEvents, e.Early, cluster.Verdict(r.Verdicts["escalations_exactly_once"]))
	fmt.Fprintf(&b, "| the SLA breach and warning recorded once per ticket (each also publishes a webhook event) | %d duplicated `sla_breached`, %d duplicated `sla_warning` | %s |\n",
		e.DupBreaches, e.DupWarnings, cluster.Verdict(r.Verdicts["sla_events_once"]))
	if e.Duplicates > 0 {
		fmt.Fprintf(&b, "\nDuplicates by kind: %d escalation rows, %d `escalated`, %d `sla_breached`, %d `sla_warning` events; tickets %v.\n",
			e.DupRows, e.DupEvents, e.DupBreaches, e.DupWarnings, e.DupSample)
	}
	fmt.Fprintf(&b, "\nEscalation lateness (recorded time − due time): p50 %.0f ms, p99 %.0f ms, max %.0f ms; the checker waited %.0f s after the last one fell due. Timers that the failover lost from Redis come back with the sweeper (every %v) from the database, so a few escalations are late by up to a sweep, never missing or doubled.\n",
		e.LateP50, e.LateP99, e.LateMax, e.WaitedSec, r.Setup["sweep_interval"])
	b.WriteString("\nDuplicates are counted per ticket and level in both the `escalations` rows and the `escalated` timeline events (and `sla_breached` and `sla_warning` events per ticket); a create is one subject, so a retry that filed twice would show as a subject held by two tickets.\n")
	return b.String()
}

func attempts(m map[string]int) string {
	var parts []string
	for _, k := range []string{"201", "200", "409", "500", "502", "503", "no answer"} {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s × %d", k, m[k]))
		}
	}
	for k, v := range m {
		switch k {
		case "201", "200", "409", "500", "502", "503", "no answer":
		default:
			parts = append(parts, fmt.Sprintf("%s × %d", k, v))
		}
	}
	return strings.Join(parts, ", ")
}
