package certs

import (
	"crypto/x509"
	"fmt"
	"net/netip"
	"strings"
)

// Names lists the names a certificate covers the way browsers read it:
// its DNS and IP subjectAltNames (the Common Name is ignored).
func Names(c *x509.Certificate) []string {
	names := make([]string, 0, len(c.DNSNames)+len(c.IPAddresses))
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	return names
}

// Covers reports whether c is valid for host under browser rules: SANs
// only, a wildcard standing for exactly one whole leftmost label, IP hosts
// matched against IP SANs only. When it is not, why explains the miss in
// one sentence.
func Covers(c *x509.Certificate, host string) (ok bool, why string) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if ip, err := netip.ParseAddr(host); err == nil {
		for _, a := range c.IPAddresses {
			if x, ok := netip.AddrFromSlice(a); ok && x.Unmap() == ip.Unmap() {
				return true, ""
			}
		}
		if len(c.IPAddresses) == 0 {
			return false, fmt.Sprintf("the certificate has no IP address entry, so it cannot cover %s", host)
		}
		return false, fmt.Sprintf("the certificate is for %s, not %s", strings.Join(Names(c), ", "), host)
	}
	if len(c.DNSNames) == 0 && len(c.IPAddresses) == 0 {
		if c.Subject.CommonName != "" {
			return false, fmt.Sprintf("the certificate has no subjectAltName; browsers ignore its Common Name %q", c.Subject.CommonName)
		}
		return false, "the certificate names no host at all"
	}
	for _, san := range c.DNSNames {
		if MatchName(san, host) {
			return true, ""
		}
	}
	for _, san := range c.DNSNames {
		san = strings.ToLower(strings.TrimSuffix(san, "."))
		base, wild := strings.CutPrefix(san, "*.")
		if !wild {
			continue
		}
		if host == base {
			return false, fmt.Sprintf("a wildcard does not cover the apex: `%s` does not cover `%s`", san, host)
		}
		if strings.HasSuffix(host, "."+base) {
			return false, fmt.Sprintf("`%s` does not cover `%s`: a wildcard stands for exactly one label", san, host)
		}
	}
	return false, fmt.Sprintf("the certificate is for %s", strings.Join(Names(c), ", "))
}

// MatchName reports whether the SAN pattern (possibly "*.base") matches
// host, case-insensitively, with a wildcard covering one whole label.
func MatchName(pattern, host string) bool {
	pattern = strings.ToLower(strings.TrimSuffix(pattern, "."))
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if pattern == host {
		return true
	}
	base, wild := strings.CutPrefix(pattern, "*.")
	if !wild || strings.Contains(base, "*") {
		return false
	}
	label, rest, found := strings.Cut(host, ".")
	return found && label != "" && label != "*" && rest == base
}

// HasWildcard reports whether c carries exactly the wildcard *.base.
func HasWildcard(c *x509.Certificate, base string) bool {
	want := "*." + strings.ToLower(strings.TrimSuffix(base, "."))
	for _, san := range c.DNSNames {
		if strings.ToLower(strings.TrimSuffix(san, ".")) == want {
			return true
		}
	}
	return false
}
