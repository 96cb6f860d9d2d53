package duty

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/dutyrosterentry"
	"kefu/ent/user"
	"kefu/tenants/tenancy"
)

// Router tells routing who is on duty. "On duty" at t is: rostered on an
// entry of the unit and role whose shift covers t, not signed out (handed
// over early), the user active. Those who signed in come first; when
// nobody has yet, the rostered ones still take work, so a ticket created
// at 08:31 goes to the early shift before its first sign-in.
type Router struct {
	db *ent.Client
	mu sync.Mutex
	// units caches, per tenant and config version, the units that have
	// any roster entry: a unit without one costs ticket creation no query.
	units map[string]rosterUnits
	// turn is the round-robin position per tenant and unit, per process:
	// several processes each rotate, which still spreads the work evenly.
	turn map[string]uint64
}

type rosterUnits struct {
	version int64
	set     map[string]bool
}

// NewRouter returns a router over db.
func NewRouter(db *ent.Client) *Router {
	return &Router{db: db, units: map[string]rosterUnits{}, turn: map[string]uint64{}}
}

// TicketAssignee picks, round-robin, an agent on duty in the unit at `at`;
// "" when the unit has no roster or nobody is on duty (routing then stays
// as it was). version is the tenant's config version, which roster
// changes bump; the caller has read it already.
func (r *Router) TicketAssignee(ctx context.Context, unitID string, at time.Time, version int64) (string, error) {
	has, err := r.hasRoster(ctx, unitID, version)
	if err != nil || !has {
		return "", err
	}
	staff, err := onDuty(ctx, r.db, unitID, RoleAgent, at)
	if err != nil || len(staff) == 0 {
		return "", err
	}
	k := tenancy.TenantID(ctx) + "/" + unitID
	r.mu.Lock()
	n := r.turn[k]
	r.turn[k] = n + 1
	r.mu.Unlock()
	return staff[n%uint64(len(staff))], nil
}

// hasRoster answers from the cache, loading the tenant's rostered units
// (one query) when the config version moved.
func (r *Router) hasRoster(ctx context.Context, unitID string, version int64) (bool, error) {
	tid := tenancy.TenantID(ctx)
	r.mu.Lock()
	cur, ok := r.units[tid]
	r.mu.Unlock()
	if ok && cur.version == version {
		return cur.set[unitID], nil
	}
	ids, err := r.db.DutyRosterEntry.Query().Unique(true).Select(dutyrosterentry.FieldUnitID).Strings(ctx)
	if err != nil {
		return false, fmt.Errorf("rostered units: %w", err)
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	r.mu.Lock()
	// A slower load of an older version must not replace a newer one.
	if c, ok := r.units[tid]; !ok || c.version <= version {
		r.units[tid] = rosterUnits{version: version, set: set}
	}
	r.mu.Unlock()
	return set[unitID], nil
}

// OnDuty lists who is on duty at `at` in role, in one unit or (unitID "")
// any unit: the signed-in first if anyone signed in, else everyone
// rostered; sorted by user id. One indexed query through c.
func OnDuty(ctx context.Context, c *ent.Client, unitID, role string, at time.Time) ([]string, error) {
	return onDuty(ctx, c, unitID, role, at)
}

func onDuty(ctx context.Context, c *ent.Client, unitID, role string, at time.Time) ([]string, error) {
	q := c.DutyRosterEntry.Query().Where(dutyrosterentry.RoleEQ(dutyrosterentry.Role(role)),
		// Bounded below so the index range stays one day long.
		dutyrosterentry.StartAtGT(at.Add(-maxShift)), dutyrosterentry.StartAtLTE(at), dutyrosterentry.EndAtGT(at),
		dutyrosterentry.SignedOutAtIsNil(),
		func(s *entsql.Selector) {
			u := entsql.Table(user.Table)
			s.Where(entsql.In(s.C(dutyrosterentry.FieldUserID),
				entsql.Select(u.C(user.FieldID)).From(u).Where(entsql.EQ(u.C(user.FieldStatus), user.StatusActive))))
		})
	if unitID != "" {
		q = q.Where(dutyrosterentry.UnitID(unitID))
	}
	rows, err := q.Select(dutyrosterentry.FieldUserID, dutyrosterentry.FieldSignedInAt).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("on duty in %s: %w", unitID, err)
	}
	var in, rostered []string
	seen := map[string]bool{}
	for _, e := range rows {
		if seen[e.UserID] {
			continue
		}
		seen[e.UserID] = true
		rostered = append(rostered, e.UserID)
		if e.SignedInAt != nil {
			in = append(in, e.UserID)
		}
	}
	out := rostered
	if len(in) > 0 {
		out = in
	}
	sort.Strings(out)
	return out, nil
}

// CallbackStaff is who takes a callback scheduled at `at`: the callback
// staff on duty then, else those on duty now; nil without a roster.
func (s *Service) CallbackStaff(ctx context.Context, tx *ent.Client, at time.Time) ([]string, error) {
	staff, err := onDuty(ctx, tx, "", RoleCallback, at)
	if err != nil || len(staff) > 0 {
		return staff, err
	}
	return onDuty(ctx, tx, "", RoleCallback, s.now().UTC())
}
