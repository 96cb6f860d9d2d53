package orgchart

import (
	"context"
	"fmt"
	"sort"

	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/user"
)

// snapshot is the whole chart of a tenant in memory: four queries, then
// every tree walk (chart, reporting lines, scopes) is map lookups.
type snapshot struct {
	units     map[string]*ent.OrgUnit
	children  map[string][]string // parent id ("" for roots) → unit ids
	positions map[string]*ent.Position
	byUnit    map[string][]string          // unit id → position ids
	holders   map[string][]*ent.Assignment // position id → active assignments (with user)
	held      map[string][]*ent.Assignment // user id → active assignments
}

func load(ctx context.Context, c *ent.Client) (*snapshot, error) {
	units, err := c.OrgUnit.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	posts, err := c.Position.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load positions: %w", err)
	}
	asgs, err := c.Assignment.Query().Where(assignment.EndedAtIsNil()).
		WithUser(func(q *ent.UserQuery) { q.Select(user.FieldID, user.FieldName, user.FieldEmail, user.FieldStatus) }).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load assignments: %w", err)
	}
	s := &snapshot{
		units: make(map[string]*ent.OrgUnit, len(units)), children: map[string][]string{},
		positions: make(map[string]*ent.Position, len(posts)), byUnit: map[string][]string{},
		holders: map[string][]*ent.Assignment{}, held: map[string][]*ent.Assignment{},
	}
	sort.Slice(units, func(i, j int) bool { return less(units[i].Sort, units[j].Sort, units[i].ID, units[j].ID) })
	for _, u := range units {
		s.units[u.ID] = u
		parent := ""
		if u.ParentID != nil {
			parent = *u.ParentID
		}
		s.children[parent] = append(s.children[parent], u.ID)
	}
	sort.Slice(posts, func(i, j int) bool {
		if posts[i].IsHead != posts[j].IsHead {
			return posts[i].IsHead
		}
		return less(posts[i].Sort, posts[j].Sort, posts[i].ID, posts[j].ID)
	})
	for _, p := range posts {
		s.positions[p.ID] = p
		s.byUnit[p.UnitID] = append(s.byUnit[p.UnitID], p.ID)
	}
	for _, a := range asgs {
		s.holders[a.PositionID] = append(s.holders[a.PositionID], a)
		s.held[a.UserID] = append(s.held[a.UserID], a)
	}
	return s, nil
}

func less(sortA, sortB int, idA, idB string) bool {
	if sortA != sortB {
		return sortA < sortB
	}
	return idA < idB
}

// subtree returns id and every unit below it.
func (s *snapshot) subtree(id string) []string {
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, s.children[out[i]]...)
	}
	return out
}

// ancestorOfKind walks up from unit id (itself included) to the nearest
// unit of one of kinds; "" when there is none.
func (s *snapshot) ancestorOfKind(id string, kinds ...string) string {
	for cur, hops := id, 0; cur != "" && hops < len(s.units)+1; hops++ {
		u := s.units[cur]
		if u == nil {
			return ""
		}
		for _, k := range kinds {
			if string(u.Kind) == k {
				return cur
			}
		}
		if u.ParentID == nil {
			return ""
		}
		cur = *u.ParentID
	}
	return ""
}

// primary returns the user's primary position, else their first other one.
func (s *snapshot) primary(userID string) *ent.Position {
	var first *ent.Position
	for _, a := range s.held[userID] {
		p := s.positions[a.PositionID]
		if p == nil {
			continue
		}
		if a.Kind == assignment.KindPrimary {
			return p
		}
		if first == nil {
			first = p
		}
	}
	return first
}
