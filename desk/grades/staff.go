package grades

import (
	"context"
	"fmt"

	"kefu/ent"
	"kefu/ent/staffgrade"
	"kefu/fault"
)

// Holdings returns who holds which level, by user id; people without a
// row hold the lowest level.
func (s *Service) Holdings(ctx context.Context) ([]*ent.StaffGrade, error) {
	return s.db.StaffGrade.Query().Order(staffgrade.ByUserID()).All(ctx)
}

// Place puts a person on a level by hand (their starting grade).
func (s *Service) Place(ctx context.Context, userID, levelID string) (*ent.StaffGrade, error) {
	if _, err := s.db.User.Get(ctx, userID); err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("user %s", userID)
		}
		return nil, fmt.Errorf("place %s: %w", userID, err)
	}
	if _, err := s.db.GradeLevel.Get(ctx, levelID); err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.Field("body.level_id", "no such level", levelID)
		}
		return nil, fmt.Errorf("place %s: %w", userID, err)
	}
	return s.set(ctx, s.db, userID, levelID)
}

// set upserts a person's level through c.
func (s *Service) set(ctx context.Context, c *ent.Client, userID, levelID string) (*ent.StaffGrade, error) {
	now := s.now().UTC()
	err := c.StaffGrade.Create().SetUserID(userID).SetLevelID(levelID).SetSince(now).
		OnConflictColumns(staffgrade.FieldTenantID, staffgrade.FieldUserID).
		Update(func(u *ent.StaffGradeUpsert) { u.SetLevelID(levelID).SetSince(now).SetUpdatedAt(now) }).Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("set grade of %s: %w", userID, err)
	}
	return c.StaffGrade.Query().Where(staffgrade.UserID(userID)).Only(ctx)
}
