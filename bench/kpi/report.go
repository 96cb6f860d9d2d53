package main

import (
	"fmt"
	"strings"
	"time"

	"kefu/bench/loadtest"
)

func report(o options, dbVersion string, w *world, m month, load loadResult, ck checks, rs []loadtest.Result) loadtest.Report {
	meta := loadtest.NewMeta(o.Options, dbVersion, len(w.agents))
	meta.Duration = fmt.Sprintf("%d runs", o.runs)
	verdict := "met"
	worst := 0.0
	for _, r := range rs {
		if r.Max > worst {
			worst = r.Max
		}
		if r.Errors > 0 || time.Duration(r.Max*float64(time.Millisecond)) >= target {
			verdict = "missed"
		}
	}
	return loadtest.Report{
		Name: "kpi", Title: "KPI benchmark", Meta: meta, ShowSize: true,
		Facts: []string{
			fmt.Sprintf("Tenant: one, signed up through the API, %d agents (invited) seated on 2 departments × 5 groups; seeding took %s",
				len(w.agents), w.took.Round(time.Millisecond)),
			fmt.Sprintf("Measured month: %s – %s (Asia/Shanghai); %d tickets created in it and %d in the month before, bulk-loaded with COPY: "+
				"%d tickets, %d ticket facts (ticket_metrics), %d callbacks, %d customers in %.1f s, then VACUUM (ANALYZE) in %.1f s",
				m.Start.Format("2006-01-02"), m.End.Format("2006-01-02"), o.perMonth, o.perMonth, load.Tickets, load.Metrics, load.Callbacks,
				load.Customers, load.Seconds, load.VacuumSeconds),
			"Mix: 90 % answered within 4 h, 85 % of those resolved within 3 days (70 % closed), 12 % / 10 % first-response / resolution breaches, " +
				"8 % reopened, 6 % transferred, 20 % complaints (half valid, attributed to the customer's latest resolution within 30 days as the app does when they are filed), " +
				"90 % with one of 20,000 customers, 40 % of resolved tickets with a customer called back",
			fmt.Sprintf("Checked before timing: the by-agent answer has %d rows; its totals (%d handled, %d answered, %d callbacks due) equal plain COUNTs over the tables; "+
				"the daily trend by group has %d buckets × %d series", ck.Rows, ck.Handled, ck.Responded, ck.CallbacksDue, ck.TrendBuckets, ck.TrendSeries),
			fmt.Sprintf("Machine: load average (1 / 5 / 15 min) %s at the start, %s before timing, %s after it; the box is shared, "+
				"so latencies include waiting for a core", w.load[0], w.load[1], w.load[2]),
			"CPU of this process (the app's Go side and the client) per timed request, which the load does not inflate: " + strings.Join(ck.AppCPU, ", "),
			"Each scenario: one warm-up request, then the runs back to back as the director (data scope: everyone); latencies are end to end over loopback HTTP",
		},
		Results: rs,
		Notes:   []string{fmt.Sprintf("**Target: every KPI answer under %s** — slowest request %.0f ms: **%s**.", target, worst, verdict)},
	}
}
