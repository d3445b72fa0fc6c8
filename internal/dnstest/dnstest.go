// Package dnstest runs small DNS servers on 127.0.0.1 ephemeral ports for
// tests and the lab: a miekg/dns handler served over UDP and TCP on the
// same port, or a raw UDP responder for servers that lie at the wire level.
package dnstest

import (
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// Options configure a Server.
type Options struct {
	// Addr is the UDP/TCP address to listen on; "127.0.0.1:0" when empty.
	Addr string
	// NoTCP leaves TCP closed: a TCP connection to the port is refused
	// (as long as nothing else took the port).
	NoTCP bool
}

// Server is a running DNS server. Close stops it.
type Server struct {
	// Addr is "ip:port", the same port for UDP and TCP.
	Addr    string
	servers []*dns.Server
	once    sync.Once
}

// Start serves h on a fresh port of 127.0.0.1 over UDP and TCP.
func Start(h dns.Handler) (*Server, error) {
	return StartWith(h, Options{})
}

// StartWith serves h as configured by opts. With an ephemeral port, a
// port free for UDP but taken for TCP is retried a few times.
func StartWith(h dns.Handler, opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var err error
	for range 20 {
		var s *Server
		if s, err = start(h, addr, opts.NoTCP); err == nil {
			return s, nil
		}
		if !strings.HasSuffix(addr, ":0") {
			break
		}
	}
	return nil, err
}

func start(h dns.Handler, addr string, noTCP bool) (*Server, error) {
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("dnstest udp: %w", err)
	}
	var ln net.Listener
	if !noTCP {
		if ln, err = net.Listen("tcp", pc.LocalAddr().String()); err != nil {
			pc.Close()
			return nil, fmt.Errorf("dnstest tcp: %w", err)
		}
	}
	s := &Server{Addr: pc.LocalAddr().String()}
	s.run(&dns.Server{PacketConn: pc, Handler: h})
	if ln != nil {
		s.run(&dns.Server{Listener: ln, Handler: h})
	}
	return s, nil
}

func (s *Server) run(srv *dns.Server) {
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	s.servers = append(s.servers, srv)
	go srv.ActivateAndServe() //nolint:errcheck // ends when Close shuts it down
	<-started
}

// Close stops the server.
func (s *Server) Close() {
	s.once.Do(func() {
		for _, srv := range s.servers {
			srv.Shutdown() //nolint:errcheck
		}
	})
}

// RawServer answers each UDP datagram with whatever its function returns
// (nil: no answer at all), for servers that send garbage or wrong ids.
type RawServer struct {
	Addr string
	pc   net.PacketConn
	done chan struct{}
}

// StartRaw serves respond over UDP on a fresh port of 127.0.0.1.
func StartRaw(respond func(query []byte) []byte) (*RawServer, error) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("dnstest raw udp: %w", err)
	}
	s := &RawServer{Addr: pc.LocalAddr().String(), pc: pc, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		buf := make([]byte, 65535)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if out := respond(append([]byte(nil), buf[:n]...)); out != nil {
				pc.WriteTo(out, from) //nolint:errcheck
			}
		}
	}()
	return s, nil
}

// Close stops the raw server.
func (s *RawServer) Close() {
	s.pc.Close()
	<-s.done
}

// Zone is a map of records by lower-case owner name, answered
// authoritatively; it is the handler most tests need.
type Zone struct {
	mu      sync.Mutex
	Origin  string              // zone apex, FQDN
	Records map[string][]dns.RR // by lower-case FQDN
	// Recursion marks answers RA (a resolver rather than an authority).
	Recursion bool
}

// NewZone parses records in zone-file syntax relative to origin.
func NewZone(origin string, lines ...string) (*Zone, error) {
	z := &Zone{Origin: dns.Fqdn(strings.ToLower(origin)), Records: map[string][]dns.RR{}}
	for _, line := range lines {
		if err := z.Add(line); err != nil {
			return nil, err
		}
	}
	return z, nil
}

// MustZone is NewZone that panics on a bad record (for tests).
func MustZone(origin string, lines ...string) *Zone {
	z, err := NewZone(origin, lines...)
	if err != nil {
		panic(err)
	}
	return z
}

// Add parses one record relative to the zone's origin and adds it.
func (z *Zone) Add(line string) error {
	rr, err := dns.NewRR("$ORIGIN " + z.Origin + "\n" + line)
	if err != nil || rr == nil {
		return fmt.Errorf("dnstest: bad record %q: %v", line, err)
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	name := strings.ToLower(rr.Header().Name)
	z.Records[name] = append(z.Records[name], rr)
	return nil
}

// ServeDNS answers from the records: exact type matches, CNAMEs followed
// inside the zone, NXDOMAIN for names that do not exist, the SOA in the
// authority section of empty answers.
func (z *Zone) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	if len(req.Question) != 1 {
		m.Rcode = dns.RcodeFormatError
		w.WriteMsg(m) //nolint:errcheck
		return
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	m.Authoritative = !z.Recursion
	m.RecursionAvailable = z.Recursion
	if !dns.IsSubDomain(z.Origin, name) {
		m.Rcode = dns.RcodeRefused
		w.WriteMsg(m) //nolint:errcheck
		return
	}
	exists := false
	for hops := 0; hops < 8 && dns.IsSubDomain(z.Origin, name); hops++ {
		rrs, ok := z.Records[name]
		if !ok {
			rrs, ok = z.wildcard(name)
		}
		if !ok {
			break
		}
		exists = true
		var next string
		for _, rr := range rrs {
			if rr.Header().Rrtype == q.Qtype {
				m.Answer = append(m.Answer, dns.Copy(rr))
			}
			if c, ok := rr.(*dns.CNAME); ok && q.Qtype != dns.TypeCNAME {
				m.Answer = append(m.Answer, dns.Copy(c))
				next = strings.ToLower(c.Target)
			}
		}
		if next == "" {
			break
		}
		name = next
	}
	if !exists && !z.hasChildren(name) {
		m.Rcode = dns.RcodeNameError
	}
	if len(m.Answer) == 0 {
		for _, rr := range z.Records[z.Origin] {
			if rr.Header().Rrtype == dns.TypeSOA {
				m.Ns = append(m.Ns, dns.Copy(rr))
			}
		}
	}
	w.WriteMsg(m) //nolint:errcheck
}

// wildcard synthesises name's records from "*.parent" (RFC 4592, for a
// name whose parent exists or is the wildcard's owner).
func (z *Zone) wildcard(name string) ([]dns.RR, bool) {
	_, parent, ok := strings.Cut(name, ".")
	if !ok || z.hasChildren(name) {
		return nil, false
	}
	src, ok := z.Records["*."+parent]
	if !ok {
		return nil, false
	}
	out := make([]dns.RR, len(src))
	for i, rr := range src {
		out[i] = dns.Copy(rr)
		out[i].Header().Name = name
	}
	return out, true
}

func (z *Zone) hasChildren(name string) bool {
	for n := range z.Records {
		if n != name && dns.IsSubDomain(name, n) {
			return true
		}
	}
	return false
}

// TB is the part of testing.TB the helpers below use.
type TB interface {
	Helper()
	Fatal(args ...any)
	Cleanup(func())
}

// Serve starts h on UDP and TCP of one loopback port for the length of the
// test and returns its address; a failure to start fails the test.
func Serve(t TB, h dns.Handler) string {
	t.Helper()
	s, err := Start(h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Addr
}

// ServeRaw is Serve for a raw UDP responder (StartRaw).
func ServeRaw(t TB, respond func(query []byte) []byte) string {
	t.Helper()
	s, err := StartRaw(respond)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Addr
}
