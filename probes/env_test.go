package probes

import (
	"net/netip"
	"testing"
)

func TestParseConnectTo(t *testing.T) {
	tests := []struct {
		in   string
		want ConnectTo
	}{
		{"example.com:443:127.0.0.1:8443", ConnectTo{"example.com", 443, "127.0.0.1", 8443}},
		{"::127.0.0.1:", ConnectTo{"", 0, "127.0.0.1", 0}},
		{"[::1]:443:[::1]:8443", ConnectTo{"::1", 443, "::1", 8443}},
		{"Example.COM.:80:other:8080", ConnectTo{"example.com", 80, "other", 8080}},
	}
	for _, tt := range tests {
		got, err := ParseConnectTo(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseConnectTo(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "a:b", "a:1:b", "a:1:b:2:c", "a:x:b:1", "a:1:b:99999", "[::1:443:a:1"} {
		if _, err := ParseConnectTo(bad); err == nil {
			t.Errorf("ParseConnectTo(%q) accepted", bad)
		}
	}
	if s := (ConnectTo{"::1", 443, "::1", 8443}).String(); s != "[::1]:443:[::1]:8443" {
		t.Errorf("String = %q", s)
	}
}

func TestRoute(t *testing.T) {
	env := &Env{ConnectTo: []ConnectTo{
		{Host: "site.test", Port: 443, ToHost: "127.0.0.9", ToPort: 9443},
		{Host: "127.0.0.10", Port: 443, ToHost: "127.0.0.10", ToPort: 40000},
		{Host: "127.0.0.53", Port: 53, ToHost: "127.0.0.1", ToPort: 5353},
	}}
	ap := func(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }
	tests := []struct {
		host string
		addr netip.AddrPort
		want string
		rule bool
	}{
		{"site.test", ap("192.0.2.1:443"), "127.0.0.9:9443", true},
		{"site.test", ap("192.0.2.1:80"), "192.0.2.1:80", false},
		{"other.test", ap("127.0.0.10:443"), "127.0.0.10:40000", true},
		{"", ap("127.0.0.53:53"), "127.0.0.1:5353", true},
		{"other.test", ap("127.0.0.11:443"), "127.0.0.11:443", false},
	}
	for _, tt := range tests {
		got, rule := env.Route(tt.host, tt.addr)
		if got != tt.want || (rule != nil) != tt.rule {
			t.Errorf("Route(%q, %s) = %q, %v; want %q, rule %v", tt.host, tt.addr, got, rule, tt.want, tt.rule)
		}
	}
}

func TestUsedConnectTo(t *testing.T) {
	base := &Env{ConnectTo: []ConnectTo{
		{Host: "a.test", Port: 443, ToHost: "127.0.0.1", ToPort: 1},
		{Host: "b.test", Port: 443, ToHost: "127.0.0.1", ToPort: 2},
	}}
	env := base.ForRun()
	env.Route("b.test", netip.MustParseAddrPort("192.0.2.1:443"))
	env.Route("c.test", netip.MustParseAddrPort("192.0.2.1:443"))
	if got := env.UsedConnectTo(); len(got) != 1 || got[0].Host != "b.test" {
		t.Errorf("UsedConnectTo = %v, want only the b.test rule", got)
	}
	if got := base.UsedConnectTo(); len(got) != 2 {
		t.Errorf("without ForRun UsedConnectTo = %v, want every rule", got)
	}
}
