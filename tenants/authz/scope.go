package authz

// Scope is how far a role sees in scoped lists: its own items, its group,
// its department's subtree, or everything. Row scope comes from the org
// chart, not from casbin.
type Scope string

const (
	ScopeOwn        Scope = "own"
	ScopeGroup      Scope = "group"
	ScopeDepartment Scope = "department"
	ScopeAll        Scope = "all"
)

// Wider reports whether s sees more than o.
func (s Scope) Wider(o Scope) bool { return s.rank() > o.rank() }

func (s Scope) rank() int {
	switch s {
	case ScopeGroup:
		return 1
	case ScopeDepartment:
		return 2
	case ScopeAll:
		return 3
	}
	return 0
}
