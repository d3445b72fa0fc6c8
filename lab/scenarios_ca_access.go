package lab

import (
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"

	"github.com/miekg/dns"

	"padlock/probes"
	"padlock/rules"
)

// caValidationPath is where the lab's validation files live.
const caValidationPath = "/.well-known/pki-validation/fileauth.txt"

// caAccessScenarios add the ca-access deployments: a geo-DNS setup whose
// authoritative server sends the CA's validation networks to a server
// without the validation file, and one where every client gets the same
// server.
func caAccessScenarios(l *Lab) error {
	nsIP := l.NextIP()
	geoLocal, geoRemote, agreeIP := l.NextIP(), l.NextIP(), l.NextIP()
	const nsName = "ns.ca-lab." + Zone

	geo := l.AddHost(Host{
		Name:    "ca-geodns",
		Summary: "geo-DNS sends the CA's validation networks to another server, which lacks the validation file",
		Args:    caFileArgs("ca-geodns." + Zone),
		Expect:  map[string]probes.Status{probes.IDCAAccess: probes.Fail, probes.IDFileValidation: probes.Pass},
	})
	agree := l.AddHost(Host{
		Name:    "ca-agree",
		Summary: "the authoritative server honours ECS and answers the CA what it answers everyone",
		Args:    caFileArgs("ca-agree." + Zone),
		Expect:  map[string]probes.Status{probes.IDCAAccess: probes.Pass, probes.IDFileValidation: probes.Pass},
	})
	// The local view, served by the lab resolver, and the delegation to
	// the geo-DNS server.
	l.AddAddress(geo, geoLocal)
	l.AddAddress(agree, agreeIP)
	l.AddAddress(nsName, nsIP)
	l.AddRecord(geo+". 300 IN NS "+nsName+".", agree+". 300 IN NS "+nsName+".")

	answers := map[string]func(client netip.Prefix) netip.Addr{
		geo + ".": func(client netip.Prefix) netip.Addr {
			if client.IsValid() && inCANetworks(client) {
				return geoRemote
			}
			return geoLocal
		},
		agree + ".": func(netip.Prefix) netip.Addr { return agreeIP },
	}
	if err := l.ServeDNS(nsIP, geoDNSHandler(answers)); err != nil {
		return err
	}
	if err := l.validationSite(geo, geoLocal, true); err != nil {
		return err
	}
	if err := l.validationSite(geo, geoRemote, false); err != nil {
		return err
	}
	return l.validationSite(agree, agreeIP, true)
}

func caFileArgs(host string) []string {
	return []string{"--ca", "sectigo", "--file-url", "http://" + host + caValidationPath, "--file-content", caFileContent(host)}
}

func caFileContent(host string) string {
	return "padlock-lab-validation " + host + " sectigo.com"
}

// inCANetworks reports whether a client subnet overlaps a network the FAQ's
// CA validates from.
func inCANetworks(client netip.Prefix) bool {
	for _, n := range rules.ValidationNetworks(rules.FAQBrand).Networks {
		if client.Overlaps(n.Prefix) {
			return true
		}
	}
	return false
}

// geoDNSHandler is an authoritative server that picks the A record by the
// query's EDNS Client Subnet and echoes the option with scope /24.
func geoDNSHandler(answers map[string]func(client netip.Prefix) netip.Addr) dns.HandlerFunc {
	return func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Authoritative = true
		if len(req.Question) != 1 {
			m.Rcode = dns.RcodeFormatError
			w.WriteMsg(m) //nolint:errcheck
			return
		}
		q := req.Question[0]
		var client netip.Prefix
		if opt := req.IsEdns0(); opt != nil {
			reply := m.SetEdns0(1232, false).IsEdns0()
			for _, o := range opt.Option {
				if s, ok := o.(*dns.EDNS0_SUBNET); ok {
					if a, ok := netip.AddrFromSlice(s.Address); ok {
						client, _ = a.Unmap().Prefix(int(s.SourceNetmask))
					}
					echo := *s
					echo.SourceScope = 24
					reply.Option = append(reply.Option, &echo)
				}
			}
		}
		answer, ok := answers[strings.ToLower(q.Name)]
		switch {
		case !ok:
			m.Rcode = dns.RcodeRefused
		case q.Qtype == dns.TypeA:
			rr, _ := dns.NewRR(fmt.Sprintf("%s 60 IN A %s", q.Name, answer(client)))
			m.Answer = append(m.Answer, rr)
		}
		w.WriteMsg(m) //nolint:errcheck
	}
}

// validationSite serves name at ip on 443 and 80; with the file, the
// validation URL answers 200 on both, without it 404.
func (l *Lab) validationSite(name string, ip netip.Addr, withFile bool) error {
	cert, err := l.IssueLeaf(name)
	if err != nil {
		return err
	}
	content := caFileContent(name)
	page := func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != caValidationPath {
			return false
		}
		if !withFile {
			http.NotFound(w, r)
			return true
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, content) //nolint:errcheck
		return true
	}
	https := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !page(w, r) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<!doctype html><title>padlock lab</title><p>Hello from "+name+"</p>\n") //nolint:errcheck
		}
	})
	if err := l.ServeHTTPS(ip, 443, TLSConfig(cert, tls.VersionTLS12, 0), https); err != nil {
		return err
	}
	redirect := RedirectToHTTPS()
	return l.ServeHTTP(ip, 80, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !page(w, r) {
			redirect.ServeHTTP(w, r)
		}
	}))
}
