package api_test

import (
	"net/http"
	"testing"
)

// BenchmarkAgentQueue reads the first page (50) of an agent's open queue,
// the bench's agent-queue scenario on a small table: -benchmem and
// -cpuprofile show the Go work per page.
func BenchmarkAgentQueue(b *testing.B) {
	d := newDesk(b, "PT30M", "PT8H", nil)
	for range 60 {
		d.complaint("电梯停运，业主被困")
	}
	if n := len(d.e.Must(http.StatusOK, "GET", "/v1/tickets?assignee_id=me&status=open", d.agentTok, nil).Items()); n != 50 {
		b.Fatalf("first page holds %d tickets, want 50", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		d.e.Must(http.StatusOK, "GET", "/v1/tickets?assignee_id=me&status=open", d.agentTok, nil)
	}
}
