package orgchart

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/orgunit"
	"kefu/ent/store"
	"kefu/ent/user"
	"kefu/fault"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Document is a whole org chart as JSON: what export writes, import reads
// and industry templates ship. Keys tie the parts together inside one
// document; people are named by email.
type Document struct {
	Units       []DocUnit       `json:"units"`
	Positions   []DocPosition   `json:"positions"`
	Assignments []DocAssignment `json:"assignments,omitempty"`
}

// DocUnit is a unit in a Document.
type DocUnit struct {
	Key    string `json:"key" example:"center"`
	Name   string `json:"name" example:"客户服务中心"`
	NameEn string `json:"name_en,omitempty" example:"Customer service center"`
	Kind   string `json:"kind" example:"center"`
	Parent string `json:"parent,omitempty"`
	Sort   int    `json:"sort,omitempty"`
}

// DocPosition is a position in a Document.
type DocPosition struct {
	Key          string `json:"key"`
	Unit         string `json:"unit"`
	Title        string `json:"title"`
	TitleEn      string `json:"title_en,omitempty"`
	Code         string `json:"code,omitempty"`
	Grade        string `json:"grade,omitempty"`
	Headcount    int    `json:"headcount"`
	ReportsTo    string `json:"reports_to,omitempty"`
	Role         string `json:"role,omitempty"`
	Head         bool   `json:"head,omitempty"`
	Duties       string `json:"duties,omitempty"`
	Requirements string `json:"requirements,omitempty"`
	Sort         int    `json:"sort,omitempty"`
}

// DocAssignment puts the user with this email on a position of the document.
type DocAssignment struct {
	Position  string `json:"position"`
	User      string `json:"user"`
	Kind      string `json:"kind,omitempty"`
	OverQuota bool   `json:"over_quota,omitempty"`
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Export writes the tenant's chart as a Document (keys are the ids).
func (s *Service) Export(ctx context.Context) (*Document, error) {
	snap, err := load(ctx, s.db)
	if err != nil {
		return nil, err
	}
	doc := &Document{Units: []DocUnit{}, Positions: []DocPosition{}, Assignments: []DocAssignment{}}
	var walk func(id string)
	walk = func(id string) {
		u := snap.units[id]
		du := DocUnit{Key: u.ID, Name: u.Name, NameEn: u.NameEn, Kind: string(u.Kind), Sort: u.Sort}
		if u.ParentID != nil {
			du.Parent = *u.ParentID
		}
		doc.Units = append(doc.Units, du)
		for _, pid := range snap.byUnit[id] {
			p := snap.positions[pid]
			dp := DocPosition{Key: p.ID, Unit: p.UnitID, Title: p.Title, TitleEn: p.TitleEn, Code: p.Code, Grade: p.Grade,
				Headcount: p.Headcount, Role: p.Role, Head: p.IsHead, Duties: p.Duties, Requirements: p.Requirements, Sort: p.Sort}
			if p.ReportsToID != nil {
				dp.ReportsTo = *p.ReportsToID
			}
			doc.Positions = append(doc.Positions, dp)
			for _, a := range snap.holders[pid] {
				if a.Edges.User != nil {
					doc.Assignments = append(doc.Assignments, DocAssignment{Position: p.ID, User: a.Edges.User.Email, Kind: string(a.Kind), OverQuota: a.OverQuota})
				}
			}
		}
		for _, c := range snap.children[id] {
			walk(c)
		}
	}
	for _, r := range snap.children[""] {
		walk(r)
	}
	return doc, nil
}

// ImportResult counts what an import wrote.
type ImportResult struct {
	Units, Positions, Assignments int
}

// Import replaces the tenant's whole chart with doc, all or nothing: doc
// is validated first and any problem is reported with its location.
func (s *Service) Import(ctx context.Context, doc *Document) (*ImportResult, error) {
	var res *ImportResult
	err := store.WithTx(ctx, s.db, func(tx *ent.Client) error {
		before, err := tx.Assignment.Query().Where(assignment.EndedAtIsNil()).Select(assignment.FieldUserID).Strings(ctx)
		if err != nil {
			return err
		}
		users, err := Validate(ctx, tx, doc)
		if err != nil {
			return err
		}
		q := tenancy.Quiet(ctx)
		if _, err := tx.Assignment.Delete().Exec(q); err != nil {
			return err
		}
		if err := tx.Position.Update().ClearReportsToID().Exec(q); err != nil {
			return err
		}
		if _, err := tx.Position.Delete().Exec(q); err != nil {
			return err
		}
		if err := tx.OrgUnit.Update().ClearParentID().Exec(q); err != nil {
			return err
		}
		if _, err := tx.OrgUnit.Delete().Exec(q); err != nil {
			return err
		}
		if res, err = write(q, tx, doc, users); err != nil {
			return err
		}
		tid := tenancy.TenantID(ctx)
		touched := map[string]bool{}
		for _, u := range append(before, mapValues(users)...) {
			if touched[u] {
				continue
			}
			touched[u] = true
			if err := authz.Sync(ctx, tx, tid, u); err != nil {
				return err
			}
		}
		return tx.AuditEntry.Create().SetActorType(actorType(ctx)).SetActorID(actorID(ctx)).
			SetAction("import").SetTargetType("OrgChart").
			SetChanges(map[string]any{"units": res.Units, "positions": res.Positions, "assignments": res.Assignments}).
			SetIP(tenancy.RequestFrom(ctx).IP).SetRequestID(tenancy.RequestFrom(ctx).ID).
			SetAt(s.now().UTC()).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("import org chart: %w", err)
	}
	return res, s.changed(ctx, true)
}

// Seed writes a template's chart into an empty tenant through tx (the
// signup transaction); templates carry no assignments.
func Seed(ctx context.Context, tx *ent.Client, doc *Document) error {
	if len(doc.Assignments) > 0 {
		return fmt.Errorf("seed org chart: templates cannot assign people")
	}
	if _, err := Validate(ctx, tx, doc); err != nil {
		return fmt.Errorf("seed org chart: %w", err)
	}
	_, err := write(ctx, tx, doc, nil)
	return err
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func actorType(ctx context.Context) string {
	v, _ := tenancy.FromContext(ctx)
	if v.ActorType == "" {
		return tenancy.ActorSystem
	}
	return v.ActorType
}

func actorID(ctx context.Context) string {
	v, _ := tenancy.FromContext(ctx)
	return v.ActorID
}

// Validate checks a document against itself and the tenant (roles, people)
// and returns the user id for each email it assigns.
func Validate(ctx context.Context, tx *ent.Client, doc *Document) (map[string]string, error) {
	var inv fault.Invalid
	bad := func(loc, msg string, v any) {
		if len(inv.Fields) < 100 {
			inv.Fields = append(inv.Fields, fault.FieldError{Location: loc, Message: msg, Value: v})
		}
	}
	units := map[string]DocUnit{}
	for i, u := range doc.Units {
		loc := fmt.Sprintf("body.units[%d]", i)
		switch {
		case !keyPattern.MatchString(u.Key):
			bad(loc+".key", "must be 1–64 letters, digits, _ or -", u.Key)
		case units[u.Key].Key != "":
			bad(loc+".key", "is used twice", u.Key)
		}
		if strings.TrimSpace(u.Name) == "" {
			bad(loc+".name", "is required", u.Name)
		}
		if kindRank(u.Kind) < 0 {
			bad(loc+".kind", "must be one of "+strings.Join(Kinds, ", "), u.Kind)
		}
		units[u.Key] = u
	}
	for i, u := range doc.Units {
		if u.Parent == "" {
			continue
		}
		if _, ok := units[u.Parent]; !ok {
			bad(fmt.Sprintf("body.units[%d].parent", i), "no unit with this key", u.Parent)
			continue
		}
		for cur, hops := u.Parent, 0; cur != ""; hops++ {
			if cur == u.Key || hops > len(units) {
				bad(fmt.Sprintf("body.units[%d].parent", i), "makes a cycle", u.Parent)
				break
			}
			cur = units[cur].Parent
		}
	}
	posts := map[string]DocPosition{}
	heads := map[string]bool{}
	roleOK := map[string]bool{}
	for i, p := range doc.Positions {
		loc := fmt.Sprintf("body.positions[%d]", i)
		switch {
		case !keyPattern.MatchString(p.Key):
			bad(loc+".key", "must be 1–64 letters, digits, _ or -", p.Key)
		case posts[p.Key].Key != "":
			bad(loc+".key", "is used twice", p.Key)
		}
		if _, ok := units[p.Unit]; !ok {
			bad(loc+".unit", "no unit with this key", p.Unit)
		}
		if strings.TrimSpace(p.Title) == "" {
			bad(loc+".title", "is required", p.Title)
		}
		if p.Headcount < 0 {
			bad(loc+".headcount", "must not be negative", p.Headcount)
		}
		if p.Head {
			if heads[p.Unit] {
				bad(loc+".head", "the unit already has a head position", p.Head)
			}
			heads[p.Unit] = true
		}
		if p.Role == "" {
			p.Role = authz.Agent
			doc.Positions[i].Role = authz.Agent
		}
		ok, seen := roleOK[p.Role]
		if !seen {
			ok = checkRole(ctx, tx, p.Role, "") == nil
			roleOK[p.Role] = ok
		}
		if !ok {
			bad(loc+".role", "no such role", p.Role)
		}
		posts[p.Key] = p
	}
	for i, p := range doc.Positions {
		if p.ReportsTo == "" {
			continue
		}
		if _, ok := posts[p.ReportsTo]; !ok {
			bad(fmt.Sprintf("body.positions[%d].reports_to", i), "no position with this key", p.ReportsTo)
			continue
		}
		for cur, hops := p.ReportsTo, 0; cur != ""; hops++ {
			if cur == p.Key || hops > len(posts) {
				bad(fmt.Sprintf("body.positions[%d].reports_to", i), "makes a reporting cycle", p.ReportsTo)
				break
			}
			cur = posts[cur].ReportsTo
		}
	}
	users := map[string]string{}
	filled := map[string]int{}
	primary := map[string]bool{}
	pairs := map[[2]string]bool{}
	for i, a := range doc.Assignments {
		loc := fmt.Sprintf("body.assignments[%d]", i)
		p, ok := posts[a.Position]
		if !ok {
			bad(loc+".position", "no position with this key", a.Position)
		}
		if a.Kind == "" {
			a.Kind = string(assignment.KindPrimary)
			doc.Assignments[i].Kind = a.Kind
		}
		if assignment.KindValidator(assignment.Kind(a.Kind)) != nil {
			bad(loc+".kind", "must be primary, concurrent or acting", a.Kind)
		}
		email := strings.ToLower(strings.TrimSpace(a.User))
		if _, ok := users[email]; !ok {
			u, err := tx.User.Query().Where(user.Email(email)).Only(ctx)
			switch {
			case ent.IsNotFound(err):
				bad(loc+".user", "no staff member with this email", a.User)
				continue
			case err != nil:
				return nil, err
			case u.Status == user.StatusDeactivated:
				bad(loc+".user", "is deactivated", a.User)
				continue
			}
			users[email] = u.ID
		}
		if pairs[[2]string{email, a.Position}] {
			bad(loc, "the same person is assigned to this position twice", a.User)
		}
		pairs[[2]string{email, a.Position}] = true
		if a.Kind == string(assignment.KindPrimary) {
			if primary[email] {
				bad(loc+".kind", "this person already has a primary position in the document", a.Kind)
			}
			primary[email] = true
		}
		filled[a.Position]++
		if ok && filled[a.Position] > p.Headcount && !a.OverQuota {
			bad(loc, fmt.Sprintf("position %s is full (headcount %d); set over_quota to exceed it", p.Key, p.Headcount), a.User)
		}
	}
	if len(inv.Fields) > 0 {
		return nil, &inv
	}
	return users, nil
}

// write creates a validated document: units parents first, positions in
// bulk, then reporting lines and assignments.
func write(ctx context.Context, tx *ent.Client, doc *Document, users map[string]string) (*ImportResult, error) {
	unitID := map[string]string{}
	byParent := map[string][]DocUnit{}
	for _, u := range doc.Units {
		byParent[u.Parent] = append(byParent[u.Parent], u)
	}
	queue := []string{""}
	for len(queue) > 0 {
		parent := queue[0]
		queue = queue[1:]
		level := byParent[parent]
		if len(level) == 0 {
			continue
		}
		builders := make([]*ent.OrgUnitCreate, len(level))
		for i, u := range level {
			b := tx.OrgUnit.Create().SetName(strings.TrimSpace(u.Name)).SetNameEn(u.NameEn).SetKind(orgunit.Kind(u.Kind)).SetSort(u.Sort)
			if parent != "" {
				b.SetParentID(unitID[parent])
			}
			builders[i] = b
		}
		created, err := tx.OrgUnit.CreateBulk(builders...).Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("create units: %w", err)
		}
		for i, u := range level {
			unitID[u.Key] = created[i].ID
			queue = append(queue, u.Key)
		}
	}
	posID := map[string]string{}
	const batch = 500
	for start := 0; start < len(doc.Positions); start += batch {
		part := doc.Positions[start:min(start+batch, len(doc.Positions))]
		builders := make([]*ent.PositionCreate, len(part))
		for i, p := range part {
			builders[i] = tx.Position.Create().SetUnitID(unitID[p.Unit]).SetTitle(strings.TrimSpace(p.Title)).
				SetTitleEn(p.TitleEn).SetCode(p.Code).SetGrade(p.Grade).SetHeadcount(p.Headcount).
				SetRole(p.Role).SetIsHead(p.Head).SetDuties(p.Duties).SetRequirements(p.Requirements).SetSort(p.Sort)
		}
		created, err := tx.Position.CreateBulk(builders...).Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("create positions: %w", err)
		}
		for i, p := range part {
			posID[p.Key] = created[i].ID
		}
	}
	for _, p := range doc.Positions {
		if p.ReportsTo == "" {
			continue
		}
		if err := tx.Position.UpdateOneID(posID[p.Key]).SetReportsToID(posID[p.ReportsTo]).Exec(ctx); err != nil {
			return nil, fmt.Errorf("link position %s: %w", p.Key, err)
		}
	}
	if len(doc.Assignments) > 0 {
		builders := make([]*ent.AssignmentCreate, len(doc.Assignments))
		for i, a := range doc.Assignments {
			builders[i] = tx.Assignment.Create().SetPositionID(posID[a.Position]).
				SetUserID(users[strings.ToLower(strings.TrimSpace(a.User))]).
				SetKind(assignment.Kind(a.Kind)).SetOverQuota(a.OverQuota)
		}
		if _, err := tx.Assignment.CreateBulk(builders...).Save(ctx); err != nil {
			return nil, fmt.Errorf("create assignments: %w", err)
		}
	}
	return &ImportResult{Units: len(unitID), Positions: len(posID), Assignments: len(doc.Assignments)}, nil
}
