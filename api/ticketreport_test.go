package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"kefu/tenants/tenancy"
)

// The dashboard's ticket figures match a fixture counted by hand: three
// complaints by phone and one inquiry by wechat on two days; one complaint
// answered in time and resolved in time, one left to breach both deadlines.
func TestTicketReportMatchesAHandCountedFixture(t *testing.T) {
	d := newDesk(t, "PT1H", "PT4H", nil)
	t0 := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC) // Monday 10:00 Shanghai
	now := t0
	d.e.App.Now = func() time.Time { return now }
	ctx := tenancy.WithTenant(context.Background(), d.t.ID)

	inTime := d.complaint("按时处理").Str("id")
	late := d.complaint("超时未处理").Str("id")
	now = t0.Add(30 * time.Minute)
	d.e.Must(http.StatusCreated, "POST", "/v1/tickets/"+inTime+"/comments", d.agentTok, map[string]any{"body": "您好，已收到", "public": true})
	now = t0.Add(2 * time.Hour)
	d.e.Must(http.StatusOK, "POST", "/v1/tickets/"+inTime+"/status", d.agentTok, map[string]any{"status": "resolved", "note": "已处理"})
	now = t0.Add(5 * time.Hour)
	if _, err := d.e.App.Tickets.CheckSLA(ctx, late); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(24 * time.Hour) // Tuesday
	d.complaint("次日投诉")
	d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, map[string]any{"type": "inquiry", "channel": "wechat", "subject": "咨询停车", "severity": "major"})

	from, to := "2026-11-16T00:00:00%2B08:00", "2026-11-19T00:00:00%2B08:00"
	r := d.e.Must(http.StatusOK, "GET", "/v1/reports/tickets?from="+from+"&to="+to, d.t.Token, nil).JSON
	wantNum := map[string]float64{"created": 4, "major": 1, "resolved": 1, "resolved_in_time": 1, "resolution_compliance": 1,
		"responded": 1, "responded_in_time": 1, "first_response_compliance": 1}
	for k, v := range wantNum {
		if r[k].(float64) != v {
			t.Errorf("%s = %v, want %v", k, r[k], v)
		}
	}
	counts := func(key string) map[string]float64 {
		out := map[string]float64{}
		for _, c := range asMaps(r[key]) {
			out[c["key"].(string)] = c["count"].(float64)
		}
		return out
	}
	if got := counts("by_channel"); got["phone"] != 3 || got["wechat"] != 1 || len(got) != 2 {
		t.Errorf("by channel %v", got)
	}
	if got := counts("by_type"); got["complaint"] != 3 || got["inquiry"] != 1 || len(got) != 2 {
		t.Errorf("by type %v", got)
	}
	if got := counts("by_day"); len(got) != 3 || got["2026-11-16"] != 2 || got["2026-11-17"] != 2 || got["2026-11-18"] != 0 {
		t.Errorf("by day %v", got)
	}
	backlog := map[string][2]float64{}
	for _, b := range asMaps(r["backlog"]) {
		unit, _ := b["unit_id"].(string)
		backlog[unit] = [2]float64{b["open"].(float64), b["breached"].(float64)}
	}
	if backlog[d.groupA1] != [2]float64{2, 1} || backlog[""] != [2]float64{1, 0} {
		t.Errorf("backlog %v", backlog)
	}
	// Limited to another department's subtree, nothing is counted.
	if n := d.e.Must(http.StatusOK, "GET", "/v1/reports/tickets?from="+from+"&to="+to+"&unit_id="+d.deptB, d.t.Token, nil).JSON["created"]; n.(float64) != 0 {
		t.Errorf("dept B created %v", n)
	}
	d.e.Must(http.StatusUnprocessableEntity, "GET", "/v1/reports/tickets?from="+to+"&to="+from, d.t.Token, nil)
	d.e.Must(http.StatusUnprocessableEntity, "GET", "/v1/reports/tickets?from=2025-01-01T00:00:00Z&to=2026-11-19T00:00:00Z", d.t.Token, nil)
	d.e.Must(http.StatusForbidden, "GET", "/v1/reports/tickets?from="+from+"&to="+to, d.agentTok, nil)
}
