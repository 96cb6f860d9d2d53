package orgchart

import (
	"context"

	"kefu/ent"
)

// Link is one step up a reporting line: a position and who holds it.
type Link struct {
	Position *ent.Position
	UserIDs  []string
}

// Supervisors returns the user's reporting line upward, starting at their
// primary position's superior. Vacant positions are skipped: the next
// occupied one up is who the user answers to.
func (s *Service) Supervisors(ctx context.Context, userID string) ([]Link, error) {
	if _, err := s.db.User.Get(ctx, userID); err != nil {
		return nil, notFound("user", userID, err)
	}
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	return snap.supervisors(userID), nil
}

func (s *snapshot) supervisors(userID string) []Link {
	p := s.primary(userID)
	var out []Link
	for hops := 0; p != nil && p.ReportsToID != nil && hops <= len(s.positions); hops++ {
		p = s.positions[*p.ReportsToID]
		if p == nil {
			break
		}
		ids := s.holderIDs(p.ID, userID)
		if len(ids) > 0 {
			out = append(out, Link{Position: p, UserIDs: ids})
		}
	}
	return out
}

// holderIDs lists a position's holders, leaving out except (one does not
// supervise oneself when holding a post and its superior concurrently).
func (s *snapshot) holderIDs(positionID, except string) []string {
	var ids []string
	for _, a := range s.holders[positionID] {
		if a.UserID != except {
			ids = append(ids, a.UserID)
		}
	}
	return ids
}

// Head returns who heads a unit: the holders of its head position; a
// vacant head passes to the head of the unit above.
func (s *Service) Head(ctx context.Context, unitID string) (*Link, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	if snap.units[unitID] == nil {
		return nil, notFound("unit", unitID, &ent.NotFoundError{})
	}
	return snap.head(unitID), nil
}

func (s *snapshot) head(unitID string) *Link {
	for cur, hops := unitID, 0; cur != "" && hops <= len(s.units); hops++ {
		for _, pid := range s.byUnit[cur] {
			p := s.positions[pid]
			if p.IsHead {
				if ids := s.holderIDs(pid, ""); len(ids) > 0 {
					return &Link{Position: p, UserIDs: ids}
				}
			}
		}
		u := s.units[cur]
		if u.ParentID == nil {
			break
		}
		cur = *u.ParentID
	}
	return nil
}

// Member is a person in a unit's subtree with the posts they hold there.
type Member struct {
	UserID    string
	Name      string
	Positions []string // position ids
}

// Members lists everyone holding a position in the unit or below it.
func (s *Service) Members(ctx context.Context, unitID string) ([]Member, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	if snap.units[unitID] == nil {
		return nil, notFound("unit", unitID, &ent.NotFoundError{})
	}
	return snap.members(snap.subtree(unitID)), nil
}

func (s *snapshot) members(units []string) []Member {
	idx := map[string]int{}
	var out []Member
	for _, u := range units {
		for _, pid := range s.byUnit[u] {
			for _, a := range s.holders[pid] {
				i, ok := idx[a.UserID]
				if !ok {
					i = len(out)
					idx[a.UserID] = i
					m := Member{UserID: a.UserID}
					if a.Edges.User != nil {
						m.Name = a.Edges.User.Name
					}
					out = append(out, m)
				}
				out[i].Positions = append(out[i].Positions, pid)
			}
		}
	}
	return out
}

// Subordinates returns the user and everyone below them on the reporting
// lines of the positions they hold (directly or through intermediate posts).
func (s *Service) Subordinates(ctx context.Context, userID string) ([]string, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	below := map[string][]string{} // position → positions reporting to it
	for _, p := range snap.positions {
		if p.ReportsToID != nil {
			below[*p.ReportsToID] = append(below[*p.ReportsToID], p.ID)
		}
	}
	seen := map[string]bool{userID: true}
	out := []string{userID}
	var queue []string
	for _, a := range snap.held[userID] {
		queue = append(queue, a.PositionID)
	}
	visited := map[string]bool{}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		if visited[pid] {
			continue
		}
		visited[pid] = true
		for _, sub := range below[pid] {
			for _, a := range snap.holders[sub] {
				if !seen[a.UserID] {
					seen[a.UserID] = true
					out = append(out, a.UserID)
				}
			}
			queue = append(queue, sub)
		}
	}
	return out, nil
}

// CenterHead returns who heads the service center a unit belongs to (the
// nearest center above it, else its top unit); with no unit, the first
// top-level unit. A major complaint goes straight to them.
func (s *Service) CenterHead(ctx context.Context, unitID string) (*Link, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	anchor := ""
	if unitID != "" && snap.units[unitID] != nil {
		anchor = snap.ancestorOfKind(unitID, "center")
		if anchor == "" {
			anchor = snap.ancestorOfKind(unitID, "company")
		}
		if anchor == "" {
			anchor = unitID
		}
	} else if roots := snap.children[""]; len(roots) > 0 {
		anchor = roots[0]
		for _, r := range roots {
			if c := snap.firstOfKind(r, "center"); c != "" {
				anchor = c
				break
			}
		}
	}
	if anchor == "" {
		return nil, nil
	}
	return snap.head(anchor), nil
}

// firstOfKind finds the first unit of kind in id's subtree, breadth first.
func (s *snapshot) firstOfKind(id, kind string) string {
	for _, u := range s.subtree(id) {
		if string(s.units[u].Kind) == kind {
			return u
		}
	}
	return ""
}

// Subtree returns a unit and every unit below it.
func (s *Service) Subtree(ctx context.Context, unitID string) ([]string, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	if snap.units[unitID] == nil {
		return nil, notFound("unit", unitID, &ent.NotFoundError{})
	}
	return snap.subtree(unitID), nil
}
