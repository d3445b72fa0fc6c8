package probes

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/fullqueue"
	"padlock/internal/pki"
)

// ---- helpers shared by the reachability and tls-versions tests ----

// netZone answers the test DNS server: name → records; absent names get
// NXDOMAIN unless listed in netRcodes.
type netZone struct {
	addrs  map[string][]netip.Addr // FQDN → addresses
	rcodes map[string]int          // FQDN → forced rcode
	silent map[string]bool         // FQDN → never answer
}

// netDNSServer starts a miekg/dns server on 127.0.0.1:0 (UDP) serving z.
func netDNSServer(t *testing.T, z netZone) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		q := req.Question[0]
		name := dns.CanonicalName(q.Name)
		if z.silent[name] {
			return
		}
		m := new(dns.Msg)
		m.SetReply(req)
		if rc, ok := z.rcodes[name]; ok {
			m.Rcode = rc
			w.WriteMsg(m) //nolint:errcheck
			return
		}
		addrs, ok := z.addrs[name]
		if !ok {
			m.Rcode = dns.RcodeNameError
		}
		for _, a := range addrs {
			hdr := dns.RR_Header{Name: q.Name, Class: dns.ClassINET, Ttl: 60}
			switch {
			case a.Is4() && q.Qtype == dns.TypeA:
				hdr.Rrtype = dns.TypeA
				m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: a.AsSlice()})
			case a.Is6() && q.Qtype == dns.TypeAAAA:
				hdr.Rrtype = dns.TypeAAAA
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: a.AsSlice()})
			}
		}
		w.WriteMsg(m) //nolint:errcheck
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe() //nolint:errcheck
	<-started
	t.Cleanup(func() { srv.Shutdown() }) //nolint:errcheck
	return pc.LocalAddr().String()
}

// netEnv is an Env that asks only resolver and dials with short timeouts.
func netEnv(resolver string) *Env {
	var rs []Resolver
	if resolver != "" {
		rs = []Resolver{{Addr: resolver, Label: "test"}}
	}
	env := NewEnv(rs, x509.NewCertPool())
	env.Limits.DialTimeout = 400 * time.Millisecond
	env.Limits.DNSTimeout = 300 * time.Millisecond
	env.Limits.ProbeTimeout = 5 * time.Second
	return env
}

// netMap sends connections for ip:port to the listener at to.
func netMap(env *Env, ip string, port int, to string) {
	host, p, _ := net.SplitHostPort(to)
	n, _ := strconv.Atoi(p)
	env.ConnectTo = append(env.ConnectTo, ConnectTo{Host: ip, Port: port, ToHost: host, ToPort: n})
}

// netClosedPort returns a loopback address nothing listens on.
func netClosedPort(t *testing.T, network, addr string) string {
	t.Helper()
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	a := ln.Addr().String()
	ln.Close()
	return a
}

// netListen opens a TCP listener on 127.0.0.1:0 closed at cleanup.
func netListen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// netTimedOutPort is a port whose SYNs are dropped (connects time out).
func netTimedOutPort(t *testing.T) string {
	t.Helper()
	p, err := fullqueue.Listen(netip.MustParseAddr("127.0.0.1"))
	if errors.Is(err, fullqueue.ErrUnsupported) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p.Addr()
}

// netCert makes a self-signed ECDSA certificate for names.
func netCert(t *testing.T, names ...string) tls.Certificate {
	t.Helper()
	c, err := pki.SelfSigned(pki.LeafTemplate(time.Now(), names...))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ---- reachability ----

func TestReachability(t *testing.T) {
	open443, open80 := netListen(t), netListen(t)
	closed := netClosedPort(t, "tcp", "127.0.0.1:0")
	closed6 := ""
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil {
		closed6 = ln.Addr().String()
		ln.Close()
	}
	timedOut := netTimedOutPort(t)

	lo4 := netip.MustParseAddr("127.0.0.1")
	lo6 := netip.MustParseAddr("::1")
	zone := netZone{
		addrs: map[string][]netip.Addr{
			"ok.test.": {lo4}, "no443.test.": {lo4}, "no80.test.": {lo4}, "v6.test.": {lo4, lo6},
			"drop.test.": {lo4}, "empty.test.": {}, "v6only.test.": {lo6},
		},
		rcodes: map[string]int{"servfail.test.": dns.RcodeServerFailure, "refused.test.": dns.RcodeRefused},
	}
	resolver := netDNSServer(t, zone)

	type ports struct{ https, http string }
	cases := []struct {
		host     string
		ports    ports  // where 127.0.0.1:443 and :80 go
		port6    string // where [::1]:443 goes
		status   Status
		findings []string
	}{
		{"ok.test", ports{open443.Addr().String(), open80.Addr().String()}, "", Pass, []string{"reachability.connect-to"}},
		{"no443.test", ports{closed, open80.Addr().String()}, "", Fail, []string{"reachability.connect-to", "reachability.https-refused"}},
		{"no80.test", ports{open443.Addr().String(), closed}, "", Warn, []string{"reachability.connect-to", "reachability.http-refused"}},
		{"drop.test", ports{timedOut, open80.Addr().String()}, "", Fail, []string{"reachability.connect-to", "reachability.https-timeout"}},
		{"v6.test", ports{open443.Addr().String(), open80.Addr().String()}, closed6, Warn, []string{"reachability.connect-to", "reachability.ipv6-broken"}},
		{"v6only.test", ports{open443.Addr().String(), open80.Addr().String()}, closed6, Fail, []string{"reachability.connect-to", "reachability.http-refused", "reachability.https-refused"}},
		{"missing.test", ports{}, "", Fail, []string{"reachability.nxdomain"}},
		{"servfail.test", ports{}, "", Fail, []string{"reachability.servfail"}},
		{"empty.test", ports{}, "", Fail, []string{"reachability.no-address"}},
		{"refused.test", ports{}, "", Error, []string{"reachability.dns-rcode"}},
	}
	for _, c := range cases {
		t.Run(c.host, func(t *testing.T) {
			if c.port6 != "" && closed6 == "" {
				t.Skip("no IPv6 loopback")
			}
			env := netEnv(resolver)
			if c.ports.https != "" {
				netMap(env, "127.0.0.1", 443, c.ports.https)
				netMap(env, "127.0.0.1", 80, c.ports.http)
			}
			if c.port6 != "" {
				netMap(env, "::1", 443, c.port6)
				netMap(env, "::1", 80, c.port6)
			}
			r := Reachability{}.Run(context.Background(), Target{Host: c.host, Port: 443}, env)
			if r.Status != c.status || !slices.Equal(sortedFindingIDs(r), c.findings) {
				t.Errorf("status %s, findings %v; want %s, %v (err %q, details %+v)", r.Status, sortedFindingIDs(r), c.status, c.findings, r.Err, r.Details)
			}
		})
	}
}

func TestReachabilityDetailsShowRouting(t *testing.T) {
	ln := netListen(t)
	resolver := netDNSServer(t, netZone{addrs: map[string][]netip.Addr{"ok.test.": {netip.MustParseAddr("127.0.0.1")}}})
	env := netEnv(resolver)
	netMap(env, "127.0.0.1", 443, ln.Addr().String())
	netMap(env, "127.0.0.1", 80, ln.Addr().String())
	r := Reachability{}.Run(context.Background(), Target{Host: "ok.test", Port: 443}, env)
	d := r.Details.(*ReachabilityDetails)
	if len(d.DNS) != 2 || len(d.Addresses) != 1 {
		t.Fatalf("details %+v", d)
	}
	for _, p := range d.Addresses[0].Ports {
		if p.State != PortOpen || p.RoutedTo != ln.Addr().String() || p.ConnectTo == "" {
			t.Errorf("port %+v: want open, routed to %s with the rule", p, ln.Addr())
		}
	}
	f, ok := findFinding(r, "reachability.connect-to")
	if !ok {
		t.Fatal("no connect-to finding")
	}
	if rw := f.Evidence["rewritten"].([]string); len(rw) != 2 {
		t.Errorf("rewritten = %v", rw)
	}
}

func TestReachabilityIPLiteralSkipsDNS(t *testing.T) {
	ln := netListen(t)
	env := netEnv("") // no resolver at all: any lookup would fail
	netMap(env, "127.0.0.1", 443, ln.Addr().String())
	netMap(env, "127.0.0.1", 80, ln.Addr().String())
	r := Reachability{}.Run(context.Background(), Target{Host: "127.0.0.1", Port: 443}, env)
	d := r.Details.(*ReachabilityDetails)
	if r.Status != Pass || len(d.DNS) != 0 || len(d.Addresses) != 1 {
		t.Errorf("status %s err %q details %+v", r.Status, r.Err, d)
	}
}

func TestReachabilityResolverTimeoutIsError(t *testing.T) {
	resolver := netDNSServer(t, netZone{silent: map[string]bool{"slow.test.": true}})
	env := netEnv(resolver)
	start := time.Now()
	r := Reachability{}.Run(context.Background(), Target{Host: "slow.test", Port: 443}, env)
	if r.Status != Error || !slices.Equal(sortedFindingIDs(r), []string{"reachability.resolver-timeout"}) {
		t.Errorf("status %s findings %v err %q", r.Status, sortedFindingIDs(r), r.Err)
	}
	if el := time.Since(start); el > env.Limits.ProbeTimeout {
		t.Errorf("took %v", el)
	}
}

func TestReachabilityMaxAddresses(t *testing.T) {
	ln := netListen(t)
	var many []netip.Addr
	for i := 1; i <= 5; i++ {
		many = append(many, netip.AddrFrom4([4]byte{127, 0, 0, byte(i)}))
	}
	resolver := netDNSServer(t, netZone{addrs: map[string][]netip.Addr{"many.test.": many}})
	env := netEnv(resolver)
	env.Limits.MaxAddresses = 2
	env.Limits.Workers = 1
	env.ConnectTo = []ConnectTo{{Host: "many.test", ToHost: "127.0.0.1", ToPort: ln.Addr().(*net.TCPAddr).Port}}
	r := Reachability{}.Run(context.Background(), Target{Host: "many.test", Port: 443}, env)
	d := r.Details.(*ReachabilityDetails)
	if len(d.Addresses) != 2 || d.NotProbed != 3 || r.Status != Pass {
		t.Errorf("status %s, %d addresses, %d not probed", r.Status, len(d.Addresses), d.NotProbed)
	}
}

func TestReachabilityCancelReturnsPromptly(t *testing.T) {
	timedOut := netTimedOutPort(t)
	env := netEnv("")
	env.Limits.DialTimeout = time.Minute
	netMap(env, "127.0.0.1", 0, timedOut)
	checkCancelReturnsPromptly(t, Reachability{}, Target{Host: "127.0.0.1", Port: 443}, env, nil)
}

func TestReachClassify(t *testing.T) {
	wrap := func(err error) error {
		return fmt.Errorf("dial: %w", &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: err}})
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{wrap(syscall.ECONNREFUSED), PortRefused},
		{wrap(syscall.EHOSTUNREACH), PortUnreachable},
		{wrap(syscall.ENETUNREACH), PortUnreachable},
		{wrap(syscall.ETIMEDOUT), PortTimedOut},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), PortTimedOut},
		{errors.New("something else"), PortError},
	} {
		if got := reachClassify(c.err); got != c.want {
			t.Errorf("reachClassify(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}

// TestReachabilityResolversTimeOutPastTheDeadline: when every resolver is
// silent and asking them all takes longer than the probe's deadline, the
// verdict is still the resolver-timeout finding, not a bare "deadline
// exceeded" error as if the user had cancelled.
func TestReachabilityResolversTimeOutPastTheDeadline(t *testing.T) {
	env := netEnv("")
	for range 4 {
		env.Resolvers = append(env.Resolvers, Resolver{Addr: silentDNS(t), Label: "black hole"})
	}
	ctx, cancel := context.WithTimeoutCause(context.Background(), 5*env.Limits.DNSTimeout/2, ErrProbeTimeout)
	defer cancel()
	r := Reachability{}.Run(ctx, Target{Host: "slow.test", Port: 443}, env)
	if r.Status != Error || !slices.Equal(sortedFindingIDs(r), []string{"reachability.resolver-timeout"}) {
		t.Errorf("status %s findings %v err %q", r.Status, sortedFindingIDs(r), r.Err)
	}
}
