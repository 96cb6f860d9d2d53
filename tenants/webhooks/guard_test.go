package webhooks_test

import (
	"context"
	"errors"
	"net/netip"
	"testing"

	"kefu/tenants/webhooks"
)

func TestGuardRefusesInternalAddresses(t *testing.T) {
	for _, ip := range []string{
		"127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
		"169.254.169.254", "fe80::1", "fd00:ec2::254", "fc00::5", "100.64.0.1", "100.100.100.200",
		"0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
		"64:ff9b::a00:1",
	} {
		if webhooks.AllowedIP(netip.MustParseAddr(ip)) {
			t.Errorf("%s is allowed", ip)
		}
	}
	for _, ip := range []string{"8.8.8.8", "203.0.113.10", "172.32.0.1", "100.128.0.1", "2606:4700::1111"} {
		if !webhooks.AllowedIP(netip.MustParseAddr(ip)) {
			t.Errorf("%s is refused", ip)
		}
	}
}

func TestCheckURL(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		url          string
		allowPrivate bool
		ok           bool
		forbidden    bool
	}{
		{"https://203.0.113.10/hook", false, true, false},
		{"http://203.0.113.10:8080/hook?x=1", false, true, false},
		{"ftp://203.0.113.10/hook", false, false, false},
		{"/relative/hook", false, false, false},
		{"https://", false, false, false},
		{"mailto:ops@example.com", false, false, false},
		{"https://user:pass@203.0.113.10/hook", false, false, false},
		{"http://127.0.0.1:9000/hook", false, false, true},
		{"http://[::1]/hook", false, false, true},
		{"http://localhost/hook", false, false, true},
		{"http://api.localhost./hook", false, false, true},
		{"http://169.254.169.254/latest/meta-data", false, false, true},
		{"http://10.0.0.8/hook", false, false, true},
		{"http://[fd00:ec2::254]/", false, false, true},
		{"http://100.100.100.200/", false, false, true},
		{"http://127.0.0.1:9000/hook", true, true, false},
		{"http://localhost/hook", true, true, false},
		{"ftp://127.0.0.1/hook", true, false, false},
	}
	for _, c := range cases {
		err := webhooks.CheckURL(ctx, c.url, c.allowPrivate)
		if c.ok != (err == nil) || c.forbidden != errors.Is(err, webhooks.ErrForbiddenAddress) {
			t.Errorf("CheckURL(%q, allowPrivate=%v) = %v", c.url, c.allowPrivate, err)
		}
	}
}
