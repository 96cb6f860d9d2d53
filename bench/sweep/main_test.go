package main

import (
	"bytes"
	"image/png"
	"testing"

	"kefu/bench/chart"
	"kefu/bench/loadtest"
)

// One panel per scenario in first-seen order, p50 and p99 against the
// throughput, each point labelled with its worker count; an empty level
// is left out.
func TestPanelsFromPoints(t *testing.T) {
	pts := []point{
		{Scenario: create, Workers: 1, Result: loadtest.Result{Requests: 100, Throughput: 190, P50: 3, P99: 25}},
		{Scenario: create, Workers: 2, Result: loadtest.Result{Requests: 200, Throughput: 280, P50: 4, P99: 42}},
		{Scenario: queue, Workers: 1, Result: loadtest.Result{Requests: 300, Throughput: 800, P50: 1, P99: 5}},
		{Scenario: queue, Workers: 2},
	}
	ps := panels(pts)
	if len(ps) != 2 || ps[0].Title != "Ticket create: POST /v1/tickets" || !ps[1].LogY {
		t.Fatalf("panels %+v", ps)
	}
	c := ps[0].Series
	if len(c) != 2 || c[0].Name != "p50" || c[1].Name != "p99" || !c[1].Dashed {
		t.Fatalf("series %+v", c)
	}
	if c[1].Points[1] != (chart.Point{X: 280, Y: 42, Label: "c2"}) {
		t.Errorf("p99 point %+v", c[1].Points[1])
	}
	if n := len(ps[1].Series[0].Points); n != 1 {
		t.Errorf("queue has %d points, want the empty level left out", n)
	}
	var buf bytes.Buffer
	if err := chart.WritePNG(&buf, "test", ps, chartW, chartH); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil || img.Bounds().Dx() != chartW || img.Bounds().Dy() != chartH {
		t.Fatalf("png %v %v", err, img.Bounds())
	}
}

func TestParseLevels(t *testing.T) {
	got, err := parseLevels("8, 1,2,8,4")
	if err != nil || len(got) != 4 || got[0] != 1 || got[3] != 8 {
		t.Errorf("%v %v", got, err)
	}
	for _, bad := range []string{"", "0", "x", "300"} {
		if _, err := parseLevels(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
