package dnstest

import (
	"testing"
	"time"

	"github.com/miekg/dns"
)

func query(t *testing.T, netw, addr, name string, qtype uint16) (*dns.Msg, error) {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	c := &dns.Client{Net: netw, Timeout: time.Second}
	r, _, err := c.Exchange(m, addr)
	return r, err
}

func TestZone(t *testing.T) {
	z := MustZone("example.test.",
		"example.test. 300 IN SOA ns.example.test. h.example.test. 1 2 3 4 60",
		"www 300 IN CNAME web",
		"web 300 IN A 192.0.2.1",
		"*.wild 300 IN TXT \"from the wildcard\"",
		"deep.sub 300 IN A 192.0.2.2",
	)
	s, err := Start(z)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		name    string
		qtype   uint16
		rcode   int
		answers int
	}{
		{"www.example.test", dns.TypeA, dns.RcodeSuccess, 2}, // CNAME + A
		{"x.wild.example.test", dns.TypeTXT, dns.RcodeSuccess, 1},
		{"nope.example.test", dns.TypeA, dns.RcodeNameError, 0},
		{"sub.example.test", dns.TypeA, dns.RcodeSuccess, 0}, // empty non-terminal
		{"other.test", dns.TypeA, dns.RcodeRefused, 0},
	} {
		for _, netw := range []string{"udp", "tcp"} {
			r, err := query(t, netw, s.Addr, tc.name, tc.qtype)
			if err != nil {
				t.Fatalf("%s %s: %v", netw, tc.name, err)
			}
			if r.Rcode != tc.rcode || len(r.Answer) != tc.answers {
				t.Errorf("%s %s: rcode %d answers %d, want %d %d", netw, tc.name, r.Rcode, len(r.Answer), tc.rcode, tc.answers)
			}
		}
	}
}

func TestNoTCP(t *testing.T) {
	s, err := StartWith(MustZone("example.test."), Options{NoTCP: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := query(t, "tcp", s.Addr, "example.test", dns.TypeA); err == nil {
		t.Error("TCP query succeeded on a server without TCP")
	}
}
