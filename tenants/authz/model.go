package authz

import (
	"strings"

	"github.com/casbin/casbin/v2/model"
)

// SharedDomain holds the built-in roles' policy; role links stored there
// apply in every tenant's domain through a key-match on the domain.
const SharedDomain = "*"

const modelText = `
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && (p.dom == "*" || p.dom == r.dom) && r.obj == p.obj && r.act == p.act
`

func newModel() (model.Model, error) { return model.NewModelFromString(modelText) }

// Subject names in the policy. An actor id names a user ("usr_…") or an
// API key ("key_…"), so Can, Roles and Permissions answer for either.
func userSubject(actorID string) string {
	if strings.HasPrefix(actorID, "key_") {
		return SubjectForKey(actorID)
	}
	return "user:" + actorID
}
func roleSubject(role string) string { return "role:" + role }

// SubjectForKey names an API key in the policy.
func SubjectForKey(keyID string) string { return "key:" + keyID }

// builtInRules is the shared policy, derived from BuiltIns.
func builtInRules() (p, g [][]string) {
	for _, b := range BuiltIns {
		if b.Parent != "" {
			g = append(g, []string{roleSubject(b.Name), roleSubject(b.Parent), SharedDomain})
		}
		for _, perm := range b.Adds {
			p = append(p, []string{roleSubject(b.Name), SharedDomain, perm.Resource(), perm.Action()})
		}
	}
	return p, g
}
