// Package policies stores SLA policies: which tickets they match, the
// first-response and resolution targets in business time on a calendar,
// the warning threshold, the escalation ladder and the callback policy.
package policies

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"kefu/ent"
	"kefu/ent/slapolicy"
	"kefu/ent/store"
	"kefu/ent/types"
	"kefu/fault"
)

// Spec is a policy to create, or the fields to change (nil: unchanged).
type Spec struct {
	Name          *string
	CalendarID    *string
	Match         *types.SLAMatch
	FirstResponse *time.Duration
	Resolution    *time.Duration
	WarnAtPercent *int
	Escalation    *[]types.EscalationStep
	Callback      *types.CallbackPolicy
	Rank          *int
	Enabled       *bool
}

// Service manages SLA policies.
type Service struct{ db *ent.Client }

// New returns the policy service.
func New(db *ent.Client) *Service { return &Service{db: db} }

var (
	types_      = []string{"inquiry", "complaint", "suggestion", "request", "praise"}
	priorities  = []string{"low", "normal", "high", "urgent"}
	tiers       = []string{"regular", "member", "vip", "key_account"}
	escalations = []string{"supervisor", "manager", "director", "center_head"}
)

func (s *Service) check(ctx context.Context, in Spec) error {
	var inv fault.Invalid
	bad := func(loc, msg string, v any) {
		inv.Fields = append(inv.Fields, fault.FieldError{Location: loc, Message: msg, Value: v})
	}
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		bad("body.name", "must not be empty", *in.Name)
	}
	if in.CalendarID != nil {
		if _, err := s.db.Calendar.Get(ctx, *in.CalendarID); err != nil {
			bad("body.calendar_id", "no such calendar", *in.CalendarID)
		}
	}
	if m := in.Match; m != nil {
		for field, pair := range map[string][2][]string{"types": {m.Types, types_}, "priorities": {m.Priorities, priorities}, "tiers": {m.Tiers, tiers}} {
			for i, v := range pair[0] {
				if !slices.Contains(pair[1], v) {
					bad(fmt.Sprintf("body.match.%s[%d]", field, i), "must be one of "+strings.Join(pair[1], ", "), v)
				}
			}
		}
	}
	if in.FirstResponse != nil && in.Resolution != nil && *in.Resolution < *in.FirstResponse {
		bad("body.resolution", "must not be shorter than first_response", nil)
	}
	if in.Escalation != nil {
		prev := int64(-1)
		for i, st := range *in.Escalation {
			to := st.To
			if pid, ok := strings.CutPrefix(to, "position:"); ok {
				if _, err := s.db.Position.Get(ctx, pid); err != nil {
					bad(fmt.Sprintf("body.escalation[%d].to", i), "no such position", to)
				}
			} else if !slices.Contains(escalations, to) {
				bad(fmt.Sprintf("body.escalation[%d].to", i), "must be supervisor, manager, director, center_head or position:<id>", to)
			}
			if st.AfterSeconds < prev {
				bad(fmt.Sprintf("body.escalation[%d].after", i), "steps must not go back in time", st.AfterSeconds)
			}
			prev = st.AfterSeconds
		}
	}
	if cb := in.Callback; cb != nil {
		if cb.PositionID != "" {
			if _, err := s.db.Position.Get(ctx, cb.PositionID); err != nil {
				bad("body.callback.position_id", "no such position", cb.PositionID)
			}
		}
		for tier, rate := range cb.Coverage {
			if !slices.Contains(tiers, tier) || rate < 0 || rate > 1 {
				bad("body.callback.coverage."+tier, "tiers are regular, member, vip, key_account; rates 0 to 1", rate)
			}
		}
		if cb.MaxAttempts < 0 || cb.MaxAttempts > 20 {
			bad("body.callback.max_attempts", "must be 1 to 20", cb.MaxAttempts)
		}
	}
	if len(inv.Fields) > 0 {
		return &inv
	}
	return nil
}

// Create stores a policy.
func (s *Service) Create(ctx context.Context, in Spec) (*ent.SLAPolicy, error) {
	switch {
	case in.Name == nil:
		return nil, fault.Field("body.name", "is required", nil)
	case in.CalendarID == nil:
		return nil, fault.Field("body.calendar_id", "is required", nil)
	case in.FirstResponse == nil:
		return nil, fault.Field("body.first_response", "is required", nil)
	case in.Resolution == nil:
		return nil, fault.Field("body.resolution", "is required", nil)
	}
	if err := s.check(ctx, in); err != nil {
		return nil, err
	}
	// In a transaction: the tenant's config version is bumped with it.
	var out *ent.SLAPolicy
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		c := tx.SLAPolicy.Create().SetName(strings.TrimSpace(*in.Name)).SetCalendarID(*in.CalendarID).
			SetFirstResponseSeconds(int64(in.FirstResponse.Seconds())).SetResolutionSeconds(int64(in.Resolution.Seconds())).
			SetNillableWarnAtPercent(in.WarnAtPercent).SetNillableRank(in.Rank).SetNillableEnabled(in.Enabled)
		if in.Match != nil {
			c.SetMatch(*in.Match)
		}
		if in.Escalation != nil {
			c.SetEscalation(*in.Escalation)
		}
		if in.Callback != nil {
			c.SetCallback(*in.Callback)
		}
		var err error
		out, err = c.Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, fault.Conflictf("a policy named %s exists", *in.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("create sla policy: %w", err)
	}
	return out, nil
}

// Get returns one policy.
func (s *Service) Get(ctx context.Context, id string) (*ent.SLAPolicy, error) {
	p, err := s.db.SLAPolicy.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("sla policy %s", id)
		}
		return nil, err
	}
	return p, nil
}

// List returns policies in the order they are tried.
func (s *Service) List(ctx context.Context) ([]*ent.SLAPolicy, error) {
	return s.db.SLAPolicy.Query().Order(slapolicy.ByRank(), slapolicy.ByID()).All(ctx)
}

// Update changes a policy; tickets already running keep their due times.
func (s *Service) Update(ctx context.Context, id string, in Spec) (*ent.SLAPolicy, error) {
	cur, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	fr, res := time.Duration(cur.FirstResponseSeconds)*time.Second, time.Duration(cur.ResolutionSeconds)*time.Second
	if in.FirstResponse == nil {
		in.FirstResponse = &fr
	}
	if in.Resolution == nil {
		in.Resolution = &res
	}
	if err := s.check(ctx, in); err != nil {
		return nil, err
	}
	var out *ent.SLAPolicy
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		upd := tx.SLAPolicy.UpdateOne(cur).SetNillableCalendarID(in.CalendarID).
			SetFirstResponseSeconds(int64(in.FirstResponse.Seconds())).SetResolutionSeconds(int64(in.Resolution.Seconds())).
			SetNillableWarnAtPercent(in.WarnAtPercent).SetNillableRank(in.Rank).SetNillableEnabled(in.Enabled)
		if in.Name != nil {
			upd.SetName(strings.TrimSpace(*in.Name))
		}
		if in.Match != nil {
			upd.SetMatch(*in.Match)
		}
		if in.Escalation != nil {
			upd.SetEscalation(*in.Escalation)
		}
		if in.Callback != nil {
			upd.SetCallback(*in.Callback)
		}
		var err error
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update sla policy %s: %w", id, err)
	}
	return out, nil
}

// Delete removes a policy; tickets that used it keep their due times.
func (s *Service) Delete(ctx context.Context, id string) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	return store.WithTx(ctx, s.db, func(tx *ent.Client) error { return tx.SLAPolicy.DeleteOneID(id).Exec(ctx) })
}
