package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kefu/ent/privacy"
)

// AuditEntry records one mutation: who, what, when, from where.
type AuditEntry struct{ ent.Schema }

func (AuditEntry) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "aud"}, TenantMixin{}}
}

func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("actor_type").MaxLen(16),
		field.String("actor_id").MaxLen(40).Optional(),
		field.String("action").MaxLen(64),
		field.String("target_type").MaxLen(64),
		field.String("target_id").MaxLen(40).Optional(),
		field.JSON("changes", map[string]any{}).Optional(),
		field.String("ip").MaxLen(64).Optional(),
		field.String("request_id").MaxLen(64).Optional(),
		field.Time("at").Immutable(),
	}
}

func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "id")}
}

// Policy: the log is append-only; only the system context (retention jobs)
// may change or delete entries.
func (AuditEntry) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			privacy.OnMutationOperation(privacy.AlwaysDenyRule(), ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne),
		},
	}
}
