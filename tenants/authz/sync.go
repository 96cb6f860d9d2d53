package authz

import (
	"context"
	"fmt"

	"kefu/ent"
	"kefu/ent/assignment"
)

// Sync sets a user's grants to their direct roles plus the roles of the
// positions they hold now, through c (the caller's transaction), so the
// org chart and casbin never disagree after a commit. Call Changed after.
func Sync(ctx context.Context, c *ent.Client, tenantID, userID string) error {
	u, err := c.User.Get(ctx, userID)
	if err != nil {
		return fmt.Errorf("sync roles of %s: %w", userID, err)
	}
	roles := append([]string(nil), u.Roles...)
	held, err := c.Assignment.Query().
		Where(assignment.UserID(userID), assignment.EndedAtIsNil()).
		WithPosition().All(ctx)
	if err != nil {
		return fmt.Errorf("sync roles of %s: %w", userID, err)
	}
	for _, a := range held {
		if a.Edges.Position != nil && a.Edges.Position.Role != "" {
			roles = append(roles, a.Edges.Position.Role)
		}
	}
	return SetUserRoles(ctx, c, tenantID, userID, roles)
}
