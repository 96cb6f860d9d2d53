package schema

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent"

	"kefu/tenants/tenancy"
)

// sensitiveFields are never written to the audit log, only named.
var sensitiveFields = []string{"password_hash", "token_hash", "invite_token_hash", "secret", "secret_hash", "key_hash"}

// auditHook writes one audit entry per mutation of a tenant-owned entity,
// in the same transaction as the change.
func auditHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			// Auditing the audit log would never end.
			if tenancy.IsQuiet(ctx) || m.Type() == "AuditEntry" {
				return next.Mutate(ctx, m)
			}
			targetID := ""
			if idm, ok := m.(interface{ ID() (string, bool) }); ok {
				targetID, _ = idm.ID()
			}
			changes := auditChanges(m)
			tenantID := tenancy.TenantID(ctx)
			if tm, ok := m.(tenantMutation); ok {
				if t, has := tm.TenantID(); has {
					tenantID = t
				}
			}
			if tenantID == "" && targetID != "" && !m.Op().Is(ent.OpCreate) {
				if om, ok := m.(interface {
					OldTenantID(context.Context) (string, error)
				}); ok {
					tenantID, _ = om.OldTenantID(ctx)
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if idm, ok := m.(interface{ ID() (string, bool) }); ok && targetID == "" {
				targetID, _ = idm.ID()
			}
			if m.Type() == "Tenant" {
				tenantID = targetID
			}
			if tenantID == "" {
				return v, nil // a system-wide bulk change; callers audit those explicitly
			}
			cm, ok := m.(clientMutation)
			if !ok {
				return nil, fmt.Errorf("%s: mutation has no client for auditing", m.Type())
			}
			viewer, _ := tenancy.FromContext(ctx)
			req := tenancy.RequestFrom(ctx)
			actorType := viewer.ActorType
			if actorType == "" {
				actorType = tenancy.ActorSystem
			}
			err = cm.Client().AuditEntry.Create().
				SetTenantID(tenantID).
				SetActorType(actorType).
				SetActorID(viewer.ActorID).
				SetAction(auditAction(m)).
				SetTargetType(m.Type()).
				SetTargetID(targetID).
				SetChanges(changes).
				SetIP(req.IP).
				SetRequestID(req.ID).
				SetAt(time.Now().UTC()).
				Exec(tenancy.System(ctx))
			if err != nil {
				return nil, fmt.Errorf("audit %s %s: %w", m.Type(), targetID, err)
			}
			return v, nil
		})
	}
}

func auditAction(m ent.Mutation) string {
	switch {
	case m.Op().Is(ent.OpCreate):
		return "create"
	case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
		return "delete"
	default:
		return "update"
	}
}

func auditChanges(m ent.Mutation) map[string]any {
	out := map[string]any{}
	for _, f := range m.Fields() {
		if f == "updated_at" || f == "created_at" {
			continue
		}
		if slices.Contains(sensitiveFields, f) {
			out[f] = "[redacted]"
			continue
		}
		if v, ok := m.Field(f); ok {
			out[f] = v
		}
	}
	for _, f := range m.ClearedFields() {
		out[f] = nil
	}
	return out
}
