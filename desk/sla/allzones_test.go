package sla
import ("archive/zip";"testing";"time";"runtime";"strings")
func TestAllZonesTmp(t *testing.T) {
	zr, err := zip.OpenReader(runtime.GOROOT()+"/lib/time/zoneinfo.zip")
	if err != nil { t.Fatal(err) }
	n, bad := 0, 0
	for _, f := range zr.File {
		name := f.Name
		if strings.HasSuffix(name, "/") { continue }
		loc, err := time.LoadLocation(name)
		if err != nil { continue }
		c := &Calendar{loc: loc}
		walk := newWalker(c)
		for x := time.Date(1970,1,1,0,0,0,0,time.UTC); x.Year() < 2045; {
			_, end := x.In(loc).ZoneBounds()
			if end.IsZero() || !end.After(x) { if end.IsZero() {break}; x = x.Add(48*time.Hour); continue }
			d := floorDiv(end.Unix(), secsPerDay)
			for wall := (d - 2) * secsPerDay; wall <= (d+2)*secsPerDay; wall += 900 {
				want := refAt(loc, wall)
				fresh := newWalker(c)
				if g1, g2 := walk.at(wall), fresh.at(wall); g1 != want || g2 != want {
					bad++
					if bad < 10 { t.Errorf("%s: at(%s) walk %s fresh %s ref %s", name, time.Unix(wall,0).UTC().Format("2006-01-02 15:04"), time.Unix(g1,0).In(loc), time.Unix(g2,0).In(loc), time.Unix(want,0).In(loc)) }
				}
				n++
			}
			x = end
		}
	}
	t.Log("checked", n, "bad", bad)
}
