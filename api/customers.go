package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/customers"
	"kefu/ent"
	"kefu/ent/types"
	"kefu/paging"
	"kefu/tenants/authz"
)

// CustomerView is an entry of the customer archive.
type CustomerView struct {
	ID               string             `json:"id" example:"cus_01jd0000000000000000000000"`
	Name             string             `json:"name" example:"李先生"`
	Phone            string             `json:"phone,omitempty" example:"13800000000"`
	Email            string             `json:"email,omitempty"`
	Tier             string             `json:"tier" enum:"regular,member,vip,key_account"`
	Contacts         []types.Contact    `json:"contacts"`
	QuietHours       []types.QuietHours `json:"quiet_hours" doc:"Rest times not to be disturbed, local HH:MM"`
	Timezone         string             `json:"timezone" example:"Asia/Shanghai"`
	AccountManagerID string             `json:"account_manager_id,omitempty"`
	Attributes       map[string]any     `json:"attributes" doc:"Industry fields, e.g. {\"room\": \"3-2-801\", \"payment_status\": \"paid\"}"`
	Notes            string             `json:"notes,omitempty"`
	CreatedAt        time.Time          `json:"created_at"`
	UpdatedAt        time.Time          `json:"updated_at"`
}

func customerView(c *ent.Customer) CustomerView {
	v := CustomerView{ID: c.ID, Name: c.Name, Phone: c.Phone, Email: c.Email, Tier: string(c.Tier),
		Contacts: c.Contacts, QuietHours: c.QuietHours, Timezone: c.Timezone, Attributes: c.Attributes,
		Notes: c.Notes, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if c.AccountManagerID != nil {
		v.AccountManagerID = *c.AccountManagerID
	}
	if v.Contacts == nil {
		v.Contacts = []types.Contact{}
	}
	if v.QuietHours == nil {
		v.QuietHours = []types.QuietHours{}
	}
	if v.Attributes == nil {
		v.Attributes = map[string]any{}
	}
	return v
}

type customerFields struct {
	Name             *string             `json:"name,omitempty" minLength:"1" maxLength:"200" example:"李先生"`
	Phone            *string             `json:"phone,omitempty" maxLength:"32" pattern:"^[0-9+() -]*$"`
	Email            *string             `json:"email,omitempty" maxLength:"254"`
	Tier             *string             `json:"tier,omitempty" enum:"regular,member,vip,key_account"`
	Contacts         *[]types.Contact    `json:"contacts,omitempty" maxItems:"20"`
	QuietHours       *[]types.QuietHours `json:"quiet_hours,omitempty" maxItems:"10"`
	Timezone         *string             `json:"timezone,omitempty" maxLength:"64"`
	AccountManagerID *string             `json:"account_manager_id,omitempty" maxLength:"40" doc:"\"\" clears it"`
	Attributes       map[string]any      `json:"attributes,omitempty"`
	Notes            *string             `json:"notes,omitempty" maxLength:"4000"`
}

func (f customerFields) spec() customers.Spec {
	return customers.Spec{Name: f.Name, Phone: f.Phone, Email: f.Email, Tier: f.Tier, Contacts: f.Contacts,
		QuietHours: f.QuietHours, Timezone: f.Timezone, AccountManagerID: f.AccountManagerID,
		Attributes: f.Attributes, Notes: f.Notes}
}

type createCustomerInput struct {
	Body struct {
		Name             string              `json:"name" minLength:"1" maxLength:"200" example:"李先生"`
		Phone            *string             `json:"phone,omitempty" maxLength:"32" pattern:"^[0-9+() -]*$"`
		Email            *string             `json:"email,omitempty" maxLength:"254"`
		Tier             *string             `json:"tier,omitempty" enum:"regular,member,vip,key_account"`
		Contacts         *[]types.Contact    `json:"contacts,omitempty" maxItems:"20"`
		QuietHours       *[]types.QuietHours `json:"quiet_hours,omitempty" maxItems:"10"`
		Timezone         *string             `json:"timezone,omitempty" maxLength:"64"`
		AccountManagerID *string             `json:"account_manager_id,omitempty" maxLength:"40"`
		Attributes       map[string]any      `json:"attributes,omitempty"`
		Notes            *string             `json:"notes,omitempty" maxLength:"4000"`
	}
}

type listCustomersInput struct {
	ListParams
	Tier  string `query:"tier" enum:"regular,member,vip,key_account,"`
	Q     string `query:"q" maxLength:"100" doc:"Matches name, phone or email"`
	Phone string `query:"phone" maxLength:"32"`
}

type updateCustomerInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body customerFields
}

func (s *server) customerRoutes(api huma.API) {
	tags := []string{"Customers"}
	handle(api, can(authz.CustomersWrite), huma.Operation{
		OperationID: "create-customer", Method: http.MethodPost, Path: "/v1/customers", Tags: tags,
		Summary: "Create a customer", Description: "Adds an entry to the customer archive (客户档案). Quiet hours are the customer's rest times in their time zone; callbacks are never scheduled inside them.", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createCustomerInput) (*struct{ Body CustomerView }, error) {
		b := in.Body
		c, err := s.d.Customers.Create(ctx, customers.Spec{Name: &b.Name, Phone: b.Phone, Email: b.Email, Tier: b.Tier,
			Contacts: b.Contacts, QuietHours: b.QuietHours, Timezone: b.Timezone, AccountManagerID: b.AccountManagerID,
			Attributes: b.Attributes, Notes: b.Notes})
		if err != nil {
			return nil, err
		}
		return &struct{ Body CustomerView }{Body: customerView(c)}, nil
	})

	handle(api, can(authz.CustomersRead), huma.Operation{
		OperationID: "list-customers", Method: http.MethodGet, Path: "/v1/customers", Tags: tags,
		Summary:     "List customers",
		Description: "Key accounts appear only to their account manager, those above that manager, and roles with customers:key_accounts.",
	}, func(ctx context.Context, in *listCustomersInput) (*listOut[CustomerView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.Customers.List(ctx, principalFrom(ctx).ActorID(), customers.Filter{Tier: in.Tier, Query: in.Q, Phone: in.Phone}, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) CustomerView { return customerView(rows[i]) }, next), nil
	})

	handle(api, can(authz.CustomersRead), huma.Operation{
		OperationID: "get-customer", Method: http.MethodGet, Path: "/v1/customers/{id}", Tags: tags,
		Summary: "Get a customer", Description: "Reading a key account is recorded in the audit log.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body CustomerView }, error) {
		c, err := s.d.Customers.Get(ctx, principalFrom(ctx).ActorID(), in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body CustomerView }{Body: customerView(c)}, nil
	})

	handle(api, can(authz.CustomersWrite), huma.Operation{
		OperationID: "update-customer", Method: http.MethodPatch, Path: "/v1/customers/{id}", Tags: tags,
		Summary: "Update a customer", Description: "Only the fields sent change; account_manager_id \"\" clears it. Key accounts outside your reach answer 404.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *updateCustomerInput) (*struct{ Body CustomerView }, error) {
		c, err := s.d.Customers.Update(ctx, principalFrom(ctx).ActorID(), in.ID, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body CustomerView }{Body: customerView(c)}, nil
	})
}
