// The reachability probe: address lookups (shared by the other probes) and
// TCP connects to the HTTPS port and 80 on every address.

package probes

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"padlock/i18n"
	"padlock/internal/dnsq"
	"padlock/rules"
)

// Reachability is the reachability probe: do the name's A and AAAA records
// resolve, and does every address accept TCP on the HTTPS port and on 80?
type Reachability struct{}

// IDReachability is the reachability probe's public id.
const IDReachability = "reachability"

// reachabilityDescriptor describes the reachability probe; its findings are explained in
// rules/reachability.go.
var reachabilityDescriptor = Descriptor{
	ID:    IDReachability,
	Title: i18n.T("DNS and ports 443/80", "域名解析与 443/80 端口"),
	What: i18n.T("Whether the name resolves (A and AAAA records) and whether every address answers on port 443 and port 80.",
		"域名能否解析（A 与 AAAA 记录），以及每个地址的 443 和 80 端口是否能连通。"),
	Why: i18n.T("If one address is dead, some visitors and the CA's validators land on it and fail while others succeed.",
		"只要有一个地址不通，部分访客和 CA 的验证服务器就会落到它上面而失败，其他人却一切正常。"),
	Findings: rules.ReachabilityEntries(),
	Scenarios: []Scenario{
		{Host: "port443-closed", Status: Fail, Finding: "reachability.https-refused"},
		{Host: "dns-before-site", Status: Skip},
	},
}

// Describe returns the reachability probe's descriptor.
func (Reachability) Describe() Descriptor { return reachabilityDescriptor }

// Port states, as they appear in ReachabilityDetails.
const (
	PortOpen        = "open"        // the TCP handshake completed
	PortRefused     = "refused"     // RST: nothing listening, or a REJECT rule
	PortTimedOut    = "timed-out"   // no answer: a security group or firewall dropping
	PortUnreachable = "unreachable" // no route to the address (ICMP or local)
	PortError       = "error"       // anything else (see the error text)
)

// HTTPPort is the plain HTTP port probed beside the HTTPS port.
const HTTPPort = 80

// ReachabilityDetails is the reachability probe's Result.Details.
type ReachabilityDetails struct {
	Host string `json:"host"`
	// DNS lists the A and AAAA lookups (absent for an IP literal).
	DNS []DNSLookup `json:"dns,omitempty"`
	// Addresses are the addresses probed, in DNS order.
	Addresses []AddressReach `json:"addresses"`
	// NotProbed counts addresses beyond Limits.MaxAddresses.
	NotProbed int `json:"addresses_not_probed,omitempty"`
}

// DNSLookup is one A or AAAA lookup.
type DNSLookup struct {
	Type      string   `json:"type"`
	Resolver  string   `json:"resolver,omitempty"`
	Rcode     string   `json:"rcode,omitempty"`
	Addresses []string `json:"addresses,omitempty"`
	Error     string   `json:"error,omitempty"`
}

// AddressReach is what one address did on each port.
type AddressReach struct {
	Address string      `json:"address"`
	Family  string      `json:"family"` // "IPv4" or "IPv6"
	Ports   []PortReach `json:"ports"`
}

// PortReach is one TCP connect attempt.
type PortReach struct {
	Port  int    `json:"port"`
	State string `json:"state"`
	// TimeMS is how long the connect took (or waited before giving up).
	TimeMS int64 `json:"time_ms"`
	// RoutedTo is where the connection really went when a --connect-to rule
	// rewrote it, with the rule.
	RoutedTo  string `json:"routed_to,omitempty"`
	ConnectTo string `json:"connect_to,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Run resolves the target and connects to every address.
func (Reachability) Run(ctx context.Context, t Target, env *Env) Result {
	if r, ok := skipWithoutSite(ctx, t, env); ok {
		return r
	}
	d := &ReachabilityDetails{Host: t.Host}
	var findings []Finding
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(t.Host); err == nil {
		addrs = []netip.Addr{a.Unmap()}
	} else {
		var dnsFindings []Finding
		var resolverFailed error
		addrs, dnsFindings, resolverFailed = reachResolve(ctx, t.Host, env, d)
		findings = append(findings, dnsFindings...)
		if resolverFailed != nil {
			if ctx.Err() != nil && !errors.Is(context.Cause(ctx), ErrProbeTimeout) {
				return reachCancelled(ctx, d)
			}
			r := Errored(resolverFailed, findings...)
			r.Details = d
			return r
		}
	}
	addrs, d.NotProbed = env.limits().CapAddrs(addrs)
	if len(addrs) == 0 {
		return reachWithErrText(Done(findings, d))
	}

	ports := []int{t.Port}
	if t.Port != HTTPPort {
		ports = append(ports, HTTPPort)
	}
	d.Addresses = reachConnectAll(ctx, t.Host, env, addrs, ports)
	if ctx.Err() != nil && !errors.Is(context.Cause(ctx), ErrProbeTimeout) {
		return reachCancelled(ctx, d)
	}
	findings = append(findings, reachJudge(d.Addresses, t.Port)...)
	return reachWithErrText(Done(findings, d))
}

// reachWithErrText gives a Result that an error-severity finding made Error the
// Err text the report shows.
func reachWithErrText(r Result) Result {
	if r.Status == Error && r.Err == "" {
		for _, f := range r.Findings {
			if f.Severity == Error {
				r.Err = "could not judge the site: " + f.ID
				if e, ok := reachabilityDescriptor.Entry(f.ID); ok {
					r.Reason = i18n.T(rules.FillIn(e.Title.EN, f.Evidence, i18n.EN), rules.FillIn(e.Title.ZH, f.Evidence, i18n.ZH))
				}
				break
			}
		}
	}
	return r
}

func reachCancelled(ctx context.Context, d *ReachabilityDetails) Result {
	r := Errored(fmt.Errorf("reachability: %w", context.Cause(ctx)))
	r.Details = d
	return r
}

// reachAddrs returns the addresses to probe for host: the IP literal
// itself, or its A and AAAA records looked up concurrently. It fails when
// the lookup gives no address at all, saying why.
func reachAddrs(ctx context.Context, host string, env *Env) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a.Unmap()}, nil
	}
	addrs, findings, err := reachResolve(ctx, host, env, &ReachabilityDetails{})
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		ids := make([]string, len(findings))
		for i, f := range findings {
			ids[i] = f.ID
		}
		return nil, fmt.Errorf("%s has no address (%s)", host, strings.Join(ids, ", "))
	}
	return addrs, nil
}

// reachResolve asks for A and AAAA concurrently and records both lookups
// in d.DNS. It returns the addresses, the DNS findings, and a non-nil
// error when no resolver answered at all (the probe then cannot judge the
// site).
func reachResolve(ctx context.Context, host string, env *Env, d *ReachabilityDetails) ([]netip.Addr, []Finding, error) {
	qtypes := []uint16{dns.TypeA, dns.TypeAAAA}
	msgs := make([]*dns.Msg, len(qtypes))
	errs := make([]error, len(qtypes))
	lookups := make([]DNSLookup, len(qtypes))
	var wg sync.WaitGroup
	for i, qt := range qtypes {
		wg.Go(func() {
			var r Resolver
			msgs[i], r, errs[i] = env.Lookup(ctx, host, qt)
			lookups[i] = reachLookupRecord(qt, msgs[i], r, errs[i])
		})
	}
	wg.Wait()
	d.DNS = lookups

	var addrs []netip.Addr
	var failed []string
	var lastErr error
	rcodes := map[int][]string{}
	for i, m := range msgs {
		typ := dns.TypeToString[qtypes[i]]
		switch {
		case errs[i] != nil:
			failed, lastErr = append(failed, typ), errs[i]
		case m.Rcode == dns.RcodeSuccess:
			addrs = append(addrs, AddrsOf(m)...)
		default:
			rcodes[m.Rcode] = append(rcodes[m.Rcode], typ)
		}
	}
	resolvers := make([]string, len(env.Resolvers))
	for i, r := range env.Resolvers {
		resolvers[i] = r.Addr
	}
	if len(failed) == len(qtypes) {
		id := "reachability.resolver-unreachable"
		if errors.Is(lastErr, dnsq.ErrTimeout) || errors.Is(lastErr, context.DeadlineExceeded) {
			id = "reachability.resolver-timeout"
		}
		return nil, []Finding{reachabilityDescriptor.Finding(id, Evidence{"host": host, "resolvers": resolvers, "error": FailureOf(lastErr)})}, lastErr
	}
	var findings []Finding
	for rc, types := range rcodes {
		ev := Evidence{"host": host, "types": types, "rcode": dns.RcodeToString[rc], "resolvers": resolvers}
		switch rc {
		case dns.RcodeNameError:
			findings = append(findings, reachabilityDescriptor.Finding("reachability.nxdomain", ev))
		case dns.RcodeServerFailure:
			findings = append(findings, reachabilityDescriptor.Finding("reachability.servfail", ev))
		default:
			findings = append(findings, reachabilityDescriptor.Finding("reachability.dns-rcode", ev))
		}
	}
	if len(failed) > 0 {
		findings = append(findings, reachabilityDescriptor.Finding("reachability.resolver-partial", Evidence{
			"host": host, "types": failed, "error": FailureOf(lastErr),
		}))
	}
	if len(addrs) == 0 && len(rcodes) == 0 {
		findings = append(findings, reachabilityDescriptor.Finding("reachability.no-address", Evidence{"host": host, "resolvers": resolvers}))
	}
	slices.SortFunc(findings, func(a, b Finding) int { return strings.Compare(a.ID, b.ID) })
	return slices.Compact(addrs), findings, nil
}

// reachLookupRecord is the Details entry of one lookup.
func reachLookupRecord(qtype uint16, m *dns.Msg, r Resolver, err error) DNSLookup {
	l := DNSLookup{Type: dns.TypeToString[qtype]}
	if err != nil {
		l.Error = err.Error()
		return l
	}
	l.Resolver = r.Addr
	l.Rcode = dns.RcodeToString[m.Rcode]
	for _, a := range AddrsOf(m) {
		l.Addresses = append(l.Addresses, a.String())
	}
	return l
}

// reachConnectAll connects to every address on every port with at most
// Limits.Workers connections at once.
func reachConnectAll(ctx context.Context, host string, env *Env, addrs []netip.Addr, ports []int) []AddressReach {
	out := make([]AddressReach, len(addrs))
	for i, a := range addrs {
		fam := "IPv4"
		if a.Is6() && !a.Is4In6() {
			fam = "IPv6"
		}
		out[i] = AddressReach{Address: a.String(), Family: fam, Ports: make([]PortReach, len(ports))}
	}
	workers := max(1, env.limits().Workers)
	budget := attemptBudget(ctx, env.limits().DialTimeout, len(addrs)*len(ports), workers)
	n := len(ports)
	forEach(ctx, len(addrs)*n, workers, func(k int) {
		i, j := k/n, k%n
		out[i].Ports[j] = reachConnect(ctx, host, env, netip.AddrPortFrom(addrs[i], uint16(ports[j])), budget)
	}, func(k int) {
		i, j := k/n, k%n
		out[i].Ports[j] = PortReach{Port: ports[j], State: PortError, Error: context.Cause(ctx).Error()}
	})
	return out
}

// reachConnect makes one TCP connection within budget (attemptBudget) and
// classifies the outcome, so a dropped SYN is reported as timed out before
// the probe's own deadline.
func reachConnect(ctx context.Context, host string, env *Env, ap netip.AddrPort, budget time.Duration) PortReach {
	pr := PortReach{Port: int(ap.Port())}
	if to, rule := env.Route(host, ap); rule != nil {
		pr.RoutedTo, pr.ConnectTo = to, rule.String()
	}
	dctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	start := time.Now()
	conn, err := env.Dial(dctx, "tcp", host, ap)
	pr.TimeMS = time.Since(start).Milliseconds()
	if err == nil {
		conn.Close()
		pr.State = PortOpen
		return pr
	}
	pr.Error = err.Error()
	pr.State = reachClassify(err)
	return pr
}

// attemptBudget is what one network attempt (a connect, a handshake) may
// take: limit, but no more than an equal share of four fifths of the time
// left, counted in rounds of the worker pool. Computed once before the
// first attempt, so attempts queued behind black holes get the same budget
// as the first ones and every verdict lands before the deadline.
func attemptBudget(ctx context.Context, limit time.Duration, attempts, workers int) time.Duration {
	rounds := max(1, (attempts+workers-1)/workers)
	if dl, ok := ctx.Deadline(); ok {
		if share := time.Until(dl) * 4 / 5 / time.Duration(rounds); share < limit {
			return max(share, time.Millisecond)
		}
	}
	return limit
}

// reachClassify maps a connect error to a port state.
func reachClassify(err error) string {
	switch CauseOf(err) {
	case CauseRefused, CauseReset:
		return PortRefused
	case CauseUnreachable:
		return PortUnreachable
	case CauseTimeout:
		return PortTimedOut
	}
	return PortError
}

// reachJudge turns the connect results into findings.
func reachJudge(addrs []AddressReach, httpsPort int) []Finding {
	// IPv6 failures only warn when some IPv4 address serves HTTPS: clients
	// that prefer IPv6 break, the others fall back.
	v4Works := false
	for _, a := range addrs {
		if a.Family == "IPv4" && a.portState(httpsPort) == PortOpen {
			v4Works = true
		}
	}
	grouped := map[string][]string{}
	routed := map[string][]string{}
	var order []string
	add := func(id, addr, route string) {
		if _, ok := grouped[id]; !ok {
			order = append(order, id)
		}
		grouped[id] = append(grouped[id], addr)
		if route != "" {
			routed[id] = append(routed[id], route)
		}
	}
	var rewritten []string
	var rules []string
	for _, a := range addrs {
		for _, p := range a.Ports {
			if p.RoutedTo != "" {
				rewritten = append(rewritten, fmt.Sprintf("%s -> %s", net.JoinHostPort(a.Address, strconv.Itoa(p.Port)), p.RoutedTo))
				if !slices.Contains(rules, p.ConnectTo) {
					rules = append(rules, p.ConnectTo)
				}
			}
			if p.State == PortOpen {
				continue
			}
			switch {
			case a.Family == "IPv6" && v4Works:
				add("reachability.ipv6-broken", fmt.Sprintf("[%s]:%d %s", a.Address, p.Port, p.State), p.RoutedTo)
			case p.Port == httpsPort:
				add(reachPortID("https", p.State), a.Address, p.RoutedTo)
			default:
				add(reachPortID("http", p.State), a.Address, p.RoutedTo)
			}
		}
	}
	var findings []Finding
	for _, id := range order {
		ev := Evidence{"addresses": grouped[id], "port": httpsPort}
		if id == "reachability.http-refused" || id == "reachability.http-timeout" || id == "reachability.http-unreachable" {
			ev["port"] = HTTPPort
		}
		if r := routed[id]; len(r) > 0 {
			ev["routed_to"] = r
		}
		findings = append(findings, reachabilityDescriptor.Finding(id, ev))
	}
	if len(rewritten) > 0 {
		findings = append(findings, reachabilityDescriptor.Finding("reachability.connect-to", Evidence{
			"rewritten": rewritten, "rules": rules,
		}))
	}
	return findings
}

func (a AddressReach) portState(port int) string {
	for _, p := range a.Ports {
		if p.Port == port {
			return p.State
		}
	}
	return ""
}

// reachPortID is the finding id of a port state on the HTTPS port
// (kind "https") or on port 80 ("http").
func reachPortID(kind, state string) string {
	switch state {
	case PortRefused:
		return "reachability." + kind + "-refused"
	case PortTimedOut:
		return "reachability." + kind + "-timeout"
	case PortUnreachable:
		return "reachability." + kind + "-unreachable"
	}
	return "reachability." + kind + "-error"
}

// ResolvedAddrs lists the addresses the name resolved to (or the literal
// address), in DNS order; reports show them in their header.
func (d *ReachabilityDetails) ResolvedAddrs() []string {
	addrs := make([]string, 0, len(d.Addresses))
	for _, a := range d.Addresses {
		addrs = append(addrs, a.Address)
	}
	return addrs
}
