package quality

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kefu/ent"
	"kefu/ent/inspection"
	"kefu/ent/inspectionappeal"
	"kefu/ent/store"
	"kefu/fault"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Appeal outcomes.
const (
	Upheld   = "upheld"
	Adjusted = "adjusted"
)

// Appeal is the inspected agent contesting a score, once, with a reason.
func (s *Service) Appeal(ctx context.Context, viewerID, id, reason string) (*ent.InspectionAppeal, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, fault.Field("body.reason", "say why the score is wrong", reason)
	}
	var out *ent.InspectionAppeal
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		in, err := tx.Inspection.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("inspection %s", id)
		}
		if err != nil {
			return err
		}
		if in.AgentID != viewerID {
			return fault.Forbiddenf("only the agent inspected may appeal")
		}
		if in.Status == inspection.StatusAppealed || in.Status == inspection.StatusDecided {
			return fault.Conflictf("the score was appealed already; an inspection is appealed once")
		}
		if in.Status != inspection.StatusScored || in.Score == nil {
			return fault.Conflictf("the inspection is not scored yet")
		}
		out, err = tx.InspectionAppeal.Create().SetInspectionID(id).SetAgentID(viewerID).
			SetReason(strings.TrimSpace(reason)).SetOriginalScore(*in.Score).Save(ctx)
		if ent.IsConstraintError(err) {
			return fault.Conflictf("the score was appealed already; an inspection is appealed once")
		}
		if err != nil {
			return err
		}
		return tx.Inspection.UpdateOne(in).SetStatus(inspection.StatusAppealed).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("appeal inspection %s: %w", id, err)
	}
	return out, nil
}

// Decide settles an appeal: upheld keeps the score, adjusted replaces it
// with score. The decider is a supervisor on the agent's reporting line
// (from the org chart) who did not score it; for an agent with nobody
// above them, anyone who approves performance may decide.
func (s *Service) Decide(ctx context.Context, viewerID, id, outcome string, score *float64, reason string) (*ent.InspectionAppeal, error) {
	if outcome != Upheld && outcome != Adjusted {
		return nil, fault.Field("body.outcome", "must be upheld or adjusted", outcome)
	}
	if outcome == Adjusted && (score == nil || *score < 0 || *score > 100) {
		return nil, fault.Field("body.score", "an adjusted score of 0 to 100 is needed", score)
	}
	if outcome == Upheld && score != nil {
		return nil, fault.Field("body.score", "an upheld score stays as it was; give no score", *score)
	}
	if strings.TrimSpace(reason) == "" {
		return nil, fault.Field("body.reason", "say why", reason)
	}
	in, ap, err := s.Inspection(ctx, viewerID, id)
	if err != nil {
		return nil, err
	}
	if ap == nil || in.Status != inspection.StatusAppealed {
		return nil, fault.Conflictf("the inspection has no open appeal")
	}
	if err := s.mayDecide(ctx, viewerID, in); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var out *ent.InspectionAppeal
	err = store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		// The status moves first and only from appealed, so two deciders
		// racing settle it once.
		n, err := tx.Inspection.Update().Where(inspection.ID(id), inspection.StatusEQ(inspection.StatusAppealed)).
			SetStatus(inspection.StatusDecided).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return fault.Conflictf("the appeal was decided already")
		}
		upd := tx.InspectionAppeal.UpdateOne(ap).SetStatus(inspectionappeal.Status(outcome)).SetDecidedBy(viewerID).
			SetDecisionReason(strings.TrimSpace(reason)).SetDecidedAt(now)
		if outcome == Adjusted {
			upd.SetAdjustedScore(*score)
			if err := tx.Inspection.UpdateOneID(id).SetFinalScore(*score).Exec(ctx); err != nil {
				return err
			}
		}
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("decide appeal of %s: %w", id, err)
	}
	return out, nil
}

func (s *Service) mayDecide(ctx context.Context, viewerID string, in *ent.Inspection) error {
	if viewerID == in.AgentID {
		return fault.Forbiddenf("you cannot decide your own appeal")
	}
	if viewerID == in.ScoredBy {
		return fault.Forbiddenf("the inspector who scored it cannot decide the appeal")
	}
	line, err := s.org.Supervisors(ctx, in.AgentID)
	if err != nil {
		return err
	}
	for _, l := range line {
		if slices.Contains(l.UserIDs, viewerID) {
			return nil
		}
	}
	if len(line) == 0 && s.az.Can(tenancy.TenantID(ctx), viewerID, authz.PerformanceApprove) {
		return nil
	}
	return fault.Forbiddenf("only a supervisor on the agent's reporting line decides the appeal")
}
