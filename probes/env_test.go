package probes

import (
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/miekg/dns"
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

// TestLookupAddrsOneFamilyFails: a name whose A lookup works while its
// AAAA lookup fails (SERVFAIL, or no answer at all, as from servers that
// drop AAAA queries) still resolves to its IPv4 addresses, as it does for
// browsers; only when neither family gives an address is it an error.
func TestLookupAddrsOneFamilyFails(t *testing.T) {
	v4 := netip.MustParseAddr("127.0.0.7")
	handler := func(aaaa func(w dns.ResponseWriter, r *dns.Msg)) dns.Handler {
		return handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
			q := r.Question[0]
			switch {
			case q.Qtype == dns.TypeAAAA:
				aaaa(w, r)
			case q.Name == "v4.test.":
				m := new(dns.Msg)
				m.SetReply(r)
				m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: v4.AsSlice()})
				w.WriteMsg(m) //nolint:errcheck
			default:
				m := new(dns.Msg)
				m.SetRcode(r, dns.RcodeServerFailure)
				w.WriteMsg(m) //nolint:errcheck
			}
		})
	}
	servfail := func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetRcode(r, dns.RcodeServerFailure)
		w.WriteMsg(m) //nolint:errcheck
	}
	silent := func(dns.ResponseWriter, *dns.Msg) {}
	for _, tt := range []struct {
		name    string
		aaaa    func(w dns.ResponseWriter, r *dns.Msg)
		host    string
		want    []netip.Addr
		wantErr error
	}{
		{name: "AAAA SERVFAIL", aaaa: servfail, host: "v4.test", want: []netip.Addr{v4}},
		{name: "AAAA unanswered", aaaa: silent, host: "v4.test", want: []netip.Addr{v4}},
		{name: "both SERVFAIL", aaaa: servfail, host: "broken.test", wantErr: ErrServFail},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := dnsEnv(startDNS(t, handler(tt.aaaa)))
			got, err := env.LookupAddrs(t.Context(), tt.host)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("LookupAddrs = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
