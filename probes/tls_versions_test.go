package probes

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"padlock/internal/tcpserve"
)

// tlsServer starts an HTTPS server accepting versions min..max and
// returns its address and a function reporting the SNI names it saw.
func tlsServer(t *testing.T, min, max uint16) (string, func() []string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	cert := netCert(t, "site.test")
	var mu sync.Mutex
	var sni []string
	srv.TLS = &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   min,
		MaxVersion:   max,
		GetConfigForClient: func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			mu.Lock()
			sni = append(sni, hello.ServerName)
			mu.Unlock()
			return nil, nil
		},
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String(), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(sni)
	}
}

// rawServer accepts connections and hands each to serve until the test
// ends; it returns the address and a channel receiving one value per
// accepted connection.
func rawServer(t *testing.T, serve func(net.Conn)) (string, <-chan struct{}) {
	t.Helper()
	accepted := make(chan struct{}, 64)
	addr, stop, err := tcpserve.Start(func(_ context.Context, c net.Conn) {
		select {
		case accepted <- struct{}{}:
		default:
		}
		serve(c)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return addr, accepted
}

// readHello reads what the client sent first (the ClientHello), bounded.
func readHello(c net.Conn) {
	buf := make([]byte, 4096)
	c.Read(buf) //nolint:errcheck
}

// hold keeps a connection open, reading and discarding, until it closes.
func hold(c net.Conn) { io.Copy(io.Discard, c) } //nolint:errcheck

// trickle writes b one byte at a time, every interval, until done.
func trickle(b []byte, interval time.Duration) func(net.Conn) {
	return func(c net.Conn) {
		readHello(c)
		for _, x := range b {
			if _, err := c.Write([]byte{x}); err != nil {
				return
			}
			time.Sleep(interval) // the server's pace, not the test waiting
		}
		hold(c)
	}
}

// tlsEnv resolves site.test (and multi.test to two addresses) through a
// test DNS server and maps each address's port 443 to the given servers.
func tlsEnv(t *testing.T, to ...string) *Env {
	t.Helper()
	var addrs []netip.Addr
	for i := range to {
		addrs = append(addrs, netip.AddrFrom4([4]byte{127, 0, 0, byte(1 + i)}))
	}
	resolver := netDNSServer(t, netZone{addrs: map[string][]netip.Addr{"site.test.": addrs}})
	env := netEnv(resolver)
	for i, dst := range to {
		netMap(env, addrs[i].String(), 443, dst)
	}
	return env
}

func TestTLSVersions(t *testing.T) {
	modern, _ := tlsServer(t, tls.VersionTLS12, tls.VersionTLS13)
	only12, _ := tlsServer(t, tls.VersionTLS12, tls.VersionTLS12)
	only10, _ := tlsServer(t, tls.VersionTLS10, tls.VersionTLS10)
	legacy, _ := tlsServer(t, tls.VersionTLS10, tls.VersionTLS13)
	silent, _ := rawServer(t, hold)
	closing, _ := rawServer(t, func(c net.Conn) {})
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	garbage, _ := rawServer(t, func(c net.Conn) {
		readHello(c)
		c.Write([]byte("\x00\x8f\xe2random bytes, not a record")) //nolint:errcheck
	})
	alerting, _ := rawServer(t, func(c net.Conn) {
		readHello(c)
		c.Write([]byte{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28}) //nolint:errcheck // fatal handshake_failure
	})
	stalled, _ := rawServer(t, trickle([]byte{0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0x00}, 30*time.Millisecond))
	sshTrickle, _ := rawServer(t, trickle([]byte("SSH-2.0-OpenSSH_9.6\r\n"), 30*time.Millisecond))
	flood, _ := rawServer(t, func(c net.Conn) {
		readHello(c)
		c.Write([]byte{0x16, 0x03, 0x03, 0xff, 0xff}) //nolint:errcheck // a record far over the limit
		junk := make([]byte, 32<<10)
		for {
			if _, err := c.Write(junk); err != nil {
				return
			}
		}
	})
	closed := netClosedPort(t, "tcp", "127.0.0.1:0")

	cases := []struct {
		name     string
		servers  []string
		status   Status
		findings []string
		accepted []string
	}{
		{"modern", []string{modern}, Pass, nil, []string{"TLS 1.2", "TLS 1.3"}},
		{"tls12 only", []string{only12}, Pass, []string{"tls-versions.no-tls13"}, []string{"TLS 1.2"}},
		{"tls10 only", []string{only10}, Fail, []string{"tls-versions.legacy-only"}, []string{"TLS 1.0"}},
		{"legacy beside modern", []string{legacy}, Warn, []string{"tls-versions.legacy-enabled"}, []string{"TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"}},
		{"silent", []string{silent}, Fail, []string{"tls-versions.no-tls"}, nil},
		{"closes at once", []string{closing}, Fail, []string{"tls-versions.no-tls"}, nil},
		{"plain http", []string{plain.Listener.Addr().String()}, Fail, []string{"tls-versions.plain-http"}, nil},
		{"random bytes", []string{garbage}, Fail, []string{"tls-versions.not-tls"}, nil},
		{"fatal alert", []string{alerting}, Fail, []string{"tls-versions.none-accepted"}, nil},
		{"stalls mid-record", []string{stalled}, Fail, []string{"tls-versions.handshake-stalled"}, nil},
		{"ssh banner trickled", []string{sshTrickle}, Fail, []string{"tls-versions.not-tls"}, nil},
		{"floods an oversized record", []string{flood}, Fail, []string{"tls-versions.not-tls"}, nil},
		{"port closed", []string{closed}, Error, []string{"tls-versions.no-connection"}, nil},
		{"addresses disagree", []string{modern, legacy}, Warn, []string{"tls-versions.inconsistent", "tls-versions.legacy-enabled"}, []string{"TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"}},
		{"one address closed", []string{closed, modern}, Pass, nil, []string{"TLS 1.2", "TLS 1.3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			env := tlsEnv(t, c.servers...)
			start := time.Now()
			r := TLSVersions{}.Run(context.Background(), Target{Host: "site.test", Port: 443}, env)
			d := r.Details.(*TLSVersionsDetails)
			if r.Status != c.status || !slices.Equal(sortedFindingIDs(r), c.findings) || !slices.Equal(d.Accepted, append([]string{}, c.accepted...)) {
				t.Errorf("status %s, findings %v, accepted %v; want %s, %v, %v (err %q)\n%+v",
					r.Status, sortedFindingIDs(r), d.Accepted, c.status, c.findings, c.accepted, r.Err, d.Addresses)
			}
			// Every verdict, even a silent server's, comes within one
			// handshake budget, far below the probe's deadline.
			if el := time.Since(start); el >= env.Limits.ProbeTimeout/2 {
				t.Errorf("took %v (probe timeout %v)", el, env.Limits.ProbeTimeout)
			}
		})
	}
}

func TestTLSVersionsRecordsCipherAndSNI(t *testing.T) {
	addr, sni := tlsServer(t, tls.VersionTLS10, tls.VersionTLS13)
	env := tlsEnv(t, addr)
	r := TLSVersions{}.Run(context.Background(), Target{Host: "site.test", Port: 443}, env)
	d := r.Details.(*TLSVersionsDetails)
	if len(d.Addresses) != 1 || d.Addresses[0].RoutedTo != addr || d.Addresses[0].ConnectTo == "" {
		t.Fatalf("addresses %+v", d.Addresses)
	}
	for _, v := range d.Addresses[0].Versions {
		if v.Outcome != HandshakeAccepted || v.Cipher == "" {
			t.Errorf("%s: outcome %s cipher %q", v.Version, v.Outcome, v.Cipher)
		}
	}
	if got := sni(); len(got) != 4 || slices.ContainsFunc(got, func(s string) bool { return s != "site.test" }) {
		t.Errorf("server saw SNI %v, want site.test four times", got)
	}
	f, ok := findFinding(r, "tls-versions.legacy-enabled")
	if !ok || !slices.Equal(f.Evidence["legacy"].([]string), []string{"TLS 1.0", "TLS 1.1"}) {
		t.Errorf("legacy-enabled finding %+v", f)
	}
}

// TestTLSVersionsSilentServerWithinDeadline: a server that accepts TCP and
// never speaks gets its verdict within the probe's deadline, even when the
// dial timeout is longer than the deadline, through the runner.
func TestTLSVersionsSilentServerWithinDeadline(t *testing.T) {
	silent, _ := rawServer(t, hold)
	env := tlsEnv(t, silent)
	env.Limits.DialTimeout = time.Minute
	env.Limits.ProbeTimeout = 1500 * time.Millisecond
	start := time.Now()
	rs := Run(context.Background(), Target{Host: "site.test", Port: 443}, env, []Probe{TLSVersions{}}, nil)
	// The probe gives its verdict at 4/5 of the deadline; the margin is for
	// a loaded machine, far below the runner's grace for a stuck probe.
	if el, bound := time.Since(start), env.Limits.ProbeTimeout+500*time.Millisecond; el > bound {
		t.Errorf("verdict after %v, want under %v (deadline %v)", el, bound, env.Limits.ProbeTimeout)
	}
	if rs[0].Status != Fail || !slices.Equal(sortedFindingIDs(rs[0]), []string{"tls-versions.no-tls"}) {
		t.Errorf("status %s findings %v err %q", rs[0].Status, sortedFindingIDs(rs[0]), rs[0].Err)
	}
	if f, _ := findFinding(rs[0], "tls-versions.no-tls"); f.Evidence["waited_ms"] == int64(0) || f.Evidence["behaviour"] != HandshakeSilent {
		t.Errorf("evidence %v: want the silent behaviour and the time waited", f.Evidence)
	}
}

func TestTLSVersionsCancelReturnsPromptly(t *testing.T) {
	silent, accepted := rawServer(t, hold)
	env := tlsEnv(t, silent)
	env.Limits.DialTimeout = time.Minute
	checkCancelReturnsPromptly(t, TLSVersions{}, Target{Host: "site.test", Port: 443}, env, accepted)
}

func TestTLSVersionsDNSFailureIsError(t *testing.T) {
	resolver := netDNSServer(t, netZone{})
	r := TLSVersions{}.Run(context.Background(), Target{Host: "missing.test", Port: 443}, netEnv(resolver))
	if r.Status != Error || r.Err == "" {
		t.Errorf("status %s err %q", r.Status, r.Err)
	}
}

// Black holes take their whole attempt budget; a healthy address whose
// attempts are scheduled last must still get a fair budget, not the
// scraps of the deadline.
func TestTLSVersionsHealthyAddressBehindBlackHoles(t *testing.T) {
	hole := netTimedOutPort(t)
	good, _ := tlsServer(t, tls.VersionTLS12, tls.VersionTLS13)
	servers := []string{}
	for range 11 {
		servers = append(servers, hole)
	}
	servers = append(servers, good) // its attempts queue behind 44 black-hole attempts
	env := tlsEnv(t, servers...)
	env.Limits.Workers = 4 // 12 rounds of 4: 200 ms an attempt within the 3 s deadline
	env.Limits.DialTimeout = time.Minute
	env.Limits.ProbeTimeout = 3 * time.Second
	rs := Run(context.Background(), Target{Host: "site.test", Port: 443}, env, []Probe{TLSVersions{}}, nil)
	d, _ := rs[0].Details.(*TLSVersionsDetails)
	if d == nil {
		t.Fatalf("no details: %+v", rs[0])
	}
	last := d.Addresses[len(d.Addresses)-1]
	if !slices.Equal(d.Accepted, []string{"TLS 1.2", "TLS 1.3"}) {
		t.Errorf("accepted %v, want TLS 1.2 and 1.3 from the healthy address (%+v)", d.Accepted, last.Versions)
	}
}
