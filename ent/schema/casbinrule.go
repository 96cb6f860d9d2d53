package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CasbinRule stores one casbin policy line. Domain (v1 for g, v1 for p) is
// the tenant id, or "*" for the shared built-in policy; the authorization
// model owns this table, so it is read in the system context only.
type CasbinRule struct{ ent.Schema }

func (CasbinRule) Fields() []ent.Field {
	return []ent.Field{
		field.String("ptype").MaxLen(8),
		field.String("v0").MaxLen(128).Default(""),
		field.String("v1").MaxLen(128).Default(""),
		field.String("v2").MaxLen(128).Default(""),
		field.String("v3").MaxLen(128).Default(""),
		field.String("v4").MaxLen(128).Default(""),
		field.String("v5").MaxLen(128).Default(""),
	}
}

func (CasbinRule) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("ptype", "v0", "v1", "v2", "v3", "v4", "v5").Unique(),
		index.Fields("v1"),
	}
}

func (CasbinRule) Policy() ent.Policy { return systemOnly() }
