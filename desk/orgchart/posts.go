package orgchart

import (
	"context"
	"fmt"
	"sort"

	"kefu/ent"
	"kefu/ent/assignment"
)

// Post is a position a person currently holds, with its unit.
type Post struct {
	PositionID, Title, UnitID, UnitName, Kind string
}

// PostsOf lists the positions userID holds now (primary first), so the
// console can offer "my unit's queue" without reading the whole chart.
func (s *Service) PostsOf(ctx context.Context, userID string) ([]Post, error) {
	as, err := s.db.Assignment.Query().
		Where(assignment.UserID(userID), assignment.EndedAtIsNil()).
		WithPosition(func(q *ent.PositionQuery) { q.WithUnit() }).
		Order(assignment.ByID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("posts of %s: %w", userID, err)
	}
	out := make([]Post, 0, len(as))
	for _, a := range as {
		p := a.Edges.Position
		if p == nil || p.Edges.Unit == nil {
			continue
		}
		out = append(out, Post{PositionID: p.ID, Title: p.Title, UnitID: p.UnitID, UnitName: p.Edges.Unit.Name, Kind: string(a.Kind)})
	}
	// primary before concurrent and acting posts
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind == "primary" && out[j].Kind != "primary" })
	return out, nil
}
