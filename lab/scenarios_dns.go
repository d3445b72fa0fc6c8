package lab

import (
	"crypto/tls"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/dnstest"
	"padlock/probes"
)

// labTXT is the validation value the DNS scenarios expect.
const labTXT = "padlock-lab-2c8f1e0b7d"

// dnsScenarios add the caa and dns-validation deployments: CAA records
// that block a CA, validation records that are missing, stale, doubled or
// out of sync, and resolvers that misbehave.
func dnsScenarios(l *Lab) error {
	// A real resolver answers NOERROR for the TLD; the lab refuses names
	// outside its zone, so answer "test." here (CAA climbs up to the TLD).
	l.HandleDNS("test.", func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.RecursionAvailable = true
		w.WriteMsg(m) //nolint:errcheck
	})
	// The lab zone's nameserver is the lab DNS server itself, so that the
	// dns-validation probe can ask it directly, with recursion off.
	nsIP := l.NextIP()
	l.AddRecord(fmt.Sprintf("%s. 3600 IN NS ns1.%s.", Zone, Zone))
	l.AddAddress("ns1."+Zone, nsIP)
	l.MapPort(nsIP, 53, l.Resolver())

	return addAll(l, caaLabHosts, caaFailingLookups, dnsValidationLabHosts, dnsBeforeSiteHost, dnsTypedQuotesHost, dnsUnsyncedHost, dnsHostileResolvers)
}

// dnsSite adds a host with a working HTTPS site (covering *.name too, for
// wildcard scenarios) so that only the DNS probes have something to say.
func dnsSite(l *Lab, h Host) (string, error) {
	ip := l.NextIP()
	name := l.AddHost(h)
	l.AddAddress(name, ip)
	cert, err := l.IssueLeaf(name, "*."+name)
	if err != nil {
		return "", err
	}
	if err := l.ServeHTTPS(ip, 443, TLSConfig(cert, tls.VersionTLS12, 0), nil); err != nil {
		return "", err
	}
	return name, l.ServeHTTP(ip, 80, RedirectToHTTPS())
}

func expect(pairs ...any) map[string]probes.Status {
	m := map[string]probes.Status{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i].(string)] = pairs[i+1].(probes.Status)
	}
	return m
}

func caaLabHosts(l *Lab) error {
	hosts := []struct {
		host    Host
		records func(name string) []string
	}{
		{
			Host{Name: "caa-other-ca", Summary: "CAA allows only Let's Encrypt; the order is with Sectigo",
				Args: []string{"--ca", "sectigo"}, Expect: expect(probes.IDCAA, probes.Fail)},
			func(n string) []string { return []string{n + `. 300 IN CAA 0 issue "letsencrypt.org"`} },
		},
		{
			Host{Name: "caa-issuewild", Summary: `CAA issue "sectigo.com" but issuewild ";": no wildcard certificate`,
				Args: []string{"--ca", "sectigo", "--wildcard"}, Expect: expect(probes.IDCAA, probes.Fail)},
			func(n string) []string {
				return []string{n + `. 300 IN CAA 0 issue "sectigo.com"`, n + `. 300 IN CAA 0 issuewild ";"`}
			},
		},
		{
			Host{Name: "caa-cname", Summary: "CNAME to a CDN name whose CAA allows only DigiCert",
				Args: []string{"--ca", "sectigo"}, Expect: expect(probes.IDCAA, probes.Fail)},
			nil, // the host name itself becomes the CNAME, below
		},
		{
			Host{Name: "caa-critical", Summary: "CAA set holds an unknown tag with the critical flag",
				Args: []string{"--ca", "sectigo"}, Expect: expect(probes.IDCAA, probes.Fail)},
			func(n string) []string {
				return []string{n + `. 300 IN CAA 0 issue "sectigo.com"`, n + `. 300 IN CAA 128 tbs "policy-2026"`}
			},
		},
		{
			Host{Name: "www.caa-parent", Summary: "no CAA at the name; its parent's CAA allows Sectigo",
				Args: []string{"--ca", "sectigo"}, Expect: expect(probes.IDCAA, probes.Pass)},
			func(n string) []string {
				parent := strings.TrimPrefix(n, "www.")
				return []string{parent + `. 300 IN CAA 0 issue "sectigo.com"`, parent + `. 300 IN CAA 0 iodef "mailto:pki@example.com"`}
			},
		},
	}
	for _, h := range hosts {
		name, err := dnsSite(l, h.host)
		if err != nil {
			return err
		}
		if h.records == nil {
			// The host name is an alias of a CDN name: its address records
			// move to the target, whose CAA allows only DigiCert.
			l.mu.Lock()
			addrs := l.records[name+"."]
			delete(l.records, name+".")
			l.mu.Unlock()
			target := "edge.caa-cdn." + Zone
			l.AddRecord(name + ". 300 IN CNAME " + target + ".")
			for _, rr := range addrs {
				rr = dns.Copy(rr)
				rr.Header().Name = target + "."
				l.AddRecord(rr.String())
			}
			l.AddRecord(target + `. 300 IN CAA 0 issue "digicert.com"`)
			continue
		}
		l.AddRecord(h.records(name)...)
	}
	return nil
}

// caaFailingLookups adds hosts whose CAA lookups fail: a SERVFAIL, and a
// nameserver that silently drops CAA queries (old firewalls and DNS
// software that refuse record types they do not know). Every other
// query type is answered normally.
func caaFailingLookups(l *Lab) error {
	for _, c := range []struct {
		label, summary string
		drop           bool
	}{
		{"caa-servfail", "CAA queries for the name answer SERVFAIL", false},
		{"caa-dropped", "the nameserver drops CAA queries (no answer at all)", true},
	} {
		name, err := dnsSite(l, Host{Name: c.label, Summary: c.summary,
			Args: []string{"--ca", "letsencrypt"}, Expect: expect(probes.IDCAA, probes.Fail)})
		if err != nil {
			return err
		}
		l.mu.Lock()
		zoneData := slices.Clone(l.records[name+"."])
		l.mu.Unlock()
		drop := c.drop
		l.HandleDNS(name, func(w dns.ResponseWriter, req *dns.Msg) {
			m := new(dns.Msg)
			m.SetReply(req)
			m.Authoritative, m.RecursionAvailable = true, true
			if req.Question[0].Qtype == dns.TypeCAA {
				if drop {
					return
				}
				m.Rcode = dns.RcodeServerFailure
				w.WriteMsg(m) //nolint:errcheck
				return
			}
			for _, rr := range zoneData {
				if rr.Header().Rrtype == req.Question[0].Qtype {
					m.Answer = append(m.Answer, dns.Copy(rr))
				}
			}
			w.WriteMsg(m) //nolint:errcheck
		})
	}
	return nil
}

func dnsValidationLabHosts(l *Lab) error {
	// Correct CNAME validation.
	name, err := dnsSite(l, Host{Name: "dns-cname", Summary: "CNAME validation record present and pointing where the CA asked",
		Expect: expect(probes.IDDNSValidation, probes.Pass)})
	if err != nil {
		return err
	}
	target := "dcv.ca-validation." + Zone
	l.AddRecord("_2f9a1c.dns-cname."+Zone+". 300 IN CNAME "+target+".", target+". 300 IN TXT \"ok\"")
	l.setArgs(name, "--dns-cname", "_2f9a1c."+name+"="+target)

	// TXT missing everywhere.
	name, err = dnsSite(l, Host{Name: "dns-missing", Summary: "the validation TXT record was never added",
		Expect: expect(probes.IDDNSValidation, probes.Fail)})
	if err != nil {
		return err
	}
	l.setArgs(name, "--dns-record", "_dnsauth."+name+"="+labTXT)

	// Name doubled by the DNS console.
	name, err = dnsSite(l, Host{Name: "dns-doubled", Summary: "TXT entered as a full name: _dnsauth.<name>.padlock.test",
		Expect: expect(probes.IDDNSValidation, probes.Fail)})
	if err != nil {
		return err
	}
	l.AddRecord(fmt.Sprintf("_dnsauth.%s.%s. 300 IN TXT %q", name, Zone, labTXT))
	l.setArgs(name, "--dns-record", "_dnsauth."+name+"="+labTXT)

	// Edited record: the authoritative server has the new value, a second
	// resolver still has the old one cached for 10 minutes.
	name, err = dnsSite(l, Host{Name: "dns-stale", Summary: "TXT edited: one resolver still caches the old value (TTL 600)",
		Expect: expect(probes.IDDNSValidation, probes.Warn)})
	if err != nil {
		return err
	}
	rec := "_dnsauth." + name
	l.AddRecord(fmt.Sprintf("%s. 300 IN TXT %q", rec, labTXT))
	stale, err := l.startDNSServer(netip.MustParseAddr("127.0.0.1"), forwardExcept(l.Resolver(), rec, fmt.Sprintf("%s. 600 IN TXT %q", rec, "padlock-lab-old-value")))
	if err != nil {
		return err
	}
	l.setArgs(name, "--resolver", stale, "--dns-record", rec+"="+labTXT)
	return nil
}

// dnsUnsyncedHost delegates a sub-zone to two nameservers that are out of
// sync: one has the record (serial 2), the other does not (serial 1).
func dnsUnsyncedHost(l *Lab) error {
	name, err := dnsSite(l, Host{Name: "dns-unsynced", Summary: "two nameservers out of sync: only one has the TXT record",
		Expect: expect(probes.IDDNSValidation, probes.Fail)})
	if err != nil {
		return err
	}
	sub := "zone." + name
	rec := "_dnsauth." + sub
	ipA, ipB := l.NextIP(), l.NextIP()
	base := func(serial int) []string {
		return []string{
			fmt.Sprintf("%s. 300 IN SOA ns-a.%s. hostmaster.%s. %d 7200 900 1209600 60", sub, sub, sub, serial),
			fmt.Sprintf("%s. 300 IN NS ns-a.%s.", sub, sub),
			fmt.Sprintf("%s. 300 IN NS ns-b.%s.", sub, sub),
			fmt.Sprintf("ns-a.%s. 300 IN A %s", sub, ipA),
			fmt.Sprintf("ns-b.%s. 300 IN A %s", sub, ipB),
		}
	}
	zoneA := dnstest.MustZone(sub, append(base(2), fmt.Sprintf("%s. 300 IN TXT %q", rec, labTXT))...)
	zoneB := dnstest.MustZone(sub, base(1)...)
	for ip, z := range map[netip.Addr]*dnstest.Zone{ipA: zoneA, ipB: zoneB} {
		if err := l.ServeDNS(ip, z); err != nil {
			return err
		}
	}
	// The lab resolver, acting as a recursive resolver, answers the
	// sub-zone from the up-to-date server.
	resolverView := dnstest.MustZone(sub, append(base(2), fmt.Sprintf("%s. 300 IN TXT %q", rec, labTXT))...)
	resolverView.Recursion = true
	l.HandleDNS("*."+sub, resolverView.ServeDNS)
	l.setArgs(name, "--dns-record", rec+"="+labTXT)
	return nil
}

// dnsHostileResolvers adds resolvers that never answer or answer garbage:
// the DNS probes still come back, after one DNS timeout, with a verdict.
func dnsHostileResolvers(l *Lab) error {
	name, err := dnsSite(l, Host{Name: "dns-hostile-resolvers", Summary: "extra resolvers: one black hole, one sending garbage, one truncating with TCP closed",
		Expect: expect(probes.IDDNSValidation, probes.Pass, probes.IDCAA, probes.Pass)})
	if err != nil {
		return err
	}
	rec := "_dnsauth." + name
	l.AddRecord(fmt.Sprintf("%s. 300 IN TXT %q", rec, labTXT))
	hole, err := dnstest.StartRaw(func([]byte) []byte { return nil })
	if err != nil {
		return err
	}
	l.OnClose(hole.Close)
	garbage, err := dnstest.StartRaw(func([]byte) []byte { return []byte("\x13\x37 not a DNS message") })
	if err != nil {
		return err
	}
	l.OnClose(garbage.Close)
	trunc, err := dnstest.StartWith(dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Truncated = true
		w.WriteMsg(m) //nolint:errcheck
	}), dnstest.Options{NoTCP: true})
	if err != nil {
		return err
	}
	l.OnClose(trunc.Close)
	l.setArgs(name, "--resolver", hole.Addr, "--resolver", garbage.Addr, "--resolver", trunc.Addr,
		"--dns-record", rec+"="+labTXT)
	return nil
}

// setArgs sets the Args of the host named name.
func (l *Lab) setArgs(name string, args ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.hosts {
		if l.hosts[i].Name == name {
			l.hosts[i].Args = append(l.hosts[i].Args, args...)
		}
	}
}

// forwardExcept is a resolver that answers name's TXT with a cached
// record and forwards everything else to upstream.
func forwardExcept(upstream, name, cached string) dns.Handler {
	rr, err := dns.NewRR(cached)
	if err != nil {
		panic(fmt.Sprintf("lab: bad record %q: %v", cached, err))
	}
	client := &dns.Client{Timeout: 2 * time.Second}
	return dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		if len(req.Question) == 1 && strings.EqualFold(req.Question[0].Name, dns.Fqdn(name)) && req.Question[0].Qtype == dns.TypeTXT {
			m := new(dns.Msg)
			m.SetReply(req)
			m.RecursionAvailable = true
			m.Answer = []dns.RR{dns.Copy(rr)}
			w.WriteMsg(m) //nolint:errcheck
			return
		}
		r, _, err := client.Exchange(req, upstream)
		if err != nil {
			m := new(dns.Msg)
			m.SetRcode(req, dns.RcodeServerFailure)
			w.WriteMsg(m) //nolint:errcheck
			return
		}
		w.WriteMsg(r) //nolint:errcheck
	})
}

// dnsBeforeSiteHost is an order validated by DNS before any server exists:
// the name has no address, the TXT record is in place. padlock says there
// is no site yet and checks only what validation needs.
func dnsBeforeSiteHost(l *Lab) error {
	skip := probes.Skip
	name := l.AddHost(Host{Name: "dns-before-site", Summary: "no server yet (no address); validating by DNS, the TXT record is in place",
		Expect: expect(probes.IDDNSValidation, probes.Pass, probes.IDReachability, skip, probes.IDTLSVersions, skip,
			probes.IDCertificate, skip, probes.IDMixedContent, skip, probes.IDFileValidation, skip, probes.IDCAAccess, skip)})
	l.AddRecord(fmt.Sprintf("_dnsauth.%s. 300 IN TXT %q", name, labTXT))
	l.setArgs(name, "--dns-record", "_dnsauth."+name+"="+labTXT)
	return nil
}

// dnsTypedQuotesHost has its TXT record right, but the value was pasted
// into padlock with the quotes a DNS console shows: padlock says so and
// checks the value the CA would.
func dnsTypedQuotesHost(l *Lab) error {
	name, err := dnsSite(l, Host{Name: "dns-typed-quotes", Summary: "TXT record correct; the value was typed with its quotes",
		Expect: expect(probes.IDDNSValidation, probes.Pass)})
	if err != nil {
		return err
	}
	l.AddRecord(fmt.Sprintf("_dnsauth.%s. 300 IN TXT %q", name, labTXT))
	l.setArgs(name, "--dns-record", "_dnsauth."+name+"=\""+labTXT+"\"")
	return nil
}
