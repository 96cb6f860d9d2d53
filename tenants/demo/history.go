package demo

import (
	"container/heap"
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"time"

	"kefu/desk/callbacks"
	"kefu/desk/customers"
	"kefu/desk/orgchart"
	"kefu/desk/tickets"
	"kefu/ent"
	"kefu/ent/assignment"
	"kefu/ent/callback"
	"kefu/ent/customer"
	"kefu/ent/store"
	"kefu/ent/types"
	"kefu/tenants/authz"
	"kefu/tenants/tenancy"
	"kefu/tenants/tenantzone"
)

// historyDays is how far back a new demo tenant's history reaches.
const historyDays = 14

// desk is what the history needs to run the desk services itself.
type desk struct {
	db  *ent.Client
	az  *authz.Authorizer
	org *orgchart.Service
	now func() time.Time
}

// seedHistory gives a new demo tenant a lived-in fortnight. The desk
// services themselves write it, on a simulated clock in one transaction,
// each action and SLA check at its own moment (see sim).
func seedHistory(ctx context.Context, d desk, tn *ent.Tenant, industry string, people map[string]string) error {
	h, ok := histories[industry]
	if !ok {
		return nil
	}
	zone := tenantzone.Load(tn.Timezone)
	now := time.Now
	if d.now != nil {
		now = d.now
	}
	// Rows the real clock stamps are told apart by being at or after mark,
	// so the history ends a little before it, even should now() run ahead.
	mark := time.Now().UTC().Truncate(time.Millisecond)
	present := minTime(now().UTC(), mark.Add(-time.Second))
	return store.WithTx(ctx, d.db, func(tx *ent.Client) error {
		s := &sim{db: tx, base: ctx, ctx: tenancy.Quiet(tenancy.WithTenant(ctx, tn.ID)), tenantID: tn.ID,
			present: present, mark: mark, zone: zone, people: people, checks: map[string]bool{}}
		clock := func() time.Time { return s.clock }
		s.cs = customers.New(tx, d.az, d.org, clock)
		s.tk = tickets.New(tx, d.az, d.org, s.cs, s, clock)
		s.cb = callbacks.New(tx, d.az, s.tk, clock)
		s.tk.OnResolved(s.cb.Schedule)
		if err := s.lookups(h); err != nil {
			return err
		}
		s.plan(h, seedOf(tn.Slug))
		if err := s.run(); err != nil {
			return err
		}
		// The rows were written quietly; one entry audits the seeding.
		return tx.AuditEntry.Create().SetActorType(tenancy.ActorSystem).SetAction("seed").
			SetTargetType("Tenant").SetTargetID(tn.ID).SetAt(s.present).
			SetChanges(map[string]any{"demo_history_days": historyDays, "customers": len(h.customers), "tickets": s.created}).
			Exec(s.ctx)
	})
}

func seedOf(slug string) uint64 {
	f := fnv.New64a()
	f.Write([]byte(slug))
	return f.Sum64()
}

// sim is the simulated service center: a queue of actions run in time
// order; after each, settle gives what the database dated with the real
// clock the simulated moment.
type sim struct {
	db        *ent.Client // the seeding transaction
	base      context.Context
	ctx       context.Context // the tenant, as the system, unaudited
	tenantID  string
	present   time.Time // the history ends here; later actions are dropped
	mark      time.Time // real time seeding began: rows stamped since still carry the real clock
	clock     time.Time // the simulated now
	zone      *time.Location
	people    map[string]string
	queue     queue
	seq       int
	checks    map[string]bool // SLA checks already timed, by ticket and moment
	created   int
	cs        *customers.Service
	tk        *tickets.Service
	cb        *callbacks.Service
	customers []*ent.Customer
	unitOf    map[string]string // user id → unit of their primary position
	units     map[string]string // unit name → id
	cats      map[string]string // category name → id
}

// lookups resolves the unit and category names the scripts use, so a
// template change fails here rather than seeding half-dispatched tickets.
func (s *sim) lookups(h industryHistory) error {
	s.units, s.cats, s.unitOf = map[string]string{}, map[string]string{}, map[string]string{}
	units, err := s.db.OrgUnit.Query().All(s.ctx)
	if err != nil {
		return fmt.Errorf("load units: %w", err)
	}
	for _, u := range units {
		s.units[u.Name] = u.ID
	}
	cats, err := s.db.Category.Query().All(s.ctx)
	if err != nil {
		return fmt.Errorf("load categories: %w", err)
	}
	for _, c := range cats {
		if _, dup := s.cats[c.Name]; !dup {
			s.cats[c.Name] = c.ID
		}
	}
	posts, err := s.db.Assignment.Query().Where(assignment.EndedAtIsNil(), assignment.KindEQ(assignment.KindPrimary)).
		WithPosition().All(s.ctx)
	if err != nil {
		return fmt.Errorf("load assignments: %w", err)
	}
	for _, a := range posts {
		if a.Edges.Position != nil {
			s.unitOf[a.UserID] = a.Edges.Position.UnitID
		}
	}
	for _, t := range h.tickets {
		if _, ok := s.units[t.unit]; t.unit != "" && !ok {
			return fmt.Errorf("ticket script %q: no unit %q in the org chart", t.subject, t.unit)
		}
		if _, ok := s.cats[t.category]; t.category != "" && !ok {
			return fmt.Errorf("ticket script %q: no category %q", t.subject, t.category)
		}
	}
	return nil
}

// fate is how a ticket's story ends.
type fate int

const (
	fateDone        fate = iota // resolved, called back or closed, as far as time allows
	fateUnsatisfied             // the first callback is unsatisfied: reopened, escalated, redone
	fateStuck                   // answered, never resolved: breaches its resolution deadline
	fateIgnored                 // never answered: breaches its first response deadline
	fatePending                 // waiting for the customer
	fateAwaiting                // resolved quickly, its callback still to be made
	fateFresh                   // just arrived, not dispatched yet
)

// story is one ticket's life.
type story struct {
	seed    *ticketSeed
	fate    fate
	at      time.Time
	cust    int
	agent   string
	channel string
	rng     *rand.Rand
	id      string
	calls   int // callback attempts made
	reopens int
	// The SLA deadlines the ticket got when it was created.
	respondBy, resolveBy *time.Time
}

func (st *story) minutes(lo, hi int) time.Duration {
	return time.Duration(lo+st.rng.IntN(hi-lo+1)) * time.Minute
}

// within returns at, moved well inside the deadline after from when at
// would miss it: staff mostly keep their SLAs, but one step in eight runs late.
func (st *story) within(from, at time.Time, due *time.Time) time.Time {
	switch {
	case due == nil || !due.After(from):
		return at
	case st.fate == fateDone && st.rng.IntN(8) == 0:
		return maxTime(at, due.Add(st.minutes(20, 240)))
	case at.Before(*due):
		return at
	}
	return from.Add(due.Sub(from) * time.Duration(30+st.rng.IntN(60)) / 100)
}

// channels, weighted: most requests still come by phone.
var channels = []struct {
	name   string
	weight int
}{{"phone", 45}, {"wechat", 20}, {"web", 13}, {"walk_in", 12}, {"email", 10}}

func pickChannel(r *rand.Rand) string {
	n := r.IntN(100)
	for _, c := range channels {
		if n < c.weight {
			return c.name
		}
		n -= c.weight
	}
	return channels[0].name
}

// plan queues the customers and the tickets' first steps. Tickets are
// spread evenly over the days, at office-ish hours; the fates are fixed
// by position so every tenant shows each kind of story.
func (s *sim) plan(h industryHistory, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0))
	start := s.present.AddDate(0, 0, -historyDays)
	s.customers = make([]*ent.Customer, len(h.customers))
	for i, c := range h.customers {
		at := start.Add(-time.Duration(len(h.customers)-i)*9*24*time.Hour - time.Duration(r.IntN(600))*time.Minute)
		phone := fmt.Sprintf("1%d%d%08d", 3+r.IntN(6), r.IntN(10), r.IntN(100_000_000))
		s.after(at, func() error { return s.addCustomer(i, c, phone) })
	}

	var deck []*ticketSeed
	for i := range h.tickets {
		for range h.tickets[i].n {
			deck = append(deck, &h.tickets[i])
		}
	}
	r.Shuffle(len(deck), func(i, j int) { deck[i], deck[j] = deck[j], deck[i] })
	local := s.present.In(s.zone)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, s.zone)
	stories := make([]*story, len(deck))
	for i, ts := range deck {
		st := &story{seed: ts, rng: rand.New(rand.NewPCG(seed, uint64(i)+1)), channel: pickChannel(r), cust: r.IntN(len(h.customers))}
		day := today.AddDate(0, 0, i*historyDays/len(deck)-historyDays+1)
		st.at = day.Add(8*time.Hour + time.Duration(r.IntN(13*3600))*time.Second)
		if latest := s.present.Add(-15 * time.Minute); st.at.After(latest) {
			st.at = latest.Add(-time.Duration(r.IntN(150)) * time.Minute)
		}
		st.agent = s.people["agent"]
		if r.IntN(2) == 0 {
			st.agent = s.people["agent2"]
		}
		if h.customers[st.cust].tier == string(customer.TierKeyAccount) {
			st.agent = s.people["manager"] // key accounts are served by their account manager
		}
		stories[i] = st
	}
	slices.SortStableFunc(stories, func(a, b *story) int { return a.at.Compare(b.at) })

	n := len(stories)
	// The major complaints: an old one handled, a recent one left open (stuck).
	slots := []int{n / 5, n * 3 / 4}
	for i := range h.tickets {
		if h.tickets[i].major && len(slots) > 0 {
			moveSeed(stories, &h.tickets[i], slots[0])
			slots = slots[1:]
		}
	}
	stories[n-1].fate = fateFresh
	stories[n-1].at = maxTime(stories[n-1].at, s.present.Add(-20*time.Minute))
	stories[n-4].fate = fatePending
	for _, i := range []int{n - 5, n - 7} {
		// Every policy calls members back, so these show in the callback worklist.
		stories[i].fate = fateAwaiting
		for range h.customers {
			if h.customers[stories[i].cust].tier == string(customer.TierMember) {
				break
			}
			stories[i].cust = (stories[i].cust + 1) % len(h.customers)
		}
	}
	stories[n*2/3].fate = fateIgnored
	stories[n*3/4].fate = fateStuck
	stories[n*4/5].fate = fateStuck
	for _, st := range stories[n/8 : n*3/8] {
		if st.seed.typ == "complaint" && !st.seed.major {
			st.fate = fateUnsatisfied
			break
		}
	}
	for _, st := range stories {
		s.after(st.at, func() error { return s.create(st) })
	}
}

// moveSeed gives stories[i] the script seed, swapping scripts with the
// story that had it.
func moveSeed(stories []*story, seed *ticketSeed, i int) {
	for _, st := range stories {
		if st.seed == seed {
			st.seed, stories[i].seed = stories[i].seed, st.seed
			return
		}
	}
}

func (s *sim) addCustomer(i int, c customerSeed, phone string) error {
	spec := customers.Spec{Name: &c.name, Phone: &phone, Tier: &c.tier, Attributes: c.attrs}
	if c.rests {
		quiet := []types.QuietHours{{Start: "12:00", End: "14:00"}, {Start: "21:30", End: "08:00"}}
		spec.QuietHours = &quiet
	}
	if c.contact != "" {
		manager := s.people["manager"]
		contacts := []types.Contact{{Name: c.contact, Phone: phone, Relation: "对接人"}}
		spec.AccountManagerID, spec.Contacts = &manager, &contacts
	}
	row, err := s.cs.Create(s.ctx, spec)
	if err != nil {
		return fmt.Errorf("customer %s: %w", c.name, err)
	}
	s.customers[i] = row
	return nil
}

// as acts as a member of staff (unaudited: the seeding is audited once).
func (s *sim) as(userID string) context.Context {
	return tenancy.Quiet(tenancy.WithViewer(s.base, tenancy.Viewer{TenantID: s.tenantID, ActorType: tenancy.ActorUser, ActorID: userID}))
}

func (s *sim) create(st *story) error {
	ts := st.seed
	in := tickets.NewTicket{Type: ts.typ, Channel: st.channel, Subject: ts.subject, Description: ts.desc,
		CustomerID: s.customers[st.cust].ID, Priority: ts.priority, UnitID: s.unitOf[st.agent], CategoryID: s.cats[ts.category]}
	if ts.major {
		in.Severity = "major"
	}
	if st.fate != fateFresh {
		in.AssigneeID = st.agent
	}
	t, err := s.tk.Create(s.as(st.agent), in)
	if err != nil {
		return fmt.Errorf("ticket %q: %w", ts.subject, err)
	}
	st.id, st.respondBy, st.resolveBy = t.ID, t.FirstResponseDueAt, t.ResolutionDueAt
	s.created++
	if st.fate == fateFresh {
		return nil
	}
	if unit := s.units[ts.unit]; unit != "" && unit != in.UnitID {
		s.after(s.clock.Add(st.minutes(2, 15)), func() error {
			_, err := s.tk.Assign(s.as(st.agent), st.agent, st.id, "", unit, "转"+ts.unit+"处理")
			return err
		})
	}
	if st.fate != fateIgnored {
		s.after(st.within(s.clock, s.clock.Add(st.responseDelay()), st.respondBy), func() error { return s.reply(st) })
	}
	return nil
}

func (st *story) responseDelay() time.Duration {
	switch {
	case st.seed.major || st.seed.priority == "urgent":
		return st.minutes(2, 12)
	case st.seed.typ == "complaint":
		return st.minutes(5, 45)
	}
	return st.minutes(5, 90)
}

func (st *story) resolveDelay() time.Duration {
	switch {
	case st.seed.priority == "urgent":
		return st.minutes(40, 180)
	case st.seed.typ == "inquiry":
		return st.minutes(20, 120)
	case st.seed.typ == "request":
		return st.minutes(2*60, 20*60)
	case st.seed.typ == "complaint":
		return st.minutes(3*60, 40*60)
	}
	return st.minutes(2*60, 30*60)
}

// onDuty moves follow-up work (resolutions, callbacks, closing) into the
// day shift, 08:30–20:00 local.
func (s *sim) onDuty(st *story, t time.Time) time.Time {
	l := t.In(s.zone)
	open := time.Date(l.Year(), l.Month(), l.Day(), 8, 30, 0, 0, s.zone)
	switch {
	case l.Before(open):
		return open.Add(st.minutes(0, 60))
	case l.Hour() >= 20:
		return open.AddDate(0, 0, 1).Add(st.minutes(0, 60))
	}
	return t
}

func (s *sim) reply(st *story) error {
	if _, err := s.tk.Comment(s.as(st.agent), st.agent, st.id, st.seed.reply, true); err != nil {
		return err
	}
	noteAt := s.clock.Add(st.minutes(10, 60))
	switch st.fate {
	case fateStuck:
	case fatePending:
		s.after(s.clock.Add(st.minutes(30, 90)), func() error {
			_, err := s.tk.SetStatus(s.as(st.agent), st.agent, st.id, "pending", "等待客户补充资料")
			return err
		})
	default:
		at := st.within(s.clock, s.onDuty(st, s.clock.Add(max(st.resolveDelay(), time.Hour))), st.resolveBy)
		if st.fate == fateAwaiting {
			at = s.clock.Add(st.minutes(30, 120))
		}
		noteAt = minTime(noteAt, s.clock.Add(at.Sub(s.clock)/2))
		s.after(at, func() error { return s.resolve(st, st.agent, st.seed.result) })
	}
	if st.seed.note != "" {
		s.after(noteAt, func() error {
			_, err := s.tk.Comment(s.as(st.agent), st.agent, st.id, st.seed.note, false)
			return err
		})
	}
	return nil
}

// resolve resolves the ticket; the callback rules then schedule a callback
// (called when the callback agent gets to it) or none (closed next day).
func (s *sim) resolve(st *story, by, note string) error {
	if _, err := s.tk.SetStatus(s.as(by), by, st.id, "resolved", note); err != nil {
		return err
	}
	cb, err := s.db.Callback.Query().Where(callback.TicketID(st.id), callback.StatusEQ(callback.StatusPending)).Only(s.ctx)
	if ent.IsNotFound(err) {
		s.after(s.onDuty(st, s.clock.Add(st.minutes(6*60, 30*60))), func() error {
			_, err := s.tk.Close(s.as(by), by, st.id, "已办结", false)
			return err
		})
		return nil
	}
	if err != nil {
		return fmt.Errorf("callback of %s: %w", st.id, err)
	}
	// The sweeper's overdue check; a no-op once the call is recorded.
	s.after(cb.DueAt, func() error { return s.cb.CheckOverdue(s.ctx, cb.ID) })
	if st.fate == fateAwaiting {
		return nil
	}
	at := s.onDuty(st, cb.ScheduledAt.Add(st.minutes(4*60, 60*60)))
	if at.After(cb.DueAt) {
		at = maxTime(cb.ScheduledAt, cb.DueAt.Add(-30*time.Minute))
	}
	s.after(at, func() error { return s.call(st, cb.ID) })
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// call records a callback attempt: now and then nobody answers the first
// time; the unsatisfied story's first callback reopens the ticket, which a
// manager then takes over.
func (s *sim) call(st *story, id string) error {
	outcome, note, answers := callbacks.Satisfied, "客户对处理结果满意", map[string]any{"resolved": true, "satisfaction": 4 + st.rng.IntN(2)}
	switch {
	case st.calls == 0 && st.rng.IntN(6) == 0:
		outcome, note, answers = callbacks.Unreachable, "无人接听", nil
	case st.fate == fateUnsatisfied && st.reopens == 0:
		outcome, note, answers = callbacks.Unsatisfied, "客户表示问题没有真正解决，对处理结果不满意",
			map[string]any{"resolved": false, "satisfaction": 1, "suggestions": "希望主管亲自跟进"}
	case st.rng.IntN(4) == 0:
		outcome, note, answers = callbacks.Neutral, "客户基本认可，希望处理速度再快一些",
			map[string]any{"resolved": true, "satisfaction": 3, "suggestions": "处理速度可以再快一些"}
	}
	st.calls++
	agent := s.people["callback"]
	cb, err := s.cb.Record(s.as(agent), agent, id, outcome, note, answers)
	if err != nil {
		return err
	}
	switch {
	case outcome == callbacks.Unreachable && cb.Status == callback.StatusPending:
		s.after(cb.ScheduledAt.Add(st.minutes(5, 60)), func() error { return s.call(st, id) })
	case outcome == callbacks.Unsatisfied:
		st.reopens++
		manager := s.people["manager"]
		s.after(s.clock.Add(st.minutes(60, 180)), func() error {
			if _, err := s.tk.Comment(s.as(manager), manager, st.id, "您好，我是客服中心经理，您的问题由我亲自跟进，今天会再次安排处理。", true); err != nil {
				return err
			}
			s.after(s.onDuty(st, s.clock.Add(st.minutes(4*60, 20*60))), func() error {
				return s.resolve(st, manager, "经理复查后重新处理完毕，并当面向客户致歉。")
			})
			return nil
		})
	}
	return nil
}

// ScheduleSLACheck times an SLA check inside the history (tickets.Timers);
// checks after the present are left to the real sweeper.
func (s *sim) ScheduleSLACheck(_ context.Context, _, ticketID string, at time.Time) error {
	key := ticketID + "@" + at.UTC().Format(time.RFC3339Nano)
	if s.checks[key] {
		return nil
	}
	s.checks[key] = true
	s.after(at, func() error {
		_, err := s.tk.CheckSLA(s.ctx, ticketID)
		return err
	})
	return nil
}

// after queues fn at `at`, never in the simulated past; what falls after
// the present has not happened yet.
func (s *sim) after(at time.Time, fn func() error) {
	if at.After(s.present) {
		return
	}
	if at.Before(s.clock) {
		at = s.clock
	}
	s.seq++
	heap.Push(&s.queue, event{at: at.UTC(), seq: s.seq, run: fn})
}

// maxEvents bounds the simulation should a rule start re-queueing itself.
const maxEvents = 50_000

func (s *sim) run() error {
	for n := 0; s.queue.Len() > 0; n++ {
		if n == maxEvents {
			return fmt.Errorf("demo history did not settle after %d actions", n)
		}
		ev := heap.Pop(&s.queue).(event)
		s.clock = ev.at
		if err := ev.run(); err != nil {
			return fmt.Errorf("demo history at %s: %w", ev.at.Format(time.RFC3339), err)
		}
		if err := s.settle(); err != nil {
			return err
		}
	}
	return nil
}

// settleSQL re-stamps, with the simulated now ($2), the rows the last
// action wrote with the database's real-clock defaults (at or after $1).
// Raw SQL, because created_at is immutable in the schema; the tenant ($3)
// is named because raw SQL bypasses the privacy layer.
var settleSQL = []string{
	`UPDATE customers SET created_at = CASE WHEN created_at >= $1 THEN $2 ELSE created_at END, updated_at = $2 WHERE tenant_id = $3 AND updated_at >= $1`,
	`UPDATE tickets SET created_at = CASE WHEN created_at >= $1 THEN $2 ELSE created_at END, updated_at = $2 WHERE tenant_id = $3 AND updated_at >= $1`,
	`UPDATE ticket_comments SET created_at = CASE WHEN created_at >= $1 THEN $2 ELSE created_at END, updated_at = $2 WHERE tenant_id = $3 AND updated_at >= $1`,
	`UPDATE callbacks SET created_at = CASE WHEN created_at >= $1 THEN $2 ELSE created_at END, updated_at = $2 WHERE tenant_id = $3 AND updated_at >= $1`,
	`UPDATE notifications SET created_at = $2 WHERE tenant_id = $3 AND created_at >= $1`,
}

func (s *sim) settle() error {
	for _, q := range settleSQL {
		if _, err := s.db.ExecContext(s.ctx, q, s.mark, s.clock, s.tenantID); err != nil {
			return fmt.Errorf("settle demo history timestamps: %w", err)
		}
	}
	return nil
}

type event struct {
	at  time.Time
	seq int
	run func() error
}

// queue is a min-heap of events by time, then by queueing order.
type queue []event

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *queue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}
