// Package chart draws the benchmarks' latency-vs-load charts as PNG:
// panels side by side, each with lines of labelled points (one line per
// percentile, one point per load level), axis labels, a grid and a legend.
package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// dpi scales text and lines: at 144 a 1600-pixel-wide chart is 11.1
// inches, so 11-point text stays readable when the image is shown whole.
const dpi = 144

// Point is one measurement: X (e.g. throughput) against Y (e.g. latency),
// with a short label drawn beside it (e.g. "c8" for eight workers).
type Point struct {
	X, Y  float64
	Label string
}

// Series is one line of points, named in the legend.
type Series struct {
	Name   string
	Points []Point
	// Dashed draws the line dashed, to tell e.g. p99 from p50 apart
	// without relying on colour alone.
	Dashed bool
}

// Panel is one plot: a title, axis labels and its series.
type Panel struct {
	Title, XLabel, YLabel string
	Series                []Series
	// LogY puts Y on a log scale (ticks at 1, 2, 5 × 10ⁿ), so a p50 of
	// 2 ms and a p99 of 700 ms are both legible; Y values must be > 0.
	LogY bool
}

// palette is colour-blind safe (Okabe–Ito).
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // bluish green
	color.RGBA{204, 121, 167, 255}, // reddish purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
}

// WritePNG draws the panels side by side under title into a width×height
// pixel PNG.
func WritePNG(w io.Writer, title string, panels []Panel, width, height int) error {
	if len(panels) == 0 {
		return errors.New("chart: no panels")
	}
	if width < 200 || height < 150 {
		return fmt.Errorf("chart: %d×%d pixels is too small", width, height)
	}
	row := make([]*plot.Plot, len(panels))
	for i, p := range panels {
		pl, err := panelPlot(p)
		if err != nil {
			return fmt.Errorf("chart: panel %q: %w", p.Title, err)
		}
		row[i] = pl
	}
	inch := func(px int) vg.Length { return vg.Length(px) * vg.Inch / dpi }
	img := vgimg.NewWith(vgimg.UseWH(inch(width), inch(height)), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)

	head := draw.TextStyle{Color: color.Black, Font: font.From(plot.DefaultFont, 14), XAlign: draw.XCenter, YAlign: draw.YTop,
		Handler: plot.DefaultTextHandler}
	dc.FillText(head, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - 4*vg.Millimeter}, title)

	tiles := draw.Tiles{Rows: 1, Cols: len(panels), PadTop: 14 * vg.Millimeter, PadBottom: 2 * vg.Millimeter,
		PadLeft: 2 * vg.Millimeter, PadRight: 4 * vg.Millimeter, PadX: 8 * vg.Millimeter}
	canvases := plot.Align([][]*plot.Plot{row}, tiles, dc)
	for i, pl := range row {
		pl.Draw(canvases[0][i])
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(w); err != nil {
		return fmt.Errorf("chart: write png: %w", err)
	}
	return nil
}

// panelPlot builds one panel: both axes from zero, a grid, a line with
// point markers per series, the points' labels and a legend at top left.
func panelPlot(p Panel) (*plot.Plot, error) {
	pl := plot.New()
	pl.Title.Text = p.Title
	pl.Title.TextStyle.Font.Size = 12
	pl.X.Label.Text, pl.Y.Label.Text = p.XLabel, p.YLabel
	pl.X.Label.TextStyle.Font.Size, pl.Y.Label.TextStyle.Font.Size = 11, 11
	pl.X.Tick.Label.Font.Size, pl.Y.Tick.Label.Font.Size = 10, 10
	pl.X.Min, pl.Y.Min = 0, 0
	pl.X.Tick.Marker = plot.TickerFunc(plainTicks)
	pl.Y.Tick.Marker = plot.TickerFunc(plainTicks)
	pl.Legend.Top, pl.Legend.Left = true, true
	pl.Legend.TextStyle.Font.Size = 10
	pl.Legend.Padding = vg.Millimeter
	pl.Add(plotter.NewGrid())

	maxX, maxY, minY := 0.0, 0.0, math.Inf(1)
	for i, s := range p.Series {
		if len(s.Points) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(s.Points))
		labels := make([]string, len(s.Points))
		for j, pt := range s.Points {
			if math.IsNaN(pt.X) || math.IsNaN(pt.Y) || math.IsInf(pt.X, 0) || math.IsInf(pt.Y, 0) {
				return nil, fmt.Errorf("series %q point %d is not a finite number", s.Name, j)
			}
			if p.LogY && pt.Y <= 0 {
				return nil, fmt.Errorf("series %q point %d: %v cannot go on a log scale", s.Name, j, pt.Y)
			}
			xys[j] = plotter.XY{X: pt.X, Y: pt.Y}
			labels[j] = pt.Label
			maxX, maxY, minY = math.Max(maxX, pt.X), math.Max(maxY, pt.Y), math.Min(minY, pt.Y)
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, err
		}
		c := palette[i%len(palette)]
		line.Color, line.Width = c, vg.Points(1.5)
		if s.Dashed {
			line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		points.Color, points.Radius = c, vg.Points(2.5)
		points.Shape = draw.CircleGlyph{}
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err != nil {
			return nil, err
		}
		for k := range lab.TextStyle {
			lab.TextStyle[k].Color = c
			lab.TextStyle[k].Font.Size = 8
		}
		lab.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
		pl.Add(line, points, lab)
		pl.Legend.Add(s.Name, line, points)
	}
	// Headroom above and right of the data for the labels and the legend.
	pl.X.Max = niceCeil(maxX * 1.12)
	pl.Y.Max = niceCeil(maxY * 1.25)
	if p.LogY {
		if math.IsInf(minY, 1) {
			minY, maxY = 1, 10
		}
		pl.Y.Scale = plot.LogScale{}
		pl.Y.Tick.Marker = plot.TickerFunc(logTicks)
		pl.Y.Min = niceFloor(minY / 1.2)
		pl.Y.Max = niceCeil(maxY * 1.5)
	}
	return pl, nil
}

// plainTicks are gonum's default ticks labelled without trailing zeros
// ("250", not "250.00").
func plainTicks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'f', -1, 64)
		}
	}
	return ts
}

// logTicks marks every m × 10ⁿ (m = 1…9) in [lo, hi] and labels 1, 2
// and 5 × 10ⁿ.
func logTicks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, e)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'f', max(0, int(-e)), 64)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// niceFloor rounds x > 0 down to 1, 2 or 5 times a power of ten.
func niceFloor(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{5, 2, 1} {
		if x >= m*p*(1-1e-12) {
			return m * p
		}
	}
	return p
}

// niceCeil rounds x up to 1, 2 or 5 times a power of ten (1 for x ≤ 0),
// so the axes end on a round number.
func niceCeil(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if x <= m*p*(1+1e-12) {
			return m * p
		}
	}
	return 10 * p
}
