package quality

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/inspection"
	"kefu/ent/inspectionappeal"
	"kefu/ent/scorecard"
	"kefu/ent/store"
	"kefu/ent/ticketmetric"
	"kefu/ent/types"
	"kefu/fault"
	"kefu/paging"
)

// Filter narrows the inspection list.
type Filter struct {
	Status      string
	AgentID     string
	InspectorID string
	Period      string
}

// Inspections lists the inspections the viewer may see (their data scope:
// an agent sees their own), newest first.
func (s *Service) Inspections(ctx context.Context, viewerID string, f Filter, pg paging.Page) ([]*ent.Inspection, string, error) {
	q := s.db.Inspection.Query()
	if f.Status != "" {
		q = q.Where(inspection.StatusEQ(inspection.Status(f.Status)))
	}
	if f.AgentID != "" {
		q = q.Where(inspection.AgentID(f.AgentID))
	}
	if f.InspectorID != "" {
		q = q.Where(inspection.InspectorID(f.InspectorID))
	}
	if f.Period != "" {
		q = q.Where(inspection.Period(f.Period))
	}
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return nil, "", err
	}
	if !vis.All {
		q = q.Where(inspection.AgentIDIn(vis.UserIDs...))
	}
	if pg.After != "" {
		q = q.Where(inspection.IDLT(pg.After))
	}
	rows, err := q.Order(inspection.ByID(sql.OrderDesc())).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list inspections: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(i *ent.Inspection) string { return i.ID })
	return rows, next, nil
}

// Inspection returns one inspection the viewer may see, with its appeal
// (nil when there is none).
func (s *Service) Inspection(ctx context.Context, viewerID, id string) (*ent.Inspection, *ent.InspectionAppeal, error) {
	in, err := s.db.Inspection.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil, fault.NotFoundf("inspection %s", id)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("get inspection %s: %w", id, err)
	}
	vis, err := s.org.VisibilityOf(ctx, viewerID)
	if err != nil {
		return nil, nil, err
	}
	if !vis.Sees(in.AgentID) {
		return nil, nil, fault.NotFoundf("inspection %s", id)
	}
	ap, err := s.db.InspectionAppeal.Query().Where(inspectionappeal.InspectionID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return in, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("appeal of %s: %w", id, err)
	}
	return in, ap, nil
}

// Appeals returns the appeals of the given inspections, by inspection id.
func (s *Service) Appeals(ctx context.Context, ids []string) (map[string]*ent.InspectionAppeal, error) {
	out := map[string]*ent.InspectionAppeal{}
	if len(ids) == 0 {
		return out, nil
	}
	aps, err := s.db.InspectionAppeal.Query().Where(inspectionappeal.InspectionIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("appeals: %w", err)
	}
	for _, a := range aps {
		out[a.InspectionID] = a
	}
	return out, nil
}

// Pick adds a ticket to inspect by hand (a complaint, a call a supervisor
// flagged), on scorecardID or the default scorecard. The agent inspected
// is whoever resolved the ticket, else its assignee. A ticket is inspected
// once.
func (s *Service) Pick(ctx context.Context, viewerID, ticketID, scorecardID string) (*ent.Inspection, error) {
	t, err := s.db.Ticket.Get(ctx, ticketID)
	if ent.IsNotFound(err) {
		return nil, fault.Field("body.ticket_id", "no such ticket", ticketID)
	}
	if err != nil {
		return nil, fmt.Errorf("pick %s: %w", ticketID, err)
	}
	agent := ""
	if m, err := s.db.TicketMetric.Query().Where(ticketmetric.TicketID(ticketID)).Only(ctx); err == nil {
		agent = m.ResolverID
		if agent == "" {
			agent = m.ResponderID
		}
	} else if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("pick %s: %w", ticketID, err)
	}
	if agent == "" && t.AssigneeID != nil {
		agent = *t.AssigneeID
	}
	if agent == "" {
		return nil, fault.Field("body.ticket_id", "the ticket has no agent to inspect yet", ticketID)
	}
	if agent == viewerID {
		return nil, fault.Forbiddenf("you cannot inspect your own ticket")
	}
	sc, err := s.cardFor(ctx, scorecardID)
	if err != nil {
		return nil, err
	}
	in, err := s.db.Inspection.Create().SetScorecardID(sc.ID).SetTicketID(ticketID).SetAgentID(agent).
		SetInspectorID(viewerID).SetPeriod("manual").SetSource(inspection.SourceManual).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, fault.Conflictf("ticket %s is inspected already", ticketID)
	}
	if err != nil {
		return nil, fmt.Errorf("pick %s: %w", ticketID, err)
	}
	return in, nil
}

// cardFor is scorecard id, or the default one when id is empty.
func (s *Service) cardFor(ctx context.Context, id string) (*ent.Scorecard, error) {
	if id != "" {
		sc, err := s.db.Scorecard.Get(ctx, id)
		if ent.IsNotFound(err) {
			return nil, fault.Field("body.scorecard_id", "no such scorecard", id)
		}
		return sc, err
	}
	sc, err := s.db.Scorecard.Query().Where(scorecard.IsDefault(true)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, fault.Field("body.scorecard_id", "there is no default scorecard; name one", nil)
	}
	return sc, err
}

// Grade records an inspector's marks and comment on a pending or scored
// inspection (not once appealed); no one scores their own ticket.
func (s *Service) Grade(ctx context.Context, viewerID, id string, marks []types.Mark, comment string) (*ent.Inspection, error) {
	var out *ent.Inspection
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		in, err := tx.Inspection.Get(ctx, id)
		if ent.IsNotFound(err) {
			return fault.NotFoundf("inspection %s", id)
		}
		if err != nil {
			return err
		}
		if in.AgentID == viewerID {
			return fault.Forbiddenf("you cannot score your own ticket")
		}
		if in.Status != inspection.StatusPending && in.Status != inspection.StatusScored {
			return fault.Conflictf("the inspection is %s; the appeal decides its score now", in.Status)
		}
		sc, err := tx.Scorecard.Get(ctx, in.ScorecardID)
		if err != nil {
			return err
		}
		score, critical, err := Score(sc.Criteria, marks)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		upd := tx.Inspection.UpdateOne(in).SetMarks(marks).SetScore(score).SetFinalScore(score).SetCriticalFailed(critical).
			SetComment(strings.TrimSpace(comment)).SetScoredBy(viewerID).SetScoredAt(now).SetStatus(inspection.StatusScored)
		if in.InspectorID == nil {
			upd.SetInspectorID(viewerID)
		}
		out, err = upd.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("score inspection %s: %w", id, err)
	}
	return out, nil
}
