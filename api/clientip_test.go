package api

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIPBelievesOnlyTrustedProxies(t *testing.T) {
	lb := mustProxies(t, "10.0.0.0/8, 192.0.2.1")
	cases := []struct {
		name, peer string
		xff        []string
		trusted    bool
		want       string
	}{
		{"no proxies configured: the peer, whatever the header says", "198.51.100.9:4000", []string{"203.0.113.7"}, false, "198.51.100.9"},
		{"an untrusted peer cannot name another client", "198.51.100.9:4000", []string{"203.0.113.7"}, true, "198.51.100.9"},
		{"the load balancer names the client", "10.1.2.3:4000", []string{"203.0.113.7"}, true, "203.0.113.7"},
		{"a forged hop left of the client is ignored", "10.1.2.3:4000", []string{"1.2.3.4, 203.0.113.7"}, true, "203.0.113.7"},
		{"two proxies in a row, one header each", "10.1.2.3:4000", []string{"203.0.113.7", "192.0.2.1"}, true, "203.0.113.7"},
		{"two proxies in one header", "10.1.2.3:4000", []string{"203.0.113.7, 10.9.9.9"}, true, "203.0.113.7"},
		{"garbage stops the walk at the last good hop", "10.1.2.3:4000", []string{"203.0.113.7, not-an-ip"}, true, "10.1.2.3"},
		{"no header: the proxy itself (a health check)", "10.1.2.3:4000", nil, true, "10.1.2.3"},
		{"only proxies in the chain: the leftmost", "10.1.2.3:4000", []string{"10.4.4.4"}, true, "10.4.4.4"},
		{"IPv6 client", "10.1.2.3:4000", []string{"2001:db8::1"}, true, "2001:db8::1"},
		{"IPv4-mapped IPv6 peer counts as IPv4", "[::ffff:10.1.2.3]:4000", []string{"203.0.113.7"}, true, "203.0.113.7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/v1/me", nil)
			r.RemoteAddr = c.peer
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			trusted := lb
			if !c.trusted {
				trusted = nil
			}
			if got := clientIP(r, trusted); got != c.want {
				t.Fatalf("clientIP = %q, want %q", got, c.want)
			}
		})
	}
}

func TestParseProxiesRefusesWhatIsNoAddress(t *testing.T) {
	got := mustProxies(t, " 10.0.0.0/8 ,,192.0.2.1, 2001:db8::/32, 10.1.2.3/8")
	want := []string{"10.0.0.0/8", "192.0.2.1/32", "2001:db8::/32", "10.0.0.0/8"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if p, err := ParseProxies(""); err != nil || len(p) != 0 {
		t.Fatalf("empty: %v, %v", p, err)
	}
	for _, bad := range []string{"lb.internal", "10.0.0.0/33", "10.0.0.1:80"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func mustProxies(t *testing.T, s string) []netip.Prefix {
	t.Helper()
	p, err := ParseProxies(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
