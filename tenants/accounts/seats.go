package accounts

import (
	"context"

	"kefu/ent"
)

// SeatCheck runs inside the transaction that gives someone a seat (a new,
// invited or reactivated user) and refuses one the tenant's plan does not
// cover; billing/ provides it.
type SeatCheck func(ctx context.Context, tx *ent.Client) error

// CheckSeatsWith installs the plan's seat limit (wired in app/).
func (s *Users) CheckSeatsWith(f SeatCheck) { s.seats = f }

func (s *Users) takeSeat(ctx context.Context, tx *ent.Client) error {
	if s.seats == nil {
		return nil
	}
	return s.seats(ctx, tx)
}
