package kpi

import (
	"time"

	"kefu/desk/sla"
)

// Step is one timeline event as the facts need it.
type Step struct {
	Type    string // tickets.Event* names
	At      time.Time
	ActorID string
	From    string // status_changed: the status left
	To      string // status_changed: the status entered
	Public  bool   // commented: a public reply
}

// Timeline is what a ticket's facts are computed from: its state now and
// its timeline, oldest first.
type Timeline struct {
	CreatedAt        time.Time
	FirstRespondedAt *time.Time
	ResolvedAt       *time.Time
	AssigneeID       string
	Steps            []Step
}

// Facts are a ticket's performance facts (one ticket_metrics row).
type Facts struct {
	ResponderID          string
	FirstResponseSeconds *int64
	ResolverID           string
	ResolutionSeconds    *int64
	PendingSeconds       int64 // business seconds pending before resolution (or until now)
	Transfers            int
}

// Measure computes a ticket's facts on cal. The first response is credited
// to the author of the first public reply, the resolution to whoever last
// resolved it (the ticket's assignee when the timeline does not say); the
// durations are business time less the business time spent pending.
func Measure(tl Timeline, cal *sla.Calendar) Facts {
	var f Facts
	var pending [][2]time.Time // closed pending intervals, and an open one up to the end
	var pendingSince *time.Time
	lastResolver := ""
	for _, s := range tl.Steps {
		switch s.Type {
		case "commented":
			if s.Public && f.ResponderID == "" {
				f.ResponderID = s.ActorID
			}
		case "transferred":
			f.Transfers++
		case "status_changed":
			if s.From == "pending" && pendingSince != nil {
				pending = append(pending, [2]time.Time{*pendingSince, s.At})
				pendingSince = nil
			}
			if s.To == "pending" {
				at := s.At
				pendingSince = &at
			}
			// Closing a resolved ticket is not resolving it again.
			if s.To == "resolved" || (s.To == "closed" && s.From != "resolved") {
				lastResolver = s.ActorID
			}
		}
	}
	if pendingSince != nil && tl.ResolvedAt != nil {
		pending = append(pending, [2]time.Time{*pendingSince, *tl.ResolvedAt})
	}
	// pausedWithin is the business time pending inside [a, b].
	pausedWithin := func(a, b time.Time) time.Duration {
		var d time.Duration
		for _, p := range pending {
			s, e := p[0], p[1]
			if s.Before(a) {
				s = a
			}
			if e.After(b) {
				e = b
			}
			if e.After(s) {
				d += sla.Elapsed(cal, s, e)
			}
		}
		return d
	}
	if tl.FirstRespondedAt != nil {
		if f.ResponderID == "" {
			f.ResponderID = tl.AssigneeID
		}
		secs := int64((sla.Elapsed(cal, tl.CreatedAt, *tl.FirstRespondedAt) - pausedWithin(tl.CreatedAt, *tl.FirstRespondedAt)).Seconds())
		f.FirstResponseSeconds = &secs
	}
	if tl.ResolvedAt != nil {
		f.ResolverID = lastResolver
		if f.ResolverID == "" {
			f.ResolverID = tl.AssigneeID
		}
		paused := pausedWithin(tl.CreatedAt, *tl.ResolvedAt)
		secs := int64((sla.Elapsed(cal, tl.CreatedAt, *tl.ResolvedAt) - paused).Seconds())
		f.ResolutionSeconds = &secs
		f.PendingSeconds = int64(paused.Seconds())
	}
	return f
}
