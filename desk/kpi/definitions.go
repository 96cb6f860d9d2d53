// Package kpi computes agents' key performance indicators (绩效指标) for a
// period, per agent, group or department, with aggregate SQL over the
// ticket facts, callbacks and duty logs. This file is the one place the
// indicators are defined; the queries (query.go) and the arithmetic
// (figures.go; medians in tally.go) follow it.
//
// Attribution. Every figure is credited to one person:
//   - a ticket's first response to whoever gave it (the author of the first
//     public reply);
//   - a ticket's resolution to whoever resolved it (its assignee when the
//     timeline does not say) — the same person its callback records;
//   - a callback's coverage and timeliness to the callback's assignee (the
//     回访专员), as in the callback summary (desk/callbacks.Summarize);
//   - a callback's outcome (satisfaction) to the resolver of its ticket;
//   - a complaint to the agent it is about, see Complaints;
//   - a duty shift to the person on the roster.
//
// Groups and departments add up their members' figures (medians are taken
// over the members' tickets, not averaged): a member belongs to the group
// and department above their primary post in the org chart as it is now
// (orgchart.Teams).
//
// Periods are half-open [from, to); each figure is counted in the period
// its defining event falls in (resolution, first response, callback due
// time, complaint filed, shift start).
//
// Business time. Durations are business seconds on the calendar of the
// ticket's SLA policy (the tenant's default calendar without one, 24×7
// without that), less the business time the ticket spent pending (waiting
// for the customer) — the same clock the SLA runs on. They are computed
// once per ticket when it is answered, resolved or reopened (track.go) and
// stored in ticket_metrics, since SQL cannot walk a calendar.
package kpi

import "time"

// Metric names a KPI; the same keys are used by the score sheet's weights.
type Metric string

// The indicators.
const (
	// Handled: tickets resolved in the period (resolved_at in it), credited
	// to whoever resolved them. A reopened ticket counts again when it is resolved
	// again, in the period of that resolution.
	Handled Metric = "handled"

	// FirstResponseMedian, FirstResponseAvg: business seconds from the
	// ticket's creation to its first public reply, for the tickets first
	// answered in the period. Median of an even count is the mean of the
	// two middle values.
	FirstResponseMedian Metric = "first_response_median"
	FirstResponseAvg    Metric = "first_response_avg"

	// ResolutionMedian, ResolutionAvg: business seconds from creation to
	// resolution, for the tickets resolved in the period. Time before a
	// reopen counts; time pending does not.
	ResolutionMedian Metric = "resolution_median"
	ResolutionAvg    Metric = "resolution_avg"

	// FirstResponseCompliance: of the tickets first answered in the period,
	// the share answered without breaching the first-response deadline.
	// ResolutionCompliance: of the tickets resolved in the period, the share
	// that never breached the resolution deadline. Both are the ticket
	// report's definitions (desk/tickets.Report), per person.
	FirstResponseCompliance Metric = "first_response_compliance"
	ResolutionCompliance    Metric = "resolution_compliance"

	// FCRRate (first-contact resolution, 一次解决率): of the tickets resolved in
	// the period, the share never reopened and never transferred to another
	// unit.
	FCRRate Metric = "fcr_rate"

	// ReopenRate: of the tickets resolved in the period, the share that had
	// been reopened at least once (by the customer, or by an unsatisfied
	// callback) before this resolution.
	ReopenRate Metric = "reopen_rate"

	// CallbackCoverage: of the callbacks due in the period, the share done
	// (customer reached, outcome recorded). CallbackOnTimeRate: of those
	// done, the share done by their due time. The callback summary's
	// definitions, per callback assignee.
	CallbackCoverage   Metric = "callback_coverage"
	CallbackOnTimeRate Metric = "callback_on_time_rate"

	// SatisfactionRate (满意率): of the callbacks due in the period and done,
	// the share whose outcome was satisfied, credited to whoever resolved the
	// ticket called back about (as the callback recorded them: a reopen
	// does not move the verdict to someone else).
	SatisfactionRate Metric = "satisfaction_rate"

	// ComplaintRate (投诉率): complaints about the agent filed in the period
	// per ticket they handled in it. A complaint is a ticket of type
	// complaint judged valid (有效投诉; communicative ones — venting, help,
	// inquiry — do not count). It is about whoever resolved the same
	// customer's most recent earlier ticket, if that was resolved within
	// ComplaintLookback before the complaint was filed: customers complain
	// about the service they just had. It is attributed once, when filed;
	// a complaint without a customer, or without such a ticket, is about no
	// one.
	ComplaintRate Metric = "complaint_rate"

	// Punctuality (准时率): of the duty shifts the person was rostered for that
	// started in the period, the share signed in no later than the shift's
	// start (from the duty logs, desk/duty).
	Punctuality Metric = "punctuality"
)

// ComplaintLookback is how far back a complaint looks for the ticket it is
// about.
const ComplaintLookback = 30 * 24 * time.Hour

// Rates are the metrics that are shares of 0–1, the ones a score sheet
// can weigh (ComplaintRate and ReopenRate are better when lower).
var Rates = []Metric{
	FirstResponseCompliance, ResolutionCompliance, FCRRate, ReopenRate,
	CallbackCoverage, CallbackOnTimeRate, SatisfactionRate, ComplaintRate, Punctuality,
}

// LowerIsBetter reports whether less of m is good.
func LowerIsBetter(m Metric) bool { return m == ComplaintRate || m == ReopenRate }
