package callbacks

import (
	"context"
	"slices"
	"time"

	"kefu/ent"
)

// Roster says which callback staff are on duty (desk/duty); without one,
// or when nobody is rostered, callbacks go to every callback agent.
type Roster interface {
	CallbackStaff(ctx context.Context, tx *ent.Client, at time.Time) ([]string, error)
}

// UseRoster installs the duty roster (wired in app/).
func (s *Service) UseRoster(r Roster) { s.roster = r }

// onDuty narrows the candidates to the callback staff on duty at `at`
// when a roster says who they are; a callback policy's position still
// bounds them, and when it leaves nobody the candidates stay as they were.
func (s *Service) onDuty(ctx context.Context, tx *ent.Client, staff []string, byPosition bool, at time.Time) ([]string, error) {
	if s.roster == nil {
		return staff, nil
	}
	on, err := s.roster.CallbackStaff(ctx, tx, at)
	if err != nil || len(on) == 0 {
		return staff, err
	}
	if !byPosition {
		return on, nil
	}
	both := slices.DeleteFunc(slices.Clone(staff), func(id string) bool { return !slices.Contains(on, id) })
	if len(both) == 0 {
		return staff, nil
	}
	return both, nil
}
