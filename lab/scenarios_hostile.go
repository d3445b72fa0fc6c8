package lab

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"padlock/internal/fullqueue"
)

// Hostile hosts are servers that are broken on purpose or out to hurt the
// person looking. Their names start with "hostile-": padlock must give each
// a verdict within its deadline, in bounded memory, with nothing the server
// sent reaching the terminal raw. They set no Expect: the verdicts vary by
// probe, the bounds are what the tests check.
const hostilePrefix = "hostile-"

// hostileScenarios add the hostile deployments.
func hostileScenarios(l *Lab) error {
	for _, add := range []func(*Lab) error{
		hostileTLSTrickle,
		hostileTLSGarbage,
		hostileTLSAlert,
		hostileHTTP,
		hostileDNS,
		hostileManyAddresses,
	} {
		if err := add(l); err != nil {
			return err
		}
	}
	return nil
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
	l.OnClose(cancel)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				stop := context.AfterFunc(ctx, func() { c.Close() })
				defer stop()
				handle(ctx, c)
			}()
		}
	}()
	return nil
}

// hostileTLSTrickle relays a real TLS server but sends its bytes back one
// per second.
func hostileTLSTrickle(l *Lab) error {
	ip := l.NextIP()
	name := l.AddHost(Host{Name: hostilePrefix + "tls-trickle", Summary: "hostile: trickles the TLS handshake one byte per second"})
	l.AddAddress(name, ip)
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

// hostileTLSGarbage answers the ClientHello with random bytes, then holds
// the connection open.
func hostileTLSGarbage(l *Lab) error {
	ip := l.NextIP()
	name := l.AddHost(Host{Name: hostilePrefix + "tls-garbage", Summary: "hostile: answers the ClientHello with random bytes and escape sequences"})
	l.AddAddress(name, ip)
	return l.rawServer(ip, 443, func(ctx context.Context, c net.Conn) {
		buf := make([]byte, 4096)
		if _, err := c.Read(buf); err != nil {
			return
		}
		junk := make([]byte, 4096)
		rand.Read(junk)                                    //nolint:errcheck // never fails
		c.Write([]byte("\x1b]0;pwned\x07\x1b[2J\x1b[31m")) //nolint:errcheck
		c.Write(junk)                                      //nolint:errcheck
		<-ctx.Done()
	})
}

// hostileTLSAlert answers the ClientHello with a fatal handshake_failure
// alert.
func hostileTLSAlert(l *Lab) error {
	ip := l.NextIP()
	name := l.AddHost(Host{Name: hostilePrefix + "tls-alert", Summary: "hostile: answers every ClientHello with a fatal alert"})
	l.AddAddress(name, ip)
	return l.rawServer(ip, 443, func(ctx context.Context, c net.Conn) {
		buf := make([]byte, 4096)
		if _, err := c.Read(buf); err != nil {
			return
		}
		c.Write([]byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}) //nolint:errcheck // alert(fatal, handshake_failure)
	})
}

// hostileHTTP adds one HTTPS host per hostile HTTP behaviour.
func hostileHTTP(l *Lab) error {
	type behaviour struct {
		label, summary string
		handler        http.Handler
		raw            func(ctx context.Context, c *tls.Conn)
	}
	for _, b := range []behaviour{
		{label: "endless-body", summary: "hostile: streams an endless page", handler: http.HandlerFunc(endlessBody)},
		{label: "trickle-body", summary: "hostile: sends its page one byte per second", handler: http.HandlerFunc(trickleBody)},
		{label: "gzip-bomb", summary: "hostile: a gzip body that inflates without end", handler: http.HandlerFunc(gzipBomb)},
		{label: "redirect-loop", summary: "hostile: / redirects to /a, /a back to /", handler: redirectLoop()},
		{label: "deep-html", summary: "hostile: HTML nested 100,000 elements deep", handler: http.HandlerFunc(deepHTML)},
		{label: "css-cycle", summary: "hostile: stylesheets that @import each other in a cycle and without end", handler: cssCycle()},
		{label: "escape-html", summary: "hostile: terminal escape sequences in headers, title and URLs", handler: http.HandlerFunc(escapeHTML)},
		{label: "many-headers", summary: "hostile: 100,000 response headers", raw: manyHeaders},
		{label: "endless-1xx", summary: "hostile: an endless stream of 1xx responses", raw: endless1xx},
		{label: "trickle-headers", summary: "hostile: sends its headers one byte per second", raw: trickleHeaders},
	} {
		ip := l.NextIP()
		name := l.AddHost(Host{Name: hostilePrefix + b.label, Summary: b.summary})
		l.AddAddress(name, ip)
		cert, err := l.IssueLeaf(name)
		if err != nil {
			return err
		}
		cfg := TLSConfig(cert, tls.VersionTLS12, 0)
		if b.handler != nil {
			if err := l.ServeHTTPS(ip, 443, cfg, b.handler); err != nil {
				return err
			}
			if err := l.ServeHTTP(ip, 80, b.handler); err != nil {
				return err
			}
			continue
		}
		raw := b.raw
		if err := l.rawServer(ip, 443, func(ctx context.Context, c net.Conn) {
			tc := tls.Server(c, cfg)
			if err := tc.HandshakeContext(ctx); err != nil {
				return
			}
			// Read the request head, then misbehave.
			br := bufio.NewReader(tc)
			for {
				line, err := br.ReadString('\n')
				if err != nil || line == "\r\n" || line == "\n" {
					break
				}
			}
			raw(ctx, tc)
		}); err != nil {
			return err
		}
		if err := l.ServeHTTP(ip, 80, RedirectToHTTPS()); err != nil {
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

func trickleBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	body := "<!doctype html><title>slow</title><script src=\"http://cdn.padlock.test/x.js\"></script>" + strings.Repeat(" ", 1000)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; i < len(body); i++ {
		if _, err := w.Write([]byte{body[i]}); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}

func gzipBomb(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Encoding", "gzip")
	zw := gzip.NewWriter(w)
	zeros := make([]byte, 1<<20)
	for r.Context().Err() == nil {
		if _, err := zw.Write(zeros); err != nil {
			return
		}
	}
}

func redirectLoop() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/.well-known/") || r.URL.Path == "/" {
			http.Redirect(w, r, "/a", http.StatusFound)
			return
		}
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/", http.StatusFound)
			return
		}
		// /hop/N: 50 hops alternating http and https.
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		scheme := "https"
		if r.TLS != nil {
			scheme = "http"
		}
		http.Redirect(w, r, fmt.Sprintf("%s://%s/hop/%d", scheme, r.Host, (n+1)%50), http.StatusMovedPermanently)
	})
	return mux
}

func deepHTML(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	const depth = 100_000
	bw := bufio.NewWriter(w)
	bw.WriteString("<!doctype html><title>deep</title>")
	for i := 0; i < depth; i++ {
		bw.WriteString("<div>")
	}
	bw.WriteString(`<img src="http://cdn.padlock.test/deep.png">`)
	for i := 0; i < depth; i++ {
		bw.WriteString("</div>")
	}
	bw.Flush() //nolint:errcheck
}

func cssCycle() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<!doctype html><title>css</title><link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/chain/0.css">`)
	})
	mux.HandleFunc("/a.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		io.WriteString(w, `@import url("/b.css"); body { background: url(http://cdn.padlock.test/a.png) }`)
	})
	mux.HandleFunc("/b.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		io.WriteString(w, `@import "/a.css";`)
	})
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/chain/"), ".css"))
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprintf(w, "@import url(\"/chain/%d.css\");\n", n+1)
	})
	return mux
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

func manyHeaders(ctx context.Context, c *tls.Conn) {
	bw := bufio.NewWriterSize(c, 64<<10)
	bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
	for i := 0; i < 100_000 && ctx.Err() == nil; i++ {
		if _, err := fmt.Fprintf(bw, "X-Padlock-%d: %d\r\n", i, i); err != nil {
			return
		}
	}
	bw.WriteString("Content-Length: 2\r\n\r\nok")
	bw.Flush() //nolint:errcheck
}

func endless1xx(ctx context.Context, c *tls.Conn) {
	for ctx.Err() == nil {
		if _, err := io.WriteString(c, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"); err != nil {
			return
		}
	}
}

func trickleHeaders(ctx context.Context, c *tls.Conn) {
	head := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + strings.Repeat("X-Slow: yes\r\n", 100) + "\r\n"
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; i < len(head); i++ {
		if _, err := c.Write([]byte{head[i]}); err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
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
