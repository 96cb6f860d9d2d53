// Package authz is Kefu's authorization model: casbin RBAC with one domain
// per tenant. Built-in roles and their permissions are defined here, once,
// in a shared domain; tenants hold only role assignments and custom roles.
package authz

import (
	"slices"
	"strings"
)

// Permission is "resource:action", e.g. "tickets:write".
type Permission string

// Resource and Action split a permission for casbin's obj and act.
func (p Permission) Resource() string { r, _, _ := strings.Cut(string(p), ":"); return r }
func (p Permission) Action() string   { _, a, _ := strings.Cut(string(p), ":"); return a }

// The permission catalog. Routes declare one of these beside them.
const (
	TenantRead  Permission = "tenant:read"
	TenantWrite Permission = "tenant:write"
	UsersRead   Permission = "users:read"
	UsersWrite  Permission = "users:write"
	RolesRead   Permission = "roles:read"
	RolesWrite  Permission = "roles:write"
	AuditRead   Permission = "audit:read"

	APIKeysRead   Permission = "api_keys:read"
	APIKeysWrite  Permission = "api_keys:write"
	WebhooksRead  Permission = "webhooks:read"
	WebhooksWrite Permission = "webhooks:write"
	BillingRead   Permission = "billing:read"
	BillingWrite  Permission = "billing:write"

	OrgRead        Permission = "org:read"
	OrgWrite       Permission = "org:write"
	CalendarsRead  Permission = "calendars:read"
	CalendarsWrite Permission = "calendars:write"
	SLARead        Permission = "sla:read"
	SLAWrite       Permission = "sla:write"

	CustomersRead        Permission = "customers:read"
	CustomersWrite       Permission = "customers:write"
	CustomersKeyAccounts Permission = "customers:key_accounts"

	TicketsRead   Permission = "tickets:read"
	TicketsWrite  Permission = "tickets:write"
	TicketsAssign Permission = "tickets:assign"

	CallbacksRead  Permission = "callbacks:read"
	CallbacksWrite Permission = "callbacks:write"
	CallbacksWaive Permission = "callbacks:waive"

	ReportsRead Permission = "reports:read"

	DutyRead    Permission = "duty:read"
	DutyWrite   Permission = "duty:write"
	DutyApprove Permission = "duty:approve"

	QualityRead  Permission = "quality:read"
	QualityWrite Permission = "quality:write"

	PerformanceRead    Permission = "performance:read"
	PerformanceWrite   Permission = "performance:write"
	PerformanceApprove Permission = "performance:approve"
)

// Catalog lists every permission, for /v1/me and role validation.
var Catalog = []Permission{
	TenantRead, TenantWrite, UsersRead, UsersWrite, RolesRead, RolesWrite, AuditRead,
	APIKeysRead, APIKeysWrite, WebhooksRead, WebhooksWrite, BillingRead, BillingWrite,
	OrgRead, OrgWrite, CalendarsRead, CalendarsWrite, SLARead, SLAWrite,
	CustomersRead, CustomersWrite, CustomersKeyAccounts,
	TicketsRead, TicketsWrite, TicketsAssign,
	CallbacksRead, CallbacksWrite, CallbacksWaive,
	ReportsRead,
	DutyRead, DutyWrite, DutyApprove,
	QualityRead, QualityWrite,
	PerformanceRead, PerformanceWrite, PerformanceApprove,
}

// Known reports whether p is in the catalog.
func Known(p Permission) bool { return slices.Contains(Catalog, p) }

// Built-in role names. The hierarchy is director > manager > supervisor >
// agent > viewer; side roles sit on viewer and add what their job needs.
const (
	Director          = "director"
	Manager           = "manager"
	Supervisor        = "supervisor"
	Agent             = "agent"
	Viewer            = "viewer"
	Admin             = "admin"
	QualityInspector  = "quality_inspector"
	KeyAccountManager = "key_account_manager"
	CallbackAgent     = "callback_agent"
	Analyst           = "analyst"
)

// BuiltIn describes a built-in role: its parent and what it adds.
type BuiltIn struct {
	Name   string
	Parent string
	// Scope is the rows the role sees in scoped lists (tickets, staff).
	Scope   Scope
	LabelZh string
	LabelEn string
	Adds    []Permission
}

// BuiltIns is the shared policy every tenant inherits.
var BuiltIns = []BuiltIn{
	{Name: Viewer, Scope: ScopeOwn, LabelZh: "只读", LabelEn: "Viewer", Adds: []Permission{
		TenantRead, UsersRead, RolesRead, OrgRead, CalendarsRead, SLARead,
		CustomersRead, TicketsRead, CallbacksRead, DutyRead,
	}},
	{Name: Agent, Parent: Viewer, Scope: ScopeOwn, LabelZh: "客服代表", LabelEn: "Agent", Adds: []Permission{
		CustomersWrite, TicketsWrite, CallbacksWrite, DutyWrite, QualityRead, PerformanceRead,
	}},
	{Name: Supervisor, Parent: Agent, Scope: ScopeGroup, LabelZh: "主管/班长", LabelEn: "Supervisor", Adds: []Permission{
		TicketsAssign, CallbacksWaive, DutyApprove, ReportsRead, PerformanceWrite,
	}},
	{Name: Manager, Parent: Supervisor, Scope: ScopeDepartment, LabelZh: "经理", LabelEn: "Manager", Adds: []Permission{
		CalendarsWrite, SLAWrite, OrgWrite, QualityWrite, PerformanceApprove, AuditRead,
	}},
	{Name: Director, Parent: Manager, Scope: ScopeAll, LabelZh: "中心主任", LabelEn: "Director", Adds: []Permission{
		TenantWrite, UsersWrite, RolesWrite, APIKeysRead, APIKeysWrite, WebhooksRead, WebhooksWrite,
		BillingRead, BillingWrite, CustomersKeyAccounts,
	}},
	{Name: Admin, Parent: Viewer, Scope: ScopeAll, LabelZh: "系统管理员", LabelEn: "Administrator", Adds: []Permission{
		TenantWrite, UsersWrite, RolesWrite, AuditRead, APIKeysRead, APIKeysWrite, WebhooksRead, WebhooksWrite,
		BillingRead, BillingWrite, OrgWrite, CalendarsWrite, SLAWrite,
	}},
	{Name: QualityInspector, Parent: Viewer, Scope: ScopeAll, LabelZh: "质检员", LabelEn: "Quality inspector", Adds: []Permission{
		QualityRead, QualityWrite, ReportsRead, PerformanceRead,
	}},
	{Name: KeyAccountManager, Parent: Viewer, Scope: ScopeOwn, LabelZh: "大客户经理", LabelEn: "Key-account manager", Adds: []Permission{
		CustomersWrite, CustomersKeyAccounts, TicketsWrite, CallbacksWrite,
	}},
	{Name: CallbackAgent, Parent: Viewer, Scope: ScopeOwn, LabelZh: "回访专员", LabelEn: "Callback agent", Adds: []Permission{
		CallbacksWrite, CustomersWrite, DutyWrite, // on duty too: sign in, duty log, handover
	}},
	{Name: Analyst, Parent: Viewer, Scope: ScopeAll, LabelZh: "数据分析员", LabelEn: "Analyst", Adds: []Permission{
		ReportsRead, PerformanceRead, QualityRead,
	}},
}

// LookupBuiltIn returns the built-in role named name.
func LookupBuiltIn(name string) (BuiltIn, bool) {
	for _, b := range BuiltIns {
		if b.Name == name {
			return b, true
		}
	}
	return BuiltIn{}, false
}
