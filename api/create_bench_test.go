package api_test

import (
	"context"
	"net/http"
	"testing"

	"kefu/desk/tickets"
	"kefu/tenants/tenancy"
)

// BenchmarkTicketCreate files the bench's ticket (a complaint by phone,
// assigned, with a unit, under an SLA policy) one after another: through
// the HTTP API, and straight through tickets.Service, so the two differ by
// what HTTP, the session check and the JSON cost; -benchmem shows the Go
// work per create. On PostgreSQL (KEFU_TEST_DATABASE_URL) each create
// after the first takes one round trip.
func BenchmarkTicketCreate(b *testing.B) {
	d := newDesk(b, "PT30M", "PT8H", nil)
	body := map[string]any{"type": "complaint", "channel": "phone", "subject": "电梯停运，业主被困",
		"description": "业主来电：3 号楼 2 单元电梯停在 7 层，门打不开，请尽快派人处理。",
		"assignee_id": d.agent, "unit_id": d.groupA1}
	d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, body)
	b.Run("http", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.e.Must(http.StatusCreated, "POST", "/v1/tickets", d.t.Token, body)
		}
	})
	b.Run("service", func(b *testing.B) {
		ctx := tenancy.WithViewer(context.Background(), tenancy.Viewer{TenantID: d.t.ID, ActorType: tenancy.ActorUser, ActorID: d.t.DirectorID})
		in := tickets.NewTicket{Type: "complaint", Channel: "phone", Subject: body["subject"].(string),
			Description: body["description"].(string), AssigneeID: d.agent, UnitID: d.groupA1}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.e.App.Tickets.Create(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
