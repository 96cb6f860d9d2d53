package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/notifications"
	"kefu/ent"
	"kefu/paging"
)

// NotificationView is an in-app notification.
type NotificationView struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind" example:"escalation"`
	Title     string     `json:"title"`
	Body      string     `json:"body,omitempty"`
	TicketID  string     `json:"ticket_id,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

func notificationView(n *ent.Notification) NotificationView {
	return NotificationView{ID: n.ID, Kind: n.Kind, Title: n.Title, Body: n.Body, TicketID: n.TicketID, CreatedAt: n.CreatedAt, ReadAt: n.ReadAt}
}

func (s *server) notificationRoutes(api huma.API) {
	tags := []string{"Notifications"}
	handle(api, signedIn(), huma.Operation{
		OperationID: "list-notifications", Method: http.MethodGet, Path: "/v1/notifications", Tags: tags,
		Summary: "Your notifications", Description: "Newest first: escalations to you, SLA warnings on your tickets.",
	}, func(ctx context.Context, in *struct {
		ListParams
		Unread bool `query:"unread" doc:"Only unread ones"`
	}) (*listOut[NotificationView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, err := notifications.List(ctx, s.d.DB, principalFrom(ctx).ActorID(), in.Unread, pg.After, pg.Limit+1)
		if err != nil {
			return nil, err
		}
		rows, next := paging.Trim(rows, pg.Limit, func(n *ent.Notification) string { return n.ID })
		return listOf(len(rows), func(i int) NotificationView { return notificationView(rows[i]) }, next), nil
	})
	handle(api, signedIn(), huma.Operation{
		OperationID: "read-notification", Method: http.MethodPost, Path: "/v1/notifications/{id}/read", Tags: tags,
		Summary: "Mark a notification read", Description: "Marks one of your notifications read; another person's answers 404.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body NotificationView }, error) {
		n, err := notifications.MarkRead(ctx, s.d.DB, principalFrom(ctx).ActorID(), in.ID, time.Now())
		if err != nil {
			return nil, err
		}
		return &struct{ Body NotificationView }{Body: notificationView(n)}, nil
	})
}
