// Package types holds the value types stored in JSON columns.
package types

// Span is a weekly opening span: ISO weekday (1 = Monday … 7 = Sunday) and
// local HH:MM start and end in the calendar's zone.
type Span struct {
	Weekday int    `json:"weekday"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

// Holiday is a closed date (YYYY-MM-DD).
type Holiday struct {
	Date string `json:"date"`
	Name string `json:"name"`
}

// Workday is a make-up workday (调休): a date that works with the hours of
// AsWeekday (default Monday).
type Workday struct {
	Date      string `json:"date"`
	Name      string `json:"name"`
	AsWeekday int    `json:"as_weekday,omitempty"`
}

// Contact is one more way to reach a customer (a family member, an office).
type Contact struct {
	Name     string `json:"name"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Relation string `json:"relation,omitempty"`
}

// QuietHours is a daily rest period (local HH:MM); End before Start spans midnight.
type QuietHours struct {
	Start string `json:"start"`
	End   string `json:"end"`
}
