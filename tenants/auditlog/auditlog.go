// Package auditlog reads a tenant's audit log. Entries are written by the
// ent hook in TenantMixin, in the same transaction as each change.
package auditlog

import (
	"context"
	"entgo.io/ent/dialect/sql"
	"fmt"

	"kefu/ent"
	"kefu/ent/auditentry"
	"kefu/paging"
)

// Filter narrows the log.
type Filter struct {
	ActorID    string
	TargetType string
	TargetID   string
	Action     string
}

// List returns entries newest first.
func List(ctx context.Context, db *ent.Client, f Filter, pg paging.Page) ([]*ent.AuditEntry, string, error) {
	q := db.AuditEntry.Query()
	if f.ActorID != "" {
		q = q.Where(auditentry.ActorID(f.ActorID))
	}
	if f.TargetType != "" {
		q = q.Where(auditentry.TargetType(f.TargetType))
	}
	if f.TargetID != "" {
		q = q.Where(auditentry.TargetID(f.TargetID))
	}
	if f.Action != "" {
		q = q.Where(auditentry.Action(f.Action))
	}
	if pg.After != "" {
		q = q.Where(auditentry.IDLT(pg.After))
	}
	rows, err := q.Order(auditentry.ByID(sql.OrderDesc())).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list audit log: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(e *ent.AuditEntry) string { return e.ID })
	return rows, next, nil
}
