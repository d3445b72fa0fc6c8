// Package lab runs broken HTTPS deployments on loopback: a DNS server for
// the lab zone, HTTPS/HTTP hosts each with one misconfiguration, and the
// certificates of a lab CA generated at start-up. It needs no root: every
// server listens on an ephemeral port of a 127.0.0.N address, and the Env it
// returns maps the standard ports there with --connect-to rules.
//
// Scenarios live one group per file (scenarios_*.go); each adds hosts, DNS
// records and servers through the Lab's methods.
package lab

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/certs"
	"padlock/internal/dnstest"
	"padlock/internal/pki"
	"padlock/probes"
)

// Zone is the lab's DNS zone (.test is reserved for testing, RFC 2606).
const Zone = "padlock.test"

// Options configure a lab.
type Options struct {
	// Now is the time certificates are made relative to; time.Now when zero.
	Now time.Time
	// Latency is added to every DNS answer and before every accepted
	// connection's first read (for benchmarks that model a real network).
	Latency time.Duration
	// OnDNSQuery, when set, is called with every query name the lab DNS
	// server receives (tests use it to know a probe is under way).
	OnDNSQuery func(name string)
}

// Host is one lab deployment, with what padlock should say about it.
type Host struct {
	// Name is the host name (no trailing dot).
	Name string
	// Summary says in one line what is broken.
	Summary string
	// Args are extra padlock flags the scenario needs (e.g. --dns-record).
	Args []string
	// Expect maps probe ids to the status padlock must give; the end-to-end
	// tests check exactly these.
	Expect map[string]probes.Status
}

// Lab is a running lab. Close stops it.
type Lab struct {
	opts  Options
	now   time.Time
	Root  *pki.Authority // the lab's root CA (pass it as --ca-file)
	Inter *pki.Authority // the intermediate that signs the lab's leaves

	dnsAddr string

	mu        sync.Mutex
	records   map[string][]dns.RR        // by lower-case FQDN
	handlers  map[string]dns.HandlerFunc // per-name overrides
	connectTo []probes.ConnectTo
	hosts     []Host
	closers   []func()
	nextIP    int
}

// scenarioGroups add the lab's scenarios, one group per file.
var scenarioGroups = []func(*Lab) error{
	basicScenarios,
	certificateScenarios,
	dnsScenarios,
	httpScenarios,
	caAccessScenarios,
	hostileScenarios,
}

// Start builds the CA, starts the DNS server and every scenario.
func Start(opts Options) (*Lab, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	l := &Lab{
		opts:     opts,
		now:      now,
		records:  map[string][]dns.RR{},
		handlers: map[string]dns.HandlerFunc{},
		nextIP:   10,
	}
	var err error
	if l.Root, err = pki.NewRoot("padlock lab root", now); err != nil {
		return nil, err
	}
	if l.Inter, err = l.Root.NewIntermediate("padlock lab intermediate", now, nil); err != nil {
		return nil, err
	}
	if err := l.startDNS(); err != nil {
		l.Close()
		return nil, err
	}
	l.AddRecord(fmt.Sprintf("%s. 3600 IN SOA ns1.%s. hostmaster.%s. 1 7200 900 1209600 300", Zone, Zone, Zone))
	if err := addAll(l, scenarioGroups...); err != nil {
		l.Close()
		return nil, fmt.Errorf("lab scenario: %w", err)
	}
	return l, nil
}

// addAll runs the scenario adders in turn, stopping at the first error.
func addAll(l *Lab, adds ...func(*Lab) error) error {
	for _, add := range adds {
		if err := add(l); err != nil {
			return err
		}
	}
	return nil
}

// Close stops every server of the lab.
func (l *Lab) Close() {
	l.mu.Lock()
	closers := l.closers
	l.closers = nil
	l.mu.Unlock()
	for i := len(closers) - 1; i >= 0; i-- {
		closers[i]()
	}
}

// Now is the time the lab's certificates are made relative to.
func (l *Lab) Now() time.Time { return l.now }

// Hosts returns the lab's hosts in the order they were added.
func (l *Lab) Hosts() []Host {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.hosts)
}

// Host returns the host whose name starts with label ("healthy" finds
// healthy.padlock.test).
func (l *Lab) Host(label string) (Host, bool) {
	for _, h := range l.Hosts() {
		if h.Name == label || strings.HasPrefix(h.Name, label+".") {
			return h, true
		}
	}
	return Host{}, false
}

// Resolver is the lab DNS server's address, for --resolver.
func (l *Lab) Resolver() string { return l.dnsAddr }

// ConnectTo returns the --connect-to rules that map the lab's standard
// ports to where its servers listen.
func (l *Lab) ConnectTo() []probes.ConnectTo {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.connectTo)
}

// Flags are the padlock flags that point a run at the lab: its resolver,
// the root (written to rootFile) as the only trust, and its connect-to
// rules.
func (l *Lab) Flags(rootFile string) []string {
	flags := []string{"--resolver", l.Resolver(), "--ca-file", rootFile, "--no-system-roots"}
	for _, c := range l.ConnectTo() {
		flags = append(flags, "--connect-to", c.String())
	}
	return flags
}

// RootPEM is the lab root CA certificate, for --ca-file.
func (l *Lab) RootPEM() []byte { return certs.PEM(l.Root.Cert) }

// Env returns an Env wired to the lab: its resolver, its connect-to rules,
// and trust in the lab root only (no public roots, no system pool).
func (l *Lab) Env() *probes.Env {
	env := probes.NewEnv([]probes.Resolver{{Addr: l.dnsAddr, Label: "padlock lab DNS"}}, l.Root.Pool())
	env.ExtraRoots = []*x509.Certificate{l.Root.Cert}
	env.ConnectTo = l.ConnectTo()
	return env
}

// AddHost registers a deployment and returns its full name (label plus
// the lab zone).
func (l *Lab) AddHost(h Host) string {
	if !strings.HasSuffix(h.Name, "."+Zone) {
		h.Name += "." + Zone
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hosts = append(l.hosts, h)
	return h.Name
}

// AddSite registers a deployment on a fresh loopback address with its A
// record, and returns its full name and the address.
func (l *Lab) AddSite(h Host) (string, netip.Addr) {
	ip := l.NextIP()
	name := l.AddHost(h)
	l.AddAddress(name, ip)
	return name, ip
}

// Expect adds the status probeID must give for an existing host (found by
// label, as Host does), so that a scenario group can state what its probe
// says about a host another group built (e.g. "healthy").
func (l *Lab) Expect(label, probeID string, want probes.Status) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, h := range l.hosts {
		if h.Name == label || strings.HasPrefix(h.Name, label+".") {
			if l.hosts[i].Expect == nil {
				l.hosts[i].Expect = map[string]probes.Status{}
			}
			l.hosts[i].Expect[probeID] = want
			return nil
		}
	}
	return fmt.Errorf("lab: no host %q to expect %s on", label, probeID)
}

// NextIP allocates a fresh loopback address 127.0.0.N for a host.
func (l *Lab) NextIP() netip.Addr {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.nextIP > 250 {
		panic("lab: out of loopback addresses")
	}
	a := netip.AddrFrom4([4]byte{127, 0, 0, byte(l.nextIP)})
	l.nextIP++
	return a
}

// AddRecord adds resource records in zone-file syntax ("name TTL IN A ip");
// names without a trailing dot are taken relative to the lab zone.
func (l *Lab) AddRecord(lines ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range lines {
		rr, err := dns.NewRR("$ORIGIN " + Zone + ".\n" + line)
		if err != nil || rr == nil {
			panic(fmt.Sprintf("lab: bad record %q: %v", line, err))
		}
		name := strings.ToLower(rr.Header().Name)
		l.records[name] = append(l.records[name], rr)
	}
}

// AddAddress adds an A or AAAA record for name.
func (l *Lab) AddAddress(name string, addrs ...netip.Addr) {
	for _, a := range addrs {
		typ := "A"
		if a.Is6() {
			typ = "AAAA"
		}
		l.AddRecord(fmt.Sprintf("%s. 300 IN %s %s", name, typ, a))
	}
}

// HandleDNS makes the lab DNS server answer every query for name (and its
// subdomains when name starts with "*.") with h instead of zone data.
func (l *Lab) HandleDNS(name string, h dns.HandlerFunc) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.handlers[strings.ToLower(dns.Fqdn(name))] = h
}

// MapPort adds a connect-to rule sending connections for ip:port to
// to (an "ip:port" address), for scenarios that need a port closed
// (map it to a port nothing listens on) or shared.
func (l *Lab) MapPort(ip netip.Addr, port int, to string) {
	host, portStr, err := net.SplitHostPort(to)
	if err != nil {
		panic(fmt.Sprintf("lab: MapPort %q: %v", to, err))
	}
	toPort, _ := strconv.Atoi(portStr)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.connectTo = append(l.connectTo, probes.ConnectTo{Host: ip.String(), Port: port, ToHost: host, ToPort: toPort})
}

// Listen opens a TCP listener that stands for ip:port: it listens on an
// ephemeral port of ip and adds the connect-to rule. The lab closes it.
func (l *Lab) Listen(ip netip.Addr, port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		return nil, fmt.Errorf("lab listen for %s:%d: %w", ip, port, err)
	}
	l.MapPort(ip, port, ln.Addr().String())
	l.OnClose(func() { ln.Close() })
	if l.opts.Latency > 0 {
		ln = &slowListener{Listener: ln, delay: l.opts.Latency}
	}
	return ln, nil
}

// OnClose registers f to run when the lab closes.
func (l *Lab) OnClose(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closers = append(l.closers, f)
}

// ServeHTTPS serves h with TLS config cfg at ip:port.
func (l *Lab) ServeHTTPS(ip netip.Addr, port int, cfg *tls.Config, h http.Handler) error {
	ln, err := l.Listen(ip, port)
	if err != nil {
		return err
	}
	l.serve(tls.NewListener(ln, cfg), h)
	return nil
}

// ServeHTTP serves h in plain HTTP at ip:port.
func (l *Lab) ServeHTTP(ip netip.Addr, port int, h http.Handler) error {
	ln, err := l.Listen(ip, port)
	if err != nil {
		return err
	}
	l.serve(ln, h)
	return nil
}

func (l *Lab) serve(ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ErrorLog: quietLog()}
	go srv.Serve(ln) //nolint:errcheck // ends with ErrServerClosed on Close
	l.OnClose(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx) //nolint:errcheck
		srv.Close()
	})
}

// TLSConfig returns a server config presenting cert, with versions min..max
// (0 means Go's defaults).
func TLSConfig(cert tls.Certificate, min, max uint16) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: min, MaxVersion: max}
}

// IssueLeaf issues a normal leaf for names from the lab intermediate,
// chained leaf → intermediate.
func (l *Lab) IssueLeaf(names ...string) (tls.Certificate, error) {
	return l.Inter.Leaf(pki.LeafTemplate(l.now, names...), l.Inter.Cert)
}

// HealthySite serves a working HTTPS site for name at ip (443 and a
// redirecting 80), with handler h for HTTPS (a plain page when nil).
func (l *Lab) HealthySite(name string, ip netip.Addr, h http.Handler) error {
	cert, err := l.IssueLeaf(name)
	if err != nil {
		return err
	}
	if h == nil {
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<!doctype html><title>padlock lab</title><p>Hello from "+name+"</p>\n")
		})
	}
	if err := l.ServeHTTPS(ip, 443, TLSConfig(cert, tls.VersionTLS12, 0), h); err != nil {
		return err
	}
	return l.ServeHTTP(ip, 80, RedirectToHTTPS())
}

// RedirectToHTTPS answers every plain HTTP request with a 301 to https,
// except under the validation paths /.well-known/pki-validation/ and
// /.well-known/acme-challenge/, which answer 404 without redirecting: the
// exemption padlock recommends, so that file validation stays possible.
func RedirectToHTTPS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/.well-known/pki-validation/") || strings.HasPrefix(r.URL.Path, "/.well-known/acme-challenge/") {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, "https://"+r.Host+r.URL.RequestURI(), http.StatusMovedPermanently)
	})
}

// ---- DNS ----

func (l *Lab) startDNS() error {
	addr, err := l.startDNSServer(netip.MustParseAddr("127.0.0.1"), dns.HandlerFunc(l.answer))
	if err != nil {
		return err
	}
	l.dnsAddr = addr
	return nil
}

// ServeDNS runs a DNS server with handler h standing for ip:53 (UDP and
// TCP on one ephemeral port of ip, mapped by a connect-to rule), e.g. an
// authoritative nameserver of a scenario.
func (l *Lab) ServeDNS(ip netip.Addr, h dns.Handler) error {
	addr, err := l.startDNSServer(ip, h)
	if err != nil {
		return err
	}
	l.MapPort(ip, 53, addr)
	return nil
}

// startDNSServer serves h over UDP and TCP on one ephemeral port of ip
// until the lab closes, and returns its address.
func (l *Lab) startDNSServer(ip netip.Addr, h dns.Handler) (string, error) {
	s, err := dnstest.StartWith(h, dnstest.Options{Addr: net.JoinHostPort(ip.String(), "0")})
	if err != nil {
		return "", fmt.Errorf("lab dns on %s: %w", ip, err)
	}
	l.OnClose(s.Close)
	return s.Addr, nil
}

// answer serves the lab zone: per-name handlers first, then zone data with
// CNAME chasing inside the zone; NXDOMAIN for unknown names, REFUSED outside.
func (l *Lab) answer(w dns.ResponseWriter, req *dns.Msg) {
	if l.opts.Latency > 0 {
		time.Sleep(l.opts.Latency)
	}
	if len(req.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeFormatError)
		w.WriteMsg(m) //nolint:errcheck
		return
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	if l.opts.OnDNSQuery != nil {
		l.opts.OnDNSQuery(name)
	}
	if h := l.handlerFor(name); h != nil {
		h(w, req)
		return
	}
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	if !dns.IsSubDomain(Zone+".", name) {
		m.Rcode = dns.RcodeRefused
		w.WriteMsg(m) //nolint:errcheck
		return
	}
	m.Authoritative = true
	l.mu.Lock()
	defer l.mu.Unlock()
	exists := false
	for hops := 0; hops < 8; hops++ {
		rrs, ok := l.records[name]
		if !ok {
			break
		}
		exists = true
		var cname *dns.CNAME
		for _, rr := range rrs {
			if rr.Header().Rrtype == q.Qtype || q.Qtype == dns.TypeANY {
				m.Answer = append(m.Answer, dns.Copy(rr))
			}
			if c, ok := rr.(*dns.CNAME); ok {
				cname = c
			}
		}
		if cname == nil || q.Qtype == dns.TypeCNAME {
			break
		}
		m.Answer = append(m.Answer, dns.Copy(cname))
		name = strings.ToLower(cname.Target)
		if !dns.IsSubDomain(Zone+".", name) {
			break
		}
	}
	if !exists && !l.hasChildren(name) {
		m.Rcode = dns.RcodeNameError
	}
	if len(m.Answer) == 0 {
		if soa, ok := l.records[Zone+"."]; ok {
			for _, rr := range soa {
				if rr.Header().Rrtype == dns.TypeSOA {
					m.Ns = append(m.Ns, dns.Copy(rr))
				}
			}
		}
	}
	truncateForUDP(w, req, m)
	w.WriteMsg(m) //nolint:errcheck
}

func (l *Lab) handlerFor(name string) dns.HandlerFunc {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, ok := l.handlers[name]; ok {
		return h
	}
	for pattern, h := range l.handlers {
		if strings.HasPrefix(pattern, "*.") && dns.IsSubDomain(pattern[2:], name) {
			return h
		}
	}
	return nil
}

// truncateForUDP trims an answer to the client's UDP buffer (EDNS0 size,
// or 512 bytes) and sets TC, as a correct server does; TCP is untouched.
func truncateForUDP(w dns.ResponseWriter, req, m *dns.Msg) {
	if _, udp := w.RemoteAddr().(*net.UDPAddr); !udp {
		return
	}
	size := dns.MinMsgSize
	if opt := req.IsEdns0(); opt != nil {
		size = max(int(opt.UDPSize()), dns.MinMsgSize)
	}
	m.Truncate(size)
}

// hasChildren reports whether names exist below name (an empty
// non-terminal answers NOERROR, not NXDOMAIN).
func (l *Lab) hasChildren(name string) bool {
	for n := range l.records {
		if n != name && dns.IsSubDomain(name, n) {
			return true
		}
	}
	return false
}

// ---- helpers ----

type slowListener struct {
	net.Listener
	delay time.Duration
}

func (s *slowListener) Accept() (net.Conn, error) {
	c, err := s.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &slowConn{Conn: c, delay: s.delay}, nil
}

type slowConn struct {
	net.Conn
	delay time.Duration
	once  sync.Once
}

func (c *slowConn) Read(p []byte) (int, error) {
	c.once.Do(func() { time.Sleep(c.delay) })
	return c.Conn.Read(p)
}

func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
