package schema

import (
	"entgo.io/ent"

	"kefu/ent/privacy"
)

// systemOnly guards platform entities that only the system context touches.
func systemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{allowSystem(), privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{allowSystem(), privacy.AlwaysDenyRule()},
	}
}
