package probes

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// testCA is a certificate authority made in a test.
type testCA struct {
	cert *x509.Certificate
	key  crypto.Signer
}

var serialMu sync.Mutex
var serialN int64 = 1000

func nextSerial() *big.Int {
	serialMu.Lock()
	defer serialMu.Unlock()
	serialN++
	return big.NewInt(serialN)
}

func ecKey(t testing.TB) crypto.Signer {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sign(t testing.TB, tmpl, parent *x509.Certificate, pub crypto.PublicKey, key crypto.Signer) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func caTemplate(name string, now time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: name, Organization: []string{"padlock test"}},
		NotBefore:             now.Add(-48 * time.Hour),
		NotAfter:              now.Add(5 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
}

func newTestRoot(t testing.TB, name string, now time.Time) *testCA {
	t.Helper()
	key := ecKey(t)
	tmpl := caTemplate(name, now)
	return &testCA{cert: sign(t, tmpl, tmpl, key.Public(), key), key: key}
}

func (ca *testCA) intermediate(t testing.TB, name string, now time.Time, tweak func(*x509.Certificate)) *testCA {
	t.Helper()
	key := ecKey(t)
	tmpl := caTemplate(name, now)
	if tweak != nil {
		tweak(tmpl)
	}
	return &testCA{cert: sign(t, tmpl, ca.cert, key.Public(), ca.key), key: key}
}

func leafTemplate(now time.Time, names ...string) *x509.Certificate {
	tmpl := &x509.Certificate{
		SerialNumber: nextSerial(),
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    now.Add(-24 * time.Hour),
		NotAfter:     now.Add(90 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	return tmpl
}

// issue signs tmpl with ca for key (a fresh P-256 key when nil) and
// returns the server certificate sending leaf then extra.
func (ca *testCA) issue(t testing.TB, tmpl *x509.Certificate, key crypto.Signer, extra ...*x509.Certificate) (tls.Certificate, *x509.Certificate) {
	t.Helper()
	if key == nil {
		key = ecKey(t)
	}
	leaf := sign(t, tmpl, ca.cert, key.Public(), ca.key)
	tc := tls.Certificate{PrivateKey: key, Leaf: leaf, Certificate: [][]byte{leaf.Raw}}
	for _, x := range extra {
		tc.Certificate = append(tc.Certificate, x.Raw)
	}
	return tc, leaf
}

// certWorld is a test deployment: a DNS server for its names, TLS servers
// mapped to 127.0.0.N:443 with connect-to rules, and the Env to reach them.
type certWorld struct {
	t     *testing.T
	now   time.Time
	root  *testCA
	inter *testCA
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

	pool := x509.NewCertPool()
	pool.AddCert(w.root.cert)
	w.env = NewEnv([]Resolver{{Addr: pc.LocalAddr().String(), Label: "test"}}, pool)
	w.env.ExtraRoots = []*x509.Certificate{w.root.cert}
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
