package lifecycle

import "time"

// Start is the plan and status a new tenant begins with.
type Start struct {
	Plan        string
	Status      string // trialing or active
	TrialEndsAt *time.Time
}

// StartingPlan validates the plan a signup asks for and says how the tenant
// starts; billing/ provides it. Without one every tenant starts active on
// the unlimited local plan.
type StartingPlan func(plan string, now time.Time) (Start, error)

// SetStartingPlan installs the billing rule for new tenants (wired in app/).
func (s *Service) SetStartingPlan(f StartingPlan) { s.startingPlan = f }

func (s *Service) start(plan string) (Start, error) {
	if s.startingPlan == nil {
		return Start{Plan: "local", Status: "active"}, nil
	}
	return s.startingPlan(plan, s.now().UTC())
}
