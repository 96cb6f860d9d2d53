package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/types"
)

// Customer is an entry of the customer archive (客户档案).
type Customer struct{ ent.Schema }

func (Customer) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "cus"}, TenantMixin{}, TimeMixin{}}
}

func (Customer) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(200).NotEmpty(),
		field.String("phone").MaxLen(32).Optional(),
		field.String("email").MaxLen(254).Optional(),
		field.Enum("tier").Values("regular", "member", "vip", "key_account").Default("regular"),
		field.JSON("contacts", []types.Contact{}).Optional(),
		// quiet_hours are the customer's rest times (not to be disturbed),
		// local HH:MM in the customer's time zone.
		field.JSON("quiet_hours", []types.QuietHours{}).Optional(),
		field.String("timezone").MaxLen(64).Default("Asia/Shanghai"),
		field.String("account_manager_id").MaxLen(40).Optional().Nillable(),
		// attributes hold industry fields: 房号 and payment status for
		// property, age/sex/department for hospitals, policy number for insurers.
		field.JSON("attributes", map[string]any{}).Optional(),
		field.Text("notes").Optional(),
	}
}

func (Customer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account_manager", User.Type).Field("account_manager_id").Unique(),
	}
}

func (Customer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "phone"),
		index.Fields("tenant_id", "email"),
		index.Fields("tenant_id", "tier"),
	}
}
