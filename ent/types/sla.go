package types

// SLAMatch selects tickets for a policy; an empty list matches everything.
type SLAMatch struct {
	Types      []string `json:"types,omitempty"`
	Priorities []string `json:"priorities,omitempty"`
	Tiers      []string `json:"tiers,omitempty"`
}

// EscalationStep escalates AfterSeconds past the breach to To: supervisor,
// manager, director, or position:<id>.
type EscalationStep struct {
	AfterSeconds int64  `json:"after_seconds"`
	To           string `json:"to"`
}

// CallbackPolicy says when and how often resolved tickets are called back.
type CallbackPolicy struct {
	WithinSeconds int64              `json:"within_seconds,omitempty"`
	BusinessTime  bool               `json:"business_time,omitempty"`
	Coverage      map[string]float64 `json:"coverage,omitempty"`
	// MaxAttempts for unreachable customers (default 3) and the minimum
	// spacing between attempts (default 2 h).
	MaxAttempts    int   `json:"max_attempts,omitempty"`
	SpacingSeconds int64 `json:"spacing_seconds,omitempty"`
	// PositionID names the post whose holders make the calls (回访专员);
	// empty means everyone with the callback_agent role.
	PositionID string `json:"position_id,omitempty"`
}

// ScriptQuestion is one question of a callback script; answers are
// recorded under Key with each attempt.
type ScriptQuestion struct {
	Key  string `json:"key"`
	Text string `json:"text"`
	Kind string `json:"kind"` // scale (1–5), yes_no or text
}
