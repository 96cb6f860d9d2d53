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
