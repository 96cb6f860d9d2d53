package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// IdempotencyRecord remembers a write sent with an Idempotency-Key, per
// caller, for 24 h: the first request claims the key, its answer is stored
// and every retry with the same key and body gets that answer again.
type IdempotencyRecord struct{ ent.Schema }

func (IdempotencyRecord) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "idk"}, TenantMixin{}}
}

func (IdempotencyRecord) Fields() []ent.Field {
	return []ent.Field{
		// principal is the API key or user that sent the request.
		field.String("principal").MaxLen(40).NotEmpty().Immutable(),
		field.String("key").MaxLen(255).NotEmpty().Immutable(),
		field.String("method").MaxLen(8).Immutable(),
		field.String("path").MaxLen(500).Immutable(),
		// request_hash is the SHA-256 of the body: the same key with another
		// body is a client bug (422), not a retry.
		field.String("request_hash").MaxLen(64).Immutable(),
		field.Enum("state").Values("in_progress", "done").Default("in_progress"),
		// locked_until lets a retry take over a claim whose process died.
		field.Time("locked_until"),
		field.Int("response_status").Optional(),
		field.JSON("response_headers", map[string]string{}).Optional(),
		field.Bytes("response_body").Optional(),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at"),
	}
}

func (IdempotencyRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "principal", "key").Unique(),
		index.Fields("expires_at"),
	}
}
