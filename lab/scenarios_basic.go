package lab

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"

	"padlock/internal/fullqueue"
	"padlock/probes"
)

// basicScenarios are the reachability and TLS-version deployments.
func basicScenarios(l *Lab) error {
	return addAll(l,
		healthyScenario,
		port443ClosedScenario,
		port443TimeoutScenario,
		tls10OnlyScenario,
		legacyTLSScenario,
		silent443Scenario,
		plainHTTP443Scenario,
		brokenAAAAScenario,
	)
}

// expectBasic is the Expect map of a basic scenario.
func expectBasic(reach, versions probes.Status) map[string]probes.Status {
	return map[string]probes.Status{probes.IDReachability: reach, probes.IDTLSVersions: versions}
}

func healthyScenario(l *Lab) error {
	name, ip := l.AddSite(Host{
		Name:    "healthy",
		Summary: "a correct deployment: full chain, TLS 1.2 and 1.3, http redirects to https",
		Expect: map[string]probes.Status{
			probes.IDReachability: probes.Pass,
			probes.IDTLSVersions:  probes.Pass,
			probes.IDCertificate:  probes.Pass,
			probes.IDCAA:          probes.Pass,
		},
	})
	return l.HealthySite(name, ip, nil)
}

func port443ClosedScenario(l *Lab) error {
	_, ip := l.AddSite(Host{
		Name:    "port443-closed",
		Summary: "nothing listens on 443 (connections refused); 80 still redirects to https",
		Expect:  expectBasic(probes.Fail, probes.Error),
	})
	if err := basicMapClosed(l, ip, 443); err != nil {
		return err
	}
	return l.ServeHTTP(ip, 80, RedirectToHTTPS())
}

// port443TimeoutScenario drops connections to 443 like a security group
// without an inbound rule. It needs Linux (see internal/fullqueue);
// elsewhere the host is left out.
func port443TimeoutScenario(l *Lab) error {
	ip := l.NextIP()
	port, err := fullqueue.Listen(ip)
	if errors.Is(err, fullqueue.ErrUnsupported) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("port443-timeout: %w", err)
	}
	l.OnClose(func() { port.Close() })
	name := l.AddHost(Host{
		Name:    "port443-timeout",
		Summary: "connections to 443 time out, as behind a security group without an inbound rule",
		Expect:  expectBasic(probes.Fail, probes.Error),
	})
	l.AddAddress(name, ip)
	l.MapPort(ip, 443, port.Addr())
	return l.ServeHTTP(ip, 80, RedirectToHTTPS())
}

func tls10OnlyScenario(l *Lab) error {
	return basicVersionsSite(l, Host{
		Name:    "tls10-only",
		Summary: "the server offers TLS 1.0 only, which every current browser refuses",
		Expect:  expectBasic(probes.Pass, probes.Fail),
	}, tls.VersionTLS10, tls.VersionTLS10)
}

func legacyTLSScenario(l *Lab) error {
	return basicVersionsSite(l, Host{
		Name:    "legacy-tls",
		Summary: "TLS 1.0 and 1.1 are still enabled beside 1.2 and 1.3",
		Expect:  expectBasic(probes.Pass, probes.Warn),
	}, tls.VersionTLS10, tls.VersionTLS13)
}

func silent443Scenario(l *Lab) error {
	_, ip := l.AddSite(Host{
		Name:    "silent-443",
		Summary: "port 443 accepts TCP but nothing there ever speaks TLS",
		Expect:  expectBasic(probes.Pass, probes.Fail),
	})
	if err := l.rawServer(ip, 443, ignore); err != nil {
		return err
	}
	return l.ServeHTTP(ip, 80, RedirectToHTTPS())
}

func plainHTTP443Scenario(l *Lab) error {
	_, ip := l.AddSite(Host{
		Name:    "plain-http-443",
		Summary: "port 443 speaks plain HTTP, not HTTPS (the listen line lacks ssl)",
		Expect:  expectBasic(probes.Pass, probes.Fail),
	})
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<!doctype html><title>plain</title><p>plain HTTP on the HTTPS port</p>\n")
	})
	if err := l.ServeHTTP(ip, 443, page); err != nil {
		return err
	}
	return l.ServeHTTP(ip, 80, page)
}

// brokenAAAAScenario publishes an AAAA record (::1, mapped to a closed
// port) beside a working A record.
func brokenAAAAScenario(l *Lab) error {
	ip := l.NextIP()
	name := l.AddHost(Host{
		Name:    "broken-aaaa",
		Summary: "HTTPS works over IPv4, but the AAAA address refuses connections",
		Expect:  expectBasic(probes.Warn, probes.Pass),
	})
	v6 := netip.IPv6Loopback()
	l.AddAddress(name, ip, v6)
	for _, port := range []int{443, 80} {
		if err := basicMapClosed(l, v6, port); err != nil {
			return err
		}
	}
	return l.HealthySite(name, ip, nil)
}

// basicVersionsSite serves a site for h whose HTTPS accepts versions min..max.
func basicVersionsSite(l *Lab, h Host, min, max uint16) error {
	ip := l.NextIP()
	name := l.AddHost(h)
	l.AddAddress(name, ip)
	cert, err := l.IssueLeaf(name)
	if err != nil {
		return err
	}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<!doctype html><title>padlock lab</title><p>"+name+"</p>\n")
	})
	if err := l.ServeHTTPS(ip, 443, TLSConfig(cert, min, max), ok); err != nil {
		return err
	}
	return l.ServeHTTP(ip, 80, RedirectToHTTPS())
}

// basicMapClosed sends connections for ip:port to a port of the same family
// that nothing listens on (so they are refused). IPv6 falls back to an
// IPv4 closed port when the machine has no IPv6 loopback.
func basicMapClosed(l *Lab, ip netip.Addr, port int) error {
	host := ip.String()
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil && ip.Is6() {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return fmt.Errorf("lab: closed port for %s:%d: %w", ip, port, err)
	}
	addr := ln.Addr().String()
	ln.Close()
	l.MapPort(ip, port, addr)
	return nil
}

// ignore reads what the client sends (up to 1 MiB) and never writes a
// byte; the connection ends when the client gives up or the lab closes.
func ignore(_ context.Context, c net.Conn) {
	io.Copy(io.Discard, io.LimitReader(c, 1<<20)) //nolint:errcheck
}
