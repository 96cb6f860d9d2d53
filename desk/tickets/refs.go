package tickets

import (
	"context"
	"database/sql"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/category"
	"kefu/ent/orgunit"
	"kefu/ent/store"
	"kefu/ent/tenant"
	"kefu/ent/user"
	"kefu/fault"
)

// tenantRefs is the caller's tenant row, read through its privacy filter,
// with the unit, assignee and category a request names looked up inside
// that tenant: one statement instead of one per id.
type tenantRefs struct {
	Timezone       string         `sql:"timezone"`
	Locale         string         `sql:"locale"`
	Plan           string         `sql:"plan"`
	ConfigVersion  int64          `sql:"config_version"`
	UnitID         sql.NullString `sql:"unit_id"`
	AssigneeStatus sql.NullString `sql:"assignee_status"`
	CategoryID     sql.NullString `sql:"category_id"`
}

// lookupRefs reads the caller's tenant and, for each non-empty id, the
// matching row of that tenant (correlated on the tenant row's id, so no
// row of another tenant can answer).
func lookupRefs(ctx context.Context, c *ent.Client, unitID, assigneeID, categoryID string) (*tenantRefs, error) {
	var rows []tenantRefs
	err := c.Tenant.Query().Modify(func(s *entsql.Selector) {
		s.Select(s.C(tenant.FieldTimezone), s.C(tenant.FieldLocale), s.C(tenant.FieldConfigVersion), s.C(tenant.FieldPlan))
		in := func(table, col, idCol, tenantCol, id, as string) {
			t := entsql.Table(table).As(as + "_t")
			s.AppendSelectExprAs(entsql.Select(t.C(col)).From(t).
				Where(entsql.And(entsql.EQ(t.C(idCol), id), entsql.ColumnsEQ(t.C(tenantCol), s.C(tenant.FieldID)))), as)
		}
		if unitID != "" {
			in(orgunit.Table, orgunit.FieldID, orgunit.FieldID, orgunit.FieldTenantID, unitID, "unit_id")
		}
		if assigneeID != "" {
			in(user.Table, user.FieldStatus, user.FieldID, user.FieldTenantID, assigneeID, "assignee_status")
		}
		if categoryID != "" {
			in(category.Table, category.FieldID, category.FieldID, category.FieldTenantID, categoryID, "category_id")
		}
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("look up tenant and references: %w", err)
	}
	if len(rows) != 1 {
		return nil, fmt.Errorf("look up tenant and references: %d tenant rows", len(rows))
	}
	return &rows[0], nil
}

// check verifies the ids looked up belong to the tenant (and the assignee
// is active), naming the offending field.
func (r *tenantRefs) check(unitID, assigneeID, categoryID string) error {
	switch {
	case unitID != "" && !r.UnitID.Valid:
		return fault.Field("body.unit_id", "no such unit", unitID)
	case assigneeID != "" && !r.AssigneeStatus.Valid:
		return fault.Field("body.assignee_id", "no such user", assigneeID)
	case assigneeID != "" && r.AssigneeStatus.String != string(user.StatusActive):
		return fault.Field("body.assignee_id", "is not an active user", assigneeID)
	case categoryID != "" && !r.CategoryID.Valid:
		return fault.Field("body.category", "no such category", categoryID)
	}
	return nil
}

// checkRefs verifies the unit, assignee and category belong to the tenant.
func checkRefs(ctx context.Context, c *ent.Client, unitID, assigneeID, categoryID string) error {
	r, err := lookupRefs(ctx, c, unitID, assigneeID, categoryID)
	if err != nil {
		return err
	}
	return r.check(unitID, assigneeID, categoryID)
}

// refCheck is what a create on remembered facts checks in its transaction:
// the facts it used, and the references of the request (empty: none).
type refCheck struct {
	used                           tenantFacts
	unitID, assigneeID, categoryID string
	got                            tenantRefs
}

// checkColumns extend the counter UPDATE's RETURNING (nextNumber) with what
// lookupRefs reads, each scoped to the tenant ($1); the ids are $5–$7.
const checkColumns = `, (SELECT timezone FROM tenants WHERE id = $1), (SELECT locale FROM tenants WHERE id = $1),
			(SELECT plan FROM tenants WHERE id = $1), (SELECT config_version FROM tenants WHERE id = $1),
			(SELECT id FROM org_units WHERE id = $5 AND tenant_id = $1),
			(SELECT status FROM users WHERE id = $6 AND tenant_id = $1),
			(SELECT id FROM categories WHERE id = $7 AND tenant_id = $1)`

// verify fails with errStaleFacts when the tenant's facts moved on, and
// with the offending field when a reference is not the tenant's.
func (c *refCheck) verify() error {
	if c.got.facts() != c.used {
		return errStaleFacts
	}
	return c.got.check(c.unitID, c.assigneeID, c.categoryID)
}

// laterNumber is a ticket number taken by a statement queued in a
// pipelined transaction (store.Later): the counter UPDATE checks the
// remembered facts and the references itself, leaves the number in
// kefu.ticket_number for the ticket's INSERT (migration 000016: a ticket
// inserted with an empty number takes it), and is read when the batch returns.
type laterNumber struct {
	taken      bool // the counter row matched: facts, references and allowance held
	number     string
	monthCount int
}

// laterNumberSQL is takeNumberSQL with refCheck.verify moved into its
// WHERE ($5–$8 the remembered facts, $9–$11 the request's ids, empty for none):
// when anything differs it matches no row, no number is set, and the
// ticket's INSERT fails the transaction.
const laterNumberSQL = takeNumberSQL + `
		AND EXISTS (SELECT 1 FROM tenants WHERE id = $1 AND timezone = $5 AND locale = $6 AND plan = $7 AND config_version = $8)
		AND ($9 = '' OR EXISTS (SELECT 1 FROM org_units WHERE id = $9 AND tenant_id = $1))
		AND ($10 = '' OR EXISTS (SELECT 1 FROM users WHERE id = $10 AND tenant_id = $1 AND status = 'active'))
		AND ($11 = '' OR EXISTS (SELECT 1 FROM categories WHERE id = $11 AND tenant_id = $1))
	RETURNING month_count, set_config('kefu.ticket_number',
		'T-' || year || '-' || lpad("last"::text, greatest(6, length("last"::text)), '0'), true)`

// queue puts the counter UPDATE in ctx's pipelined transaction.
func (n *laterNumber) queue(ctx context.Context, tenantID string, year, month, limit int, c *refCheck) error {
	f := c.used
	args := []any{tenantID, year, month, limit, f.Timezone, f.Locale, f.Plan, f.ConfigVersion, c.unitID, c.assigneeID, c.categoryID}
	return store.Later(ctx, laterNumberSQL, args, func(rows entsql.ColumnScanner) error {
		if n.taken = rows.Next(); !n.taken {
			return rows.Err()
		}
		return rows.Scan(&n.monthCount, &n.number)
	})
}
