// The Env: every way a probe reaches the outside world (resolvers, trust
// roots, the dialer with --connect-to, HTTP clients, the clock).

package probes

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/crypto/x509roots/fallback/bundle"

	"padlock/internal/dnsq"
)

// Resolver is a recursive DNS resolver padlock asks.
type Resolver struct {
	// Addr is "ip:port".
	Addr string `json:"addr"`
	// Label names it for people: "Google (global)", "DNSPod (mainland China)".
	Label string `json:"label,omitempty"`
}

// DefaultResolvers are the public resolvers used when --resolver is not
// given: mainland China and global, so that propagation can be compared
// across regions. Tests and the lab never use them.
func DefaultResolvers() []Resolver {
	return []Resolver{
		{Addr: "119.29.29.29:53", Label: "DNSPod (mainland China)"},
		{Addr: "223.5.5.5:53", Label: "AliDNS (mainland China)"},
		{Addr: "114.114.114.114:53", Label: "114DNS (mainland China)"},
		{Addr: "8.8.8.8:53", Label: "Google (global anycast)"},
		{Addr: "1.1.1.1:53", Label: "Cloudflare (global anycast)"},
		{Addr: "9.9.9.9:53", Label: "Quad9 (global anycast)"},
		{Addr: "208.67.222.222:53", Label: "OpenDNS (global anycast)"},
		{Addr: "77.88.8.8:53", Label: "Yandex (Russia)"},
		{Addr: "94.140.14.14:53", Label: "AdGuard (Europe)"},
		{Addr: "180.76.76.76:53", Label: "Baidu (mainland China)"},
		{Addr: "101.101.101.101:53", Label: "Quad101 (Taiwan)"},
		{Addr: "168.126.63.1:53", Label: "KT (South Korea)"},
	}
}

// Limits bounds every network operation. One place, so that a hostile
// server meets the same caps in every probe; exceeding one is reported as a
// finding that names the limit.
type Limits struct {
	ProbeTimeout   time.Duration // whole probe
	DialTimeout    time.Duration // one TCP connect
	DNSTimeout     time.Duration // one DNS exchange
	MaxBody        int64         // one HTTP response body
	MaxHeaderBytes int64         // one HTTP response header block
	MaxRedirects   int           // hops followed to show where a redirect leads
	MaxChainCerts  int           // certificates accepted in one chain
	MaxFetch       int64         // one AIA, OCSP or CRL download
	MaxAddresses   int           // addresses probed per name
	MaxPages       int           // pages crawled for mixed content
	MaxCSS         int64         // total stylesheet bytes fetched per page
	MaxStylesheets int           // stylesheets fetched per crawl, imports included
	MaxImportDepth int           // @import nesting followed
	MaxCrawlBytes  int64         // all pages of one mixed-content crawl together
	MaxHTMLDepth   int           // element nesting depth examined
	Workers        int           // concurrent connections per probe
}

// DefaultLimits are the documented defaults (README, "Limits").
func DefaultLimits() Limits {
	return Limits{
		ProbeTimeout:   10 * time.Second,
		DialTimeout:    5 * time.Second,
		DNSTimeout:     3 * time.Second,
		MaxBody:        2 << 20,
		MaxHeaderBytes: 64 << 10,
		MaxRedirects:   10,
		MaxChainCerts:  20,
		MaxFetch:       64 << 10,
		MaxAddresses:   16,
		MaxPages:       20,
		MaxCSS:         1 << 20,
		MaxStylesheets: 50,
		MaxImportDepth: 8,
		MaxCrawlBytes:  8 << 20,
		MaxHTMLDepth:   512,
		Workers:        16,
	}
}

// Env is everything a probe touches in the outside world. Tests and the lab
// build one explicitly; nothing in it reaches out unless the caller put a
// public address there.
type Env struct {
	// Resolvers are the recursive resolvers, in order of preference.
	Resolvers []Resolver
	// Roots are the trust anchors: Mozilla's store (pinned), the system's
	// and --ca-file. See TrustRoots.
	Roots *x509.CertPool
	// ExtraRoots holds only the --ca-file certificates (for reports).
	ExtraRoots []*x509.Certificate
	// ConnectTo rewrites where connections go (curl's --connect-to). Rules
	// whose Host is an IP literal also rewrite connections to that address,
	// which is how the lab and tests map port 443 and 53 to ephemeral ports.
	ConnectTo []ConnectTo
	// Now is the clock.
	Now func() time.Time
	// Limits bounds every network operation.
	Limits Limits
	// LocalAddrs lists this machine's interface addresses (for "am I the
	// server?" checks); nil means none.
	LocalAddrs func() ([]netip.Addr, error)
	// Command runs a local program and returns its standard output (firewall
	// dumps); nil means running programs is not allowed.
	Command func(ctx context.Context, name string, args ...string) ([]byte, error)

	routes *routeLog // which ConnectTo rules a run applied; see ForRun
}

// routeLog records the ConnectTo rules applied during one run.
type routeLog struct {
	mu   sync.Mutex
	used map[int]bool
}

// ForRun returns a copy of e that records which --connect-to rules rewrote
// a connection, for UsedConnectTo. Use one per target run.
func (e *Env) ForRun() *Env {
	c := *e
	c.routes = &routeLog{used: map[int]bool{}}
	return &c
}

// UsedConnectTo returns the ConnectTo rules that rewrote a connection since
// ForRun, in their original order (all rules when e did not come from
// ForRun).
func (e *Env) UsedConnectTo() []ConnectTo {
	if e.routes == nil {
		return e.ConnectTo
	}
	e.routes.mu.Lock()
	defer e.routes.mu.Unlock()
	var out []ConnectTo
	for i, r := range e.ConnectTo {
		if e.routes.used[i] {
			out = append(out, r)
		}
	}
	return out
}

// NewEnv returns an Env with the given resolvers and roots, default limits,
// the real clock, and no connect-to rules. It never adds public resolvers.
func NewEnv(resolvers []Resolver, roots *x509.CertPool) *Env {
	return &Env{Resolvers: resolvers, Roots: roots, Now: time.Now, Limits: DefaultLimits()}
}

// LocalCommand runs a program on this machine with a bounded output; it is
// what the command line puts in Env.Command.
func LocalCommand(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	out, err := cmd.Output()
	if len(out) > 8<<20 {
		out = out[:8<<20]
	}
	return out, err
}

// TrustRoots builds the root pool padlock verifies against: Mozilla's store
// as pinned in golang.org/x/crypto/x509roots/fallback/bundle, the system
// pool when withSystem is set and readable, and extra PEM roots (--ca-file).
func TrustRoots(withSystem bool, extra []*x509.Certificate) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if withSystem {
		if sys, err := x509.SystemCertPool(); err == nil {
			pool = sys.Clone()
		}
	}
	for root := range bundle.Roots() {
		cert, err := x509.ParseCertificate(root.Certificate)
		if err != nil {
			return nil, fmt.Errorf("parse pinned Mozilla root: %w", err)
		}
		pool.AddCertWithConstraint(cert, root.Constraint)
	}
	for _, c := range extra {
		pool.AddCert(c)
	}
	return pool, nil
}

// ConnectTo is one --connect-to rule, curl's HOST:PORT:ADDR:PORT. An empty
// Host or a zero Port matches any.
type ConnectTo struct {
	Host   string
	Port   int
	ToHost string
	ToPort int
}

// ParseConnectTo parses curl's HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT.
// IPv6 addresses go in brackets.
func ParseConnectTo(s string) (ConnectTo, error) {
	parts, err := splitColons(s)
	if err != nil || len(parts) != 4 {
		return ConnectTo{}, fmt.Errorf("--connect-to %q: want HOST:PORT:ADDR:PORT", s)
	}
	var c ConnectTo
	c.Host = strings.ToLower(strings.TrimSuffix(parts[0], "."))
	c.ToHost = parts[2]
	for i, dst := range []*int{&c.Port, &c.ToPort} {
		p := parts[1+2*i]
		if p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return ConnectTo{}, fmt.Errorf("--connect-to %q: bad port %q", s, p)
		}
		*dst = n
	}
	return c, nil
}

// String renders the rule in curl's syntax.
func (c ConnectTo) String() string {
	port := func(p int) string {
		if p == 0 {
			return ""
		}
		return strconv.Itoa(p)
	}
	br := func(h string) string {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return br(c.Host) + ":" + port(c.Port) + ":" + br(c.ToHost) + ":" + port(c.ToPort)
}

func splitColons(s string) ([]string, error) {
	var parts []string
	for len(s) > 0 || len(parts) < 4 {
		if strings.HasPrefix(s, "[") {
			end := strings.Index(s, "]")
			if end < 0 {
				return nil, errors.New("missing ]")
			}
			parts = append(parts, s[1:end])
			s = s[end+1:]
		} else {
			i := strings.IndexByte(s, ':')
			if i < 0 {
				parts = append(parts, s)
				s = ""
			} else {
				parts = append(parts, s[:i])
				s = s[i:]
			}
		}
		if len(parts) >= 4 {
			if s != "" {
				return nil, errors.New("too many fields")
			}
			break
		}
		if !strings.HasPrefix(s, ":") {
			return nil, errors.New("too few fields")
		}
		s = s[1:]
	}
	return parts, nil
}

// Route returns where a connection for host name to addr actually goes, and
// the rule that rewrote it (nil when none did). Rules naming the host come
// first, then rules naming the address itself.
func (e *Env) Route(host string, addr netip.AddrPort) (string, *ConnectTo) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	ip := addr.Addr().Unmap().String()
	port := int(addr.Port())
	match := func(ruleHost string) *ConnectTo {
		for i := range e.ConnectTo {
			r := &e.ConnectTo[i]
			if r.Host == ruleHost && (r.Port == 0 || r.Port == port) {
				return r
			}
		}
		return nil
	}
	var r *ConnectTo
	if host != "" && host != ip {
		r = match(host)
	}
	if r == nil {
		r = match(ip)
	}
	if r == nil {
		r = match("")
	}
	if r == nil {
		return net.JoinHostPort(ip, strconv.Itoa(port)), nil
	}
	if e.routes != nil {
		e.routes.mu.Lock()
		for i := range e.ConnectTo {
			if &e.ConnectTo[i] == r {
				e.routes.used[i] = true
			}
		}
		e.routes.mu.Unlock()
	}
	toHost, toPort := r.ToHost, r.ToPort
	if toHost == "" {
		toHost = ip
	}
	if toPort == 0 {
		toPort = port
	}
	return net.JoinHostPort(toHost, strconv.Itoa(toPort)), r
}

// Dial connects to addr on behalf of host name, honouring --connect-to and
// the dial timeout.
func (e *Env) Dial(ctx context.Context, network, host string, addr netip.AddrPort) (net.Conn, error) {
	to, _ := e.Route(host, addr)
	d := net.Dialer{Timeout: e.limits().DialTimeout}
	conn, err := d.DialContext(ctx, network, to)
	if err != nil {
		return nil, fmt.Errorf("dial %s for %s: %w", to, host, err)
	}
	return conn, nil
}

// DNS returns a DNS client whose exchanges honour --connect-to rules that
// name a server address (so tests and the lab can put servers on
// ephemeral ports) and the DNS timeout.
func (e *Env) DNS() *dnsq.Client {
	return &dnsq.Client{
		Timeout: e.limits().DNSTimeout,
		Route: func(server string) string {
			ap, err := netip.ParseAddrPort(server)
			if err != nil {
				return server
			}
			to, _ := e.Route("", ap)
			return to
		},
	}
}

// DNS lookup errors, wrapped by Lookup and LookupAddrs.
var (
	ErrNXDomain   = errors.New("NXDOMAIN: the name does not exist")
	ErrServFail   = errors.New("SERVFAIL")
	ErrNoResolver = errors.New("no resolver answered")
)

// Lookup asks the Env's resolvers in order until one answers, and returns
// the answer with the resolver that gave it. Only when none answers is the
// error ErrNoResolver (wrapping the last failure).
func (e *Env) Lookup(ctx context.Context, name string, qtype uint16) (*dns.Msg, Resolver, error) {
	if len(e.Resolvers) == 0 {
		return nil, Resolver{}, fmt.Errorf("lookup %s: %w: none configured", name, ErrNoResolver)
	}
	client := e.DNS()
	var last error
	for _, r := range e.Resolvers {
		m, err := client.Query(ctx, r.Addr, name, qtype, true)
		if err == nil {
			return m, r, nil
		}
		last = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, Resolver{}, fmt.Errorf("lookup %s %s: %w: %w", name, dns.TypeToString[qtype], ErrNoResolver, last)
}

// LookupAddrs resolves host to its A and AAAA addresses through the Env's
// resolvers (an IP literal resolves to itself), asking for both at once.
// Addresses of one family are enough, as for browsers: a failed AAAA
// lookup beside a working A lookup is not an error. When neither gives an
// address the error (the A lookup's first) wraps ErrNXDomain, ErrServFail
// or ErrNoResolver.
func (e *Env) LookupAddrs(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	qtypes := []uint16{dns.TypeA, dns.TypeAAAA}
	found := make([][]netip.Addr, len(qtypes))
	errs := make([]error, len(qtypes))
	var wg sync.WaitGroup
	for i, qt := range qtypes {
		wg.Go(func() { found[i], errs[i] = e.lookupFamily(ctx, host, qt) })
	}
	wg.Wait()
	addrs := slices.Concat(found...)
	if len(addrs) == 0 {
		if err := cmp.Or(errs...); err != nil {
			return nil, err
		}
	}
	addrs, _ = e.limits().CapAddrs(addrs)
	return addrs, nil
}

// lookupFamily returns the addresses of one A or AAAA lookup.
func (e *Env) lookupFamily(ctx context.Context, host string, qt uint16) ([]netip.Addr, error) {
	m, _, err := e.Lookup(ctx, host, qt)
	if err != nil {
		return nil, err
	}
	switch m.Rcode {
	case dns.RcodeSuccess:
		return AddrsOf(m), nil
	case dns.RcodeNameError:
		return nil, fmt.Errorf("lookup %s: %w", host, ErrNXDomain)
	case dns.RcodeServerFailure:
		return nil, fmt.Errorf("lookup %s %s: %w", host, dns.TypeToString[qt], ErrServFail)
	}
	return nil, fmt.Errorf("lookup %s %s: rcode %s", host, dns.TypeToString[qt], dns.RcodeToString[m.Rcode])
}

// AddrsOf returns the A and AAAA addresses in a message's answer section.
func AddrsOf(m *dns.Msg) []netip.Addr {
	var addrs []netip.Addr
	for _, rr := range m.Answer {
		var ip net.IP
		switch rr := rr.(type) {
		case *dns.A:
			ip = rr.A
		case *dns.AAAA:
			ip = rr.AAAA
		default:
			continue
		}
		if a, ok := netip.AddrFromSlice(ip); ok {
			addrs = append(addrs, a.Unmap())
		}
	}
	return addrs
}

// DialHost connects to hostport ("name:port") the way a browser would, but
// through the Env: name resolved by the Env's resolvers (or a --connect-to
// rule naming it), each address tried in turn.
func (e *Env) DialHost(ctx context.Context, network, hostport string) (net.Conn, error) {
	host, portStr, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("bad port in %q", hostport)
	}
	// A rule naming the host needs no DNS at all.
	if to, rule := e.Route(host, netip.AddrPortFrom(netip.IPv4Unspecified(), uint16(port))); rule != nil && rule.Host != "" {
		d := net.Dialer{Timeout: e.limits().DialTimeout}
		return d.DialContext(ctx, network, to)
	}
	addrs, err := e.LookupAddrs(ctx, host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%s has no A or AAAA record", host)
	}
	var last error
	for _, a := range addrs {
		conn, err := e.Dial(ctx, network, host, netip.AddrPortFrom(a, uint16(port)))
		if err == nil {
			return conn, nil
		}
		last = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, last
}

// HTTPClient returns a client that resolves and dials through the Env,
// verifies TLS against Env.Roots (or not at all when insecure is set: the
// caller then inspects the certificate itself), never follows redirects,
// and caps header size and every timeout. Callers cap bodies with
// Limits.MaxBody.
func (e *Env) HTTPClient(insecure bool) *http.Client {
	l := e.limits()
	tr := &http.Transport{
		DialContext:            e.DialHost,
		TLSClientConfig:        &tls.Config{RootCAs: e.Roots, InsecureSkipVerify: insecure}, //nolint:gosec // the probe checks the chain itself
		TLSHandshakeTimeout:    l.DialTimeout,
		ResponseHeaderTimeout:  l.ProbeTimeout,
		MaxResponseHeaderBytes: l.MaxHeaderBytes,
		DisableKeepAlives:      true,
		DisableCompression:     true, // no transparent gunzip: no decompression bombs
		ForceAttemptHTTP2:      false,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       l.ProbeTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// ProbeDeadline is how long each probe may run (Limits.ProbeTimeout, or
// its default).
func (e *Env) ProbeDeadline() time.Duration { return e.limits().ProbeTimeout }

func (e *Env) limits() Limits {
	l, d := e.Limits, DefaultLimits()
	l.ProbeTimeout = orDefault(l.ProbeTimeout, d.ProbeTimeout)
	l.DialTimeout = orDefault(l.DialTimeout, d.DialTimeout)
	l.DNSTimeout = orDefault(l.DNSTimeout, d.DNSTimeout)
	l.MaxBody = orDefault(l.MaxBody, d.MaxBody)
	l.MaxHeaderBytes = orDefault(l.MaxHeaderBytes, d.MaxHeaderBytes)
	l.MaxRedirects = orDefault(l.MaxRedirects, d.MaxRedirects)
	l.MaxChainCerts = orDefault(l.MaxChainCerts, d.MaxChainCerts)
	l.MaxFetch = orDefault(l.MaxFetch, d.MaxFetch)
	l.MaxAddresses = orDefault(l.MaxAddresses, d.MaxAddresses)
	l.MaxPages = orDefault(l.MaxPages, d.MaxPages)
	l.MaxCSS = orDefault(l.MaxCSS, d.MaxCSS)
	l.MaxStylesheets = orDefault(l.MaxStylesheets, d.MaxStylesheets)
	l.MaxImportDepth = orDefault(l.MaxImportDepth, d.MaxImportDepth)
	l.MaxCrawlBytes = orDefault(l.MaxCrawlBytes, d.MaxCrawlBytes)
	l.MaxHTMLDepth = orDefault(l.MaxHTMLDepth, d.MaxHTMLDepth)
	l.Workers = orDefault(l.Workers, d.Workers)
	return l
}

// orDefault is v, or d when v is not positive (an unset limit).
func orDefault[T int | int64 | time.Duration](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
}

// Clock returns the Env's current time (the real clock when Now is nil).
func (e *Env) Clock() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}
