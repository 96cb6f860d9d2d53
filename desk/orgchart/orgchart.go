// Package orgchart is the org chart (机构设置): units, positions with
// headcount quotas (编制), reporting lines (直接上级), assignments of people
// to positions (primary, concurrent 兼任, acting), and what follows from
// it — who supervises whom, who heads a unit, and which rows a role sees.
package orgchart

import (
	"context"
	"fmt"
	"time"

	"kefu/ent"
	"kefu/fault"
	"kefu/tenants/authz"
)

// Service manages a tenant's org chart.
type Service struct {
	db  *ent.Client
	az  *authz.Authorizer
	now func() time.Time
}

// New returns the org chart service.
func New(db *ent.Client, az *authz.Authorizer, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, now: now}
}

// Unit kinds from widest to narrowest.
var Kinds = []string{"company", "center", "department", "group", "team"}

func kindRank(k string) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return -1
}

func notFound(what, id string, err error) error {
	if ent.IsNotFound(err) {
		return fault.NotFoundf("%s %s", what, id)
	}
	return fmt.Errorf("%s %s: %w", what, id, err)
}

// changed reloads authorization after a commit that touched role grants.
func (s *Service) changed(ctx context.Context, touched bool) error {
	if !touched {
		return nil
	}
	return s.az.Changed(ctx)
}
