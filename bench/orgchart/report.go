package main

import (
	"fmt"
	"time"

	"kefu/bench/loadtest"
)

const (
	// oneReader reads the whole tree alone: the scenario the latency
	// target applies to (how long an answer takes).
	oneReader = "org-chart-c1"
	// wholeTree is the same read by -concurrency readers at once: on two
	// cores their p99 is mostly queueing behind each other's CPU.
	wholeTree = "org-chart"
	// targetP99 is the whole-tree read's p99 goal. It is reported, not
	// enforced: a miss does not fail the run.
	targetP99 = 50 * time.Millisecond
)

// dataset describes the seeded tenant in the JSON report.
type dataset struct {
	chartStats
	Users         int     `json:"invited_users"`
	SeedWorkers   int     `json:"seed_workers"`
	UsersSeconds  float64 `json:"users_seconds"`
	ImportSeconds float64 `json:"import_seconds"`
	SubtreeUnits  int     `json:"subtree_units"`     // one department's
	SubtreePosts  int     `json:"subtree_positions"` // one department's
}

// target is the verdict on the whole-tree p99.
type target struct {
	Scenario string  `json:"scenario"`
	P99MS    float64 `json:"p99_ms"`
	MeanMS   float64 `json:"mean_ms"`
	LimitMS  float64 `json:"limit_ms"`
	Met      bool    `json:"met"`
	// The whole-tree read with -concurrency readers, for the record.
	LoadedWorkers int     `json:"loaded_workers"`
	LoadedP99MS   float64 `json:"loaded_p99_ms"`
}

// report writes up the run: the chart's numbers as facts, one row per
// scenario with the answer size, and the verdict on the target.
func report(o options, dbVersion string, s seeded, results []loadtest.Result) loadtest.Report {
	st := s.chart
	ds := dataset{
		chartStats:    st,
		Users:         o.users,
		SeedWorkers:   seedWorkers,
		UsersSeconds:  round3(s.usersTook.Seconds()),
		ImportSeconds: round3(s.importTook.Seconds()),
		SubtreeUnits:  1 + groupsPerDepartment,
		SubtreePosts:  1 + departmentStaff + groupsPerDepartment*(1+groupStaff),
	}
	tg := target{Scenario: oneReader, LimitMS: float64(targetP99.Milliseconds())}
	var loaded loadtest.Result
	for _, r := range results {
		switch r.Scenario {
		case oneReader:
			tg.P99MS, tg.Met = r.P99, r.Errors == 0 && r.P99 < tg.LimitMS
			tg.MeanMS = round3(r.ElapsedSec * 1000 / float64(max(r.Requests, 1)))
		case wholeTree:
			loaded = r
			tg.LoadedP99MS, tg.LoadedWorkers = r.P99, o.Concurrency
		}
	}
	verdict := "met"
	if !tg.Met {
		verdict = "missed"
	}
	meta := loadtest.NewMeta(o.Options, dbVersion, o.users)
	loadtest.Progress.Info("target", "scenario", oneReader, "p99_ms", tg.P99MS, "limit_ms", tg.LimitMS, "met", tg.Met)
	return loadtest.Report{
		Name:  "orgchart",
		Title: "Org chart read benchmark",
		Meta:  meta,
		Facts: []string{
			fmt.Sprintf("Chart: %d units (1 center, %d departments, %d groups), %d positions, headcount %d",
				st.Units, st.Departments, st.Groups, st.Positions, st.Headcount),
			fmt.Sprintf("People: the director and %d invited staff, one primary position each: %d positions filled, %d vacant, %d vacant slots",
				o.users, st.FilledPositions, st.VacantPositions, st.VacantSlots),
			fmt.Sprintf("Seeding: %d users by %d workers in %.1fs; import in %.1fs",
				o.users, seedWorkers, s.usersTook.Seconds(), s.importTook.Seconds()),
			fmt.Sprintf("Scenarios: `%s` reads the whole tree with one reader; `%s` the same with %d readers at once; `org-chart-subtree` reads one department (%d units, %d positions), rotating over the %d departments, with %d readers; all as the director",
				oneReader, wholeTree, o.Concurrency, ds.SubtreeUnits, ds.SubtreePosts, st.Departments, o.Concurrency),
		},
		Results:  results,
		ShowSize: true,
		Notes: []string{
			fmt.Sprintf("Target: a whole-tree read (`%s`, one reader) answers in under %d ms at p99: **%s** (p99 %.2f ms%s).",
				oneReader, targetP99.Milliseconds(), verdict, tg.P99MS, errorsNote(results)),
			fmt.Sprintf("With %d readers at once (`%s`) the p99 is %.2f ms at %.1f reads/s: a read alone takes %.1f ms on average, and %d of them share the machine's 2 cores, so most of that p99 is waiting for the others' turn.",
				o.Concurrency, wholeTree, loaded.P99, loaded.Throughput, tg.MeanMS, o.Concurrency),
		},
		JSON: struct {
			Meta      loadtest.Meta     `json:"meta"`
			Dataset   dataset           `json:"dataset"`
			Target    target            `json:"target"`
			Scenarios []loadtest.Result `json:"scenarios"`
		}{meta, ds, tg, results},
	}
}

// errorsNote says why a fast whole-tree read can still miss the target.
func errorsNote(results []loadtest.Result) string {
	for _, r := range results {
		if r.Scenario == oneReader && r.Errors > 0 {
			return fmt.Sprintf(", but %d requests failed", r.Errors)
		}
	}
	return ""
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }
