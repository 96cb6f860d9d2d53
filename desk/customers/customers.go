// Package customers is the customer archive (客户档案): tiers, contacts,
// quiet hours, time zone, account manager and industry attributes. Key
// accounts (大客户) are restricted: only their account manager, the
// supervisors above that manager and roles granted customers:key_accounts
// see them, and every read of one is audited.
package customers

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"kefu/desk/orgchart"
	"kefu/ent"
	"kefu/ent/customer"
	"kefu/ent/types"
	"kefu/fault"
	"kefu/paging"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
)

// Service manages customers.
type Service struct {
	db  *ent.Client
	az  *authz.Authorizer
	org *orgchart.Service
	now func() time.Time
}

// New returns the customer service.
func New(db *ent.Client, az *authz.Authorizer, org *orgchart.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, az: az, org: org, now: now}
}

// Spec is a customer to create, or the fields to change (nil: unchanged).
type Spec struct {
	Name             *string
	Phone            *string
	Email            *string
	Tier             *string
	Contacts         *[]types.Contact
	QuietHours       *[]types.QuietHours
	Timezone         *string
	AccountManagerID *string // "" clears
	Attributes       map[string]any
	Notes            *string
}

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

func validate(in Spec) error {
	var inv fault.Invalid
	if in.Name != nil && strings.TrimSpace(*in.Name) == "" {
		inv.Fields = append(inv.Fields, fault.FieldError{Location: "body.name", Message: "must not be empty"})
	}
	if in.Timezone != nil {
		if _, err := time.LoadLocation(*in.Timezone); err != nil || *in.Timezone == "" {
			inv.Fields = append(inv.Fields, fault.FieldError{Location: "body.timezone", Message: "is not a known IANA time zone", Value: *in.Timezone})
		}
	}
	if in.QuietHours != nil {
		for i, q := range *in.QuietHours {
			for field, v := range map[string]string{"start": q.Start, "end": q.End} {
				if !hhmm.MatchString(v) {
					inv.Fields = append(inv.Fields, fault.FieldError{Location: fmt.Sprintf("body.quiet_hours[%d].%s", i, field), Message: "must be HH:MM", Value: v})
				}
			}
			if q.Start == q.End {
				inv.Fields = append(inv.Fields, fault.FieldError{Location: fmt.Sprintf("body.quiet_hours[%d]", i), Message: "start and end are equal", Value: q.Start})
			}
		}
	}
	if len(inv.Fields) > 0 {
		return &inv
	}
	return nil
}

// Create adds a customer.
func (s *Service) Create(ctx context.Context, in Spec) (*ent.Customer, error) {
	if in.Name == nil {
		return nil, fault.Field("body.name", "is required", nil)
	}
	if err := validate(in); err != nil {
		return nil, err
	}
	if err := s.checkManager(ctx, in.AccountManagerID); err != nil {
		return nil, err
	}
	c := s.db.Customer.Create().SetName(strings.TrimSpace(*in.Name)).
		SetNillablePhone(normPhone(in.Phone)).SetNillableEmail(in.Email).SetNillableNotes(in.Notes)
	if in.Tier != nil {
		c.SetTier(customer.Tier(*in.Tier))
	}
	if in.Contacts != nil {
		c.SetContacts(*in.Contacts)
	}
	if in.QuietHours != nil {
		c.SetQuietHours(*in.QuietHours)
	}
	if in.Timezone != nil {
		c.SetTimezone(*in.Timezone)
	} else if t, err := s.db.Tenant.Get(ctx, tenancy.TenantID(ctx)); err == nil {
		c.SetTimezone(t.Timezone)
	}
	if in.AccountManagerID != nil && *in.AccountManagerID != "" {
		c.SetAccountManagerID(*in.AccountManagerID)
	}
	if in.Attributes != nil {
		c.SetAttributes(in.Attributes)
	}
	out, err := c.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create customer: %w", err)
	}
	return out, nil
}

func (s *Service) checkManager(ctx context.Context, id *string) error {
	if id == nil || *id == "" {
		return nil
	}
	if _, err := s.db.User.Get(ctx, *id); err != nil {
		if ent.IsNotFound(err) {
			return fault.Field("body.account_manager_id", "no such user", *id)
		}
		return err
	}
	return nil
}

func normPhone(p *string) *string {
	if p == nil {
		return nil
	}
	n := strings.NewReplacer(" ", "", "-", "", "(", "", ")", "").Replace(*p)
	return &n
}

// Get returns a customer the viewer may see; a key account outside their
// reach answers not found, and every read of a key account is audited.
func (s *Service) Get(ctx context.Context, viewerID, id string) (*ent.Customer, error) {
	c, err := s.db.Customer.Get(ctx, id)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, fault.NotFoundf("customer %s", id)
		}
		return nil, fmt.Errorf("get customer %s: %w", id, err)
	}
	if c.Tier == customer.TierKeyAccount {
		ok, err := s.mayReadKeyAccount(ctx, viewerID, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fault.NotFoundf("customer %s", id)
		}
		if err := s.auditRead(ctx, viewerID, c.ID); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// mayReadKeyAccount: the account manager, anyone above them on the
// reporting line, and roles granted customers:key_accounts.
func (s *Service) mayReadKeyAccount(ctx context.Context, viewerID string, c *ent.Customer) (bool, error) {
	if s.az.Can(tenancy.TenantID(ctx), viewerID, authz.CustomersKeyAccounts) {
		return true, nil
	}
	if c.AccountManagerID == nil {
		return false, nil
	}
	if *c.AccountManagerID == viewerID {
		return true, nil
	}
	chain, err := s.org.Supervisors(ctx, *c.AccountManagerID)
	if err != nil {
		return false, err
	}
	for _, l := range chain {
		if slices.Contains(l.UserIDs, viewerID) {
			return true, nil
		}
	}
	return false, nil
}

func (s *Service) auditRead(ctx context.Context, viewerID, customerID string) error {
	req := tenancy.RequestFrom(ctx)
	v, _ := tenancy.FromContext(ctx)
	actorType := v.ActorType
	if actorType == "" {
		actorType = tenancy.ActorSystem
	}
	return s.db.AuditEntry.Create().SetActorType(actorType).SetActorID(viewerID).SetAction("read").
		SetTargetType("Customer").SetTargetID(customerID).SetIP(req.IP).SetRequestID(req.ID).
		SetAt(s.now().UTC()).Exec(ctx)
}

// Filter narrows List.
type Filter struct {
	Tier  string
	Query string // name, phone or email
	Phone string
}

// List returns customers the viewer may see, in id order. Key accounts
// appear only to those allowed to read them; listing is not a read of
// their details, so it is not audited.
func (s *Service) List(ctx context.Context, viewerID string, f Filter, pg paging.Page) ([]*ent.Customer, string, error) {
	q := s.db.Customer.Query()
	if f.Tier != "" {
		q = q.Where(customer.TierEQ(customer.Tier(f.Tier)))
	}
	if f.Phone != "" {
		q = q.Where(customer.Phone(*normPhone(&f.Phone)))
	}
	if f.Query != "" {
		q = q.Where(customer.Or(customer.NameContainsFold(f.Query), customer.PhoneContains(f.Query), customer.EmailContainsFold(f.Query)))
	}
	if !s.az.Can(tenancy.TenantID(ctx), viewerID, authz.CustomersKeyAccounts) {
		managed, err := s.managedByReach(ctx, viewerID)
		if err != nil {
			return nil, "", err
		}
		q = q.Where(customer.Or(customer.TierNEQ(customer.TierKeyAccount), customer.AccountManagerIDIn(managed...)))
	}
	if pg.After != "" {
		q = q.Where(customer.IDGT(pg.After))
	}
	rows, err := q.Order(customer.ByID()).Limit(pg.Limit + 1).All(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("list customers: %w", err)
	}
	rows, next := paging.Trim(rows, pg.Limit, func(c *ent.Customer) string { return c.ID })
	return rows, next, nil
}

// managedByReach lists account managers whose key accounts the viewer may
// see: themselves and everyone who reports to them, directly or not.
func (s *Service) managedByReach(ctx context.Context, viewerID string) ([]string, error) {
	return s.org.Subordinates(ctx, viewerID)
}

// Update changes a customer the viewer may see.
func (s *Service) Update(ctx context.Context, viewerID, id string, in Spec) (*ent.Customer, error) {
	if _, err := s.Get(ctx, viewerID, id); err != nil {
		return nil, err
	}
	if err := validate(in); err != nil {
		return nil, err
	}
	if err := s.checkManager(ctx, in.AccountManagerID); err != nil {
		return nil, err
	}
	upd := s.db.Customer.UpdateOneID(id).SetNillablePhone(normPhone(in.Phone)).SetNillableEmail(in.Email).
		SetNillableNotes(in.Notes).SetNillableTimezone(in.Timezone)
	if in.Name != nil {
		upd.SetName(strings.TrimSpace(*in.Name))
	}
	if in.Tier != nil {
		upd.SetTier(customer.Tier(*in.Tier))
	}
	if in.Contacts != nil {
		upd.SetContacts(*in.Contacts)
	}
	if in.QuietHours != nil {
		upd.SetQuietHours(*in.QuietHours)
	}
	if in.AccountManagerID != nil {
		if *in.AccountManagerID == "" {
			upd.ClearAccountManagerID()
		} else {
			upd.SetAccountManagerID(*in.AccountManagerID)
		}
	}
	if in.Attributes != nil {
		upd.SetAttributes(in.Attributes)
	}
	out, err := upd.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update customer %s: %w", id, err)
	}
	return out, nil
}
