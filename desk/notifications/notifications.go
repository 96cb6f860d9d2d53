// Package notifications is each user's in-app inbox: escalations, SLA
// warnings and, later, anything else that needs a person's attention.
package notifications

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/notification"
	"kefu/fault"
)

// List returns the user's notifications, newest first.
func List(ctx context.Context, db *ent.Client, userID string, unreadOnly bool, after string, limit int) ([]*ent.Notification, error) {
	q := db.Notification.Query().Where(notification.UserID(userID))
	if unreadOnly {
		q = q.Where(notification.ReadAtIsNil())
	}
	if after != "" {
		q = q.Where(notification.IDLT(after))
	}
	return q.Order(notification.ByID(sql.OrderDesc())).Limit(limit).All(ctx)
}

// MarkRead marks one of the user's notifications read.
func MarkRead(ctx context.Context, db *ent.Client, userID, id string, now time.Time) (*ent.Notification, error) {
	n, err := db.Notification.Query().Where(notification.ID(id), notification.UserID(userID)).Only(ctx)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("notification %s", id)
		}
		return nil, fmt.Errorf("mark read %s: %w", id, err)
	}
	if n.ReadAt != nil {
		return n, nil
	}
	return db.Notification.UpdateOne(n).SetReadAt(now.UTC()).Save(ctx)
}
