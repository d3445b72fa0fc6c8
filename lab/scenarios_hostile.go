package lab

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/fullqueue"
	"padlock/internal/tcpserve"
)

// Hostile hosts are servers that are broken on purpose or out to hurt the
// person looking. Their names start with "hostile-": padlock must give each
// a verdict within its deadline, in bounded memory, with nothing the server
// sent reaching the terminal raw. They set no Expect: the verdicts vary by
// probe, the bounds are what the tests check.
const hostilePrefix = "hostile-"

// hostileScenarios add the hostile deployments.
func hostileScenarios(l *Lab) error {
	return addAll(l,
		hostileTLSTrickle,
		hostileTLSAlert,
		hostileHTTP,
		hostileDNS,
		hostileManyAddresses,
	)
}

// IsHostile reports whether h is one of the hostile scenarios.
func IsHostile(h Host) bool {
	return strings.HasPrefix(h.Name, hostilePrefix)
}

// rawServer accepts connections on ip:port and hands each to handle in its
// own goroutine; conn is closed when handle returns or the lab closes.
func (l *Lab) rawServer(ip netip.Addr, port int, handle func(ctx context.Context, c net.Conn)) error {
	ln, err := l.Listen(ip, port)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); tcpserve.Serve(ctx, ln, handle) }()
	l.OnClose(func() { cancel(); <-done })
	return nil
}

// hostileTLSTrickle relays a real TLS server but sends its bytes back one
// per second.
func hostileTLSTrickle(l *Lab) error {
	name, ip := l.AddSite(Host{Name: hostilePrefix + "tls-trickle", Summary: "hostile: trickles the TLS handshake one byte per second"})
	cert, err := l.IssueLeaf(name)
	if err != nil {
		return err
	}
	backend := tls.Server // each connection gets its own server side in memory
	return l.rawServer(ip, 443, func(ctx context.Context, c net.Conn) {
		inner, outer := net.Pipe()
		defer inner.Close()
		defer outer.Close()
		go func() {
			s := backend(inner, TLSConfig(cert, 0, 0))
			s.HandshakeContext(ctx) //nolint:errcheck // the client gives up first
		}()
		go io.Copy(outer, c) //nolint:errcheck
		buf := make([]byte, 1)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			if _, err := outer.Read(buf); err != nil {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if _, err := c.Write(buf); err != nil {
				return
			}
		}
	})
}

// hostileTLSAlert answers the ClientHello with a fatal handshake_failure
// alert.
func hostileTLSAlert(l *Lab) error {
	_, ip := l.AddSite(Host{Name: hostilePrefix + "tls-alert", Summary: "hostile: answers every ClientHello with a fatal alert"})
	return l.rawServer(ip, 443, func(ctx context.Context, c net.Conn) {
		buf := make([]byte, 4096)
		if _, err := c.Read(buf); err != nil {
			return
		}
		c.Write([]byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}) //nolint:errcheck // alert(fatal, handshake_failure)
	})
}

// hostileHTTP adds the hostile HTTP hosts not already among the HTTP
// scenarios (scenarios_http.go has big pages, trickles, header floods,
// 1xx floods, gzip bombs, redirect loops and chains, deep HTML and
// stylesheet cycles).
func hostileHTTP(l *Lab) error {
	for _, b := range []struct {
		label, summary string
		handler        http.Handler
	}{
		{"endless-body", "hostile: streams an endless page", http.HandlerFunc(endlessBody)},
		{"escape-html", "hostile: terminal escape sequences in headers, title, redirects and URLs", http.HandlerFunc(escapeHTML)},
	} {
		ip := l.NextIP()
		name := l.AddHost(Host{Name: hostilePrefix + b.label, Summary: b.summary})
		l.AddAddress(name, ip)
		cert, err := l.IssueLeaf(name)
		if err != nil {
			return err
		}
		if err := l.ServeHTTPS(ip, 443, TLSConfig(cert, tls.VersionTLS12, 0), b.handler); err != nil {
			return err
		}
		if err := l.ServeHTTP(ip, 80, b.handler); err != nil {
			return err
		}
	}
	return nil
}

func endlessBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	chunk := []byte(strings.Repeat("<p>padlock lab endless page</p>\n", 512))
	for r.Context().Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// escapeHTML puts terminal escape sequences everywhere a server can.
func escapeHTML(w http.ResponseWriter, r *http.Request) {
	const evil = "\x1b]52;c;cGFkbG9jaw==\x07\x1b[2J\x1b[31m\u202e\x9b"
	w.Header().Set("Server", "evil"+evil)
	w.Header().Set("Content-Type", "text/html")
	if r.URL.Path != "/" {
		http.Redirect(w, r, "/"+evil, http.StatusFound)
		return
	}
	fmt.Fprintf(w, "<!doctype html><title>%s</title><script src=\"http://cdn.padlock.test/%s.js\"></script><img src=\"http://x%s.padlock.test/a.png\">", evil, evil, evil)
}

// hostileDNS adds names whose DNS answers misbehave.
func hostileDNS(l *Lab) error {
	add := func(label, summary string, h dns.HandlerFunc) {
		name := l.AddHost(Host{Name: hostilePrefix + label, Summary: summary})
		l.HandleDNS(name, h)
	}
	// A CNAME loop lives in the zone data itself.
	loop := l.AddHost(Host{Name: hostilePrefix + "cname-loop", Summary: "hostile: a CNAME loop"})
	l.AddRecord(loop+". 60 IN CNAME loop2."+Zone+".", "loop2."+Zone+". 60 IN CNAME "+loop+".")

	add("dns-huge-txt", "hostile: 50 KB of TXT records that need TCP", func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Authoritative = true
		q := req.Question[0]
		if q.Qtype == dns.TypeTXT || q.Qtype == dns.TypeCAA {
			for i := 0; i < 200; i++ {
				m.Answer = append(m.Answer, &dns.TXT{
					Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeTXT, Class: dns.ClassINET, Ttl: 60},
					Txt: []string{strings.Repeat("v", 250)},
				})
			}
		}
		if q.Qtype == dns.TypeA {
			m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60}, A: net.IPv4(127, 0, 0, 1)})
		}
		if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
			m.Truncate(dns.MinMsgSize)
		}
		w.WriteMsg(m) //nolint:errcheck
	})
	add("dns-truncated-no-tcp", "hostile: truncated UDP answers, TCP closed", func(w dns.ResponseWriter, req *dns.Msg) {
		if _, udp := w.RemoteAddr().(*net.UDPAddr); !udp {
			w.Close() //nolint:errcheck
			return
		}
		m := new(dns.Msg)
		m.SetReply(req)
		m.Truncated = true
		w.WriteMsg(m) //nolint:errcheck
	})
	add("dns-garbage", "hostile: answers with garbage bytes", func(w dns.ResponseWriter, req *dns.Msg) {
		junk := make([]byte, 300)
		rand.Read(junk) //nolint:errcheck
		w.Write(junk)   //nolint:errcheck
	})
	add("dns-wrong-id", "hostile: answers with the wrong query id", func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Id = req.Id + 1
		w.WriteMsg(m) //nolint:errcheck
	})
	closed, cancel := context.WithCancel(context.Background())
	l.OnClose(cancel)
	add("dns-late", "hostile: answers after 30 seconds", func(w dns.ResponseWriter, req *dns.Msg) {
		t := time.NewTimer(30 * time.Second)
		defer t.Stop()
		select {
		case <-t.C:
		case <-closed.Done():
			return
		}
		m := new(dns.Msg)
		m.SetReply(req)
		w.WriteMsg(m) //nolint:errcheck
	})
	return nil
}

// hostileManyAddresses is a name with 100 A records, all but one of them
// black holes (connections time out).
func hostileManyAddresses(l *Lab) error {
	name := l.AddHost(Host{Name: hostilePrefix + "many-addresses", Summary: "hostile: 100 A records, 99 of them black holes"})
	good := l.NextIP()
	if err := l.HealthySite(name, good, nil); err != nil {
		return err
	}
	hole := "127.0.0.1:1" // closed: refused, where black holes are not available
	if port, err := fullqueue.Listen(netip.MustParseAddr("127.0.0.1")); err == nil {
		l.OnClose(func() { port.Close() })
		hole = port.Addr()
	} else if !errors.Is(err, fullqueue.ErrUnsupported) {
		return err
	}
	for i := 0; i < 99; i++ {
		ip := netip.AddrFrom4([4]byte{127, 0, 1, byte(i + 1)})
		l.AddAddress(name, ip)
		l.MapPort(ip, 443, hole)
		l.MapPort(ip, 80, hole)
	}
	l.AddAddress(name, good)
	return nil
}
