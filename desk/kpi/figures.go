package kpi

// Counts are the additive numbers behind a row of KPIs, as the queries
// return them; Figures derives the rates.
type Counts struct {
	Handled         int // resolved in the period
	ResolvedInTime  int // of those, the resolution deadline never breached
	FirstContact    int // of those, never reopened nor transferred
	Reopened        int // of those, reopened at least once
	ResolutionTimed int // of those, with a measured duration
	ResolutionSum   int64

	Responded          int // first answered in the period
	RespondedInTime    int
	FirstResponseTimed int
	FirstResponseSum   int64

	CallbacksDue    int // callbacks due in the period, by callback assignee
	CallbacksDone   int
	CallbacksOnTime int

	Rated     int // callbacks due in the period and done, by ticket resolver
	Satisfied int

	Complaints int // valid complaints about the person filed in the period

	Shifts       int // rostered shifts started in the period
	ShiftsOnTime int // signed in by the shift's start
}

// Add adds o's counts (rolling rows up to a total).
func (c *Counts) Add(o Counts) {
	c.Handled += o.Handled
	c.ResolvedInTime += o.ResolvedInTime
	c.FirstContact += o.FirstContact
	c.Reopened += o.Reopened
	c.ResolutionTimed += o.ResolutionTimed
	c.ResolutionSum += o.ResolutionSum
	c.Responded += o.Responded
	c.RespondedInTime += o.RespondedInTime
	c.FirstResponseTimed += o.FirstResponseTimed
	c.FirstResponseSum += o.FirstResponseSum
	c.CallbacksDue += o.CallbacksDue
	c.CallbacksDone += o.CallbacksDone
	c.CallbacksOnTime += o.CallbacksOnTime
	c.Rated += o.Rated
	c.Satisfied += o.Satisfied
	c.Complaints += o.Complaints
	c.Shifts += o.Shifts
	c.ShiftsOnTime += o.ShiftsOnTime
}

// Figures are one row of KPIs. A rate or duration is nil when there is
// nothing to measure it on (no tickets resolved, no callbacks due…), which
// is not the same as 0.
type Figures struct {
	Counts
	FirstResponseMedian, FirstResponseAvg *float64 // business seconds
	ResolutionMedian, ResolutionAvg       *float64
	Rates                                 map[Metric]*float64
}

// figures derives the rates and averages from c; the medians come from the
// queries, since they cannot be added up.
func figures(c Counts, frMedian, resMedian *float64) Figures {
	f := Figures{Counts: c, FirstResponseMedian: frMedian, ResolutionMedian: resMedian}
	f.FirstResponseAvg = avg(c.FirstResponseSum, c.FirstResponseTimed)
	f.ResolutionAvg = avg(c.ResolutionSum, c.ResolutionTimed)
	f.Rates = map[Metric]*float64{
		FirstResponseCompliance: share(c.RespondedInTime, c.Responded),
		ResolutionCompliance:    share(c.ResolvedInTime, c.Handled),
		FCRRate:                 share(c.FirstContact, c.Handled),
		ReopenRate:              share(c.Reopened, c.Handled),
		CallbackCoverage:        share(c.CallbacksDone, c.CallbacksDue),
		CallbackOnTimeRate:      share(c.CallbacksOnTime, c.CallbacksDone),
		SatisfactionRate:        share(c.Satisfied, c.Rated),
		ComplaintRate:           share(c.Complaints, c.Handled),
		Punctuality:             share(c.ShiftsOnTime, c.Shifts),
	}
	return f
}

func share(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}

func avg(sum int64, n int) *float64 {
	if n == 0 {
		return nil
	}
	v := float64(sum) / float64(n)
	return &v
}
