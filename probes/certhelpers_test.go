package probes

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/pki"
)

// testCA is a pki.Authority with the test's conveniences: failures end
// the test instead of returning errors.
type testCA struct{ *pki.Authority }

func newTestRoot(t testing.TB, name string, now time.Time) testCA {
	t.Helper()
	a, err := pki.NewRoot(name, now)
	if err != nil {
		t.Fatal(err)
	}
	return testCA{a}
}

// intermediate is pki's NewIntermediate, tweak included.
func (ca testCA) intermediate(t testing.TB, name string, now time.Time, tweak func(*x509.Certificate)) testCA {
	t.Helper()
	a, err := ca.NewIntermediate(name, now, tweak)
	if err != nil {
		t.Fatal(err)
	}
	return testCA{a}
}

// issue signs tmpl with ca for key (a fresh P-256 key when nil) and
// returns the server certificate sending leaf then extra.
func (ca testCA) issue(t testing.TB, tmpl *x509.Certificate, key crypto.Signer, extra ...*x509.Certificate) (tls.Certificate, *x509.Certificate) {
	t.Helper()
	if key == nil {
		key = pki.NewKey()
	}
	c, err := ca.LeafWithKey(key, tmpl, extra...)
	if err != nil {
		t.Fatal(err)
	}
	return c, c.Leaf
}

// leaf issues a certificate for names, valid now, that sends only itself.
func (ca testCA) leaf(t testing.TB, names ...string) tls.Certificate {
	t.Helper()
	c, _ := ca.issue(t, pki.LeafTemplate(time.Now(), names...), nil)
	return c
}

// certWorld is a test deployment: a DNS server for its names, TLS servers
// mapped to 127.0.0.N:443 with connect-to rules, and the Env to reach them.
type certWorld struct {
	t     *testing.T
	now   time.Time
	root  testCA
	inter testCA
	env   *Env
	mu    sync.Mutex
	addrs map[string][]netip.Addr
	next  byte
}

func newCertWorld(t *testing.T) *certWorld {
	t.Helper()
	now := time.Now()
	w := &certWorld{t: t, now: now, addrs: map[string][]netip.Addr{}, next: 2}
	w.root = newTestRoot(t, "padlock test root", now)
	w.inter = w.root.intermediate(t, "padlock test intermediate", now, nil)

	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(w.answer)}
	go srv.ActivateAndServe()            //nolint:errcheck
	t.Cleanup(func() { srv.Shutdown() }) //nolint:errcheck

	w.env = NewEnv([]Resolver{{Addr: pc.LocalAddr().String(), Label: "test"}}, w.root.Pool())
	w.env.ExtraRoots = []*x509.Certificate{w.root.Cert}
	w.env.Now = func() time.Time { return now }
	w.env.Limits.ProbeTimeout = 3 * time.Second
	w.env.Limits.DialTimeout = time.Second
	return w
}

func (w *certWorld) answer(rw dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	q := req.Question[0]
	w.mu.Lock()
	addrs := w.addrs[q.Name]
	w.mu.Unlock()
	for _, a := range addrs {
		switch {
		case q.Qtype == dns.TypeA && a.Is4():
			m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: a.AsSlice()})
		}
	}
	rw.WriteMsg(m) //nolint:errcheck
}

// route adds name → a fresh 127.0.0.N whose port 443 goes to hostport.
func (w *certWorld) route(name, hostport string) netip.Addr {
	w.mu.Lock()
	a := netip.AddrFrom4([4]byte{127, 0, 0, w.next})
	w.next++
	w.addrs[dns.Fqdn(name)] = append(w.addrs[dns.Fqdn(name)], a)
	w.mu.Unlock()
	h, p, _ := net.SplitHostPort(hostport)
	port, _ := strconv.Atoi(p)
	w.env.ConnectTo = append(w.env.ConnectTo, ConnectTo{Host: a.String(), Port: 443, ToHost: h, ToPort: port})
	return a
}

// serve starts a TLS server presenting cert for name.
func (w *certWorld) serve(name string, cert tls.Certificate) netip.Addr {
	w.t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	w.t.Cleanup(srv.Close)
	return w.route(name, srv.Listener.Addr().String())
}

// serveHTTP starts a plain HTTP server and returns its base URL.
func (w *certWorld) serveHTTP(h http.Handler) string {
	srv := httptest.NewServer(h)
	w.t.Cleanup(srv.Close)
	return srv.URL
}

// run runs the certificate probe under its deadline, as the runner does.
func (w *certWorld) run(target string) (Result, time.Duration) {
	w.t.Helper()
	tg, err := ParseTarget(target)
	if err != nil {
		w.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeoutCause(context.Background(), w.env.Limits.ProbeTimeout, ErrProbeTimeout)
	defer cancel()
	start := time.Now()
	r := Certificate{}.Run(ctx, tg, w.env)
	return r, time.Since(start)
}
