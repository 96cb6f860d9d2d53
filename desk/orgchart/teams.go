package orgchart

import "context"

// Team is where a person sits for team figures: the unit of their primary
// post, the group above it and the department above that. With no group
// on the way up the unit itself stands for the group; with no department,
// the nearest center or company does.
type Team struct {
	UserID, Name                  string
	UnitID, GroupID, DepartmentID string
	GroupName, DepartmentName     string
}

// Teams returns everyone holding a post, keyed by user id; performance
// figures roll agents up to groups and departments through it.
func (s *Service) Teams(ctx context.Context) (map[string]Team, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Team, len(snap.held))
	for userID, as := range snap.held {
		p := snap.primary(userID)
		if p == nil {
			continue
		}
		t := Team{UserID: userID, UnitID: p.UnitID}
		if len(as) > 0 && as[0].Edges.User != nil {
			t.Name = as[0].Edges.User.Name
		}
		t.GroupID = snap.ancestorOfKind(p.UnitID, "group")
		if t.GroupID == "" {
			t.GroupID = p.UnitID
		}
		t.DepartmentID = snap.ancestorOfKind(p.UnitID, "department")
		if t.DepartmentID == "" {
			t.DepartmentID = snap.ancestorOfKind(p.UnitID, "center", "company")
		}
		if u := snap.units[t.GroupID]; u != nil {
			t.GroupName = u.Name
		}
		if u := snap.units[t.DepartmentID]; u != nil {
			t.DepartmentName = u.Name
		}
		out[userID] = t
	}
	return out, nil
}
