// Sites: the virtual hosts a config declares, read from the directive tree
// (nginx server blocks, Apache <VirtualHost> sections).

package serverconf

import (
	"slices"
	"strings"
)

// Site is one virtual host of a config: what it answers and, for TLS,
// which files it serves. Paths are as written (relative ones are resolved
// by the caller, as the server would).
type Site struct {
	Format Format
	// Line is where the site's block starts.
	Line int
	// Names are server_name / ServerName and ServerAlias.
	Names []string
	// Listen are the addresses and ports it listens on ("443 ssl",
	// "*:443").
	Listen []string
	// TLS is set when the site serves TLS (listen ... ssl, ssl on,
	// SSLEngine on).
	TLS bool
	// Certificate, Key and Chain are the files it names (Chain for
	// Apache's SSLCertificateChainFile).
	Certificate, Key, Chain string
	// Protocols are the TLS versions enabled (ssl_protocols, SSLProtocol),
	// as written.
	Protocols []string
}

// Sites returns the sites of a tree read in format f.
func Sites(f Format, root *Directive) []Site {
	if f == Apache {
		return apacheSites(root)
	}
	var out []Site
	nginxSites(root, Site{Format: Nginx}, &out)
	return out
}

// nginxSites walks blocks, carrying the ssl_* directives a server inherits
// from http.
func nginxSites(b *Directive, inherited Site, out *[]Site) {
	for _, d := range b.Children {
		if d.IsBlock {
			switch d.Name {
			case "http":
				nginxSites(d, nginxTLS(d, inherited), out)
			case "server":
				s := nginxTLS(d, inherited)
				s.Line = d.Line
				for _, l := range d.Find("listen") {
					s.Listen = append(s.Listen, strings.Join(l.Args, " "))
					if slices.Contains(l.Args, "ssl") {
						s.TLS = true
					}
				}
				for _, n := range d.Find("server_name") {
					s.Names = append(s.Names, n.Args...)
				}
				*out = append(*out, s)
			}
		}
	}
}

// nginxTLS applies b's own ssl_* directives over what it inherits.
func nginxTLS(b *Directive, s Site) Site {
	if d := b.First("ssl_certificate"); d != nil {
		s.Certificate = d.Arg(0)
	}
	if d := b.First("ssl_certificate_key"); d != nil {
		s.Key = d.Arg(0)
	}
	if d := b.First("ssl_protocols"); d != nil {
		s.Protocols = slices.Clone(d.Args)
	}
	if d := b.First("ssl"); d != nil && d.Arg(0) == "on" {
		s.TLS = true
	}
	return s
}

// apacheSites reads every <VirtualHost>, at any depth (inside <IfModule>).
func apacheSites(b *Directive) []Site {
	var out []Site
	for _, d := range b.Children {
		if !d.IsBlock {
			continue
		}
		if !strings.EqualFold(d.Name, "VirtualHost") {
			out = append(out, apacheSites(d)...)
			continue
		}
		s := Site{Format: Apache, Line: d.Line, Listen: slices.Clone(d.Args)}
		walkApache(d, func(x *Directive) {
			switch strings.ToLower(x.Name) {
			case "servername", "serveralias":
				s.Names = append(s.Names, x.Args...)
			case "sslengine":
				s.TLS = strings.EqualFold(x.Arg(0), "on")
			case "sslcertificatefile":
				s.Certificate = x.Arg(0)
			case "sslcertificatekeyfile":
				s.Key = x.Arg(0)
			case "sslcertificatechainfile":
				s.Chain = x.Arg(0)
			case "sslprotocol":
				s.Protocols = slices.Clone(x.Args)
			}
		})
		out = append(out, s)
	}
	return out
}

// walkApache calls f for every plain directive under b (sections such as
// <IfModule> are looked into).
func walkApache(b *Directive, f func(*Directive)) {
	for _, d := range b.Children {
		if d.IsBlock {
			walkApache(d, f)
		} else {
			f(d)
		}
	}
}
