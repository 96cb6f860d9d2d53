package types

import "time"

// HandoverItems is what a shift hands to the next (交接班内容), generated
// from live data when the outgoing person prepares the handover and kept
// as it was, so both signatures refer to the same list.
type HandoverItems struct {
	GeneratedAt time.Time `json:"generated_at"`
	// Tickets are the unit's open work orders (new, open, pending).
	Tickets      []HandoverTicket `json:"tickets"`
	TicketsTotal int              `json:"tickets_total"`
	// Callbacks are pending callbacks of the unit's tickets scheduled
	// before the next shift ends (overdue ones included).
	Callbacks []HandoverCallback `json:"callbacks"`
	// Unfinished are duty-log entries of the unit still open: no result
	// yet, or a major incident not closed.
	Unfinished []HandoverLogItem `json:"unfinished"`
	// Instructions are leaders' instructions to pass on (上级指令).
	Instructions []HandoverInstruction `json:"instructions"`
	// Checklist is keys and equipment handed over in person (钥匙、器材).
	Checklist []ChecklistItem `json:"checklist"`
}

// HandoverTicket is an open ticket as the handover lists it.
type HandoverTicket struct {
	ID         string `json:"id"`
	Number     string `json:"number"`
	Subject    string `json:"subject"`
	Status     string `json:"status"`
	Priority   string `json:"priority"`
	AssigneeID string `json:"assignee_id,omitempty"`
}

// HandoverCallback is a callback due in the next shift.
type HandoverCallback struct {
	ID           string    `json:"id"`
	TicketID     string    `json:"ticket_id"`
	TicketNumber string    `json:"ticket_number,omitempty"`
	ScheduledAt  time.Time `json:"scheduled_at"`
	DueAt        time.Time `json:"due_at"`
	AssigneeID   string    `json:"assignee_id,omitempty"`
}

// HandoverLogItem is an unfinished duty-log entry.
type HandoverLogItem struct {
	ID    string    `json:"id"`
	At    time.Time `json:"at"`
	Kind  string    `json:"kind"`
	Text  string    `json:"text"`
	Major bool      `json:"major,omitempty"`
}

// HandoverInstruction is a leader's instruction to pass on.
type HandoverInstruction struct {
	Text string     `json:"text"`
	At   *time.Time `json:"at,omitempty"`
	// EntryID names the duty-log entry it came from; empty when typed in
	// the handover itself.
	EntryID string `json:"entry_id,omitempty"`
}

// ChecklistItem is one key or piece of equipment and whether it is there.
type ChecklistItem struct {
	Item string `json:"item"`
	OK   bool   `json:"ok"`
	Note string `json:"note,omitempty"`
}
