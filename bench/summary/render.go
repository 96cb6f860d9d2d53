package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// row is one headline figure.
type row struct {
	figure, measured, target, verdict, source string
}

// render writes the summary of docs (report stem → decoded JSON) as
// Markdown, linking the other reports too. now and took only go into the
// text.
func render(docs map[string]any, other []string, now time.Time, took time.Duration) string {
	var b strings.Builder
	b.WriteString("# Benchmark summary\n\n")
	fmt.Fprintf(&b, "Written %s from the reports in this directory", now.Format(time.RFC3339))
	if took > 0 {
		fmt.Fprintf(&b, "; the whole `go tool task bench` run took %s", took.Round(time.Second))
	}
	b.WriteString(".")
	if m := machine(docs); m != "" {
		b.WriteString(" " + m)
	}
	b.WriteString(" Every figure comes from one run of its program on this shared 2-core machine; the reports give the load average and the context.\n\n")

	rows := append(createRows(docs["tickets"]), queueRows(docs["tickets"])...)
	rows = append(rows, orgRows(docs["orgchart"])...)
	rows = append(rows, escalationRows(docs["escalation"])...)
	rows = append(rows, sweepRows(docs["latency-vs-load"])...)
	rows = append(rows, authRows(docs["auth"])...)
	rows = append(rows, kpiRows(docs["kpi"])...)
	b.WriteString("| figure | measured | target | verdict | report |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.figure, r.measured, r.target, r.verdict, r.source)
	}

	b.WriteString("\n## Reports\n\n")
	for _, name := range reports {
		doc, ok := docs[name]
		if !ok {
			fmt.Fprintf(&b, "- %s: no report (not run)\n", name)
			continue
		}
		date, _ := str(doc, "meta", "date")
		fmt.Fprintf(&b, "- [%s.md](%s.md) and [%s.json](%s.json), run %s\n", name, name, name, name, orDash(date))
	}
	for _, name := range other {
		fmt.Fprintf(&b, "- [%s.md](%s.md)\n", name, name)
	}
	if _, ok := docs["latency-vs-load"]; ok {
		b.WriteString("\n![Latency vs load: p50 and p99 against throughput](latency-vs-load.png)\n")
	}
	return b.String()
}

// machine describes the machine from the first report that has a meta.
func machine(docs map[string]any) string {
	for _, name := range reports {
		doc := docs[name]
		gov, ok := str(doc, "meta", "go_version")
		if !ok {
			continue
		}
		cpus, _ := num(doc, "meta", "num_cpu")
		db, _ := str(doc, "meta", "database")
		db, _, _ = strings.Cut(db, " (")
		return fmt.Sprintf("Machine: %s, %d CPUs, %s.", gov, int(cpus), db)
	}
	return ""
}

func createRows(doc any) []row {
	r := row{figure: "Ticket create ÷ raw single-row INSERT loop, same PostgreSQL, same run (one client vs one loop, taking turns)", target: "≥ 0.35", source: link("tickets")}
	// The turn-taking figure; reports from before it had one scenario each.
	at := func(k string) []string { return []string{"create", "paired", k} }
	loop, ok := num(doc, at("ratio")...)
	if !ok {
		at = func(k string) []string { return []string{"create", k} }
		loop, ok = num(doc, at("loop_ratio")...)
	}
	if !ok {
		return []row{missing(r)}
	}
	if t, ok := num(doc, "create", "target_ratio"); ok {
		r.target = fmt.Sprintf("≥ %g", t)
	}
	api, _ := num(doc, at("api_create_c1_rps")...)
	raw, _ := num(doc, at("raw_insert_c1_rows_per_second")...)
	r.measured = fmt.Sprintf("**%.3f** (%s req/s vs %s rows/s)", loop, fmtNum(api), fmtNum(raw))
	if lo, ok := num(doc, "create", "paired", "min_ratio"); ok {
		hi, _ := num(doc, "create", "paired", "max_ratio")
		r.measured += fmt.Sprintf("; rounds %.3f–%.3f", lo, hi)
		if med, ok := num(doc, "create", "paired", "median_ratio"); ok {
			r.measured += fmt.Sprintf(", median %.3f", med)
		}
	}
	r.verdict = verdict(doc, "create", "met")
	c := row{figure: "The same with 8 workers each side (group commit helps the INSERT loops)", target: "–", verdict: "–", source: link("tickets")}
	if sr, ok := num(doc, "create", "spread_ratio"); ok {
		c.measured = fmt.Sprintf("spread over every tenant **%.3f**", sr)
	}
	if cr, ok := num(doc, "create", "ratio"); ok {
		c.measured += fmt.Sprintf("; all in one tenant %.3f (its counter row, held through COMMIT, bounds it)", cr)
	}
	rows := []row{r, c}
	if fr, ok := num(doc, "create", "floor_ratio"); ok {
		budget, _ := num(doc, "create", "app_budget_ms")
		extra, _ := num(doc, "create", "app_extra_ms")
		rows = append(rows, row{figure: "A create's own SQL in one round trip, no app (the ceiling of the ratio above)", target: "–", verdict: "–", source: link("tickets"),
			measured: fmt.Sprintf("**%.3f**; the target leaves the app %.3f ms per create above it, the API adds %.3f ms", fr, budget, extra)})
	}
	return rows
}

// queueRows reports the open queue at the most workers measured.
func queueRows(doc any) []row {
	r := row{figure: "Agent queue first page p99", target: "< 20 ms", source: link("tickets")}
	var best map[string]any
	for _, t := range list(doc, "queue", "targets") {
		m, _ := t.(map[string]any)
		if f, _ := str(m, "filter"); f != "status=open" {
			continue
		}
		if w, _ := num(m, "workers"); best == nil || w > must(num(best, "workers")) {
			best = m
		}
	}
	if best == nil {
		return []row{missing(r)}
	}
	if rows, ok := num(doc, "dataset", "bulk", "table_rows"); ok {
		r.figure += fmt.Sprintf(" at %s tickets", thousands(rows))
	}
	w, _ := num(best, "workers")
	p99, _ := num(best, "p99_ms")
	r.figure += fmt.Sprintf(" (status=open, %d workers)", int(w))
	r.measured = fmt.Sprintf("**%.2f ms**", p99)
	if l, ok := num(best, "limit_ms"); ok {
		r.target = fmt.Sprintf("< %g ms", l)
	}
	r.verdict = verdict(best, "met")
	return []row{r}
}

func orgRows(doc any) []row {
	r := row{figure: "Org chart whole-tree read p99", target: "< 50 ms", source: link("orgchart")}
	p99, ok := num(doc, "target", "p99_ms")
	if !ok {
		return []row{missing(r)}
	}
	if units, ok := num(doc, "dataset", "units"); ok {
		pos, _ := num(doc, "dataset", "positions")
		r.figure += fmt.Sprintf(" (%d units, %d positions)", int(units), int(pos))
	}
	r.measured = fmt.Sprintf("**%.2f ms**", p99)
	// Reports since the one-reader scenario judge on it and keep the
	// loaded read for the record.
	if sc, _ := str(doc, "target", "scenario"); sc == "org-chart-c1" {
		r.figure = strings.Replace(r.figure, "read p99", "read p99, one reader", 1)
		if lp, ok := num(doc, "target", "loaded_p99_ms"); ok {
			w, _ := num(doc, "target", "loaded_workers")
			r.measured += fmt.Sprintf("; %.2f ms with %d readers at once (queueing on 2 cores)", lp, int(w))
		}
	}
	if l, ok := num(doc, "target", "limit_ms"); ok {
		r.target = fmt.Sprintf("< %g ms", l)
	}
	r.verdict = verdict(doc, "target", "met")
	return []row{r}
}

// escalationRows has one row per run (one and two worker servers).
func escalationRows(doc any) []row {
	runs := list(doc, "runs")
	if len(runs) == 0 {
		return []row{missing(row{figure: "Escalation lateness", source: link("escalation")})}
	}
	window, _ := str(doc, "window")
	var out []row
	for _, x := range runs {
		n, _ := num(x, "worker_servers")
		timers, _ := num(x, "timers")
		p50, _ := num(x, "lateness_p50_ms")
		p99, _ := num(x, "lateness_p99_ms")
		mx, _ := num(x, "lateness_max_ms")
		miss, _ := num(x, "missing")
		dup, _ := num(x, "duplicates")
		early, _ := num(x, "early")
		v, _ := str(x, "verdict")
		out = append(out, row{
			figure: fmt.Sprintf("Escalation lateness, %s SLA timers due within %s, %d worker server(s)", thousands(timers), window, int(n)),
			measured: fmt.Sprintf("**p50 %s / p99 %s / max %s ms**; %d missing, %d duplicates, %d early",
				fmtNum(p50), fmtNum(p99), fmtNum(mx), int(miss), int(dup), int(early)),
			target:  "0 missing, 0 duplicates, 0 early; lateness: no target set (architecture.md measured p99 0.22 s)",
			verdict: orDash(v),
			source:  link("escalation"),
		})
	}
	return out
}

// sweepRows gives, per scenario, the highest throughput any level reached
// and its latency: where more workers stop buying throughput.
func sweepRows(doc any) []row {
	points := list(doc, "points")
	if len(points) == 0 {
		return []row{missing(row{figure: "Latency vs load", source: link("latency-vs-load")})}
	}
	var order []string
	peak := map[string]map[string]any{}
	for _, p := range points {
		m, _ := p.(map[string]any)
		s, _ := str(m, "scenario")
		if _, seen := peak[s]; !seen {
			order = append(order, s)
			peak[s] = m
			continue
		}
		if must(num(m, "throughput_rps")) > must(num(peak[s], "throughput_rps")) {
			peak[s] = m
		}
	}
	var out []row
	for _, s := range order {
		m := peak[s]
		w, _ := num(m, "workers")
		rps, _ := num(m, "throughput_rps")
		p50, _ := num(m, "p50_ms")
		p99, _ := num(m, "p99_ms")
		errs, _ := num(m, "errors")
		out = append(out, row{
			figure:   fmt.Sprintf("Latency vs load, `%s`: peak of the sweep", s),
			measured: fmt.Sprintf("%s req/s at %d workers, p50 %s / p99 %s ms, %d errors", fmtNum(rps), int(w), fmtNum(p50), fmtNum(p99), int(errs)),
			target:   "–", verdict: "–", source: link("latency-vs-load") + ", [chart](latency-vs-load.png)",
		})
	}
	return out
}

func authRows(doc any) []row {
	var out []row
	for _, name := range []string{"login", "me"} {
		m := scenario(doc, name)
		if m == nil {
			continue
		}
		p99, _ := num(m, "p99_ms")
		rps, _ := num(m, "throughput_rps")
		out = append(out, row{figure: fmt.Sprintf("Auth `%s` p99", name), measured: fmt.Sprintf("%.2f ms (%s req/s)", p99, fmtNum(rps)),
			target: "–", verdict: "–", source: link("auth")})
	}
	if len(out) == 0 {
		return []row{missing(row{figure: "Auth", source: link("auth")})}
	}
	return out
}

// kpiRows reports the slowest KPI answer against the 2 s target.
func kpiRows(doc any) []row {
	r := row{figure: "Slowest KPI answer at 1,000,000 tickets", target: "< 2000 ms", source: link("kpi")}
	worst, name := -1.0, ""
	for _, s := range list(doc, "scenarios") {
		if mx, ok := num(s, "max_ms"); ok && mx > worst {
			worst = mx
			name, _ = str(s, "scenario")
		}
	}
	if worst < 0 {
		return []row{missing(r)}
	}
	r.measured = fmt.Sprintf("%.0f ms (`%s`)", worst, name)
	r.verdict = "met"
	if worst >= 2000 {
		r.verdict = "**missed**"
	}
	return []row{r}
}

func scenario(doc any, name string) map[string]any {
	for _, s := range list(doc, "scenarios") {
		if n, _ := str(s, "scenario"); n == name {
			m, _ := s.(map[string]any)
			return m
		}
	}
	return nil
}

func missing(r row) row {
	r.measured, r.verdict = "not in the report", "–"
	if r.target == "" {
		r.target = "–"
	}
	return r
}

func verdict(doc any, path ...string) string {
	v, ok := get(doc, path...)
	met, isBool := v.(bool)
	switch {
	case !ok || !isBool:
		return "–"
	case met:
		return "met"
	default:
		return "**missed**"
	}
}

func link(name string) string { return fmt.Sprintf("[%s.md](%s.md)", name, name) }

// get walks object keys along path.
func get(doc any, path ...string) (any, bool) {
	cur := doc
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

func num(doc any, path ...string) (float64, bool) {
	v, ok := get(doc, path...)
	f, isNum := v.(float64)
	return f, ok && isNum
}

func str(doc any, path ...string) (string, bool) {
	v, ok := get(doc, path...)
	s, isStr := v.(string)
	return s, ok && isStr
}

func list(doc any, path ...string) []any {
	v, _ := get(doc, path...)
	l, _ := v.([]any)
	return l
}

func must(f float64, _ bool) float64 { return f }

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// fmtNum prints up to one decimal, none for whole numbers.
func fmtNum(f float64) string {
	if f == math.Trunc(f) {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}

// thousands writes an integer with comma separators: 1,010,790.
func thousands(f float64) string {
	s := fmt.Sprintf("%d", int64(f))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
