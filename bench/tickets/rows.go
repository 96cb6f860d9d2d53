package main

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"kefu/desk/tickets"
)

// copyColumns are every column of tickets, in the table's order; the bulk
// load writes them all, NULL where a real ticket would have nothing.
var copyColumns = []string{
	"id", "created_at", "updated_at", "number", "type", "channel", "subject", "description", "priority", "severity",
	"complaint_validity", "status", "created_by", "sla_policy_id", "first_response_due_at", "resolution_due_at",
	"first_responded_at", "resolved_at", "closed_at", "pending_since", "sla_warned_at", "first_response_breached_at",
	"resolution_breached_at", "escalation_level", "next_check_at", "reopen_count", "tenant_id", "customer_id",
	"assignee_id", "unit_id", "category_id", "call",
}

// ticketRow is one bulk-loaded ticket. Empty strings and zero times of
// nullable columns are written as NULL.
type ticketRow struct {
	ID, Number, TenantID                          string
	CreatedAt, UpdatedAt                          time.Time
	Type, Channel, Subject, Description           string
	Priority, Severity, Validity, Status          string
	CreatedBy, SLAPolicyID, AssigneeID            string
	UnitID                                        string
	FirstResponseDueAt, ResolutionDueAt           time.Time
	FirstRespondedAt, ResolvedAt, ClosedAt        time.Time
	PendingSince, SLAWarnedAt                     time.Time
	FirstResponseBreachedAt, ResolutionBreachedAt time.Time
	NextCheckAt                                   time.Time
	EscalationLevel, ReopenCount                  int64
}

// values is the row in copyColumns order.
func (r *ticketRow) values() []any {
	return []any{
		r.ID, r.CreatedAt, r.UpdatedAt, r.Number, r.Type, r.Channel, r.Subject, r.Description, r.Priority, r.Severity,
		nullStr(r.Validity), r.Status, nullStr(r.CreatedBy), nullStr(r.SLAPolicyID), nullTime(r.FirstResponseDueAt),
		nullTime(r.ResolutionDueAt), nullTime(r.FirstRespondedAt), nullTime(r.ResolvedAt), nullTime(r.ClosedAt),
		nullTime(r.PendingSince), nullTime(r.SLAWarnedAt), nullTime(r.FirstResponseBreachedAt),
		nullTime(r.ResolutionBreachedAt), r.EscalationLevel, nullTime(r.NextCheckAt), r.ReopenCount, r.TenantID, nil,
		nullStr(r.AssigneeID), nullStr(r.UnitID), nil, nil,
	}
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// bulkTenant is what the generator needs of a tenant.
type bulkTenant struct {
	ID, Unit, Policy string
	Agents           []string // assignees
	Creators         []string // agents and the director
}

// assignedShare of tickets have an assignee; the rest wait in the unit.
const assignedShare = 0.6

type weighted struct {
	v string
	w float64
}

var (
	typeWeights = []weighted{{"inquiry", 40}, {"complaint", 20}, {"request", 25}, {"suggestion", 10}, {"praise", 5}}
	chanWeights = []weighted{{"phone", 45}, {"chat", 18}, {"wechat", 15}, {"email", 8}, {"web", 7}, {"sms", 3},
		{"api", 2}, {"walk_in", 1}, {"letter", 1}}
	// Statuses by age: recent tickets are still being worked, old ones
	// are mostly closed.
	statusRecent = []weighted{{"new", 15}, {"open", 40}, {"pending", 10}, {"resolved", 20}, {"closed", 15}} // < 7 days
	statusMonth  = []weighted{{"new", 3}, {"open", 15}, {"pending", 5}, {"resolved", 27}, {"closed", 50}}   // < 30 days
	statusOld    = []weighted{{"new", 0.5}, {"open", 2.5}, {"pending", 1}, {"resolved", 10}, {"closed", 86}}
	subjects     = []string{"电梯停运", "空调不制冷", "账单金额有误", "快递未送达", "客服态度差", "网点排队时间长", "App 无法登录",
		"退款迟迟未到账", "咨询营业时间", "表扬维修师傅", "建议增加夜间服务", "水管漏水", "噪音扰民", "发票开具"}
)

func pick(r *rand.Rand, ws []weighted) string {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	x := r.Float64() * total
	for _, w := range ws {
		if x < w.w {
			return w.v
		}
		x -= w.w
	}
	return ws[len(ws)-1].v
}

func statusFor(r *rand.Rand, age time.Duration) string {
	switch {
	case age < 7*24*time.Hour:
		return pick(r, statusRecent)
	case age < 30*24*time.Hour:
		return pick(r, statusMonth)
	default:
		return pick(r, statusOld)
	}
}

// generator makes the bulk tickets in creation order: row i is created at
// start + i·step (plus jitter within the step) in a tenant drawn from a
// shuffled deck holding each tenant perTenant times, so every tenant gets
// exactly perTenant tickets spread over the whole span, and ids, which
// encode the creation time, ascend with i like the app's would.
type generator struct {
	r          *rand.Rand
	tenants    []bulkTenant
	deck       []uint16
	start, end time.Time
	step       time.Duration
	loc        *time.Location
	counters   []map[int]int // per tenant: year → last number
	next       int
}

// newGenerator prepares perTenant tickets per tenant created between
// start and end; counters holds each tenant's last number per year (as in
// ticket_counters) and is advanced as rows are made.
func newGenerator(seed uint64, tenants []bulkTenant, perTenant int, start, end time.Time, loc *time.Location, counters []map[int]int) *generator {
	g := &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), tenants: tenants, start: start, end: end, loc: loc, counters: counters}
	g.deck = make([]uint16, 0, len(tenants)*perTenant)
	for t := range tenants {
		for range perTenant {
			g.deck = append(g.deck, uint16(t))
		}
	}
	g.r.Shuffle(len(g.deck), func(i, j int) { g.deck[i], g.deck[j] = g.deck[j], g.deck[i] })
	if len(g.deck) > 0 {
		g.step = end.Sub(start) / time.Duration(len(g.deck))
	}
	return g
}

func (g *generator) total() int { return len(g.deck) }

// row makes the next ticket; ok is false once all are made.
func (g *generator) row() (t ticketRow, ok bool) {
	if g.next >= len(g.deck) {
		return t, false
	}
	i, r := g.next, g.r
	g.next++
	ti := int(g.deck[i])
	tn := &g.tenants[ti]
	created := g.start.Add(time.Duration(i) * g.step)
	if g.step > 0 {
		created = created.Add(time.Duration(r.Int64N(int64(g.step))))
	}
	created = created.Truncate(time.Microsecond) // what PostgreSQL keeps
	year := created.In(g.loc).Year()
	g.counters[ti][year]++
	t = ticketRow{
		ID: idAt("tkt", created, r), Number: fmt.Sprintf("T-%d-%06d", year, g.counters[ti][year]), TenantID: tn.ID,
		CreatedAt: created, Type: pick(r, typeWeights), Channel: pick(r, chanWeights), Severity: "normal",
		UnitID: tn.Unit, CreatedBy: tn.Creators[r.IntN(len(tn.Creators))],
	}
	subject := subjects[r.IntN(len(subjects))]
	t.Subject = fmt.Sprintf("%s（%s）", subject, t.Number)
	t.Description = "客户反映：" + subject + "，请按流程处理并及时回复客户。"
	if t.Type == "complaint" && r.Float64() < 0.01 {
		t.Severity = "major"
	}
	t.Priority = tickets.DerivePriority(t.Type, t.Severity, "regular")
	t.Status = statusFor(r, g.end.Sub(created))
	if r.Float64() < assignedShare {
		t.AssigneeID = tn.Agents[r.IntN(len(tn.Agents))]
		if t.Status == "new" {
			t.Status = "open" // assigning opens a ticket, as the app does
		}
	}
	g.timeline(&t, tn.Policy, r)
	return t, true
}

// timeline fills the lifecycle and SLA columns consistently with the
// status: replies, resolution, closing, pauses, due times, breaches,
// escalation and the next SLA check.
func (g *generator) timeline(t *ticketRow, policy string, r *rand.Rand) {
	now, c := g.end, t.CreatedAt
	within := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(r.Int64N(int64(hi-lo))) }
	capped := func(x time.Time) time.Time {
		if x.After(now) {
			return now
		}
		return x
	}
	if t.Status != "new" {
		t.FirstRespondedAt = capped(c.Add(within(2*time.Minute, 90*time.Minute)))
	}
	if t.Status == "resolved" || t.Status == "closed" {
		t.ResolvedAt = capped(c.Add(within(time.Hour, 96*time.Hour)))
		if t.ResolvedAt.Before(t.FirstRespondedAt) {
			t.ResolvedAt = t.FirstRespondedAt
		}
	}
	if t.Status == "closed" {
		t.ClosedAt = capped(t.ResolvedAt.Add(within(time.Minute, 72*time.Hour)))
	}
	if t.Status == "pending" {
		t.PendingSince = capped(t.FirstRespondedAt.Add(within(time.Minute, 24*time.Hour)))
	}
	if t.Type == "complaint" {
		// Complaints match the tenant's policy.
		t.SLAPolicyID = policy
		t.FirstResponseDueAt = c.Add(policyFirstResponse)
		t.ResolutionDueAt = c.Add(policyResolution)
		if t.FirstRespondedAt.IsZero() && now.After(t.FirstResponseDueAt) || t.FirstRespondedAt.After(t.FirstResponseDueAt) {
			t.FirstResponseBreachedAt = t.FirstResponseDueAt
		}
		end := now
		if !t.ResolvedAt.IsZero() {
			end = t.ResolvedAt
		}
		if t.Status != "pending" && end.After(t.ResolutionDueAt) {
			t.ResolutionBreachedAt = t.ResolutionDueAt
		}
		switch {
		case !t.FirstResponseBreachedAt.IsZero():
			t.SLAWarnedAt = c.Add(policyFirstResponse * 8 / 10)
			t.EscalationLevel = 1
		case !t.ResolutionBreachedAt.IsZero():
			t.SLAWarnedAt = c.Add(policyResolution * 8 / 10)
			t.EscalationLevel = 1
		}
		if t.Status == "new" || t.Status == "open" {
			if t.FirstRespondedAt.IsZero() && t.FirstResponseBreachedAt.IsZero() {
				t.NextCheckAt = t.FirstResponseDueAt.Add(-policyFirstResponse * 2 / 10)
			} else if t.ResolutionBreachedAt.IsZero() {
				t.NextCheckAt = t.ResolutionDueAt.Add(-policyResolution * 2 / 10)
			}
		}
	}
	if t.Type == "complaint" && (t.Status == "resolved" || t.Status == "closed") {
		t.Validity = "valid"
		if r.Float64() < 0.3 {
			t.Validity = "communicative"
		}
	}
	if (t.Status == "open" || t.Status == "resolved" || t.Status == "closed") && r.Float64() < 0.02 {
		t.ReopenCount = 1
	}
	t.UpdatedAt = c
	for _, x := range []time.Time{t.FirstRespondedAt, t.ResolvedAt, t.ClosedAt, t.PendingSince, t.FirstResponseBreachedAt, t.ResolutionBreachedAt} {
		if x.After(t.UpdatedAt) {
			t.UpdatedAt = x
		}
	}
}

// alphabet is the one kefu/ids encodes with: Crockford base32, lower case.
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// idAt makes an id in the format of kefu/ids (prefix, "_", 26 characters
// of a UUIDv7) whose timestamp is t instead of now, so ids of back-dated
// tickets sort by creation time as the app's do: 48 bits of Unix
// milliseconds, the version, 12 bits of sub-millisecond time, the
// variant and 62 random bits.
func idAt(prefix string, t time.Time, r *rand.Rand) string {
	var u [16]byte
	ms := uint64(t.UnixMilli())
	sub := uint64(t.Nanosecond()%int(time.Millisecond)) * 4096 / uint64(time.Millisecond)
	binary.BigEndian.PutUint64(u[:8], ms<<16|0x7000|sub)
	binary.BigEndian.PutUint64(u[8:], r.Uint64()&^(3<<62)|2<<62)
	hi := binary.BigEndian.Uint64(u[:8])
	lo := binary.BigEndian.Uint64(u[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return prefix + "_" + string(out[:])
}
