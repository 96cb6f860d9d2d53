package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/handover"
	"kefu/ent"
	"kefu/ent/types"
	"kefu/paging"
	"kefu/tenants/authz"
)

// HandoverView is a shift handover (交接班) with its generated item list
// and both signatures.
type HandoverView struct {
	ID          string `json:"id" example:"hdo_01jd0000000000000000000000"`
	UnitID      string `json:"unit_id"`
	FromEntryID string `json:"from_entry_id"`
	FromUserID  string `json:"from_user_id"`
	ToEntryID   string `json:"to_entry_id,omitempty" doc:"The incoming person's roster entry, when they are rostered next"`
	ToUserID    string `json:"to_user_id"`
	Status      string `json:"status" enum:"prepared,outgoing_signed,done" doc:"prepared: waits for the outgoing signature; outgoing_signed: for the incoming one; done: both signed"`
	// Items is what was generated from live data when it was prepared.
	Items          types.HandoverItems `json:"items"`
	Notes          string              `json:"notes,omitempty" doc:"Free text from the outgoing person"`
	PreparedAt     time.Time           `json:"prepared_at"`
	FromSignedAt   *time.Time          `json:"from_signed_at,omitempty" doc:"Outgoing signature"`
	ToSignedAt     *time.Time          `json:"to_signed_at,omitempty" doc:"Incoming signature"`
	OverriddenBy   string              `json:"overridden_by,omitempty"`
	OverrideReason string              `json:"override_reason,omitempty"`
	OverriddenAt   *time.Time          `json:"overridden_at,omitempty"`
	CreatedAt      time.Time           `json:"created_at"`
}

func handoverView(h *ent.Handover) HandoverView {
	v := HandoverView{ID: h.ID, UnitID: h.UnitID, FromEntryID: h.FromEntryID, FromUserID: h.FromUserID, ToEntryID: str(h.ToEntryID),
		ToUserID: h.ToUserID, Status: "prepared", Items: h.Items, Notes: h.Notes, PreparedAt: h.PreparedAt.UTC(),
		FromSignedAt: utc(h.FromSignedAt), ToSignedAt: utc(h.ToSignedAt), OverriddenBy: str(h.OverriddenBy),
		OverrideReason: h.OverrideReason, OverriddenAt: utc(h.OverriddenAt), CreatedAt: h.CreatedAt.UTC()}
	switch {
	case h.ToSignedAt != nil:
		v.Status = "done"
	case h.FromSignedAt != nil:
		v.Status = "outgoing_signed"
	}
	return v
}

// handoverFilter lists the handovers a person gives or takes that are not done.
func handoverFilter(userID string) handover.Filter {
	return handover.Filter{UserID: userID, Pending: true}
}

type handoverFields struct {
	ToUserID     *string                `json:"to_user_id,omitempty" maxLength:"40" doc:"The incoming person; default: the one rostered next"`
	Notes        *string                `json:"notes,omitempty" maxLength:"8000"`
	Instructions *[]string              `json:"instructions,omitempty" maxItems:"50" doc:"Leaders' instructions to pass on, besides those recorded in the duty log"`
	Checklist    *[]types.ChecklistItem `json:"checklist,omitempty" maxItems:"100" doc:"Keys and equipment: the shift's checklist items with ok/note, and any extra"`
}

type listHandoversInput struct {
	ListParams
	UnitID  string `query:"unit_id" maxLength:"40"`
	UserID  string `query:"user_id" maxLength:"40" doc:"As the outgoing or incoming person; \"me\" for yourself"`
	Pending bool   `query:"pending" doc:"Only handovers the incoming person has not signed"`
}

func (s *server) handoverRoutes(api huma.API) {
	tags := []string{"Duty"}
	me := func(ctx context.Context) string { return principalFrom(ctx).ActorID() }
	one := func(h *ent.Handover, err error) (*struct{ Body HandoverView }, error) {
		if err != nil {
			return nil, err
		}
		return &struct{ Body HandoverView }{Body: handoverView(h)}, nil
	}

	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "prepare-handover", Method: http.MethodPost, Path: "/v1/handovers", Tags: tags,
		Summary: "Prepare the handover of your shift (交接班)",
		Description: "Generated from live data: the unit's open tickets, callbacks due before the next shift ends, the unit's unfinished duty-log items, " +
			"the leaders' instructions of your log plus those you add, and the shift's keys/equipment checklist; plus your notes. " +
			"You must be signed in to the shift (409 otherwise); a shift has one handover (409: change it instead).",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		Body struct {
			FromEntryID  string                `json:"from_entry_id,omitempty" maxLength:"40" doc:"Your roster entry; default: the shift you are signed in to"`
			ToUserID     string                `json:"to_user_id,omitempty" maxLength:"40" doc:"The incoming person; default: the one rostered next"`
			Notes        string                `json:"notes,omitempty" maxLength:"8000"`
			Instructions []string              `json:"instructions,omitempty" maxItems:"50" doc:"Leaders' instructions to pass on, besides those recorded in the duty log"`
			Checklist    []types.ChecklistItem `json:"checklist,omitempty" maxItems:"100" doc:"Keys and equipment: the shift's checklist items with ok/note, and any extra"`
		}
	}) (*struct{ Body HandoverView }, error) {
		b := in.Body
		return one(s.d.Handovers.Prepare(ctx, me(ctx), handover.Draft{FromEntryID: b.FromEntryID, ToUserID: b.ToUserID,
			Notes: b.Notes, Instructions: b.Instructions, Checklist: b.Checklist}))
	})
	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "list-handovers", Method: http.MethodGet, Path: "/v1/handovers", Tags: tags,
		Summary: "List handovers", Description: "Newest first.",
	}, func(ctx context.Context, in *listHandoversInput) (*listOut[HandoverView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		f := handover.Filter{UnitID: in.UnitID, UserID: in.UserID, Pending: in.Pending}
		if f.UserID == "me" {
			f.UserID = me(ctx)
		}
		rows, err := s.d.Handovers.List(ctx, f, pg.After, pg.Limit+1)
		if err != nil {
			return nil, err
		}
		rows, next := paging.Trim(rows, pg.Limit, func(h *ent.Handover) string { return h.ID })
		return listOf(len(rows), func(i int) HandoverView { return handoverView(rows[i]) }, next), nil
	})
	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "get-handover", Method: http.MethodGet, Path: "/v1/handovers/{id}", Tags: tags,
		Summary: "Get a handover", Description: "With the item list as it was generated and both signatures.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body HandoverView }, error) {
		return one(s.d.Handovers.Get(ctx, in.ID))
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "update-handover", Method: http.MethodPatch, Path: "/v1/handovers/{id}", Tags: tags,
		Summary: "Change your handover", Description: "Before you sign it; the item list is generated again from live data.",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body handoverFields
	}) (*struct{ Body HandoverView }, error) {
		b := in.Body
		return one(s.d.Handovers.Update(ctx, me(ctx), in.ID, handover.Change{ToUserID: b.ToUserID, Notes: b.Notes,
			Instructions: b.Instructions, Checklist: b.Checklist}))
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "sign-handover", Method: http.MethodPost, Path: "/v1/handovers/{id}/sign", Tags: tags,
		Summary: "Sign a handover",
		Description: "The outgoing person signs first, then the incoming one; each signature keeps its time. The incoming signature ends the outgoing duty and signs the incoming person in. " +
			"Refused with 409 and the reason while a major incident of the unit is open (重大事件未处理完不得交接班) or when the incoming person is not the one rostered next, unless a supervisor overrode.",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{ Body HandoverView }, error) {
		return one(s.d.Handovers.Sign(ctx, me(ctx), in.ID))
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "override-handover", Method: http.MethodPost, Path: "/v1/handovers/{id}/override", Tags: tags,
		Summary:     "Let a refused handover go ahead (supervisor)",
		Description: "A supervisor of the outgoing person records why, and may name another incoming person; the signatures then skip the checks.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Reason   string `json:"reason" minLength:"1" maxLength:"500"`
			ToUserID string `json:"to_user_id,omitempty" maxLength:"40"`
		}
	}) (*struct{ Body HandoverView }, error) {
		return one(s.d.Handovers.Override(ctx, me(ctx), in.ID, in.Body.Reason, in.Body.ToUserID))
	})
}
