package orgchart

import (
	"context"
	"fmt"

	"kefu/ent"
)

// Holder is someone on a position.
type Holder struct {
	AssignmentID string
	UserID       string
	Name         string
	Kind         string
	OverQuota    bool
}

// PositionNode is a position with its headcount arithmetic.
type PositionNode struct {
	*ent.Position
	Filled    int
	Vacant    int
	OverQuota bool // more holders than headcount
	Holders   []Holder
}

// UnitNode is a unit with its positions and sub-units; the totals cover
// the whole subtree.
type UnitNode struct {
	*ent.OrgUnit
	Positions []PositionNode
	Children  []*UnitNode
	Headcount int
	Filled    int
	Vacant    int
}

// Chart returns the whole org chart (all top-level units), or the subtree
// under rootID.
func (s *Service) Chart(ctx context.Context, rootID string) ([]*UnitNode, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	roots := snap.children[""]
	if rootID != "" {
		if snap.units[rootID] == nil {
			return nil, notFound("unit", rootID, &ent.NotFoundError{})
		}
		roots = []string{rootID}
	}
	out := make([]*UnitNode, 0, len(roots))
	for _, id := range roots {
		out = append(out, snap.node(id, 0))
	}
	return out, nil
}

func (s *snapshot) node(id string, depth int) *UnitNode {
	n := &UnitNode{OrgUnit: s.units[id]}
	for _, pid := range s.byUnit[id] {
		p := s.positions[pid]
		pn := PositionNode{Position: p}
		for _, a := range s.holders[pid] {
			h := Holder{AssignmentID: a.ID, UserID: a.UserID, Kind: string(a.Kind), OverQuota: a.OverQuota}
			if a.Edges.User != nil {
				h.Name = a.Edges.User.Name
			}
			pn.Holders = append(pn.Holders, h)
		}
		pn.Filled = len(pn.Holders)
		pn.Vacant = max(p.Headcount-pn.Filled, 0)
		pn.OverQuota = pn.Filled > p.Headcount
		n.Positions = append(n.Positions, pn)
		n.Headcount += p.Headcount
		n.Filled += pn.Filled
		n.Vacant += pn.Vacant
	}
	if depth > len(s.units) {
		panic(fmt.Sprintf("org unit tree has a cycle at %s", id))
	}
	for _, c := range s.children[id] {
		cn := s.node(c, depth+1)
		n.Children = append(n.Children, cn)
		n.Headcount += cn.Headcount
		n.Filled += cn.Filled
		n.Vacant += cn.Vacant
	}
	return n
}
