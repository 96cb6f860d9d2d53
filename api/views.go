package api

import (
	"time"

	"kefu/ent"
	"kefu/tenants/accounts"
	"kefu/tenants/authz"
	"kefu/tenants/roles"
)

// TenantView is a tenant as the API shows it.
type TenantView struct {
	ID               string    `json:"id" example:"ten_01jd0000000000000000000000"`
	Slug             string    `json:"slug" example:"demo-property" doc:"Organization address used at login"`
	Name             string    `json:"name" example:"示范物业客户服务中心"`
	Industry         string    `json:"industry" enum:"property,insurance,hospital,bank,ecommerce,generic"`
	Plan             string    `json:"plan" example:"local"`
	Status           string    `json:"status" enum:"trialing,active,past_due,suspended,canceled"`
	SuspendedBy      string    `json:"suspended_by,omitempty" enum:"operator,billing"`
	SuspensionReason string    `json:"suspension_reason,omitempty"`
	Timezone         string    `json:"timezone" example:"Asia/Shanghai"`
	Locale           string    `json:"locale" enum:"zh-CN,en"`
	CreatedAt        time.Time `json:"created_at"`
}

func tenantView(t *ent.Tenant) TenantView {
	v := TenantView{
		ID: t.ID, Slug: t.Slug, Name: t.Name, Industry: string(t.Industry), Plan: t.Plan,
		Status: string(t.Status), SuspensionReason: t.SuspensionReason, Timezone: t.Timezone,
		Locale: string(t.Locale), CreatedAt: t.CreatedAt,
	}
	if t.SuspendedBy != nil {
		v.SuspendedBy = string(*t.SuspendedBy)
	}
	return v
}

// UserView is a staff member.
type UserView struct {
	ID          string     `json:"id" example:"usr_01jd0000000000000000000000"`
	Email       string     `json:"email" example:"wang.li@example.com"`
	Name        string     `json:"name" example:"王丽"`
	Phone       string     `json:"phone,omitempty" example:"13800000000"`
	Status      string     `json:"status" enum:"active,invited,deactivated"`
	Locale      string     `json:"locale,omitempty" enum:"zh-CN,en"`
	Roles       []string   `json:"roles" example:"[\"agent\"]" doc:"Roles granted directly"`
	AllRoles    []string   `json:"all_roles" example:"[\"agent\",\"callback_agent\"]" doc:"Direct roles plus those the user's positions give"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	InviteURL   string     `json:"invite_url,omitempty" doc:"Only in the answer that invited the user: the link that was mailed, for the admin to pass on when mail is slow"`
}

func userView(s *accounts.Staff) UserView {
	v := UserView{
		ID: s.ID, Email: s.Email, Name: s.Name, Phone: s.Phone, Status: string(s.Status),
		Roles: s.Roles, AllRoles: s.AllRoles, LastLoginAt: s.LastLoginAt, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
		InviteURL: s.InviteURL,
	}
	if v.Roles == nil {
		v.Roles = []string{}
	}
	if v.AllRoles == nil {
		v.AllRoles = []string{}
	}
	if s.Locale != nil {
		v.Locale = string(*s.Locale)
	}
	return v
}

// RoleView is a built-in or custom role.
type RoleView struct {
	Name        string   `json:"name" example:"agent"`
	Label       string   `json:"label" example:"客服代表"`
	LabelEn     string   `json:"label_en,omitempty" example:"Agent"`
	Description string   `json:"description,omitempty"`
	Parent      string   `json:"parent,omitempty" example:"viewer" doc:"The role this one inherits"`
	BuiltIn     bool     `json:"built_in"`
	Adds        []string `json:"adds" doc:"Permissions this role adds to its parent"`
	Permissions []string `json:"permissions" doc:"Every permission the role grants, inherited ones included"`
	Holders     int      `json:"holders" doc:"Users holding the role, directly or through a position"`
	Scope       string   `json:"scope,omitempty" enum:"own,group,department,all" doc:"Rows the role sees; absent on a custom role that inherits its parent's"`
}

func roleView(r roles.Role) RoleView {
	return RoleView{
		Name: r.Name, Label: r.Label, LabelEn: r.LabelEn, Description: r.Description, Parent: r.Parent,
		BuiltIn: r.BuiltIn, Adds: permStrings(r.Adds), Permissions: permStrings(r.Permissions), Holders: r.Holders,
		Scope: string(r.Scope),
	}
}

func permStrings(ps []authz.Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

// AuditEntryView is one audit log entry.
type AuditEntryView struct {
	ID         string         `json:"id"`
	At         time.Time      `json:"at"`
	ActorType  string         `json:"actor_type" enum:"user,api_key,operator,system"`
	ActorID    string         `json:"actor_id,omitempty"`
	Action     string         `json:"action" example:"update"`
	TargetType string         `json:"target_type" example:"User"`
	TargetID   string         `json:"target_id,omitempty"`
	Changes    map[string]any `json:"changes,omitempty" doc:"Fields written; secrets appear as [redacted]"`
	IP         string         `json:"ip,omitempty"`
	RequestID  string         `json:"request_id,omitempty"`
}

func auditView(e *ent.AuditEntry) AuditEntryView {
	return AuditEntryView{
		ID: e.ID, At: e.At, ActorType: e.ActorType, ActorID: e.ActorID, Action: e.Action,
		TargetType: e.TargetType, TargetID: e.TargetID, Changes: e.Changes, IP: e.IP, RequestID: e.RequestID,
	}
}

// ListParams are the cursor list parameters every list takes.
type ListParams struct {
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Page size"`
	Cursor string `query:"cursor" doc:"Opaque cursor from the previous page's next_cursor"`
}

// List is a page of items.
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty" doc:"Absent on the last page"`
}

// listOut is a list operation's output.
type listOut[V any] struct{ Body List[V] }

// listOf builds a list response of n items, view(i) each, with the cursor
// of the next page ("" on the last).
func listOf[V any](n int, view func(i int) V, next string) *listOut[V] {
	out := &listOut[V]{}
	out.Body.Items = make([]V, n)
	for i := range n {
		out.Body.Items[i] = view(i)
	}
	out.Body.NextCursor = next
	return out
}
