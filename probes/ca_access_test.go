package probes

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// The addresses the test zone hands out. They are loopback addresses that
// nothing listens on: ConnectTo rules send them to the test servers.
var (
	caTestNS     = netip.MustParseAddr("127.0.0.53")
	caTestLocal  = netip.MustParseAddr("127.0.0.20")
	caTestRemote = netip.MustParseAddr("127.0.0.21")
)

const (
	caTestHost    = "www.example.test"
	caTestPath    = "/.well-known/pki-validation/fileauth.txt"
	caTestContent = "202611290000001xyz\nsectigo.com"
)

// serveDNS starts a miekg/dns server on 127.0.0.1:0 (UDP and TCP on one
// port) and returns its address.
func serveDNS(t *testing.T, h dns.HandlerFunc) string {
	t.Helper()
	var pc net.PacketConn
	var ln net.Listener
	for try := 0; ln == nil; try++ {
		var err error
		if pc, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		if ln, err = net.Listen("tcp", pc.LocalAddr().String()); err != nil {
			pc.Close()
			if try == 8 {
				t.Fatal(err) // the TCP twin of the UDP port stayed taken
			}
		}
	}
	udp := &dns.Server{PacketConn: pc, Handler: h}
	tcp := &dns.Server{Listener: ln, Handler: h}
	go udp.ActivateAndServe()                            //nolint:errcheck
	go tcp.ActivateAndServe()                            //nolint:errcheck
	t.Cleanup(func() { udp.Shutdown(); tcp.Shutdown() }) //nolint:errcheck
	return pc.LocalAddr().String()
}

// recursiveZone plays the local resolver: NS and glue for example.test,
// and the local view of the host.
func recursiveZone(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	rr := func(s string) { r, _ := dns.NewRR(s); m.Answer = append(m.Answer, r) }
	switch {
	case name == "example.test." && q.Qtype == dns.TypeNS:
		rr("example.test. 300 IN NS ns1.example.test.")
	case name == "ns1.example.test." && q.Qtype == dns.TypeA:
		rr("ns1.example.test. 300 IN A " + caTestNS.String())
	case name == caTestHost+"." && q.Qtype == dns.TypeA:
		rr(caTestHost + ". 300 IN A " + caTestLocal.String())
	case name == caTestHost+"." || name == "ns1.example.test." || name == "example.test.":
	default:
		m.Rcode = dns.RcodeNameError
	}
	if len(m.Answer) == 0 {
		soa, _ := dns.NewRR("example.test. 300 IN SOA ns1.example.test. h.example.test. 1 7200 900 1209600 300")
		m.Ns = append(m.Ns, soa)
	}
	w.WriteMsg(m) //nolint:errcheck
}

// authZone is an authoritative server for example.test that answers the
// remote address to clients in caNets (when geo is set), echoing ECS with
// scope 24 when echo is set.
func authZone(geo, echo bool, caNets ...string) dns.HandlerFunc {
	return func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Authoritative = true
		q := req.Question[0]
		answer := caTestLocal
		if opt := req.IsEdns0(); opt != nil {
			reply := m.SetEdns0(1232, false).IsEdns0()
			for _, o := range opt.Option {
				s, ok := o.(*dns.EDNS0_SUBNET)
				if !ok {
					continue
				}
				a, _ := netip.AddrFromSlice(s.Address)
				for _, n := range caNets {
					if geo && netip.MustParsePrefix(n).Contains(a.Unmap()) {
						answer = caTestRemote
					}
				}
				if echo {
					e := *s
					e.SourceScope = 24
					reply.Option = append(reply.Option, &e)
				}
			}
		}
		if strings.EqualFold(q.Name, caTestHost+".") && q.Qtype == dns.TypeA {
			r, _ := dns.NewRR(caTestHost + ". 60 IN A " + answer.String())
			m.Answer = append(m.Answer, r)
		}
		w.WriteMsg(m) //nolint:errcheck
	}
}

// fileServer serves the validation file when it has one, else 404.
func fileServer(t *testing.T, withFile bool) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if withFile && r.URL.Path == caTestPath && r.Host == caTestHost {
			io.WriteString(w, caTestContent) //nolint:errcheck
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

type caTestWorld struct {
	geo, echo    bool
	noAuth       bool // the nameserver's address leads nowhere
	remoteFile   bool
	remoteClosed bool // nothing listens at the remote address
}

func (w caTestWorld) env(t *testing.T) *Env {
	t.Helper()
	resolver := serveDNS(t, recursiveZone)
	env := NewEnv([]Resolver{{Addr: resolver, Label: "test"}}, x509.NewCertPool())
	env.Limits.DNSTimeout = 2e9
	to := func(a netip.Addr, port int, addr string) {
		host, p, _ := net.SplitHostPort(addr)
		n, _ := strconv.Atoi(p)
		env.ConnectTo = append(env.ConnectTo, ConnectTo{Host: a.String(), Port: port, ToHost: host, ToPort: n})
	}
	if w.noAuth {
		to(caTestNS, 53, closedPort(t))
	} else {
		to(caTestNS, 53, serveDNS(t, authZone(w.geo, w.echo, "64.78.193.0/24", "216.168.247.0/24")))
	}
	local := fileServer(t, true)
	remote := fileServer(t, w.remoteFile)
	if w.remoteClosed {
		remote = closedPort(t)
	}
	for _, port := range []int{80, 443} {
		to(caTestLocal, port, local)
		to(caTestRemote, port, remote)
	}
	return env
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func caTarget(intent Intent) Target {
	return Target{Input: caTestHost, Host: caTestHost, Port: 443, Path: "/", Intent: intent}
}

var fileIntent = Intent{FileURL: "http://" + caTestHost + caTestPath, FileContent: caTestContent + "\n"}

func TestCAAccessDNSViews(t *testing.T) {
	tests := []struct {
		name   string
		world  caTestWorld
		intent Intent
		status Status
		want   []string // finding ids, in any order
	}{
		{"geo dns sends the CA to a server without the file", caTestWorld{geo: true, echo: true}, fileIntent, Fail,
			[]string{"ca-access.different-server", "ca-access.file-bad-status", "ca-access.firewall-not-checked"}},
		{"geo dns, remote server has the file", caTestWorld{geo: true, echo: true, remoteFile: true}, fileIntent, Warn,
			[]string{"ca-access.different-server", "ca-access.firewall-not-checked"}},
		{"geo dns, remote server unreachable", caTestWorld{geo: true, echo: true, remoteClosed: true}, Intent{}, Fail,
			[]string{"ca-access.different-server", "ca-access.port-unreachable", "ca-access.port-unreachable", "ca-access.firewall-not-checked"}},
		{"both views agree", caTestWorld{echo: true}, fileIntent, Pass,
			[]string{"ca-access.views-agree", "ca-access.firewall-not-checked"}},
		{"nameserver ignores ECS", caTestWorld{geo: false, echo: false}, fileIntent, Pass,
			[]string{"ca-access.ecs-ignored", "ca-access.views-agree", "ca-access.firewall-not-checked"}},
		{"nameserver unreachable", caTestWorld{noAuth: true}, fileIntent, Pass,
			[]string{"ca-access.no-authoritative", "ca-access.firewall-not-checked"}},
		{"CA without published addresses", caTestWorld{geo: true, echo: true}, Intent{CA: "letsencrypt"}, Pass,
			[]string{"ca-access.no-published-ips"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := tt.world.env(t)
			r := CAAccess{}.Run(context.Background(), caTarget(tt.intent), env)
			got := findingIDs(r)
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("findings %v, want %v (details %+v)", got, want, r.Details)
			}
			if r.Status != tt.status {
				t.Errorf("status %s, want %s", r.Status, tt.status)
			}
		})
	}
}

func TestCAAccessNamesBothAddresses(t *testing.T) {
	env := caTestWorld{geo: true, echo: true}.env(t)
	r := CAAccess{}.Run(context.Background(), caTarget(fileIntent), env)
	f := mustFinding(t, r, "ca-access.different-server")
	if got := f.Evidence["ca_addresses"]; !slices.Equal(got.([]string), []string{caTestRemote.String()}) {
		t.Errorf("ca_addresses = %v", got)
	}
	if got := f.Evidence["local_addresses"]; !slices.Equal(got.([]string), []string{caTestLocal.String()}) {
		t.Errorf("local_addresses = %v", got)
	}
	if f.Evidence["ecs_honoured"] != true || f.Evidence["ecs_scope"] != "/24" {
		t.Errorf("ecs evidence = %v / %v", f.Evidence["ecs_honoured"], f.Evidence["ecs_scope"])
	}
	nets := f.Evidence["ca_network"].([]string)
	if !slices.Equal(nets, []string{"64.78.193.0/24", "216.168.247.0/24"}) {
		t.Errorf("ca_network = %v", nets)
	}
	bad := mustFinding(t, r, "ca-access.file-bad-status")
	if bad.Evidence["address"] != caTestRemote.String() || bad.Evidence["status"] != 404 {
		t.Errorf("file-bad-status evidence = %v", bad.Evidence)
	}
}

func TestCAAccessWrongContent(t *testing.T) {
	env := caTestWorld{geo: true, echo: true, remoteFile: true}.env(t)
	intent := fileIntent
	intent.FileContent = "something else"
	r := CAAccess{}.Run(context.Background(), caTarget(intent), env)
	if r.Status != Fail {
		t.Fatalf("status %s, findings %v", r.Status, findingIDs(r))
	}
	// Both the local and the CA's address serve the old content.
	n := 0
	for _, f := range r.Findings {
		if f.ID == "ca-access.file-wrong-content" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d wrong-content findings (only the CA's address is fetched), want 1: %v", n, findingIDs(r))
	}
}

func TestCAAccessSkipsIP(t *testing.T) {
	r := CAAccess{}.Run(context.Background(), Target{Host: "192.0.2.1", Port: 443}, NewEnv(nil, nil))
	if r.Status != Skip {
		t.Errorf("status %s, want skip", r.Status)
	}
}

func firewallFixture(name string) string {
	return filepath.Join("..", "testdata", "firewall", name)
}

func TestCAAccessFirewallFiles(t *testing.T) {
	tests := []struct {
		file string
		line int
		rule string
		ca   []string
		fix  string
	}{
		{"iptables-drop-ca.rules", 8, "-A INPUT -s 64.78.193.0/24 -p tcp -m tcp --dport 80 -j DROP", []string{"64.78.193.238"},
			"`iptables -I INPUT -s 64.78.193.238 -p tcp -m multiport --dports 80,443 -j ACCEPT`"},
		{"nginx-deny.conf", 8, "deny 216.168.247.9;", []string{"216.168.247.9"}, "`allow 216.168.247.9;`"},
		{"nftables-set-drop.nft", 13, "ip saddr @blocklist tcp dport { 80, 443 } counter packets 12 bytes 720 drop", []string{"216.168.247.9"},
			"`nft insert rule inet filter input ip saddr { 216.168.247.9 } tcp dport { 80, 443 } accept`"},
		{"site.htaccess", 4, "Require not ip 216.168.247.9", []string{"216.168.247.9"}, "`# Require not ip 216.168.247.9`"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			env := caTestWorld{noAuth: true}.env(t)
			path := firewallFixture(tt.file)
			r := CAAccess{}.Run(context.Background(), caTarget(Intent{FirewallFiles: []string{path}}), env)
			if r.Status != Fail {
				t.Fatalf("status %s, want fail: %v", r.Status, findingIDs(r))
			}
			f := mustFinding(t, r, "ca-access.firewall-blocks")
			ev := f.Evidence
			if ev["source"] != path || ev["line"] != tt.line || ev["rule"] != tt.rule || ev["location"] != path+":"+strconv.Itoa(tt.line) {
				t.Errorf("evidence %v, want %s line %d %q", ev, path, tt.line, tt.rule)
			}
			if !slices.Equal(ev["ca_addresses"].([]string), tt.ca) {
				t.Errorf("ca_addresses %v, want %v", ev["ca_addresses"], tt.ca)
			}
			if !slices.Contains(ev["allow_lines"].([]string), tt.fix) {
				t.Errorf("allow_lines %q lack %q", ev["allow_lines"], tt.fix)
			}
		})
	}
}

func TestCAAccessFirewallFileProblems(t *testing.T) {
	env := caTestWorld{noAuth: true}.env(t)
	junk := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(junk, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	clean := firewallFixture("iptables-ok.rules")
	r := CAAccess{}.Run(context.Background(), caTarget(Intent{FirewallFiles: []string{junk, filepath.Join(t.TempDir(), "missing"), clean}}), env)
	got := findingIDs(r)
	slices.Sort(got)
	want := []string{"ca-access.firewall-clean", "ca-access.firewall-file-unreadable", "ca-access.firewall-file-unreadable", "ca-access.no-authoritative"}
	if !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	if r.Status != Warn {
		t.Errorf("status %s, want warn", r.Status)
	}
}

// fakeCommand stands for the firewall tools; it never runs a program.
func fakeCommand(t *testing.T, outputs map[string]string) func(context.Context, string, ...string) ([]byte, error) {
	return func(_ context.Context, name string, args ...string) ([]byte, error) {
		full := strings.Join(append([]string{name}, args...), " ")
		if out, ok := outputs[full]; ok {
			if strings.HasPrefix(out, "@") {
				data, err := os.ReadFile(firewallFixture(out[1:]))
				if err != nil {
					t.Fatal(err)
				}
				return data, nil
			}
			return []byte(out), nil
		}
		return nil, errors.New("exec: \"" + name + "\": executable file not found in $PATH")
	}
}

func TestCAAccessLiveFirewall(t *testing.T) {
	t.Run("iptables drops the CA", func(t *testing.T) {
		env := caTestWorld{noAuth: true}.env(t)
		env.Command = fakeCommand(t, map[string]string{"iptables-save": "@iptables-drop-ca.rules", "ip6tables-save": ""})
		r := CAAccess{}.Run(context.Background(), caTarget(Intent{Local: true}), env)
		f := mustFinding(t, r, "ca-access.firewall-blocks")
		if f.Evidence["source"] != "`iptables-save`" || f.Evidence["line"] != 8 {
			t.Errorf("evidence %v", f.Evidence)
		}
		if r.Status != Fail {
			t.Errorf("status %s", r.Status)
		}
	})
	t.Run("auto-detected: the target is this machine", func(t *testing.T) {
		// The test zone hands out loopback addresses, which never count as
		// "this machine"; the auto-detection needs a routable one, so the
		// local view here is a documentation address (never dialed: the
		// nameservers cannot be reached, so no address is probed).
		env := caTestWorld{noAuth: true}.env(t)
		mine := netip.MustParseAddr("192.0.2.80")
		env.Resolvers = []Resolver{{Addr: serveDNS(t, func(w dns.ResponseWriter, req *dns.Msg) {
			m := new(dns.Msg)
			m.SetReply(req)
			if q := req.Question[0]; strings.EqualFold(q.Name, caTestHost+".") && q.Qtype == dns.TypeA {
				r, _ := dns.NewRR(caTestHost + ". 60 IN A " + mine.String())
				m.Answer = append(m.Answer, r)
			}
			w.WriteMsg(m) //nolint:errcheck
		})}}
		env.LocalAddrs = func() ([]netip.Addr, error) { return []netip.Addr{mine}, nil }
		env.Command = fakeCommand(t, map[string]string{"nft list ruleset": "@nftables-set-drop.nft"})
		r := CAAccess{}.Run(context.Background(), caTarget(Intent{}), env)
		f := mustFinding(t, r, "ca-access.firewall-blocks")
		if f.Evidence["source"] != "`nft list ruleset`" {
			t.Errorf("evidence %v", f.Evidence)
		}
	})
	t.Run("not root", func(t *testing.T) {
		env := caTestWorld{noAuth: true}.env(t)
		env.Command = fakeCommand(t, nil)
		r := CAAccess{}.Run(context.Background(), caTarget(Intent{Local: true}), env)
		mustFinding(t, r, "ca-access.firewall-unreadable")
		if r.Status != Pass {
			t.Errorf("status %s, want pass", r.Status)
		}
	})
	t.Run("commands not allowed", func(t *testing.T) {
		env := caTestWorld{noAuth: true}.env(t)
		r := CAAccess{}.Run(context.Background(), caTarget(Intent{Local: true}), env)
		mustFinding(t, r, "ca-access.firewall-unreadable")
	})
	t.Run("loopback answers never count as this machine", func(t *testing.T) {
		env := caTestWorld{echo: true}.env(t)
		env.LocalAddrs = func() ([]netip.Addr, error) { return []netip.Addr{caTestLocal}, nil }
		env.Command = func(context.Context, string, ...string) ([]byte, error) {
			t.Error("a firewall command ran for a loopback target")
			return nil, nil
		}
		CAAccess{}.Run(context.Background(), caTarget(Intent{}), env)
	})
	t.Run("not local: no commands run", func(t *testing.T) {
		env := caTestWorld{echo: true}.env(t)
		env.LocalAddrs = func() ([]netip.Addr, error) { return []netip.Addr{netip.MustParseAddr("127.0.0.99")}, nil }
		env.Command = func(context.Context, string, ...string) ([]byte, error) {
			t.Error("a firewall command ran although padlock is not on the server")
			return nil, nil
		}
		CAAccess{}.Run(context.Background(), caTarget(Intent{}), env)
	})
}

// A nameserver that swallows every query must cost the probe no more than
// its deadline.
func TestCAAccessHangingNameserver(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := pc.ReadFrom(buf); err != nil {
				return
			}
		}
	}()
	env := caTestWorld{noAuth: true}.env(t)
	for i, c := range env.ConnectTo {
		if c.Host == caTestNS.String() && c.Port == 53 {
			host, p, _ := net.SplitHostPort(pc.LocalAddr().String())
			env.ConnectTo[i].ToHost, env.ConnectTo[i].ToPort = host, atoi(p)
		}
	}
	env.Limits.DNSTimeout = 30e9 // only the context can stop it
	ctx, cancel := context.WithTimeout(context.Background(), 300e6)
	defer cancel()
	done := make(chan Result, 1)
	go func() { done <- CAAccess{}.Run(ctx, caTarget(fileIntent), env) }()
	select {
	case r := <-done:
		if !slices.Contains(findingIDs(r), "ca-access.no-authoritative") {
			t.Errorf("findings %v, want no-authoritative", findingIDs(r))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the probe did not return after its context ended")
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// The name is a CNAME into a CDN's zone; the CDN's own nameserver does the
// geo steering, so the probe must follow the chain to it.
func TestCAAccessFollowsCNAMEIntoCDN(t *testing.T) {
	const edge = "edge.cdn.test."
	cdnNS := netip.MustParseAddr("127.0.0.54")
	resolver := serveDNS(t, func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		q := req.Question[0]
		rr := func(s string) { r, _ := dns.NewRR(s); m.Answer = append(m.Answer, r) }
		switch name := strings.ToLower(q.Name); {
		case name == "example.test." && q.Qtype == dns.TypeNS:
			rr("example.test. 300 IN NS ns1.example.test.")
		case name == "cdn.test." && q.Qtype == dns.TypeNS:
			rr("cdn.test. 300 IN NS ns.cdn.test.")
		case name == "ns1.example.test." && q.Qtype == dns.TypeA:
			rr("ns1.example.test. 300 IN A " + caTestNS.String())
		case name == "ns.cdn.test." && q.Qtype == dns.TypeA:
			rr("ns.cdn.test. 300 IN A " + cdnNS.String())
		case name == caTestHost+".":
			rr(caTestHost + ". 300 IN CNAME " + edge)
			if q.Qtype == dns.TypeA {
				rr(edge + " 60 IN A " + caTestLocal.String())
			}
		}
		w.WriteMsg(m) //nolint:errcheck
	})
	site := serveDNS(t, func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Authoritative = true
		if strings.EqualFold(req.Question[0].Name, caTestHost+".") {
			r, _ := dns.NewRR(caTestHost + ". 300 IN CNAME " + edge)
			m.Answer = append(m.Answer, r)
		}
		w.WriteMsg(m) //nolint:errcheck
	})
	cdn := serveDNS(t, authZoneFor(edge, "64.78.193.0/24"))
	env := NewEnv([]Resolver{{Addr: resolver}}, x509.NewCertPool())
	add := func(a netip.Addr, port int, to string) {
		host, p, _ := net.SplitHostPort(to)
		env.ConnectTo = append(env.ConnectTo, ConnectTo{Host: a.String(), Port: port, ToHost: host, ToPort: atoi(p)})
	}
	add(caTestNS, 53, site)
	add(cdnNS, 53, cdn)
	web := fileServer(t, true)
	for _, a := range []netip.Addr{caTestLocal, caTestRemote} {
		add(a, 80, web)
		add(a, 443, web)
	}
	r := CAAccess{}.Run(context.Background(), caTarget(Intent{}), env)
	f := mustFinding(t, r, "ca-access.different-server")
	if got := f.Evidence["ca_addresses"].([]string); !slices.Equal(got, []string{caTestRemote.String()}) {
		t.Errorf("ca_addresses %v", got)
	}
	d := r.Details.(CAAccessDetails)
	if len(d.Views) < 2 || !slices.Equal(d.Views[1].CNAMEs, []string{edge}) {
		t.Errorf("views %+v, want the CNAME to %s recorded", d.Views, edge)
	}
}

// authZoneFor answers name with the remote address for clients in caNet
// and the local address for everyone else, echoing ECS.
func authZoneFor(name, caNet string) dns.HandlerFunc {
	return func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Authoritative = true
		answer := caTestLocal
		if opt := req.IsEdns0(); opt != nil {
			reply := m.SetEdns0(1232, false).IsEdns0()
			for _, o := range opt.Option {
				if s, ok := o.(*dns.EDNS0_SUBNET); ok {
					a, _ := netip.AddrFromSlice(s.Address)
					if netip.MustParsePrefix(caNet).Contains(a.Unmap()) {
						answer = caTestRemote
					}
					e := *s
					e.SourceScope = 24
					reply.Option = append(reply.Option, &e)
				}
			}
		}
		if strings.EqualFold(req.Question[0].Name, name) && req.Question[0].Qtype == dns.TypeA {
			r, _ := dns.NewRR(name + " 60 IN A " + answer.String())
			m.Answer = append(m.Answer, r)
		}
		w.WriteMsg(m) //nolint:errcheck
	}
}

func TestSendsElsewhere(t *testing.T) {
	a, b, c := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"), netip.MustParseAddr("198.51.100.1")
	tests := []struct {
		ca, local []netip.Addr
		want      bool
	}{
		{[]netip.Addr{a}, []netip.Addr{a, b}, false}, // a rotation subset
		{[]netip.Addr{b, a}, []netip.Addr{a, b}, false},
		{[]netip.Addr{c}, []netip.Addr{a, b}, true},
		{[]netip.Addr{a, c}, []netip.Addr{a}, true},
		{nil, []netip.Addr{a}, true}, // the CA gets no address at all
		{nil, nil, false},
	}
	for _, tt := range tests {
		if got := sendsElsewhere(tt.ca, tt.local); got != tt.want {
			t.Errorf("sendsElsewhere(%v, %v) = %v, want %v", tt.ca, tt.local, got, tt.want)
		}
	}
}
