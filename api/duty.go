package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/desk/duty"
	"kefu/ent"
	"kefu/paging"
	"kefu/tenants/authz"
)

// ShiftView is a shift template (班次).
type ShiftView struct {
	ID              string   `json:"id" example:"shf_01jd0000000000000000000000"`
	Name            string   `json:"name" example:"晚班"`
	NameEn          string   `json:"name_en,omitempty" example:"Late shift"`
	Start           string   `json:"start" example:"17:30" doc:"Local HH:MM in the organization's time zone"`
	End             string   `json:"end" example:"08:30" doc:"At or before start: the shift ends the next day"`
	CrossesMidnight bool     `json:"crosses_midnight"`
	Kind            string   `json:"kind" enum:"normal,holiday_reinforced" doc:"holiday_reinforced: the reinforced duty of statutory holidays (节假日加强值班)"`
	UnitID          string   `json:"unit_id,omitempty" doc:"Only this unit uses it; absent: any unit"`
	Checklist       []string `json:"checklist" example:"[\"值班室钥匙\",\"对讲机\"]" doc:"Keys and equipment handed over at the end of the shift"`
	Sort            int      `json:"sort"`
}

func shiftView(s *ent.ShiftTemplate) ShiftView {
	sm, _ := duty.ParseClock(s.StartTime)
	em, _ := duty.ParseClock(s.EndTime)
	v := ShiftView{ID: s.ID, Name: s.Name, NameEn: s.NameEn, Start: s.StartTime, End: s.EndTime, CrossesMidnight: em <= sm,
		Kind: string(s.Kind), UnitID: str(s.UnitID), Checklist: s.Checklist, Sort: s.Sort}
	if v.Checklist == nil {
		v.Checklist = []string{}
	}
	return v
}

type shiftFields struct {
	Name      *string   `json:"name,omitempty" minLength:"1" maxLength:"50"`
	NameEn    *string   `json:"name_en,omitempty" maxLength:"50"`
	Start     *string   `json:"start,omitempty" example:"08:30" pattern:"^[0-2][0-9]:[0-5][0-9]$"`
	End       *string   `json:"end,omitempty" example:"17:30" pattern:"^[0-2][0-9]:[0-5][0-9]$"`
	Kind      *string   `json:"kind,omitempty" enum:"normal,holiday_reinforced"`
	UnitID    *string   `json:"unit_id,omitempty" maxLength:"40" doc:"Empty string: any unit"`
	Checklist *[]string `json:"checklist,omitempty" maxItems:"50"`
	Sort      *int      `json:"sort,omitempty"`
}

func (f shiftFields) spec() duty.ShiftSpec {
	return duty.ShiftSpec{Name: f.Name, NameEn: f.NameEn, Start: f.Start, End: f.End, Kind: f.Kind, UnitID: f.UnitID,
		Checklist: f.Checklist, Sort: f.Sort}
}

// RosterEntryView is one person on one shift on one date (值班表).
type RosterEntryView struct {
	ID                string     `json:"id" example:"dre_01jd0000000000000000000000"`
	UnitID            string     `json:"unit_id"`
	UserID            string     `json:"user_id"`
	ShiftID           string     `json:"shift_id"`
	Date              string     `json:"date" example:"2026-05-09" doc:"Local date the shift starts on"`
	Role              string     `json:"role" enum:"agent,callback,leader" doc:"agent takes the unit's new tickets, callback takes callbacks, leader (值班领导) is on call"`
	DayKind           string     `json:"day_kind" enum:"workday,rest_day,holiday" doc:"What the business calendar said of the date (a make-up workday 调休 is a workday)"`
	StartAt           time.Time  `json:"start_at"`
	EndAt             time.Time  `json:"end_at"`
	Source            string     `json:"source" enum:"generated,manual"`
	OriginalUserID    string     `json:"original_user_id,omitempty" doc:"Who was rostered before a swap or an edit"`
	SwapID            string     `json:"swap_id,omitempty"`
	SignedInAt        *time.Time `json:"signed_in_at,omitempty"`
	SignedOutAt       *time.Time `json:"signed_out_at,omitempty"`
	AbsenceAlertedAt  *time.Time `json:"absence_alerted_at,omitempty" doc:"When the supervisor was told nobody signed in"`
	HandoverAlertedAt *time.Time `json:"handover_alerted_at,omitempty" doc:"When the supervisor was told the handover was late"`
}

func rosterEntryView(e *ent.DutyRosterEntry) RosterEntryView {
	return RosterEntryView{ID: e.ID, UnitID: e.UnitID, UserID: e.UserID, ShiftID: e.ShiftID, Date: e.Date, Role: string(e.Role),
		DayKind: string(e.DayKind), StartAt: e.StartAt.UTC(), EndAt: e.EndAt.UTC(), Source: string(e.Source),
		OriginalUserID: str(e.OriginalUserID), SwapID: str(e.SwapID), SignedInAt: utc(e.SignedInAt), SignedOutAt: utc(e.SignedOutAt),
		AbsenceAlertedAt: utc(e.AbsenceAlertedAt), HandoverAlertedAt: utc(e.HandoverAlertedAt)}
}

type listRosterInput struct {
	ListParams
	UnitID string `query:"unit_id" maxLength:"40"`
	UserID string `query:"user_id" maxLength:"40" doc:"\"me\" for your own shifts"`
	Role   string `query:"role" enum:"agent,callback,leader,"`
	From   string `query:"from" example:"2026-05-01" doc:"First date (YYYY-MM-DD), inclusive"`
	To     string `query:"to" example:"2026-05-31" doc:"Last date (YYYY-MM-DD), inclusive"`
}

type rosterEntryFields struct {
	UnitID  string `json:"unit_id" maxLength:"40"`
	UserID  string `json:"user_id" maxLength:"40"`
	ShiftID string `json:"shift_id" maxLength:"40"`
	Date    string `json:"date" example:"2026-05-09" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"`
	Role    string `json:"role,omitempty" enum:"agent,callback,leader" default:"agent"`
}

// RotationInput is a team taking turns.
type RotationInput struct {
	Role          string   `json:"role" enum:"agent,callback,leader" doc:"What the members are on duty as"`
	UserIDs       []string `json:"user_ids" minItems:"1" maxItems:"100" doc:"Members, in rotation order"`
	Cycle         []string `json:"cycle" minItems:"1" maxItems:"62" doc:"Shift ids, one per staffed day; an empty string is a day off (休). Member i works cycle[(step+i) mod len]"`
	HolidayCycle  []string `json:"holiday_cycle,omitempty" maxItems:"62" doc:"The holiday-reinforced pattern, used instead of cycle on holidays; without it the team is off on holidays unless it works rest days"`
	WorksRestDays bool     `json:"works_rest_days,omitempty" doc:"The team is on duty on rest days (weekends) too: a 7-day desk"`
	Offset        int      `json:"offset,omitempty" minimum:"0" doc:"Steps already taken, to continue last month's rotation"`
}

type generateInput struct {
	Body struct {
		UnitID     string `json:"unit_id" maxLength:"40"`
		Month      string `json:"month" example:"2026-05" pattern:"^[0-9]{4}-[0-9]{2}$"`
		CalendarID string `json:"calendar_id,omitempty" maxLength:"40" doc:"Business calendar for workdays, rest days and holidays; default: the organization's default calendar"`
		Replace    bool   `json:"replace,omitempty" doc:"Redo a month that has entries: those not started and not signed in to are replaced"`
		Pattern    struct {
			Rotations []RotationInput `json:"rotations" minItems:"1" maxItems:"20"`
		} `json:"pattern"`
	}
}

// GeneratedView is the outcome of a roster generation.
type GeneratedView struct {
	Created int `json:"created"`
	Removed int `json:"removed" doc:"Entries of the month replaced"`
}

// SwapView is a request to change the roster (调班/顶班).
type SwapView struct {
	ID                 string     `json:"id" example:"swp_01jd0000000000000000000000"`
	Kind               string     `json:"kind" enum:"swap,cover" doc:"swap (调班) exchanges two entries; cover (顶班) hands one entry to a replacement"`
	RequesterID        string     `json:"requester_id"`
	EntryID            string     `json:"entry_id"`
	CounterpartID      string     `json:"counterpart_id"`
	CounterpartEntryID string     `json:"counterpart_entry_id,omitempty"`
	UnitID             string     `json:"unit_id"`
	Reason             string     `json:"reason"`
	Status             string     `json:"status" enum:"pending,approved,rejected,cancelled"`
	ApproverIDs        []string   `json:"approver_ids" doc:"The requester's supervisors from the org chart when the request was made"`
	DecidedBy          string     `json:"decided_by,omitempty"`
	DecidedAt          *time.Time `json:"decided_at,omitempty"`
	DecisionNote       string     `json:"decision_note,omitempty"`
	CreatedAt          time.Time  `json:"created_at"`
	// The shifts concerned, so a list needs no read per row.
	Entry            *SwapShiftView `json:"entry,omitempty"`
	CounterpartEntry *SwapShiftView `json:"counterpart_entry,omitempty"`
}

// SwapShiftView is a roster entry as a swap request names it.
type SwapShiftView struct {
	Date    string    `json:"date"`
	ShiftID string    `json:"shift_id"`
	StartAt time.Time `json:"start_at"`
}

// swapViews renders swaps with the shifts they concern, read in one query.
func (s *server) swapViews(ctx context.Context, rows []*ent.ShiftSwap) ([]SwapView, error) {
	var ids []string
	for _, w := range rows {
		ids = append(ids, w.EntryID)
		if w.CounterpartEntryID != nil {
			ids = append(ids, *w.CounterpartEntryID)
		}
	}
	es, err := s.d.Duty.Entries(ctx, ids)
	if err != nil {
		return nil, err
	}
	shift := func(id string) *SwapShiftView {
		if e := es[id]; e != nil {
			return &SwapShiftView{Date: e.Date, ShiftID: e.ShiftID, StartAt: e.StartAt.UTC()}
		}
		return nil
	}
	out := make([]SwapView, len(rows))
	for i, w := range rows {
		out[i] = swapView(w)
		out[i].Entry = shift(w.EntryID)
		if w.CounterpartEntryID != nil {
			out[i].CounterpartEntry = shift(*w.CounterpartEntryID)
		}
	}
	return out, nil
}

func swapView(s *ent.ShiftSwap) SwapView {
	v := SwapView{ID: s.ID, Kind: string(s.Kind), RequesterID: s.RequesterID, EntryID: s.EntryID, CounterpartID: s.CounterpartID,
		CounterpartEntryID: str(s.CounterpartEntryID), UnitID: s.UnitID, Reason: s.Reason, Status: string(s.Status),
		ApproverIDs: s.ApproverIds, DecidedBy: str(s.DecidedBy), DecidedAt: utc(s.DecidedAt), DecisionNote: s.DecisionNote, CreatedAt: s.CreatedAt.UTC()}
	if v.ApproverIDs == nil {
		v.ApproverIDs = []string{}
	}
	return v
}

type listSwapsInput struct {
	ListParams
	Status   string `query:"status" enum:"pending,approved,rejected,cancelled,"`
	UnitID   string `query:"unit_id" maxLength:"40"`
	Mine     bool   `query:"mine" doc:"Only requests you made"`
	ToDecide bool   `query:"to_decide" doc:"Only requests waiting for your decision"`
}

type decideInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Note string `json:"note,omitempty" maxLength:"500"`
	}
}

// DutyLogEntryView is one timestamped line of a duty log.
type DutyLogEntryView struct {
	ID                string     `json:"id" example:"dle_01jd0000000000000000000000"`
	LogID             string     `json:"log_id"`
	UnitID            string     `json:"unit_id"`
	AuthorID          string     `json:"author_id"`
	At                time.Time  `json:"at"`
	Kind              string     `json:"kind" enum:"inspection,incident,call,instruction,other" doc:"instruction: a leader's instruction to pass on at the handover"`
	Text              string     `json:"text"`
	Result            string     `json:"result,omitempty" doc:"How it was handled (处理结果)"`
	Major             bool       `json:"major" doc:"A major incident (重大事件): blocks the unit's handover until closed, and needs a written report by the end of the next day"`
	ClosedAt          *time.Time `json:"closed_at,omitempty"`
	ClosedBy          string     `json:"closed_by,omitempty"`
	Report            string     `json:"report,omitempty"`
	ReportedAt        *time.Time `json:"reported_at,omitempty"`
	ReportDueAt       *time.Time `json:"report_due_at,omitempty"`
	ReportRemindedAt  *time.Time `json:"report_reminded_at,omitempty"`
	ReportEscalatedAt *time.Time `json:"report_escalated_at,omitempty"`
}

func logEntryView(e *ent.DutyLogEntry) DutyLogEntryView {
	return DutyLogEntryView{ID: e.ID, LogID: e.LogID, UnitID: e.UnitID, AuthorID: e.AuthorID, At: e.At.UTC(), Kind: string(e.Kind),
		Text: e.Text, Result: e.Result, Major: e.Major, ClosedAt: utc(e.ClosedAt), ClosedBy: str(e.ClosedBy), Report: e.Report,
		ReportedAt: utc(e.ReportedAt), ReportDueAt: utc(e.ReportDueAt), ReportRemindedAt: utc(e.ReportRemindedAt),
		ReportEscalatedAt: utc(e.ReportEscalatedAt)}
}

// DutyLogView is the duty record (值班记录) of one shift.
type DutyLogView struct {
	ID            string             `json:"id" example:"dlg_01jd0000000000000000000000"`
	RosterEntryID string             `json:"roster_entry_id"`
	UnitID        string             `json:"unit_id"`
	UserID        string             `json:"user_id"`
	ShiftID       string             `json:"shift_id"`
	StartedAt     time.Time          `json:"started_at" doc:"Sign-in"`
	EndedAt       *time.Time         `json:"ended_at,omitempty" doc:"Sign-out, or the incoming person's handover signature"`
	Entries       []DutyLogEntryView `json:"entries"`
}

func dutyLogView(l *ent.DutyLog, es []*ent.DutyLogEntry) DutyLogView {
	v := DutyLogView{ID: l.ID, RosterEntryID: l.RosterEntryID, UnitID: l.UnitID, UserID: l.UserID, ShiftID: l.ShiftID,
		StartedAt: l.StartedAt.UTC(), EndedAt: utc(l.EndedAt), Entries: make([]DutyLogEntryView, len(es))}
	for i, e := range es {
		v.Entries[i] = logEntryView(e)
	}
	return v
}

type listLogsInput struct {
	ListParams
	UnitID string `query:"unit_id" maxLength:"40"`
	UserID string `query:"user_id" maxLength:"40" doc:"\"me\" for your own"`
	Open   bool   `query:"open" doc:"Only logs not signed out yet"`
}

type logEntryInput struct {
	ID   string `path:"id" maxLength:"40"`
	Body struct {
		Kind   string     `json:"kind" enum:"inspection,incident,call,instruction,other"`
		Text   string     `json:"text" minLength:"1" maxLength:"4000"`
		Result string     `json:"result,omitempty" maxLength:"4000"`
		Major  bool       `json:"major,omitempty"`
		At     *time.Time `json:"at,omitempty" doc:"When it happened; default now"`
	}
}

// MyDutyView is the caller's duty at a glance.
type MyDutyView struct {
	Entries   []RosterEntryView `json:"entries" doc:"Your shifts from yesterday to a week ahead"`
	Logs      []DutyLogView     `json:"logs" doc:"Your open duty logs"`
	Handovers []HandoverView    `json:"handovers" doc:"Handovers you give or take that are not done"`
}

func (s *server) dutyRoutes(api huma.API) {
	tags := []string{"Duty"}
	me := func(ctx context.Context) string { return principalFrom(ctx).ActorID() }

	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "list-duty-shifts", Method: http.MethodGet, Path: "/v1/duty/shifts", Tags: tags,
		Summary: "List shift templates", Description: "The shifts people are rostered on (早班 08:30–17:30, 晚班 17:30–次日08:30, holiday-reinforced shifts), in display order.",
	}, func(ctx context.Context, _ *struct{}) (*listOut[ShiftView], error) {
		rows, err := s.d.Duty.Shifts(ctx)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) ShiftView { return shiftView(rows[i]) }, ""), nil
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "create-duty-shift", Method: http.MethodPost, Path: "/v1/duty/shifts", Tags: tags,
		Summary: "Create a shift template", Description: "start and end are local HH:MM in the organization's time zone; an end at or before the start ends the next day (equal: 24 hours). A taken name answers 409.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct{ Body shiftFields }) (*struct{ Body ShiftView }, error) {
		row, err := s.d.Duty.CreateShift(ctx, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body ShiftView }{Body: shiftView(row)}, nil
	})
	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "get-duty-shift", Method: http.MethodGet, Path: "/v1/duty/shifts/{id}", Tags: tags,
		Summary: "Get a shift template", Description: "Its times, kind and the keys/equipment checklist handed over at its end.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body ShiftView }, error) {
		row, err := s.d.Duty.Shift(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body ShiftView }{Body: shiftView(row)}, nil
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "update-duty-shift", Method: http.MethodPatch, Path: "/v1/duty/shifts/{id}", Tags: tags,
		Summary: "Change a shift template", Description: "Only the fields sent change. Its times cannot change while roster entries still to come use it (409).",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body shiftFields
	}) (*struct{ Body ShiftView }, error) {
		row, err := s.d.Duty.UpdateShift(ctx, in.ID, in.Body.spec())
		if err != nil {
			return nil, err
		}
		return &struct{ Body ShiftView }{Body: shiftView(row)}, nil
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "delete-duty-shift", Method: http.MethodDelete, Path: "/v1/duty/shifts/{id}", Tags: tags,
		Summary: "Delete a shift template", Description: "A shift that roster entries use cannot be deleted (409).",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		return nil, s.d.Duty.DeleteShift(ctx, in.ID)
	})

	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "list-duty-roster", Method: http.MethodGet, Path: "/v1/duty/roster", Tags: tags,
		Summary: "List the duty roster", Description: "Roster entries by start time: filter by unit, person and date range (a month of a unit is the roster calendar).",
	}, func(ctx context.Context, in *listRosterInput) (*listOut[RosterEntryView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		f := duty.RosterFilter{UnitID: in.UnitID, UserID: in.UserID, Role: in.Role, From: in.From, To: in.To}
		if f.UserID == "me" {
			f.UserID = me(ctx)
		}
		rows, err := s.d.Duty.Roster(ctx, f, pg.After, pg.Limit+1)
		if err != nil {
			return nil, err
		}
		rows, next := paging.Trim(rows, pg.Limit, func(e *ent.DutyRosterEntry) string { return e.ID })
		return listOf(len(rows), func(i int) RosterEntryView { return rosterEntryView(rows[i]) }, next), nil
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "create-duty-roster-entry", Method: http.MethodPost, Path: "/v1/duty/roster", Tags: tags,
		Summary: "Roster one person on one shift", Description: "The shift's times on the date, in the organization's time zone. Someone already on duty then answers 409.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct{ Body rosterEntryFields }) (*struct{ Body RosterEntryView }, error) {
		b := in.Body
		e, err := s.d.Duty.AddEntry(ctx, duty.EntrySpec{UnitID: b.UnitID, UserID: b.UserID, ShiftID: b.ShiftID, Date: b.Date, Role: b.Role})
		if err != nil {
			return nil, err
		}
		return &struct{ Body RosterEntryView }{Body: rosterEntryView(e)}, nil
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "generate-duty-roster", Method: http.MethodPost, Path: "/v1/duty/roster/generate", Tags: tags,
		Summary: "Generate a unit's roster for a month",
		Description: "Lays rotations over a month of the business calendar: workdays (make-up workdays 调休 included) follow each team's cycle, " +
			"rest days only for teams that work them, statutory holidays the holiday-reinforced cycle (节假日加强值班). Shifts already started are kept. " +
			"A month that has entries answers 409 unless replace is set; someone on duty twice at once answers 422.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *generateInput) (*struct{ Body GeneratedView }, error) {
		b := in.Body
		p := duty.Pattern{Rotations: make([]duty.Rotation, len(b.Pattern.Rotations))}
		for i, r := range b.Pattern.Rotations {
			p.Rotations[i] = duty.Rotation{Role: r.Role, UserIDs: r.UserIDs, Cycle: r.Cycle, HolidayCycle: r.HolidayCycle,
				WorksRestDays: r.WorksRestDays, Offset: r.Offset}
		}
		g, err := s.d.Duty.GenerateMonth(ctx, duty.GenerateSpec{UnitID: b.UnitID, Month: b.Month, CalendarID: b.CalendarID, Pattern: p, Replace: b.Replace})
		if err != nil {
			return nil, err
		}
		return &struct{ Body GeneratedView }{Body: GeneratedView{Created: len(g.Entries), Removed: g.Removed}}, nil
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "update-duty-roster-entry", Method: http.MethodPatch, Path: "/v1/duty/roster/{id}", Tags: tags,
		Summary: "Change a roster entry", Description: "Put someone else on the shift, or change the role, before it starts (a supervisor's edit; staff ask through swaps). The first person is kept as original_user_id.",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			UserID *string `json:"user_id,omitempty" maxLength:"40"`
			Role   *string `json:"role,omitempty" enum:"agent,callback,leader"`
		}
	}) (*struct{ Body RosterEntryView }, error) {
		e, err := s.d.Duty.UpdateEntry(ctx, in.ID, in.Body.UserID, in.Body.Role)
		if err != nil {
			return nil, err
		}
		return &struct{ Body RosterEntryView }{Body: rosterEntryView(e)}, nil
	})
	handle(api, can(authz.DutyApprove), huma.Operation{
		OperationID: "delete-duty-roster-entry", Method: http.MethodDelete, Path: "/v1/duty/roster/{id}", Tags: tags,
		Summary: "Remove a roster entry", Description: "An entry someone signed in to stays (409): its duty log keeps it.",
		DefaultStatus: http.StatusNoContent, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{}, error) {
		return nil, s.d.Duty.DeleteEntry(ctx, in.ID)
	})

	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "list-duty-swaps", Method: http.MethodGet, Path: "/v1/duty/swaps", Tags: tags,
		Summary: "List swap requests", Description: "Requests to swap (调班) or cover (顶班) shifts, newest first.",
	}, func(ctx context.Context, in *listSwapsInput) (*listOut[SwapView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		f := duty.SwapFilter{Status: in.Status, UnitID: in.UnitID}
		if in.Mine {
			f.RequesterID = me(ctx)
		}
		if in.ToDecide {
			f.ApproverID = me(ctx)
		}
		rows, err := s.d.Duty.Swaps(ctx, f, pg.After, pg.Limit+1)
		if err != nil {
			return nil, err
		}
		rows, next := paging.Trim(rows, pg.Limit, func(w *ent.ShiftSwap) string { return w.ID })
		views, err := s.swapViews(ctx, rows)
		if err != nil {
			return nil, err
		}
		return listOf(len(views), func(i int) SwapView { return views[i] }, next), nil
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "create-duty-swap", Method: http.MethodPost, Path: "/v1/duty/swaps", Tags: tags,
		Summary: "Ask to swap or cover a shift",
		Description: "For your own shift that has not started: swap exchanges it with the counterpart's counterpart_entry_id (调班), cover hands it to the counterpart (顶班). " +
			"Your supervisors from the org chart are notified and decide; nothing changes until then (不能私自调班、顶班).",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		Body struct {
			Kind               string `json:"kind" enum:"swap,cover"`
			EntryID            string `json:"entry_id" maxLength:"40" doc:"Your roster entry"`
			CounterpartID      string `json:"counterpart_id" maxLength:"40" doc:"Who takes your shift"`
			CounterpartEntryID string `json:"counterpart_entry_id,omitempty" maxLength:"40" doc:"swap: the counterpart's entry you take in return"`
			Reason             string `json:"reason" minLength:"1" maxLength:"500"`
		}
	}) (*struct{ Body SwapView }, error) {
		b := in.Body
		w, err := s.d.Duty.RequestSwap(ctx, me(ctx), duty.SwapSpec{Kind: b.Kind, EntryID: b.EntryID, CounterpartID: b.CounterpartID,
			CounterpartEntryID: b.CounterpartEntryID, Reason: b.Reason})
		if err != nil {
			return nil, err
		}
		return &struct{ Body SwapView }{Body: swapView(w)}, nil
	})
	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "get-duty-swap", Method: http.MethodGet, Path: "/v1/duty/swaps/{id}", Tags: tags,
		Summary: "Get a swap request", Description: "With the shifts it concerns, its status and who decided.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body SwapView }, error) {
		w, err := s.d.Duty.Swap(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		views, err := s.swapViews(ctx, []*ent.ShiftSwap{w})
		if err != nil {
			return nil, err
		}
		return &struct{ Body SwapView }{Body: views[0]}, nil
	})
	for _, d := range []struct {
		op, path, summary string
		approve           bool
	}{
		{"approve-duty-swap", "/v1/duty/swaps/{id}/approve", "Approve a swap request", true},
		{"reject-duty-swap", "/v1/duty/swaps/{id}/reject", "Reject a swap request", false},
	} {
		handle(api, can(authz.DutyApprove), huma.Operation{
			OperationID: d.op, Method: http.MethodPost, Path: d.path, Tags: tags, Summary: d.summary,
			Description: "Only the requester's supervisors (up their reporting line, the unit's head, or a role that sees them) decide. " +
				"An approval moves the shifts at once; a shift that has started, or someone ending up on duty twice, answers 409.",
			Errors: []int{http.StatusNotFound, http.StatusConflict},
		}, func(ctx context.Context, in *decideInput) (*struct{ Body SwapView }, error) {
			w, err := s.d.Duty.DecideSwap(ctx, me(ctx), in.ID, d.approve, in.Body.Note)
			if err != nil {
				return nil, err
			}
			return &struct{ Body SwapView }{Body: swapView(w)}, nil
		})
	}
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "cancel-duty-swap", Method: http.MethodPost, Path: "/v1/duty/swaps/{id}/cancel", Tags: tags,
		Summary: "Withdraw your swap request", Description: "Only the requester, only while it waits for a decision (409 after).", Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{ Body SwapView }, error) {
		w, err := s.d.Duty.CancelSwap(ctx, me(ctx), in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body SwapView }{Body: swapView(w)}, nil
	})

	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "get-my-duty", Method: http.MethodGet, Path: "/v1/duty/me", Tags: tags,
		Summary: "My shift", Description: "Your shifts from yesterday to a week ahead, your open duty logs with their entries, and the handovers you give or take that are not done.",
	}, func(ctx context.Context, _ *struct{}) (*struct{ Body MyDutyView }, error) {
		m, err := s.d.Duty.MyDuty(ctx, me(ctx))
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(m.Logs))
		for i, l := range m.Logs {
			ids[i] = l.ID
		}
		es, err := s.d.Duty.EntriesOf(ctx, ids)
		if err != nil {
			return nil, err
		}
		hs, err := s.d.Handovers.List(ctx, handoverFilter(me(ctx)), "", 20)
		if err != nil {
			return nil, err
		}
		v := MyDutyView{Entries: make([]RosterEntryView, len(m.Entries)), Logs: make([]DutyLogView, len(m.Logs)), Handovers: make([]HandoverView, len(hs))}
		for i, e := range m.Entries {
			v.Entries[i] = rosterEntryView(e)
		}
		for i, l := range m.Logs {
			v.Logs[i] = dutyLogView(l, es[l.ID])
		}
		for i, h := range hs {
			v.Handovers[i] = handoverView(h)
		}
		return &struct{ Body MyDutyView }{Body: v}, nil
	})

	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "list-duty-logs", Method: http.MethodGet, Path: "/v1/duty/logs", Tags: tags,
		Summary: "List duty logs", Description: "Duty records (值班记录), newest first, with their entries.",
	}, func(ctx context.Context, in *listLogsInput) (*listOut[DutyLogView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		f := duty.LogFilter{UnitID: in.UnitID, UserID: in.UserID, Open: in.Open}
		if f.UserID == "me" {
			f.UserID = me(ctx)
		}
		rows, err := s.d.Duty.Logs(ctx, f, pg.After, pg.Limit+1)
		if err != nil {
			return nil, err
		}
		rows, next := paging.Trim(rows, pg.Limit, func(l *ent.DutyLog) string { return l.ID })
		ids := make([]string, len(rows))
		for i, l := range rows {
			ids[i] = l.ID
		}
		es, err := s.d.Duty.EntriesOf(ctx, ids)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) DutyLogView { return dutyLogView(rows[i], es[rows[i].ID]) }, next), nil
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "sign-in-duty", Method: http.MethodPost, Path: "/v1/duty/logs", Tags: tags,
		Summary: "Sign in to your shift (值班签到)",
		Description: "Opens the duty log of your roster entry: the one named, else the one starting within the hour or running now. " +
			"Not rostered now, too early, ended or signed in already answers 409. Nobody signed in 15 minutes after the start alerts the supervisor.",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		Body struct {
			RosterEntryID string `json:"roster_entry_id,omitempty" maxLength:"40"`
		}
	}) (*struct{ Body DutyLogView }, error) {
		l, err := s.d.Duty.SignIn(ctx, me(ctx), in.Body.RosterEntryID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body DutyLogView }{Body: dutyLogView(l, nil)}, nil
	})
	handle(api, can(authz.DutyRead), huma.Operation{
		OperationID: "get-duty-log", Method: http.MethodGet, Path: "/v1/duty/logs/{id}", Tags: tags,
		Summary: "Get a duty log with its entries", Description: "Who was on duty, from sign-in to sign-out, and every timestamped entry with its result, major flag and report.", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *idInput) (*struct{ Body DutyLogView }, error) {
		l, es, err := s.d.Duty.Log(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body DutyLogView }{Body: dutyLogView(l, es)}, nil
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "sign-out-duty", Method: http.MethodPost, Path: "/v1/duty/logs/{id}/sign-out", Tags: tags,
		Summary:     "Sign out of your shift",
		Description: "When someone is rostered after you, the handover must be signed by them first (409): their signature ends your duty.",
		Errors:      []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *idInput) (*struct{ Body DutyLogView }, error) {
		l, err := s.d.Duty.SignOut(ctx, me(ctx), in.ID)
		if err != nil {
			return nil, err
		}
		_, es, err := s.d.Duty.Log(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body DutyLogView }{Body: dutyLogView(l, es)}, nil
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "create-duty-log-entry", Method: http.MethodPost, Path: "/v1/duty/logs/{id}/entries", Tags: tags,
		Summary: "Record something in your duty log",
		Description: "An inspection, an incident, a call handled, a leader's instruction; timestamped (at, default now). " +
			"An entry with a result is done, an instruction is passed on at the handover, anything else is carried over until it has a result. " +
			"major: a major incident, which blocks the unit's handover until closed and needs a written report by the end of the next day (a reminder, then the supervisor is told).",
		DefaultStatus: http.StatusCreated, Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *logEntryInput) (*struct{ Body DutyLogEntryView }, error) {
		b := in.Body
		e, err := s.d.Duty.AddLogEntry(ctx, me(ctx), in.ID, duty.NewLogEntry{Kind: b.Kind, Text: b.Text, Result: b.Result, Major: b.Major, At: b.At})
		if err != nil {
			return nil, err
		}
		return &struct{ Body DutyLogEntryView }{Body: logEntryView(e)}, nil
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "update-duty-log-entry", Method: http.MethodPatch, Path: "/v1/duty/log-entries/{id}", Tags: tags,
		Summary: "Change your duty-log entry", Description: "Add the result, or flag it a major incident later; a major incident stays major (409).",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Result *string `json:"result,omitempty" maxLength:"4000"`
			Major  *bool   `json:"major,omitempty"`
		}
	}) (*struct{ Body DutyLogEntryView }, error) {
		e, err := s.d.Duty.UpdateLogEntry(ctx, me(ctx), in.ID, duty.LogEntryChange{Result: in.Body.Result, Major: in.Body.Major})
		if err != nil {
			return nil, err
		}
		return &struct{ Body DutyLogEntryView }{Body: logEntryView(e)}, nil
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "report-duty-incident", Method: http.MethodPost, Path: "/v1/duty/log-entries/{id}/report", Tags: tags,
		Summary: "File the written report of a major incident", Description: "By whoever recorded it, due by the end of the next day (重大事件次日书面报告); filing again rewrites it.",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Report string `json:"report" minLength:"1" maxLength:"20000"`
		}
	}) (*struct{ Body DutyLogEntryView }, error) {
		e, err := s.d.Duty.Report(ctx, me(ctx), in.ID, in.Body.Report)
		if err != nil {
			return nil, err
		}
		return &struct{ Body DutyLogEntryView }{Body: logEntryView(e)}, nil
	})
	handle(api, can(authz.DutyWrite), huma.Operation{
		OperationID: "close-duty-log-entry", Method: http.MethodPost, Path: "/v1/duty/log-entries/{id}/close", Tags: tags,
		Summary: "Close an incident (handled)", Description: "The author or one of their supervisors closes it, with how it was handled. A closed major incident no longer blocks the handover.",
		Errors: []int{http.StatusNotFound, http.StatusConflict},
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" maxLength:"40"`
		Body struct {
			Result string `json:"result,omitempty" maxLength:"4000"`
		}
	}) (*struct{ Body DutyLogEntryView }, error) {
		e, err := s.d.Duty.CloseLogEntry(ctx, me(ctx), in.ID, in.Body.Result)
		if err != nil {
			return nil, err
		}
		return &struct{ Body DutyLogEntryView }{Body: logEntryView(e)}, nil
	})
}
