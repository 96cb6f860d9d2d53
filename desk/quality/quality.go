// Package quality is quality inspection (质检): tenants' scorecards, the
// weekly sampling of tickets per agent, inspectors' marks, and the agent's
// one appeal, decided by a supervisor on their reporting line.
package quality

import (
	"time"

	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/tenants/authz"
)

// Service runs quality inspection.
type Service struct {
	db      *ent.Client
	dialect string
	az      *authz.Authorizer
	org     *orgchart.Service
	now     func() time.Time
}

// New returns the quality service; dialect is the database's (ent's names).
func New(db *ent.Client, dialect string, az *authz.Authorizer, org *orgchart.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, dialect: dialect, az: az, org: org, now: now}
}
