// The ca-access probe's DNS views: what the authoritative servers answer the
// CA's networks (EDNS Client Subnet) beside what padlock's resolvers say, and
// how the nameservers are found.

package probes

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"padlock/internal/dnsq"
)

var errNoNameservers = errors.New("no NS records found for the name or any parent")

type nsResult struct {
	servers []authServer
	err     error
}

type authServer struct {
	name string
	addr netip.Addr
}

func (s authServer) String() string {
	return strings.TrimSuffix(s.name, ".") + " (" + s.addr.String() + ")"
}

// dnsViews asks the local resolvers and the authoritative nameservers
// (without ECS, then once per CA network) concurrently.
func (r *caRun) dnsViews(ctx context.Context) (views []CAView, local []netip.Addr, localErr error) {
	nets := []netip.Prefix{{}}
	for _, n := range r.src.Networks {
		nets = append(nets, ecsPrefix(n.Prefix))
	}
	views = make([]CAView, len(nets))
	var wg sync.WaitGroup
	wg.Go(func() { local, localErr = r.env.LookupAddrs(ctx, r.t.Host) })
	forEach(ctx, len(nets), r.env.Limits.Workers,
		func(i int) { views[i] = r.view(ctx, r.t.Host, nets[i]) },
		func(i int) { views[i] = CAView{ECSScope: -1, Error: context.Cause(ctx).Error()} })
	wg.Wait()
	r.details.Views = views
	r.details.LocalView = addrStrings(local)
	if localErr != nil {
		r.details.LocalViewError = localErr.Error()
	}
	return views, local, localErr
}

// ecsPrefix is the client subnet a resolver would send for an address in
// network: at most /24 for IPv4 and /56 for IPv6 (RFC 7871's advice).
func ecsPrefix(network netip.Prefix) netip.Prefix {
	limit := 24
	if network.Addr().Is6() {
		limit = 56
	}
	p, _ := network.Addr().Prefix(min(network.Bits(), limit))
	return p
}

// view follows name through CNAMEs across zones, asking each zone's
// authoritative servers for A and AAAA with ecs (when valid) in the query.
func (r *caRun) view(ctx context.Context, host string, ecs netip.Prefix) CAView {
	v := CAView{ECSScope: -1, Addresses: []string{}}
	if ecs.IsValid() {
		v.Network = ecs.String()
	}
	name := dns.Fqdn(strings.ToLower(host))
	for hop := 0; hop < caMaxCNAMEHops; hop++ {
		servers, err := r.nameservers(ctx, name)
		if err != nil {
			v.Error = err.Error()
			return v
		}
		respA, server, err := r.askAuth(ctx, servers, name, dns.TypeA, ecs)
		if err != nil {
			v.Error = err.Error()
			return v
		}
		v.Nameserver = server.String()
		v.ECSScope = max(v.ECSScope, ecsScope(respA))
		final, cnames := chase(respA, name)
		v.CNAMEs = append(v.CNAMEs, cnames...)
		addrs := addrsNamed(respA, final)
		if len(addrs) == 0 && final != name {
			name = final // the chain leaves this zone: ask the target's servers
			continue
		}
		if respAAAA, _, err := r.askAuth(ctx, servers, final, dns.TypeAAAA, ecs); err == nil {
			addrs = append(addrs, addrsNamed(respAAAA, final)...)
			v.ECSScope = max(v.ECSScope, ecsScope(respAAAA))
		}
		addrs, _ = r.env.limits().CapAddrs(addrs)
		v.addrs = addrs
		v.Addresses = addrStrings(addrs)
		return v
	}
	v.Error = fmt.Sprintf("more than %d CNAME hops", caMaxCNAMEHops)
	return v
}

// chase follows CNAMEs for name inside one answer section.
func chase(m *dns.Msg, name string) (string, []string) {
	var cnames []string
	for range caMaxCNAMEHops {
		next := ""
		for _, rr := range m.Answer {
			if c, ok := rr.(*dns.CNAME); ok && strings.EqualFold(c.Hdr.Name, name) {
				next = strings.ToLower(c.Target)
			}
		}
		if next == "" || slices.Contains(cnames, next) {
			break
		}
		cnames = append(cnames, next)
		name = next
	}
	return name, cnames
}

// addrsNamed returns the A/AAAA addresses owned by name.
func addrsNamed(m *dns.Msg, name string) []netip.Addr {
	var out []netip.Addr
	for _, rr := range m.Answer {
		if strings.EqualFold(rr.Header().Name, name) {
			out = append(out, AddrsOf(&dns.Msg{Answer: []dns.RR{rr}})...)
		}
	}
	return out
}

func ecsScope(m *dns.Msg) int {
	opt := m.IsEdns0()
	if opt == nil {
		return -1
	}
	for _, o := range opt.Option {
		if s, ok := o.(*dns.EDNS0_SUBNET); ok {
			return int(s.SourceScope)
		}
	}
	return -1
}

// askAuth asks the servers in turn (RD off) until one gives a usable
// answer.
func (r *caRun) askAuth(ctx context.Context, servers []authServer, name string, qtype uint16, ecs netip.Prefix) (*dns.Msg, authServer, error) {
	client := r.env.DNS()
	var last error
	for i, s := range servers {
		if i >= 3 || ctx.Err() != nil {
			break
		}
		m := new(dns.Msg)
		m.SetQuestion(name, qtype)
		m.RecursionDesired = false
		m.SetEdns0(dnsq.DefaultUDPSize, false)
		if ecs.IsValid() {
			family := uint16(1)
			if ecs.Addr().Is6() {
				family = 2
			}
			m.IsEdns0().Option = append(m.IsEdns0().Option, &dns.EDNS0_SUBNET{
				Code: dns.EDNS0SUBNET, Family: family, SourceNetmask: uint8(ecs.Bits()),
				Address: net.IP(ecs.Addr().AsSlice()),
			})
		}
		resp, err := client.Exchange(ctx, netip.AddrPortFrom(s.addr, 53).String(), m)
		if err != nil {
			last = err
			continue
		}
		if resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError {
			last = fmt.Errorf("%s answered %s for %s", s, dns.RcodeToString[resp.Rcode], name)
			continue
		}
		return resp, s, nil
	}
	if last == nil {
		last = context.Cause(ctx)
	}
	return nil, authServer{}, fmt.Errorf("no authoritative server answered for %s: %w", strings.TrimSuffix(name, "."), last)
}

// nameservers finds the zone cut above name through the Env's resolvers
// and returns the addresses of its nameservers (cached per name).
func (r *caRun) nameservers(ctx context.Context, name string) ([]authServer, error) {
	r.mu.Lock()
	c, ok := r.nsCache[name]
	r.mu.Unlock()
	if ok {
		return c.servers, c.err
	}
	servers, err := r.findNameservers(ctx, name)
	r.mu.Lock()
	r.nsCache[name] = nsResult{servers, err}
	for _, s := range servers {
		if label := s.String(); !slices.Contains(r.details.Nameservers, label) {
			r.details.Nameservers = append(r.details.Nameservers, label)
		}
	}
	r.mu.Unlock()
	return servers, err
}

func (r *caRun) findNameservers(ctx context.Context, name string) ([]authServer, error) {
	cand := name
	for range 32 {
		if cand == "." || cand == "" {
			return nil, errNoNameservers
		}
		m, _, err := r.env.Lookup(ctx, cand, dns.TypeNS)
		if err != nil {
			return nil, fmt.Errorf("find the nameservers of %s: %w", strings.TrimSuffix(name, "."), err)
		}
		var targets []string
		if m.Rcode == dns.RcodeSuccess {
			for _, rr := range m.Answer {
				if ns, ok := rr.(*dns.NS); ok && strings.EqualFold(ns.Hdr.Name, cand) {
					targets = append(targets, strings.ToLower(ns.Ns))
				}
			}
		}
		if len(targets) > 0 {
			return r.nsAddresses(ctx, targets, m), nil
		}
		next := fqdnParent(cand)
		for _, rr := range m.Ns {
			if soa, ok := rr.(*dns.SOA); ok {
				owner := strings.ToLower(soa.Hdr.Name)
				if len(owner) < len(cand) && dns.IsSubDomain(owner, cand) {
					next = owner // jump straight to the zone apex
				}
			}
		}
		cand = next
	}
	return nil, errNoNameservers
}

// fqdnParent is the parent of a fully qualified name ("." for a TLD).
func fqdnParent(name string) string {
	i := strings.IndexByte(name, '.')
	if i < 0 || i == len(name)-1 {
		return "."
	}
	return name[i+1:]
}

// nsAddresses resolves NS targets (glue first), IPv4 before IPv6.
func (r *caRun) nsAddresses(ctx context.Context, targets []string, m *dns.Msg) []authServer {
	slices.Sort(targets)
	targets = slices.Compact(targets)
	if len(targets) > caMaxNameservers {
		targets = targets[:caMaxNameservers]
	}
	var out []authServer
	for _, target := range targets {
		addrs := addrsNamed(&dns.Msg{Answer: m.Extra}, target)
		if len(addrs) == 0 {
			addrs, _ = r.env.LookupAddrs(ctx, target)
		}
		for _, a := range addrs {
			out = append(out, authServer{name: target, addr: a})
		}
	}
	slices.SortStableFunc(out, func(a, b authServer) int {
		return map[bool]int{true: 0, false: 1}[a.addr.Is4()] - map[bool]int{true: 0, false: 1}[b.addr.Is4()]
	})
	return out
}

// ---- comparing the views ----
