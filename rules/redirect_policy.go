package rules

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
)

// RedirectPolicy says which redirects a CA's file-validation fetcher
// follows. Where a CA follows redirects, the CA/Browser Forum Baseline
// Requirements bound what it may accept.
type RedirectPolicy struct {
	// Brand is the --ca id the policy is for ("" for the default).
	Brand string
	// Name is who the policy belongs to, for people.
	Name string
	// MaxHops is how many redirects are followed; 0 means none.
	MaxHops int
	// Codes are the status codes accepted as redirects.
	Codes []int
	// Schemes and Ports are where a redirect may point.
	Schemes []string
	Ports   []int
	// IgnoresCertificate is set when an https URL is fetched without
	// checking its certificate.
	IgnoresCertificate bool
	// Source says where these facts come from.
	Source string
}

// baselineCodes, baselineSchemes and baselinePorts are what the Baseline
// Requirements allow a CA to follow during file validation (BR 3.2.2.4.18
// and 3.2.2.4.19: redirects must be HTTP-level 301, 302, 307 or 308
// responses, to http or https URLs on the Authorized Ports 80 and 443).
var (
	baselineCodes   = []int{301, 302, 307, 308}
	baselineSchemes = []string{"http", "https"}
	baselinePorts   = []int{80, 443}
)

// strictPolicy is the FAQ's rule, padlock's default: any redirect fails.
func strictPolicy(brand, name string) RedirectPolicy {
	return RedirectPolicy{
		Brand:  brand,
		Name:   name,
		Source: "the SSL certificate FAQ (申请 SSL 证书审核失败的原因及处理方法): the validation URL must answer 200 with the file directly; any 301/302 redirect fails validation",
	}
}

// redirectPolicies is the per-CA table; brands not listed get the strict
// FAQ rule.
var redirectPolicies = []RedirectPolicy{
	{
		Brand: "letsencrypt", Name: "Let's Encrypt",
		MaxHops: 10, Codes: baselineCodes, Schemes: baselineSchemes, Ports: baselinePorts,
		IgnoresCertificate: true,
		Source:             "Let's Encrypt documentation, Challenge Types, HTTP-01 (letsencrypt.org/docs/challenge-types/): follows up to 10 redirects, only to http: or https: on ports 80 or 443, does not follow redirects to IP addresses, and does not check certificates when redirected to https",
	},
	digicertPolicy("digicert", "DigiCert"),
	digicertPolicy("geotrust", "GeoTrust (DigiCert)"),
	digicertPolicy("rapidssl", "RapidSSL (DigiCert)"),
	digicertPolicy("thawte", "Thawte (DigiCert)"),
	strictPolicy("sectigo", "Sectigo (the FAQ's free certificates)"),
	strictPolicy("trustasia", "TrustAsia (the FAQ's free certificates)"),
}

func digicertPolicy(brand, name string) RedirectPolicy {
	return RedirectPolicy{
		Brand: brand, Name: name,
		MaxHops: 1, Codes: baselineCodes, Schemes: baselineSchemes, Ports: baselinePorts,
		Source: "DigiCert documentation, HTTP Practical Demonstration common mistakes (docs.digicert.com): the file may sit behind up to one redirect; more than one blocks validation; redirects must meet the Baseline Requirements",
	}
}

// RedirectPolicyFor returns the redirect policy of a --ca brand id; an
// empty or unlisted brand gets the FAQ's strict rule (no redirect at all).
func RedirectPolicyFor(brand string) RedirectPolicy {
	for _, p := range redirectPolicies {
		if p.Brand == brand {
			return p
		}
	}
	if brand == "" {
		return strictPolicy("", "the FAQ's CAs (no --ca given)")
	}
	name := brand
	if b, ok := LookupBrand(brand); ok {
		name = b.Name
	}
	p := strictPolicy(brand, name)
	p.Source = "padlock does not know whether " + name + " follows redirects; it applies the FAQ's rule (any redirect fails), the safe assumption. The Baseline Requirements (3.2.2.4.18/19) would at most allow 301/302/307/308 to http/https on ports 80/443"
	return p
}

// Follows reports whether the policy follows any redirect.
func (p RedirectPolicy) Follows() bool { return p.MaxHops > 0 }

// Allows checks one redirect hop (status code and target) against the
// policy; hop is 1 for the first redirect. When it refuses, reason says
// why in English.
func (p RedirectPolicy) Allows(hop, code int, target *url.URL) (ok bool, reason string) {
	switch {
	case p.MaxHops == 0:
		return false, p.Name + " follows no redirect"
	case hop > p.MaxHops:
		return false, fmt.Sprintf("%s follows at most %d redirect(s)", p.Name, p.MaxHops)
	case !slices.Contains(p.Codes, code):
		return false, fmt.Sprintf("status %d is not a redirect %s accepts (only %v)", code, p.Name, p.Codes)
	case target == nil:
		return false, "the redirect has no usable Location"
	case !slices.Contains(p.Schemes, target.Scheme):
		return false, fmt.Sprintf("redirect to scheme %q (only http and https)", target.Scheme)
	}
	port := target.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[target.Scheme]
	}
	n, _ := strconv.Atoi(port)
	if !slices.Contains(p.Ports, n) {
		return false, fmt.Sprintf("redirect to port %s (only ports 80 and 443)", port)
	}
	if p.Brand == "letsencrypt" && net.ParseIP(target.Hostname()) != nil {
		return false, "Let's Encrypt does not follow redirects to IP addresses"
	}
	return true, ""
}
