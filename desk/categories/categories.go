// Package categories is the tenant-defined tree that classifies tickets
// (e.g. 报修 → 水电 → 漏水).
package categories

import (
	"context"
	"fmt"
	"strings"

	"kefu/ent"
	"kefu/ent/category"
	"kefu/ent/ticket"
	"kefu/fault"
)

// Create adds a category under parentID ("" for the top).
func Create(ctx context.Context, db *ent.Client, name, nameEn, parentID string, sort int) (*ent.Category, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fault.Field("body.name", "is required", name)
	}
	c := db.Category.Create().SetName(strings.TrimSpace(name)).SetNameEn(nameEn).SetSort(sort)
	if parentID != "" {
		if _, err := db.Category.Get(ctx, parentID); err != nil {
			return nil, fault.Field("body.parent_id", "no such category", parentID)
		}
		c.SetParentID(parentID)
	}
	out, err := c.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create category: %w", err)
	}
	return out, nil
}

// List returns every category, ordered for display.
func List(ctx context.Context, db *ent.Client) ([]*ent.Category, error) {
	return db.Category.Query().Order(category.BySort(), category.ByID()).All(ctx)
}

// Delete removes a category with no sub-categories and no tickets.
func Delete(ctx context.Context, db *ent.Client, id string) error {
	if _, err := db.Category.Get(ctx, id); err != nil {
		if ent.IsNotFound(err) {
			return fault.NotFoundf("category %s", id)
		}
		return err
	}
	if n, _ := db.Category.Query().Where(category.ParentID(id)).Count(ctx); n > 0 {
		return fault.Conflictf("the category has %d sub-categories", n)
	}
	if n, _ := db.Ticket.Query().Where(ticket.CategoryID(id)).Count(ctx); n > 0 {
		return fault.Conflictf("%d tickets use the category", n)
	}
	return db.Category.DeleteOneID(id).Exec(ctx)
}
