// The dns-validation probe's queries: finding the zone and its nameservers,
// asking each authoritative server and each resolver, and reading TXT and
// CNAME answers.

package probes

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// findZone finds the zone cut above c.name (the owner of the SOA the
// resolvers return) and its nameservers' addresses.
func (c *checker) findZone(ctx context.Context) (string, []Nameserver, error) {
	zone := ""
	for _, name := range climbNames(c.name) {
		m, _, err := lookupAny(ctx, c.env, name, dns.TypeSOA)
		if err != nil {
			return "", nil, fmt.Errorf("finding the zone of %s: %w", c.name, err)
		}
		if z := soaOwner(m, name); z != "" {
			zone = z
			break
		}
		if ctx.Err() != nil {
			return "", nil, context.Cause(ctx)
		}
	}
	if zone == "" {
		return "", nil, fmt.Errorf("no SOA record found above %s", c.name)
	}
	m, _, err := lookupAny(ctx, c.env, zone, dns.TypeNS)
	if err != nil {
		return zone, nil, fmt.Errorf("NS of %s: %w", zone, err)
	}
	glue := map[string][]string{}
	for _, rr := range m.Extra {
		n := strings.ToLower(strings.TrimSuffix(rr.Header().Name, "."))
		for _, a := range AddrsOf(&dns.Msg{Answer: []dns.RR{rr}}) {
			glue[n] = append(glue[n], netip.AddrPortFrom(a, 53).String())
		}
	}
	var nss []Nameserver
	for _, rr := range m.Answer {
		if ns, ok := rr.(*dns.NS); ok && strings.EqualFold(ns.Hdr.Name, dns.Fqdn(zone)) {
			nss = append(nss, Nameserver{Name: strings.ToLower(strings.TrimSuffix(ns.Ns, "."))})
		}
	}
	if len(nss) == 0 {
		return zone, nil, fmt.Errorf("zone %s has no NS records", zone)
	}
	slices.SortFunc(nss, func(a, b Nameserver) int { return strings.Compare(a.Name, b.Name) })
	// Every nameserver's A and AAAA at once (glue when the NS answer had it).
	found := make([][2][]netip.Addr, len(nss))
	var tasks []func()
	maxAddrs := c.env.limits().MaxAddresses
	for i := range nss {
		if g := glue[nss[i].Name]; len(g) > 0 {
			if maxAddrs > 0 && len(g) > maxAddrs {
				g = g[:maxAddrs]
			}
			nss[i].Addrs = g
			continue
		}
		for j, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
			tasks = append(tasks, func() {
				if m, _, err := lookupAny(ctx, c.env, nss[i].Name, qt); err == nil {
					found[i][j] = AddrsOf(m)
				}
			})
		}
	}
	runBounded(c.env.limits().Workers, tasks)
	for i := range nss {
		for _, a := range slices.Concat(found[i][0], found[i][1]) {
			if maxAddrs > 0 && len(nss[i].Addrs) >= maxAddrs {
				break
			}
			nss[i].Addrs = append(nss[i].Addrs, netip.AddrPortFrom(a, 53).String())
		}
	}
	for _, ns := range nss {
		if len(ns.Addrs) > 0 {
			return zone, nss, nil
		}
	}
	return zone, nss, fmt.Errorf("no address found for the nameservers of %s", zone)
}

// soaOwner returns the owner of an SOA in m's answer or authority section
// that name lies under.
func soaOwner(m *dns.Msg, name string) string {
	if m.Rcode != dns.RcodeSuccess && m.Rcode != dns.RcodeNameError {
		return ""
	}
	for _, rr := range slices.Concat(m.Answer, m.Ns) {
		if soa, ok := rr.(*dns.SOA); ok && dns.IsSubDomain(soa.Hdr.Name, dns.Fqdn(name)) {
			return strings.ToLower(strings.TrimSuffix(soa.Hdr.Name, "."))
		}
	}
	return ""
}

// ask queries one server for the record (and an authoritative one for the
// zone's SOA serial).
func (c *checker) ask(ctx context.Context, s server, zone string) ServerAnswer {
	recurse := s.role == roleResolver
	a := ServerAnswer{Server: s.name, Addr: s.addr, Role: s.role}
	a.Dig = digCommand(s.addr, map[bool]string{true: "", false: s.name}[recurse], c.name, dns.TypeToString[c.qtype], recurse)
	client := c.env.DNS()
	var serial sync.WaitGroup
	if !recurse && zone != "" {
		serial.Go(func() { // the zone's serial, asked beside the record
			if soa, err := client.Query(ctx, s.addr, zone, dns.TypeSOA, false); err == nil {
				for _, rr := range soa.Answer {
					if s, ok := rr.(*dns.SOA); ok {
						a.Serial = s.Serial
					}
				}
			}
		})
	}
	m, err := client.Query(ctx, s.addr, c.name, c.qtype, recurse)
	serial.Wait()
	if err != nil {
		a.Status, a.Error = answerError, err.Error()
		return a
	}
	c.read(ctx, &a, m)
	return a
}

// read fills a from the answer m.
func (c *checker) read(ctx context.Context, a *ServerAnswer, m *dns.Msg) {
	a.Rcode = rcodeName(m.Rcode)
	if m.Rcode != dns.RcodeSuccess && m.Rcode != dns.RcodeNameError {
		a.Status, a.Error = answerError, "answered "+a.Rcode
		return
	}
	a.nxdomain = m.Rcode == dns.RcodeNameError
	if c.qtype == dns.TypeCNAME {
		for _, rr := range m.Answer {
			if cn, ok := rr.(*dns.CNAME); ok && strings.EqualFold(cn.Hdr.Name, dns.Fqdn(c.name)) {
				a.Values = []string{strings.TrimSuffix(strings.ToLower(cn.Target), ".")}
				a.TTL = cn.Hdr.Ttl
			}
		}
	} else {
		end, chain, loop := followCNAMEs(m, c.name, map[string]bool{c.name: true})
		a.CNAME = chain
		if loop {
			a.Status, a.Error = answerLoop, "CNAME loop: "+strings.Join(chain, " → ")
			return
		}
		a.Values, a.TTL = txtValues(m)
		if len(chain) > 0 && len(a.Values) == 0 && !a.nxdomain && a.Role == roleAuthoritative {
			// The nameserver gave only the CNAME: follow its target the way
			// the CA's resolver would.
			c.chase(ctx, a, end)
		}
	}
	if a.Status == answerLoop {
		return
	}
	if len(a.Values) == 0 && a.TTL == 0 {
		a.TTL = negativeTTL(m)
	}
	a.Status = c.compare(a.Values)
}

// chase resolves a CNAME target's TXT through the resolvers.
func (c *checker) chase(ctx context.Context, a *ServerAnswer, target string) {
	seen := map[string]bool{}
	for _, n := range a.CNAME {
		seen[n] = true
	}
	for range maxCNAMEHops {
		m, _, err := lookupAny(ctx, c.env, target, dns.TypeTXT)
		if err != nil {
			a.Error = "following the CNAME: " + err.Error()
			return
		}
		if m.Rcode == dns.RcodeNameError {
			a.nxdomain = true
			return
		}
		end, chain, loop := followCNAMEs(m, target, seen)
		a.CNAME = appendChain(a.CNAME, chain)
		if loop {
			a.Status, a.Error = answerLoop, "CNAME loop: "+strings.Join(a.CNAME, " → ")
			return
		}
		if a.Values, a.TTL = txtValues(m); len(a.Values) > 0 || end == target {
			return
		}
		target = end
	}
}

// txtValues returns each TXT record's strings joined, and the smallest TTL.
func txtValues(m *dns.Msg) ([]string, uint32) {
	var vals []string
	var ttl uint32
	for _, rr := range m.Answer {
		if txt, ok := rr.(*dns.TXT); ok {
			vals = append(vals, strings.Join(txt.Txt, ""))
			if ttl == 0 || txt.Hdr.Ttl < ttl {
				ttl = txt.Hdr.Ttl
			}
		}
	}
	return vals, ttl
}

// negativeTTL is how long a resolver caches "no such record" (RFC 2308):
// the smaller of the SOA's TTL and its minimum field.
func negativeTTL(m *dns.Msg) uint32 {
	for _, rr := range m.Ns {
		if soa, ok := rr.(*dns.SOA); ok {
			return min(soa.Hdr.Ttl, soa.Minttl)
		}
	}
	return 0
}

// lookupAny asks every resolver at once and returns the first usable
// answer (NOERROR or NXDOMAIN), so that a dead or slow resolver costs
// nothing when another one answers. Only when none answers usably is the
// error ErrNoResolver (or the last SERVFAIL-style answer is returned).
func lookupAny(ctx context.Context, env *Env, name string, qtype uint16) (*dns.Msg, Resolver, error) {
	if len(env.Resolvers) == 0 {
		return nil, Resolver{}, fmt.Errorf("lookup %s: %w: none configured", name, ErrNoResolver)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type reply struct {
		m   *dns.Msg
		r   Resolver
		err error
	}
	replies := make(chan reply, len(env.Resolvers))
	client := env.DNS()
	for _, r := range env.Resolvers {
		go func() {
			m, err := client.Query(ctx, r.Addr, name, qtype, true)
			replies <- reply{m, r, err}
		}()
	}
	var fallback *reply
	var last error
	for range env.Resolvers {
		rep := <-replies
		switch {
		case rep.err != nil:
			last = rep.err
		case rep.m.Rcode == dns.RcodeSuccess || rep.m.Rcode == dns.RcodeNameError:
			return rep.m, rep.r, nil
		default:
			fallback = &rep
		}
	}
	if fallback != nil {
		return fallback.m, fallback.r, nil
	}
	return nil, Resolver{}, fmt.Errorf("lookup %s %s: %w: %v", name, dns.TypeToString[qtype], ErrNoResolver, last)
}
