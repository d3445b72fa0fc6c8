package probes

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"padlock/i18n"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"padlock/internal/dnsq"
	"padlock/internal/firewall"
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

// caWebPorts are the ports the CA's file validation uses.
var caWebPorts = []uint16{80, 443}

// Limits of the probe's own: nameservers asked per zone, CNAME hops
// followed, firewall file size read.
const (
	caMaxNameservers = 4
	caMaxCNAMEHops   = 8
	caMaxRulesFile   = 8 << 20
)

var errNoNameservers = errors.New("no NS records found for the name or any parent")

// Run diagnoses t.
func (CAAccess) Run(ctx context.Context, t Target, env *Env) Result {
	if t.IsIP() {
		return Skipped("the CA validates names; an IP address target has no DNS view")
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
	sem := make(chan struct{}, max(1, r.env.Limits.Workers))
	for i, n := range nets {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				views[i] = CAView{ECSScope: -1, Error: context.Cause(ctx).Error()}
				return
			}
			views[i] = r.view(ctx, r.t.Host, n)
		})
	}
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
		if m := r.env.Limits.MaxAddresses; m > 0 && len(addrs) > m {
			addrs = addrs[:m]
		}
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
	if m := r.env.Limits.MaxAddresses; m > 0 && len(caAddrs) > m {
		caAddrs = caAddrs[:m]
	}
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

// checkAddresses dials 80 and 443 on every address of the CA's view and,
// with a validation URL, fetches it from each address.
func (r *caRun) checkAddresses(ctx context.Context, addrs []netip.Addr) {
	var fileURL *url.URL
	if r.t.Intent.FileURL != "" {
		if u, err := url.Parse(r.t.Intent.FileURL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" {
			fileURL = u
		}
	}
	checks := make([]CAAddressCheck, len(addrs))
	sem := make(chan struct{}, max(1, r.env.Limits.Workers))
	var wg sync.WaitGroup
	for i, a := range addrs {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				return
			}
			checks[i] = r.checkAddress(ctx, a, fileURL)
		})
	}
	wg.Wait()
	// Addresses skipped because the deadline came are left out.
	r.details.Addresses = slices.DeleteFunc(checks, func(c CAAddressCheck) bool { return c.Address == "" })
}

func (r *caRun) checkAddress(ctx context.Context, a netip.Addr, fileURL *url.URL) CAAddressCheck {
	c := CAAddressCheck{Address: a.String(), Ports: map[string]string{}}
	filePort := uint16(0)
	if fileURL != nil {
		filePort = urlPort(fileURL)
	}
	for _, port := range caWebPorts {
		// The address itself, never a host-name rule: this is the CA's server.
		conn, err := r.env.Dial(ctx, "tcp", "", netip.AddrPortFrom(a, port))
		if err != nil {
			c.Ports[strconv.Itoa(int(port))] = err.Error()
			if port != filePort {
				r.add(caAccessDescriptor.Finding("ca-access.port-unreachable", Evidence{"address": a.String(), "port": int(port), "error": err.Error()}))
			}
			continue
		}
		conn.Close()
		c.Ports[strconv.Itoa(int(port))] = "open"
	}
	if fileURL != nil {
		c.FileStatus, c.FileError = r.fetchFile(ctx, a, fileURL)
	}
	return c
}

func urlPort(u *url.URL) uint16 {
	if p, err := strconv.Atoi(u.Port()); err == nil && p > 0 && p < 65536 {
		return uint16(p)
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}

// fetchFile gets the validation URL from exactly address a, with the URL's
// host in the Host header and SNI, and reports what is wrong.
func (r *caRun) fetchFile(ctx context.Context, a netip.Addr, u *url.URL) (int, string) {
	l := r.env.limits()
	target := netip.AddrPortFrom(a, urlPort(u))
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return r.env.Dial(ctx, "tcp", "", target)
		},
		// The certificate is the certificate probe's business; the CA's
		// file check is about the content reaching it.
		TLSClientConfig:        &tls.Config{ServerName: u.Hostname(), InsecureSkipVerify: true}, //nolint:gosec // content check only
		TLSHandshakeTimeout:    l.DialTimeout,
		ResponseHeaderTimeout:  l.ProbeTimeout,
		MaxResponseHeaderBytes: l.MaxHeaderBytes,
		DisableKeepAlives:      true,
		DisableCompression:     true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		Timeout:       l.ProbeTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	ev := Evidence{"address": a.String(), "url": u.String(), "host": u.Hostname()}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("User-Agent", "padlock (ca-access)")
	resp, err := client.Do(req)
	if err != nil {
		ev["error"] = err.Error()
		r.add(caAccessDescriptor.Finding("ca-access.file-unreachable", ev))
		return 0, err.Error()
	}
	defer resp.Body.Close()
	maxBody := l.MaxBody
	if maxBody <= 0 {
		maxBody = DefaultLimits().MaxBody
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if resp.StatusCode != http.StatusOK {
		ev["status"] = resp.StatusCode
		ev["location"] = resp.Header.Get("Location")
		if ev["location"] == "" {
			ev["location"] = "-"
		}
		r.add(caAccessDescriptor.Finding("ca-access.file-bad-status", ev))
		return resp.StatusCode, ""
	}
	if err != nil {
		ev["error"] = err.Error()
		r.add(caAccessDescriptor.Finding("ca-access.file-unreachable", ev))
		return resp.StatusCode, err.Error()
	}
	want := r.t.Intent.FileContent
	if int64(len(body)) > maxBody || (want != "" && normalizeContent(string(body)) != normalizeContent(want)) {
		got := string(body)
		if len(got) > 120 {
			got = strings.ToValidUTF8(got[:120], "") + "…"
		}
		ev["got"] = got
		r.add(caAccessDescriptor.Finding("ca-access.file-wrong-content", ev))
		return resp.StatusCode, "wrong content"
	}
	return resp.StatusCode, ""
}

func normalizeContent(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// ---- firewalls ----

// checkFirewalls reads the live firewall when padlock runs on the server,
// and every --firewall-file.
func (r *caRun) checkFirewalls(ctx context.Context, targetAddrs []netip.Addr) {
	if !r.src.Published() {
		return // no addresses to check rules against
	}
	if r.t.Intent.Local || r.isLocal(targetAddrs) {
		r.liveFirewall(ctx)
	}
	for _, path := range r.t.Intent.FirewallFiles {
		data, err := readCapped(path, caMaxRulesFile)
		if err != nil {
			r.unreadableFile(path, err)
			continue
		}
		r.checkRules(path, path, data, firewall.Options{Name: path})
	}
}

func (r *caRun) isLocal(addrs []netip.Addr) bool {
	if r.env.LocalAddrs == nil {
		return false
	}
	mine, err := r.env.LocalAddrs()
	if err != nil {
		return false
	}
	// A loopback answer says nothing about where the CA would connect (and
	// is what test deployments use): only a routable address counts.
	return slices.ContainsFunc(addrs, func(a netip.Addr) bool {
		a = a.Unmap()
		return !a.IsLoopback() && !a.IsUnspecified() && slices.Contains(mine, a)
	})
}

func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

func (r *caRun) unreadableFile(path string, err error) {
	r.details.Firewall = append(r.details.Firewall, FirewallCheck{Source: path, Error: err.Error()})
	r.add(caAccessDescriptor.Finding("ca-access.firewall-file-unreadable", Evidence{"source": path, "error": err.Error()}))
}

var liveFirewallCommands = []struct {
	name string
	args []string
	opts firewall.Options
}{
	{"iptables-save", nil, firewall.Options{Format: firewall.IPTables, Family: 4}},
	{"ip6tables-save", nil, firewall.Options{Format: firewall.IPTables, Family: 6}},
	{"nft", []string{"list", "ruleset"}, firewall.Options{Format: firewall.NFTables}},
}

func (r *caRun) liveFirewall(ctx context.Context) {
	var names, failures []string
	for _, c := range liveFirewallCommands {
		names = append(names, "`"+strings.Join(append([]string{c.name}, c.args...), " ")+"`")
	}
	if r.env.Command == nil {
		r.add(caAccessDescriptor.Finding("ca-access.firewall-unreadable", Evidence{"commands": names, "error": "running programs is not allowed here"}))
		return
	}
	ran := 0
	for _, c := range liveFirewallCommands {
		cctx, cancel := context.WithTimeout(ctx, r.env.limits().DialTimeout)
		out, err := r.env.Command(cctx, c.name, c.args...)
		cancel()
		source := strings.Join(append([]string{c.name}, c.args...), " ")
		if err != nil {
			failures = append(failures, c.name+": "+firstLine(err.Error()))
			r.details.Firewall = append(r.details.Firewall, FirewallCheck{Source: source, Error: err.Error()})
			continue
		}
		ran++
		r.checkRules(source, "`"+source+"`", out, c.opts)
	}
	if ran == 0 {
		r.add(caAccessDescriptor.Finding("ca-access.firewall-unreadable", Evidence{"commands": names, "error": strings.Join(failures, "; ")}))
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// checkRules parses one rule source and reports what stops the CA.
func (r *caRun) checkRules(source, label string, data []byte, opts firewall.Options) {
	rs, err := firewall.Parse(data, opts)
	if err != nil {
		r.unreadableFile(label, err)
		return
	}
	var ca []netip.Addr
	for _, n := range r.src.Networks {
		ca = append(ca, n.Prefix.Addr())
	}
	blocks := firewall.Check(rs, ca, caWebPorts)
	r.details.Firewall = append(r.details.Firewall, FirewallCheck{Source: source, Format: string(rs.Format()), Blocks: len(blocks)})
	if len(blocks) == 0 {
		r.add(caAccessDescriptor.Finding("ca-access.firewall-clean", Evidence{"source": label, "format": string(rs.Format()), "ca_addresses": r.caAddresses()}))
		return
	}
	for _, b := range blocks {
		ports := make([]string, len(b.Ports))
		for i, p := range b.Ports {
			ports[i] = strconv.Itoa(int(p))
		}
		f := caAccessDescriptor.Finding("ca-access.firewall-blocks", Evidence{
			"source":       label,
			"line":         b.Line,
			"location":     fmt.Sprintf("%s:%d", source, b.Line),
			"rule":         b.Text,
			"format":       string(rs.Format()),
			"ca_addresses": addrStrings(b.Addrs),
			"ports":        ports,
			"allow_lines":  allowLines(rs.Format(), b),
			"policy":       b.Policy,
			"conditional":  b.Conditional,
		})
		if b.Conditional {
			f = f.WithSeverity(Warn)
		}
		r.add(f)
	}
}

// allowLines are the exact lines that let the blocked CA addresses in,
// ahead of the blocking rule.
func allowLines(format firewall.Format, b firewall.Block) []string {
	var v4, v6, all []string
	for _, a := range b.Addrs {
		all = append(all, a.String())
		if a.Is4() {
			v4 = append(v4, a.String())
		} else {
			v6 = append(v6, a.String())
		}
	}
	var out []string
	switch format {
	case firewall.IPTables:
		table, chain, _ := strings.Cut(b.Chain, " ")
		if table == "" || chain == "" {
			table, chain = "filter", "INPUT"
		}
		prefix := ""
		if table != "filter" {
			prefix = "-t " + table + " "
		}
		for _, a := range v4 {
			out = append(out, fmt.Sprintf("`iptables %s-I %s -s %s -p tcp -m multiport --dports 80,443 -j ACCEPT`", prefix, chain, a))
		}
		for _, a := range v6 {
			out = append(out, fmt.Sprintf("`ip6tables %s-I %s -s %s -p tcp -m multiport --dports 80,443 -j ACCEPT`", prefix, chain, a))
		}
	case firewall.NFTables:
		where := b.Chain
		if where == "" {
			where = "inet filter input"
		}
		if len(v4) > 0 {
			out = append(out, fmt.Sprintf("`nft insert rule %s ip saddr { %s } tcp dport { 80, 443 } accept`", where, strings.Join(v4, ", ")))
		}
		if len(v6) > 0 {
			out = append(out, fmt.Sprintf("`nft insert rule %s ip6 saddr { %s } tcp dport { 80, 443 } accept`", where, strings.Join(v6, ", ")))
		}
	case firewall.Nginx:
		for _, a := range all {
			out = append(out, fmt.Sprintf("`allow %s;`", a))
		}
	case firewall.Apache:
		if strings.HasPrefix(strings.ToLower(b.Text), "require not ip") {
			out = append(out, "`"+withoutAddrs(b.Text, b.Addrs)+"`")
		} else {
			out = append(out, fmt.Sprintf("`Require ip %s`", strings.Join(all, " ")),
				fmt.Sprintf("`Allow from %s`", strings.Join(all, " ")))
		}
	}
	return out
}

// withoutAddrs rewrites an Apache "Require not ip" line without the
// entries that cover addrs, or comments it out when nothing is left.
func withoutAddrs(line string, addrs []netip.Addr) string {
	f := strings.Fields(line)
	if len(f) < 3 {
		return "# " + line
	}
	kept := f[:3]
	for _, v := range f[3:] {
		p, err := netip.ParsePrefix(v)
		if err != nil {
			if a, err2 := netip.ParseAddr(v); err2 == nil {
				p = netip.PrefixFrom(a, a.BitLen())
			}
		}
		if p.IsValid() && slices.ContainsFunc(addrs, p.Contains) {
			continue
		}
		kept = append(kept, v)
	}
	if len(kept) == 3 {
		return "# " + line
	}
	return strings.Join(kept, " ")
}
