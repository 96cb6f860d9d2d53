package main

import (
	"testing"
	"time"
)

func TestParseProcStat(t *testing.T) {
	busy, total, err := parseProcStat("cpu  252986 10 92226 408023 2129 5 4374 7 0 0")
	if err != nil {
		t.Fatal(err)
	}
	if wantBusy := uint64(252986 + 10 + 92226 + 5 + 4374 + 7); busy != wantBusy || total != wantBusy+408023+2129 {
		t.Errorf("busy %d total %d", busy, total)
	}
	for _, bad := range []string{"cpu0 1 2 3 4 5 6 7 8", "cpu 1 2 x 4 5 6 7 8", "intr 1"} {
		if _, _, err := parseProcStat(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestUseSplitsCPUPerRequest(t *testing.T) {
	a := cpuSample{self: time.Second, pg: map[int]uint64{10: 100, 11: 50}, busy: 1000, total: 4000}
	// 2 s of this process, 1.5 s of backends (one new), 4 s busy of 8 s.
	b := cpuSample{self: 3 * time.Second, pg: map[int]uint64{10: 200, 11: 50, 12: 50}, busy: 1400, total: 4800}
	u := use(a, b, 1000)
	if u.SelfMSPerReq != 2 || u.PGMSPerReq != 1.5 || u.OtherMSPerReq != 0.5 || u.BusyPercent != 50 {
		t.Errorf("use = %+v", u)
	}
	if u := use(a, b, 0); u != (cpuUse{}) {
		t.Errorf("no requests gave %+v", u)
	}
	// Without /proc/stat the machine figures stay zero.
	if u := use(cpuSample{}, cpuSample{self: time.Second}, 10); u.SelfMSPerReq != 100 || u.BusyPercent != 0 || u.OtherMSPerReq != 0 {
		t.Errorf("without /proc/stat: %+v", u)
	}
}

func TestClassifyAndProfile(t *testing.T) {
	for _, c := range []struct{ state, wtype, wevent, want string }{
		{"active", "", "", "running (CPU)"},
		{"active", "Lock", "transactionid", "Lock:transactionid"},
		{"idle in transaction", "Client", "ClientRead", "idle in transaction (the app's turn)"},
		{"active", "IO", "WALSync", "IO:WALSync"},
		{"fastpath function call", "", "", "fastpath function call"},
	} {
		if got := classify(c.state, c.wtype, c.wevent); got != c.want {
			t.Errorf("classify(%q, %q, %q) = %q", c.state, c.wtype, c.wevent, got)
		}
	}
	p := profile(map[string]int{"running (CPU)": 1, "Lock:transactionid": 3}, 2, 4)
	if p.Samples != 2 || p.MeanBusy != 2 || len(p.Shares) != 2 || p.Shares[0] != (waitShare{"Lock:transactionid", 75}) {
		t.Errorf("profile %+v", p)
	}
	if p := profile(map[string]int{}, 0, 0); p.MeanBusy != 0 || len(p.Shares) != 0 {
		t.Errorf("empty profile %+v", p)
	}
}

func TestParseNetTCP(t *testing.T) {
	content := `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 6804 1 0000000091ecf4d2 100 0 0 10 0
   1: 0100007F:C350 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 7001 1 00000000871c46bb 20 4 30 10 -1
   2: 0100007F:C351 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 7002 1 00000000871c46bb 20 4 30 10 -1
   3: 0100007F:C352 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 7003 1 00000000871c46bb 20 4 30 10 -1
`
	got := parseNetTCP(content, map[uint64]bool{7001: true, 7003: true, 6804: true}, 5432)
	if len(got) != 1 || got[0] != 0xC350 {
		t.Errorf("ports %v, want [%d]: only our socket to 5432", got, 0xC350)
	}
}

func TestParsePidStat(t *testing.T) {
	ticks, err := parsePidStat("2200 (postgres: bench) S 1 2200 2200 0 -1 4194560 2113 0 0 0 57 31 0 0 20 0 1 0 3542 226881536 7042")
	if err != nil || ticks != 88 {
		t.Errorf("ticks %d, %v; want 57+31", ticks, err)
	}
	if _, err := parsePidStat("garbage"); err == nil {
		t.Error("garbage accepted")
	}
}
