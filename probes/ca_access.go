// The ca-access probe: its descriptor and details, and Run, which compares the
// CA's view of the name with padlock's (DNS in ca_access_dns.go, addresses in
// ca_access_addresses.go, firewall rules in ca_access_firewall.go).

package probes

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"sync"

	"padlock/i18n"
	"padlock/rules"
)

// CAAccess is the ca-access probe: would the CA's validation servers reach
// the same, working server? It asks the domain's authoritative nameservers
// on behalf of the CA's validation networks (EDNS Client Subnet), probes the
// addresses they give, and reads firewall rules (live on the server, or from
// saved files) for rules that stop the CA's addresses. The CA's addresses
// are only ever data in ECS options and rule checks: they are never dialed.
type CAAccess struct{}

// IDCAAccess is the ca-access probe's public id.
const IDCAAccess = "ca-access"

// caAccessDescriptor describes the ca-access probe; its findings are explained in
// rules/ca_access.go.
var caAccessDescriptor = Descriptor{
	ID:    IDCAAccess,
	Title: i18n.T("CA validation access", "CA 验证访问"),
	What: i18n.T("Whether the CA's validation servers, abroad, would reach the same working server as you do.",
		"CA 位于境外的验证服务器，能否访问到与你相同且正常工作的服务器。"),
	Why: i18n.T("Geo-DNS, CDN nodes overseas or a firewall blocking foreign IPs make validation fail although the site works for you.",
		"智能解析、CDN 海外节点或屏蔽境外 IP 的防火墙，会让网站在你这里正常而 CA 验证失败。"),
	Findings: rules.CAAccessEntries(),
	Scenarios: []Scenario{
		{Host: "ca-geodns", Status: Fail, Finding: "ca-access.different-server"},
		{Host: "ca-agree", Status: Pass, Finding: "ca-access.firewall-not-checked"},
	},
}

// Describe returns the ca-access probe's descriptor.
func (CAAccess) Describe() Descriptor { return caAccessDescriptor }

// CAAccessDetails is the ca-access probe's Result.Details.
type CAAccessDetails struct {
	// CA is the brand whose validation networks were used.
	CA string `json:"ca"`
	// ValidationNetworks are those networks, with their source.
	ValidationNetworks []string `json:"validation_networks,omitempty"`
	NetworkSource      string   `json:"network_source,omitempty"`
	// Nameservers are the authoritative servers found for the name.
	Nameservers []string `json:"nameservers,omitempty"`
	// LocalView is what the configured resolvers answer.
	LocalView      []string `json:"local_view,omitempty"`
	LocalViewError string   `json:"local_view_error,omitempty"`
	// Views are the authoritative answers, without ECS and per CA network.
	Views []CAView `json:"views,omitempty"`
	// Addresses are the checks of each address the CA's view gives.
	Addresses []CAAddressCheck `json:"address_checks,omitempty"`
	// Firewall lists the rule sources checked.
	Firewall []FirewallCheck `json:"firewall,omitempty"`
}

// CAView is one authoritative answer for the name.
type CAView struct {
	// Network is the client subnet sent in the ECS option; empty for none.
	Network    string   `json:"network,omitempty"`
	Addresses  []string `json:"addresses"`
	CNAMEs     []string `json:"cnames,omitempty"`
	Nameserver string   `json:"nameserver,omitempty"`
	// ECSScope is the scope prefix length the server echoed, -1 when it
	// echoed no ECS option.
	ECSScope int    `json:"ecs_scope"`
	Error    string `json:"error,omitempty"`

	addrs []netip.Addr
}

// CAAddressCheck is what one address of the CA's view did.
type CAAddressCheck struct {
	Address    string            `json:"address"`
	Ports      map[string]string `json:"ports"`
	FileStatus int               `json:"file_status,omitempty"`
	FileError  string            `json:"file_error,omitempty"`
}

// FirewallCheck is one firewall rule source checked.
type FirewallCheck struct {
	Source string `json:"source"`
	Format string `json:"format,omitempty"`
	Blocks int    `json:"blocks"`
	Error  string `json:"error,omitempty"`
}

// Limits of the probe's own: nameservers asked per zone, CNAME hops
// followed, firewall file size read.
const (
	caMaxNameservers = 4
	caMaxCNAMEHops   = 8
	caMaxRulesFile   = 8 << 20
)

// Run diagnoses t.
func (CAAccess) Run(ctx context.Context, t Target, env *Env) Result {
	if t.IsIP() {
		return Skipped(i18n.T("the CA validates names; an IP address target has no DNS view",
			"CA 验证的是域名；以 IP 地址为目标时没有可比对的 DNS 视角"))
	}
	if r, ok := skipWithoutSite(ctx, t, env); ok {
		return r
	}
	src := rules.ValidationNetworks(t.Intent.CA)
	r := &caRun{env: env, t: t, src: src, nsCache: map[string]nsResult{}}
	r.details.CA = src.Brand
	for _, n := range src.Networks {
		r.details.ValidationNetworks = append(r.details.ValidationNetworks, n.Prefix.String())
		r.details.NetworkSource = n.Source
	}
	if !src.Published() {
		r.add(caAccessDescriptor.Finding("ca-access.no-published-ips", Evidence{"ca": brandName(src.Brand)}))
	}
	views, local, localErr := r.dnsViews(ctx)
	caAddrs := r.compare(views, local, localErr)
	r.checkAddresses(ctx, caAddrs)
	r.checkFirewalls(ctx, append(slices.Clone(local), caAddrs...))
	if ctx.Err() != nil && len(r.findings) == 0 {
		return Errored(fmt.Errorf("ca-access: %w", context.Cause(ctx)))
	}
	if localErr != nil && errors.Is(localErr, ErrNoResolver) && len(r.details.Nameservers) == 0 && len(r.details.Firewall) == 0 {
		return Errored(localErr, r.findings...)
	}
	return Done(r.findings, r.details)
}

// caRun is the state of one run of the probe.
type caRun struct {
	env *Env
	t   Target
	src rules.ValidationSource

	mu       sync.Mutex
	nsCache  map[string]nsResult
	findings []Finding
	details  CAAccessDetails
}

func (r *caRun) add(f ...Finding) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.findings = append(r.findings, f...)
}

func brandName(id string) string {
	if b, ok := rules.LookupBrand(id); ok {
		return b.Name
	}
	return id
}

// caAddresses are the CA's validation addresses, as strings.
func (r *caRun) caAddresses() []string {
	var out []string
	for _, n := range r.src.Networks {
		out = append(out, prefixString(n.Prefix))
	}
	return out
}

func prefixString(p netip.Prefix) string {
	if p.IsSingleIP() {
		return p.Addr().String()
	}
	return p.String()
}

// ---- the DNS views ----

// compare turns the views into findings and returns the addresses the CA
// would be sent to.
func (r *caRun) compare(views []CAView, local []netip.Addr, localErr error) []netip.Addr {
	plain, perCA := views[0], views[1:]
	if !r.src.Published() {
		// Without published addresses there is nothing to allow-list; the
		// no-published-ips finding says what to do instead, and the
		// nameservers' plain answer (if any) is what gets probed.
		return plain.addrs
	}
	var ok []CAView
	for _, v := range perCA {
		if v.Error == "" {
			ok = append(ok, v)
		}
	}
	if len(ok) == 0 {
		e := plain.Error
		if len(perCA) > 0 && perCA[0].Error != "" {
			e = perCA[0].Error
		}
		r.add(caAccessDescriptor.Finding("ca-access.no-authoritative", Evidence{"host": r.t.Host, "error": e, "ca_addresses": r.caAddresses()}))
		return nil
	}
	baseline := local
	if localErr != nil {
		baseline = plain.addrs
	}
	honoured := slices.ContainsFunc(ok, func(v CAView) bool { return v.ECSScope >= 0 })
	if !honoured {
		r.add(caAccessDescriptor.Finding("ca-access.ecs-ignored", Evidence{"host": r.t.Host, "nameserver": ok[0].Nameserver, "ca_addresses": r.caAddresses()}))
	}
	// One finding per distinct answer that differs from the baseline.
	type group struct {
		networks []string
		view     CAView
	}
	var differ []group
	var caAddrs []netip.Addr
	for _, v := range ok {
		for _, a := range v.addrs {
			if !slices.Contains(caAddrs, a) {
				caAddrs = append(caAddrs, a)
			}
		}
		if !sendsElsewhere(v.addrs, baseline) {
			continue
		}
		i := slices.IndexFunc(differ, func(g group) bool { return sameAddrs(g.view.addrs, v.addrs) })
		if i < 0 {
			differ = append(differ, group{view: v})
			i = len(differ) - 1
		}
		differ[i].networks = append(differ[i].networks, v.Network)
	}
	for _, g := range differ {
		scope := "-"
		if g.view.ECSScope >= 0 {
			scope = "/" + strconv.Itoa(g.view.ECSScope)
		}
		r.add(caAccessDescriptor.Finding("ca-access.different-server", Evidence{
			"host":            r.t.Host,
			"ca_network":      g.networks,
			"ca_addresses":    orNone(g.view.Addresses),
			"local_addresses": orNone(addrStrings(baseline)),
			"nameserver":      g.view.Nameserver,
			"ecs_honoured":    g.view.ECSScope >= 0,
			"ecs_scope":       scope,
		}))
	}
	if len(differ) == 0 {
		var nets []string
		for _, v := range ok {
			nets = append(nets, v.Network)
		}
		r.add(caAccessDescriptor.Finding("ca-access.views-agree", Evidence{"addresses": orNone(addrStrings(baseline)), "ca_networks": nets}))
	}
	caAddrs, _ = r.env.limits().CapAddrs(caAddrs)
	return caAddrs
}

func orNone(s []string) []string {
	if len(s) == 0 {
		return []string{"(no address)"}
	}
	return s
}

// sendsElsewhere reports whether the CA's answer holds an address the
// local view lacks, or no address where the local view has some. A subset
// (round-robin, rotation) is not "elsewhere".
func sendsElsewhere(ca, local []netip.Addr) bool {
	if len(ca) == 0 {
		return len(local) > 0
	}
	return slices.ContainsFunc(ca, func(a netip.Addr) bool { return !slices.Contains(local, a) })
}

func sameAddrs(a, b []netip.Addr) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.SortFunc(x, netip.Addr.Compare)
	slices.SortFunc(y, netip.Addr.Compare)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

func addrStrings(addrs []netip.Addr) []string {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = a.String()
	}
	return out
}

// ---- probing the CA's addresses ----
