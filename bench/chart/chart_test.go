package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strings"
	"testing"
)

func samplePanels() []Panel {
	pts := func(ys ...float64) []Point {
		var out []Point
		for i, y := range ys {
			out = append(out, Point{X: float64(400 * (i + 1)), Y: y, Label: "c" + string(rune('1'+i))})
		}
		return out
	}
	return []Panel{
		{Title: "Agent queue", XLabel: "throughput (req/s)", YLabel: "latency (ms)", Series: []Series{
			{Name: "p50", Points: pts(1, 1.3, 2.5, 4.4)}, {Name: "p99", Points: pts(5, 6.5, 11, 18), Dashed: true}}},
		{Title: "Ticket create", XLabel: "throughput (req/s)", YLabel: "latency (ms)", Series: []Series{
			{Name: "p50", Points: pts(4, 6, 9, 15)}, {Name: "p99", Points: pts(12, 20, 40, 76), Dashed: true}}},
	}
}

// The chart is a PNG of exactly the size asked, drawn on white, with
// the series' colours actually on it.
func TestWritePNGDecodesAtSize(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePNG(&buf, "Latency vs load", samplePanels(), 1600, 700); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 700 {
		t.Fatalf("size %dx%d, want 1600x700", b.Dx(), b.Dy())
	}
	if !near(img.At(2, 2), color.White) {
		t.Errorf("corner %v, want a white background", img.At(2, 2))
	}
	for i, want := range palette[:2] {
		if count(img, want) < 200 {
			t.Errorf("series %d's colour %v barely appears (%d pixels)", i, want, count(img, want))
		}
	}
	if os.Getenv("CHART_SAMPLE") != "" {
		_ = os.WriteFile(os.Getenv("CHART_SAMPLE"), buf.Bytes(), 0o644)
	}
}

func TestWritePNGRejectsBadInput(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePNG(&buf, "x", nil, 800, 600); err == nil {
		t.Error("no panels accepted")
	}
	if err := WritePNG(&buf, "x", samplePanels(), 100, 50); err == nil {
		t.Error("tiny size accepted")
	}
	bad := []Panel{{Title: "p", Series: []Series{{Name: "s", Points: []Point{{X: 1, Y: math.NaN()}}}}}}
	if err := WritePNG(&buf, "x", bad, 800, 600); err == nil {
		t.Error("NaN accepted")
	}
}

// A log-scale panel renders, labels 1-2-5 ticks and refuses zero.
func TestLogPanel(t *testing.T) {
	p := samplePanels()
	for i := range p {
		p[i].LogY = true
	}
	var buf bytes.Buffer
	if err := WritePNG(&buf, "log", p, 1200, 500); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&buf); err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, tk := range logTicks(0.5, 200) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got := strings.Join(labels, " "); got != "0.5 1 2 5 10 20 50 100 200" {
		t.Errorf("log tick labels %q", got)
	}
	p[0].Series[0].Points[0].Y = 0
	if err := WritePNG(&buf, "log", p, 1200, 500); err == nil {
		t.Error("zero on a log scale accepted")
	}
}

func TestNiceFloor(t *testing.T) {
	for x, want := range map[float64]float64{0.7: 0.5, 1: 1, 1.9: 1, 2.2: 2, 4: 2, 5: 5, 9: 5, 12: 10} {
		if got := niceFloor(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("niceFloor(%v) = %v, want %v", x, got, want)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	for x, want := range map[float64]float64{0: 1, -3: 1, 0.7: 1, 1: 1, 1.1: 2, 2.2: 2.5, 3: 5, 7: 10, 10: 10, 12: 20, 240: 250, 1800: 2000} {
		if got := niceCeil(x); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", x, got, want)
		}
	}
}

func near(c, want color.Color) bool {
	r, g, b, _ := c.RGBA()
	wr, wg, wb, _ := want.RGBA()
	d := func(a, b uint32) uint32 {
		if a > b {
			return a - b
		}
		return b - a
	}
	return d(r, wr) < 0x0800 && d(g, wg) < 0x0800 && d(b, wb) < 0x0800
}

func count(img image.Image, c color.Color) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), c) {
				n++
			}
		}
	}
	return n
}
