package probes

import (
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/dnstest"
)

// testDNSTimeout bounds each query in DNS tests: servers that never
// answer cost this much, never a real network timeout.
const testDNSTimeout = time.Second

// startDNS serves h on 127.0.0.1:0 (UDP and TCP) for the test.
func startDNS(t testing.TB, h dns.Handler) string { return dnstest.Serve(t, h) }

// startRaw serves a raw UDP responder for the test.
func startRaw(t testing.TB, respond func([]byte) []byte) string { return dnstest.ServeRaw(t, respond) }

// silentServer never answers: a black-hole resolver.
func silentDNS(t testing.TB) string {
	return startRaw(t, func([]byte) []byte { return nil })
}

// dnsEnv is an Env with the given resolver addresses and a short DNS
// timeout.
func dnsEnv(resolvers ...string) *Env {
	var rs []Resolver
	for i, r := range resolvers {
		rs = append(rs, Resolver{Addr: r, Label: "test resolver " + strconv.Itoa(i+1)})
	}
	env := NewEnv(rs, nil)
	env.Limits.DNSTimeout = testDNSTimeout
	return env
}

// mapDNS routes ip:53 to the server at addr.
func mapDNS(env *Env, ip, addr string) {
	ap := netip.MustParseAddrPort(addr)
	env.ConnectTo = append(env.ConnectTo, ConnectTo{Host: ip, Port: 53, ToHost: ap.Addr().String(), ToPort: int(ap.Port())})
}

// handlerFunc adapts a function.
type handlerFunc func(w dns.ResponseWriter, r *dns.Msg)

func (f handlerFunc) ServeDNS(w dns.ResponseWriter, r *dns.Msg) { f(w, r) }

// rcodeFor answers rcode for the names given, and defers to h otherwise.
func rcodeFor(h dns.Handler, rcode int, names ...string) dns.Handler {
	return handlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		for _, n := range names {
			if len(r.Question) == 1 && r.Question[0].Name == dns.Fqdn(n) {
				m := new(dns.Msg)
				m.SetRcode(r, rcode)
				w.WriteMsg(m) //nolint:errcheck
				return
			}
		}
		h.ServeDNS(w, r)
	})
}

func isUDP(w dns.ResponseWriter) bool {
	_, ok := w.RemoteAddr().(*net.UDPAddr)
	return ok
}
